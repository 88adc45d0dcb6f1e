package chanflow_test

import (
	"fmt"
	"go/ast"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// dump reports every op of the model, and every go statement, so that the
// testdata's want comments assert the classification.
var dump = &analysis.Analyzer{
	Name:     "chanflowdump",
	Doc:      "report the channel-flow model",
	Requires: []*analysis.Analyzer{chanflow.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
		for _, c := range res.Chans {
			desc := []string{"chan " + c.Name() + " in " + c.Decl.Name()}
			if c.Param {
				desc = append(desc, "param")
			}
			if c.Make != nil {
				if c.Unbuffered(pass.TypesInfo) {
					desc = append(desc, "unbuffered")
				} else {
					desc = append(desc, "buffered")
				}
			}
			if c.Escapes() {
				desc = append(desc, "escapes")
			}
			pass.Reportf(c.Var.Pos(), "%s", strings.Join(desc, " "))
			for _, op := range c.Ops {
				if op.Kind == chanflow.Other {
					continue
				}
				s := fmt.Sprintf("%s in %s", op, op.Func.Name())
				if op.Select != nil {
					s += " (select)"
				}
				if len(op.Loops) > 0 {
					s += fmt.Sprintf(" loops=%d", len(op.Loops))
				}
				if op.Callee != nil {
					s += " callee=" + op.Callee.Name()
				}
				if op.Go != nil {
					s += " go"
				}
				if op.Kind == chanflow.Arg {
					if f := res.CalleeFunc(pass.TypesInfo, op.Node.(*ast.CallExpr)); f != nil {
						s += " body=" + f.Name()
						if p := res.ParamChan(f, op.Arg); p != nil {
							s += " param=" + p.Name()
						}
					}
				}
				pass.Reportf(op.Ident.Pos(), "%s", s)
			}
		}
		for _, g := range res.Gos {
			s := "go in " + g.Func.Name()
			if g.Lit != nil {
				s += " lit"
				if g.Lit.Go != g || res.FuncOf(g.Lit.Node) != g.Lit {
					s += " BROKEN"
				}
			}
			if g.Callee != nil {
				s += " callee=" + g.Callee.Name()
			}
			s += fmt.Sprintf(" loops=%d", len(g.Loops))
			pass.Reportf(g.Stmt.Pos(), "%s", s)
		}
		// Every function body is modelled exactly once.
		seen := map[ast.Node]bool{}
		for _, f := range res.Funcs {
			if seen[f.Node] {
				pass.Reportf(f.Node.Pos(), "duplicate func")
			}
			seen[f.Node] = true
		}
		return nil, nil
	},
}

func TestModel(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), dump, "basic")
}
