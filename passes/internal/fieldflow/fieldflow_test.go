package fieldflow_test

import (
	"fmt"
	"testing"

	"github.com/leakvet/leakvet/passes/internal/fieldflow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// dump reports every field of the model at its declaration and every
// operation at the expression that denotes the field, so that the
// testdata's want comments assert the model.
var dump = &analysis.Analyzer{
	Name:     "fieldflowdump",
	Doc:      "report the field model",
	Requires: []*analysis.Analyzer{fieldflow.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[fieldflow.Analyzer].(*fieldflow.Result)
		for _, f := range res.Fields {
			s := f.Kind.String() + " " + f.Name()
			if f.Escaped.IsValid() {
				s += fmt.Sprintf(" escaped@%d", pass.Fset.Position(f.Escaped).Line)
			}
			if f.RecvOnly.IsValid() {
				s += " recv-only"
			}
			if f.Foreign.IsValid() {
				s += fmt.Sprintf(" foreign@%d", pass.Fset.Position(f.Foreign).Line)
			}
			if f.Unbuffered() {
				s += " unbuffered"
			}
			pass.Reportf(f.Var.Pos(), "%s", s)
			if res.FieldOf(f.Var) != f {
				pass.Reportf(f.Var.Pos(), "BROKEN FieldOf")
			}
			for _, op := range f.Ops {
				s := op.String()
				if op.Select != nil {
					s += " (select)"
					if res.ClauseOp(op.Clause) != op && op.Kind != fieldflow.SelectSend {
						s += " BROKEN ClauseOp"
					}
				}
				if op.Defer {
					s += " deferred"
				}
				pass.Reportf(op.Expr.Pos(), "%s", s)
			}
		}
		return nil, nil
	},
}

func TestModel(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), dump, "basic", "getters")
}
