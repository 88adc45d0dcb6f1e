//go:build leakvet_floor || leakvet_floor_facts

package analyzer

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// In a binary built with -tags leakvet_floor, the suite is one analyzer
// that does nothing but require the syntax inspector. scripts/bench.sh
// measures the real suite against this floor: the cost of loading,
// parsing and type-checking that every vet tool pays.
//
// With -tags leakvet_floor_facts the no-op analyzer also declares a fact
// type, as every analyzer that summarises functions across packages must
// (go vet's printf does too). That alone makes the drivers load, parse,
// type-check and analyse every dependency from source, not only the
// named packages; this second floor separates that cost from the cost of
// the checks themselves.
func init() {
	floor := &analysis.Analyzer{
		Name:     "floor",
		Doc:      "no-op analyzer that measures loading and type-checking",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run:      func(*analysis.Pass) (any, error) { return nil, nil },
	}
	if withFacts {
		floor.FactTypes = []analysis.Fact{new(floorFact)}
	}
	defaults = []*analysis.Analyzer{floor}
}

// floorFact is never exported; declaring it is what costs.
type floorFact struct{}

func (*floorFact) AFact()         {}
func (*floorFact) String() string { return "floor" }
