package scope_test

import (
	"go/ast"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// dump reports, on the package clause of each kept file, the lists it
// is in, so that the testdata's want comments assert them.
var dump = &analysis.Analyzer{
	Name:     "scopedump",
	Doc:      "report the files scope keeps",
	Requires: []*analysis.Analyzer{scope.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[scope.Analyzer].(*scope.Result)
		kinds := make(map[*ast.File][]string)
		for _, f := range res.Files {
			kinds[f] = append(kinds[f], "concurrency")
		}
		for _, cur := range res.TimerFiles {
			f := cur.Node().(*ast.File)
			kinds[f] = append(kinds[f], "timer")
		}
		for _, f := range pass.Files {
			if k := kinds[f]; k != nil {
				pass.Reportf(f.Package, "%s", strings.Join(k, " "))
			}
		}
		// The index covers exactly Files, in order.
		i := 0
		for cur := range res.Index.Root().Children() {
			if i >= len(res.Files) || cur.Node() != res.Files[i] {
				pass.Reportf(cur.Node().Pos(), "index and Files differ")
			}
			i++
		}
		if i != len(res.Files) {
			pass.Reportf(pass.Files[0].Package, "index has %d files, Files %d", i, len(res.Files))
		}
		return nil, nil
	},
}

func TestRules(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), dump, "rules", "plain")
}
