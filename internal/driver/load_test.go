package driver

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// chainFiles is a module in which the named package a imports q, which
// is not named and imports the named package r: q's export data mentions
// r's types, which must be those of r as type-checked from source. d
// does not compile, and e imports it. The test of v makes a test
// variant of w, which imports v.
var chainFiles = map[string]string{
	"r/r.go":      "package r\n\ntype T struct{ C chan int }\n\nfunc New() *T { return &T{C: make(chan int)} }\n",
	"q/q.go":      "package q\n\nimport \"example.com/m/r\"\n\nfunc Make() *r.T { return r.New() }\n",
	"a/a.go":      "package a\n\nimport (\n\t\"example.com/m/q\"\n\t\"example.com/m/r\"\n)\n\nvar T *r.T = q.Make()\n\nfunc Use(t *r.T) int { return <-t.C }\n",
	"a/a_test.go": "package a\n\nimport \"testing\"\n\nfunc TestUse(t *testing.T) { _ = T }\n",
	"d/d.go":      "package d\n\nvar X int = \"x\"\n",
	"e/e.go":      "package e\n\nimport \"example.com/m/d\"\n\nvar Y = d.X\n",
	// The external test of v imports w, which imports v: since v has
	// test files of its own, w is compiled again for the test, as
	// "w [example.com/m/v.test]".
	"v/v.go":      "package v\n\ntype V struct{ N int }\n",
	"v/v_test.go": "package v\n\nfunc (v V) double() int { return 2 * v.N }\n",
	"v/x_test.go": "package v_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/w\"\n)\n\nfunc TestV(t *testing.T) { _ = w.Make().N }\n",
	"w/w.go":      "package w\n\nimport \"example.com/m/v\"\n\nfunc Make() *v.V { return &v.V{N: 1} }\n",
}

// TestLoad checks the standalone driver's loader against go/packages:
// the same packages with the same types and errors, export data asked
// for the dependencies only, never for a named package.
func TestLoad(t *testing.T) {
	dir := writeModule(t, chainFiles)
	for _, patterns := range [][]string{{"./a", "./r"}, {"./e"}, {"./v"}, {"./..."}} {
		t.Run(strings.Join(patterns, " "), func(t *testing.T) {
			want, err := packages.Load(&packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Tests: true, Dir: dir}, patterns...)
			if err != nil {
				t.Fatal(err)
			}
			got, exported, err := Load(&packages.Config{Tests: true, Dir: dir}, patterns)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := describe(got), describe(want); g != w {
				t.Errorf("load differs from packages.Load:\n%s\nwant:\n%s", g, w)
			}
			for _, p := range got {
				if slices.Contains(exported, p.PkgPath) {
					t.Errorf("export data asked for the named package %s (exported: %q)", p.PkgPath, exported)
				}
			}
			if slices.Contains(patterns, "./v") {
				variant := false
				for p := range packages.Postorder(got) {
					variant = variant || p.ID == "example.com/m/w [example.com/m/v.test]" && p.Types.Complete()
				}
				if !variant {
					t.Errorf("no test variant of w with complete types among the dependencies")
				}
			}
			if slices.Contains(patterns, "./a") && !slices.Contains(exported, "example.com/m/q") {
				t.Errorf("no export data asked for q, which a imports: %q", exported)
			}
			var errs bytes.Buffer
			PrintErrors(&errs, got)
			var wantErrs bytes.Buffer
			PrintErrors(&wantErrs, want)
			if errs.String() != wantErrs.String() {
				t.Errorf("errors:\n%s\nwant:\n%s", errs.String(), wantErrs.String())
			}
		})
	}
}

// describe lists packages with what the analysis sees of them: ID,
// whether ill-typed, errors, files, and the objects of their scope
// with their types. The compiler's report of a named package's errors
// is not counted: go/packages has go list compile the named packages,
// load does not.
func describe(pkgs []*packages.Package) string {
	var b strings.Builder
	slices.SortFunc(pkgs, func(x, y *packages.Package) int { return strings.Compare(x.ID, y.ID) })
	for _, p := range pkgs {
		errs := slices.DeleteFunc(slices.Clone(p.Errors), func(e packages.Error) bool {
			return e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# ")
		})
		fmt.Fprintf(&b, "%s illTyped=%t files=%d errors=%d\n", p.ID, p.IllTyped, len(p.Syntax), len(errs))
		if p.Types == nil {
			continue
		}
		scope := p.Types.Scope()
		for _, name := range scope.Names() {
			fmt.Fprintf(&b, "\t%s\n", scope.Lookup(name))
		}
		for _, imp := range slices.Sorted(func(yield func(string) bool) {
			for path := range p.Imports {
				if !yield(path) {
					return
				}
			}
		}) {
			fmt.Fprintf(&b, "\timport %s\n", imp)
		}
	}
	return b.String()
}
