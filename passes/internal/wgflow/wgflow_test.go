package wgflow_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/internal/wgflow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// dump reports every call the model finds, with its function, so that
// the testdata's want comments assert it.
var dump = &analysis.Analyzer{
	Name:     "wgflowdump",
	Doc:      "report the wgflow calls",
	Requires: []*analysis.Analyzer{wgflow.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[wgflow.Analyzer].(*wgflow.Result)
		for _, c := range res.Calls {
			pass.Reportf(c.Call.Pos(), "%s in %s", c, c.Func.Name())
			if got := res.In(c.Func); len(got) == 0 {
				pass.Reportf(c.Call.Pos(), "missing from In")
			}
		}
		return nil, nil
	},
}

func TestModel(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), dump, "basic")
}
