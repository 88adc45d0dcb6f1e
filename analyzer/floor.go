//go:build leakvet_floor

package analyzer

import "golang.org/x/tools/go/analysis"

// In a binary built with -tags leakvet_floor, the suite is one analyzer
// that requires nothing and does nothing. scripts/bench.sh measures the
// real suite against this floor: the cost of loading, parsing and
// type-checking that every vet tool pays, through the same drivers.
func init() {
	defaults = []*analysis.Analyzer{{
		Name: "floor",
		Doc:  "no-op analyzer that measures loading and type-checking",
		Run:  func(*analysis.Pass) (any, error) { return nil, nil },
	}}
}
