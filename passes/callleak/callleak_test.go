package callleak_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/callleak"
	"github.com/leakvet/leakvet/passes/internal/passtest"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestCallleak(t *testing.T) {
	for _, dir := range []string{"contract", "crosspkg", "mainpkg", "futures"} {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			analysistest.Run(t, analysistest.TestData(), callleak.Analyzer, dir)
		})
	}
}

func TestRelated(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), callleak.Analyzer, "contract", "futures")
	passtest.RequireRelated(t, results,
		"Process returns here without calling w.Stop",
		"Generic returns here without calling b.Stop",
		"Drop drops it here",
		"Timeout stops waiting for it in the time.After case here",
		"LibAbandon stops waiting for it in the ctx.Done() case here",
	)
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), callleak.Analyzer, "fixes")
}
