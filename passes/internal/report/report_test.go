package report_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/passes/internal/report"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// realChecks are the names of the real suite; the tests replace them
// with two fake checks, alpha and beta. The names are global, so no test
// here runs in parallel.
var realChecks = report.Checks()

func TestMain(m *testing.M) {
	report.SetChecks([]string{"alpha", "beta"})
	os.Exit(m.Run())
}

// TestChecks asserts that Checks names exactly the checks of the suite,
// so that no directive naming one is taken for a typo, and no typo for a
// check.
func TestChecks(t *testing.T) {
	var suite []string
	for _, a := range analyzer.All() {
		suite = append(suite, a.Name)
	}
	slices.Sort(suite)
	if !slices.Equal(realChecks, suite) {
		t.Errorf("report.checks = %q, want the sorted names of analyzer.All: %q", realChecks, suite)
	}
}

// fake returns a check named name that reports every call to a function
// of that name, through a Reporter as the real passes do.
func fake(name string) *analysis.Analyzer {
	return fakeSkipping(name, false)
}

// fakeSkipping is fake with an ignore-tests option.
func fakeSkipping(name string, ignoreTests bool) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: name,
		Doc:  "report calls to " + name,
		Run: func(pass *analysis.Pass) (any, error) {
			r := report.New(pass, name)
			if ignoreTests {
				r.SkipTests()
			}
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok {
						if id, ok := call.Fun.(*ast.Ident); ok && id.Name == name {
							r.Reportf(call.Pos(), call.End(), "call to %s", name)
						}
					}
					return true
				})
			}
			r.Finish()
			return nil, nil
		},
	}
}

func TestReporter(t *testing.T) {
	for _, tc := range []struct {
		dir         string
		ignoreTests bool
	}{
		{"basic", false},
		{"unknown", false},
		{"generated", false},
		{"skiptests", true},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			analysistest.Run(t, analysistest.TestData(), fakeSkipping("alpha", tc.ignoreTests), tc.dir)
		})
	}
}

// TestCrossPass runs both checks of the suite over one package, as a
// driver does, and asserts that each problem of a directive is reported
// once, by the check the package documentation names. The expectations
// are comments of the form: expect <check>:"regexp" (or `regexp`).
func TestCrossPass(t *testing.T) {
	fset := token.NewFileSet()
	dir := filepath.Join(analysistest.TestData(), "src", "crosspass")
	f, err := parser.ParseFile(fset, filepath.Join(dir, "crosspass.go"), nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}

	type finding struct {
		line    int
		check   string
		message string
	}
	var got []finding
	for _, a := range []*analysis.Analyzer{fake("alpha"), fake("beta")} {
		pass := &analysis.Pass{
			Analyzer: a,
			Fset:     fset,
			Files:    []*ast.File{f},
			Report: func(d analysis.Diagnostic) {
				got = append(got, finding{fset.Position(d.Pos).Line, a.Name, d.Message})
			},
		}
		if _, err := a.Run(pass); err != nil {
			t.Fatal(err)
		}
	}

	type expectation struct {
		line  int
		check string
		re    *regexp.Regexp
	}
	var want []expectation
	expectRE := regexp.MustCompile("(\\w+):(\"[^\"]*\"|`[^`]*`)")
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			_, text, ok := strings.Cut(c.Text, "expect ")
			if !ok {
				continue
			}
			line := fset.Position(c.Pos()).Line
			for _, m := range expectRE.FindAllStringSubmatch(text, -1) {
				want = append(want, expectation{line, m[1], regexp.MustCompile(m[2][1 : len(m[2])-1])})
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("no expectations found in crosspass.go")
	}

	// Match each finding to exactly one expectation: a duplicate report
	// finds its expectation already taken and fails.
	taken := make([]bool, len(want))
	for _, g := range got {
		i := slices.IndexFunc(want, func(w expectation) bool {
			return w.line == g.line && w.check == g.check && w.re.MatchString(g.message)
		})
		for i >= 0 && taken[i] {
			j := slices.IndexFunc(want[i+1:], func(w expectation) bool {
				return w.line == g.line && w.check == g.check && w.re.MatchString(g.message)
			})
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			t.Errorf("crosspass.go:%d: unexpected %s diagnostic (duplicate or wrong check): %s", g.line, g.check, g.message)
			continue
		}
		taken[i] = true
	}
	for i, w := range want {
		if !taken[i] {
			t.Errorf("crosspass.go:%d: no %s diagnostic matching %q", w.line, w.check, w.re)
		}
	}
	if t.Failed() {
		var all []string
		for _, g := range got {
			all = append(all, fmt.Sprintf("  %d %s: %s", g.line, g.check, g.message))
		}
		t.Logf("all diagnostics:\n%s", strings.Join(all, "\n"))
	}
}
