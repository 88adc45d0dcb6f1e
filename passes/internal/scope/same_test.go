package scope_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"github.com/leakvet/leakvet/passes/internal/wgflow"
	"github.com/leakvet/leakvet/passes/timerleak"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// model reports the parts of the chanflow and wgflow models that the
// passes start from: every channel variable and its operations, every
// go statement, every WaitGroup call. (Funcs differs by design: the
// functions of skipped files are not modelled.)
var model = &analysis.Analyzer{
	Name:     "model",
	Doc:      "report the chanflow and wgflow models",
	Requires: []*analysis.Analyzer{chanflow.Analyzer, wgflow.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		flow := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
		for _, c := range flow.Chans {
			pass.Reportf(c.Var.Pos(), "chan %s in %s param=%v make=%v assigns=%d", c.Name(), c.Decl.Name(), c.Param, c.Make != nil, c.Assigns)
			for _, op := range c.Ops {
				pass.Reportf(op.Ident.Pos(), "%s in %s loops=%d callee=%v", op, op.Func.Name(), len(op.Loops), op.Callee)
			}
		}
		for _, g := range flow.Gos {
			pass.Reportf(g.Stmt.Pos(), "go in %s lit=%v callee=%v loops=%d", g.Func.Name(), g.Lit != nil, g.Callee, len(g.Loops))
		}
		for _, c := range pass.ResultOf[wgflow.Analyzer].(*wgflow.Result).Calls {
			pass.Reportf(c.Call.Pos(), "%s in %s", c, c.Func.Name())
		}
		return nil, nil
	},
}

// TestSameResults runs the whole suite, and the models it is built on,
// over the testdata of every pass, with and without scope's filter: the
// diagnostics, the suggested fixes and the exported facts must be the
// same. The testdata packages are analysed from source, the standard
// packages they import come from export data.
func TestSameResults(t *testing.T) {
	sameResults(t, false)
}

// TestSameResultsWithDeps is TestSameResults with every dependency
// analysed from source too, with and without the filter: the standard
// packages the testdata imports, some of them large (runtime, net,
// reflect), whose facts then reach the testdata. It takes a minute of
// CPU, so it runs only with LEAKVET_SLOW=1, as .ci/run does.
func TestSameResultsWithDeps(t *testing.T) {
	if os.Getenv("LEAKVET_SLOW") == "" {
		t.Skip("slow (the standard packages from source): set LEAKVET_SLOW=1 to run it")
	}
	sameResults(t, true)
}

// sameResults compares the results with and without the filter; deps
// says whether the dependencies are analysed from source too.
func sameResults(t *testing.T, deps bool) {
	passes := filepath.Join("..", "..")
	var roots []string // GOPATH-style testdata trees
	for _, dir := range []string{"rangeleak", "sendleak", "timerleak", "waitclose", "wgdone"} {
		roots = append(roots, filepath.Join(passes, dir, "testdata"))
	}
	for _, dir := range []string{"chanfacts", "chanflow", "report", "wgflow", "scope"} {
		roots = append(roots, filepath.Join(passes, "internal", dir, "testdata"))
	}
	modules := []string{ // module-mode testdata
		filepath.Join(passes, "timerleak", "testdata", "versions", "go122"),
		filepath.Join(passes, "timerleak", "testdata", "versions", "go126"),
	}
	suites := []struct {
		name string
		as   []*analysis.Analyzer
	}{
		{"suite", append(analyzer.All(), model)},
		{"timerleak pre123", []*analysis.Analyzer{timerleak.New(timerleak.Config{Semantics: timerleak.SemanticsPre123})}},
		{"timerleak go123", []*analysis.Analyzer{timerleak.New(timerleak.Config{Semantics: timerleak.SemanticsGo123})}},
	}
	for _, root := range append(roots, modules...) {
		t.Run(root, func(t *testing.T) {
			pkgs := load(t, root, slices.Contains(modules, root), deps)
			for _, suite := range suites {
				if suite.name != "suite" && !strings.Contains(root, "timerleak") && !strings.Contains(root, "scope") {
					continue // the timer semantics matter to the timer testdata
				}
				filtered := results(t, suite.as, pkgs)
				scope.SetKeepAll(true)
				all := results(t, suite.as, pkgs)
				scope.SetKeepAll(false)
				if len(all) == 0 && suite.name == "suite" {
					t.Errorf("no result at all") // the models report something on every tree
				}
				for _, s := range diff(all, filtered) {
					t.Errorf("%s: only without the filter: %s", suite.name, s)
				}
				for _, s := range diff(filtered, all) {
					t.Errorf("%s: only with the filter: %s", suite.name, s)
				}
				if strings.HasSuffix(root, filepath.Join("scope", "testdata")) && suite.name == "suite" {
					checkCrossfile(t, filtered)
				}
			}
		})
	}
}

// checkCrossfile checks that the crossfile package has the findings
// and silences it is there for.
func checkCrossfile(t *testing.T, got []string) {
	t.Helper()
	for _, want := range []string{
		"crossfile.go:29:2: waitclose: ch is closed while its producers may still send on it",
		"crossfile.go:38:3: rangeleak: ch is never closed",
		"work.go:6:1: wgdone: wg.Done is not called on all paths",
		"drain.go:9:3: timerleak:",
	} {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("crossfile: no finding %q", want)
		}
	}
	for _, s := range got {
		if strings.Contains(s, "crossfile.go:20:2: waitclose:") {
			t.Errorf("crossfile: settled is reported: %s", s)
		}
	}
}

// load loads every package of a testdata tree, with its tests, from
// source; their dependencies too if deps is set, else from export data.
func load(t *testing.T, root string, module, deps bool) []*packages.Package {
	t.Helper()
	root, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	env := []string{"GOPATH=" + root, "GO111MODULE=off", "GOWORK=off"}
	patterns := []string{"./..."}
	if module {
		env = []string{"GO111MODULE=on", "GOPROXY=off", "GOWORK=off"}
	} else {
		patterns = nil
		dirs, err := os.ReadDir(filepath.Join(root, "src"))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dirs {
			if d.IsDir() && d.Name() != "golang.org" { // third-party stubs
				patterns = append(patterns, d.Name()+"/...")
			}
		}
	}
	mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
		packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax | packages.NeedTypesInfo |
		packages.NeedModule
	if deps {
		mode |= packages.NeedDeps
	}
	cfg := &packages.Config{
		Mode:  mode,
		Dir:   root,
		Tests: true,
		Env:   append(os.Environ(), env...),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) == 0 {
		t.Fatalf("no package in %s", root)
	}
	return pkgs
}

// results runs the analyzers on pkgs and renders every diagnostic (with
// its related positions and fixes), error and fact of every action.
func results(t *testing.T, as []*analysis.Analyzer, pkgs []*packages.Package) []string {
	t.Helper()
	g, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for act := range g.All() {
		fset := act.Package.Fset
		name := act.Analyzer.Name
		if act.Err != nil {
			out = append(out, fmt.Sprintf("%s: %s: error: %v", act.Package.PkgPath, name, act.Err))
		}
		for _, d := range act.Diagnostics {
			s := fmt.Sprintf("%s: %s: %s [%s] end=%s", fset.Position(d.Pos), name, d.Message, d.Category, fset.Position(d.End))
			for _, r := range d.Related {
				s += fmt.Sprintf("; related %s: %s", fset.Position(r.Pos), r.Message)
			}
			for _, f := range d.SuggestedFixes {
				s += "; fix " + f.Message
				for _, e := range f.TextEdits {
					s += fmt.Sprintf(" [%s-%s %q]", fset.Position(e.Pos), fset.Position(e.End), e.NewText)
				}
			}
			out = append(out, s)
		}
		for _, f := range act.AllObjectFacts() {
			out = append(out, fmt.Sprintf("%s: %s: fact %s: %v", fset.Position(f.Object.Pos()), name, f.Object.Name(), f.Fact))
		}
		for _, f := range act.AllPackageFacts() {
			out = append(out, fmt.Sprintf("%s: %s: package fact: %v", f.Package.Path(), name, f.Fact))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// diff returns the elements of a missing from b; both are sorted.
func diff(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, ok := slices.BinarySearch(b, s); !ok {
			out = append(out, s)
		}
	}
	return out
}
