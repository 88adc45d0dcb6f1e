package chanfacts_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/internal/chanfacts"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestFacts checks the summary exported for each function, in its own
// package and through an importing package.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanfacts.Analyzer, "lib", "use")
}
