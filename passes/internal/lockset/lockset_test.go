package lockset_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/internal/lockset"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestFacts checks the summaries exported as facts.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockset.Analyzer, "locks")
}
