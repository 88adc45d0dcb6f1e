package callleak_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/callleak"
	"github.com/leakvet/leakvet/passes/internal/passtest"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestCallleak runs every scenario package in one analysistest run,
// and checks the related positions that analysistest does not.
func TestCallleak(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), callleak.Analyzer, "contract", "crosspkg", "mainpkg", "futures", "failing")
	passtest.RequireRelated(t, results,
		"Process returns here without calling w.Stop",
		"New returns here without calling s.Close or returning s",
		"NewStart returns here without calling s.Close or returning s",
		"Generic returns here without calling b.Stop",
		"Run returns here without calling p.Stop",
		"Drop drops it here",
		"Timeout stops waiting for it in the time.After case here",
		"LibAbandon stops waiting for it in the ctx.Done() case here",
		"First receives from it once here",
		"LibRace receives from it once here",
	)
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), callleak.Analyzer, "fixes")
}

func TestIgnoreTests(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), callleak.New(callleak.Config{IgnoreTests: true}), "ignoretests")
}
