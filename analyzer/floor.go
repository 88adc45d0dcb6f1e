//go:build leakvet_floor

package analyzer

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// In a binary built with -tags leakvet_floor, the suite is one analyzer
// that does nothing but require the syntax inspector. scripts/bench.sh
// measures the real suite against this floor: the cost of loading,
// parsing and type-checking that every vet tool pays.
func init() {
	defaults = []*analysis.Analyzer{{
		Name:     "floor",
		Doc:      "floor: no-op analyzer that measures loading and type-checking",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run:      func(*analysis.Pass) (any, error) { return nil, nil },
	}}
}
