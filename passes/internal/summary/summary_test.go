package summary_test

import (
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/passes/internal/summary"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestFacts checks the facts of the exported functions (want comments)
// and, through the Result, the in-package summary of every function
// whose doc comment has a "summary:" line ("none" for no summary).
func TestFacts(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), summary.Analyzer, "lib", "use")
	checked := 0
	for _, res := range results {
		r := res.Result.(*summary.Result)
		for _, f := range res.Pass.Files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Doc == nil {
					continue
				}
				want, ok := summaryLine(fd.Doc)
				if !ok {
					continue
				}
				checked++
				fn := res.Pass.TypesInfo.Defs[fd.Name].(*types.Func)
				got := "none"
				if s := r.Of(fn); s != nil {
					got = s.String()
				}
				if got != want {
					t.Errorf("%s: summary %q, want %q", summary.Describe(fn, nil), got, want)
				}
			}
		}
	}
	if checked < 20 {
		t.Errorf("checked %d summaries, want at least 20", checked)
	}
}

func summaryLine(cg *ast.CommentGroup) (string, bool) {
	for _, c := range cg.List {
		if s, ok := strings.CutPrefix(c.Text, "// summary: "); ok {
			return s, true
		}
	}
	return "", false
}
