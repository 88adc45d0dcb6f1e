package driver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/passes/sendleak"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// loadRoots loads patterns in dir as the standalone driver does.
func loadRoots(t *testing.T, dir string, patterns ...string) []*packages.Package {
	t.Helper()
	conf := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Tests: true, Dir: dir}
	pkgs, err := packages.Load(conf, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	roots := RootsOnly(pkgs)
	if len(roots) != len(pkgs) {
		t.Fatalf("%d of %d packages of %s do not load cleanly", len(pkgs)-len(roots), len(pkgs), dir)
	}
	return roots
}

// loadOwn loads patterns in dir with the standalone driver's loader.
func loadOwn(t *testing.T, dir string, patterns ...string) []*packages.Package {
	t.Helper()
	pkgs, _, err := Load(&packages.Config{Tests: true, Dir: dir}, patterns)
	if err != nil {
		t.Fatal(err)
	}
	roots := RootsOnly(pkgs)
	if len(roots) != len(pkgs) {
		t.Fatalf("%d of %d packages of %s do not load cleanly", len(pkgs)-len(roots), len(pkgs), dir)
	}
	return roots
}

// TestRunnerMatchesChecker checks that the scheduler finds exactly
// what x/tools' checker finds on the same packages, and prints it the
// same way: on the sample module (every check has findings there, some
// through facts between packages), on one small standard package with
// a finding (bufio; the finding is on a test's failure path, so the
// standard packages run with -sendleak.test-fail-paths), and, with LEAKVET_SLOW=1 (as .ci/run sets it), on
// standard packages with tests, some with findings (database/sql,
// net/rpc, bufio), all with much concurrent code.
func TestRunnerMatchesChecker(t *testing.T) {
	for _, tc := range []struct {
		name, dir string
		patterns  []string
		cfg       analyzer.Config
	}{
		{"sample", filepath.Join("..", "..", "testdata", "sample"), []string{"./..."}, analyzer.Config{}},
		{"bufio", "", []string{"bufio"}, failPaths},
		{"std", "", []string{"database/sql", "net/rpc", "bufio", "os/exec", "sync", "context", "time"}, failPaths},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "std" && os.Getenv("LEAKVET_SLOW") == "" {
				t.Skip("slow (seven standard packages with their tests): set LEAKVET_SLOW=1 to run it")
			}
			compareWithChecker(t, tc.cfg, tc.dir, tc.patterns...)
		})
	}
}

// failPaths configures the suite to report leaks on a test's failure
// paths too.
var failPaths = analyzer.Config{Sendleak: sendleak.Config{TestFailPaths: true}}

func compareWithChecker(t *testing.T, cfg analyzer.Config, dir string, patterns ...string) {
	analyzers, err := analyzer.Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	graph, err := checker.Analyze(analyzers, loadRoots(t, dir, patterns...), nil)
	if err != nil {
		t.Fatal(err)
	}
	var wantJSON, wantText bytes.Buffer
	if err := graph.PrintJSON(&wantJSON); err != nil {
		t.Fatal(err)
	}
	if err := graph.PrintText(&wantText, -1); err != nil {
		t.Fatal(err)
	}

	// The standalone driver's own loader (load.go) gives the runner its
	// packages: all loaded first (Run), or each analysed as soon as it
	// is type-checked (LoadAndRun, as the command does).
	for _, pipelined := range []bool{false, true} {
		r, err := NewRunner(analyzers, Options{RecodeFacts: true})
		if err != nil {
			t.Fatal(err)
		}
		var units []*Unit
		if pipelined {
			pkgs, all, err := r.LoadAndRun(&packages.Config{Tests: true, Dir: dir}, patterns)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != len(pkgs) {
				t.Fatalf("%d of %d packages of %s analysed", len(all), len(pkgs), dir)
			}
			units = all
		} else {
			units = r.Run(loadOwn(t, dir, patterns...))
		}
		t.Logf("pipelined: %v", pipelined)
		compareOutputs(t, r, units, wantJSON.String(), wantText.String())
	}
}

// compareOutputs compares the findings of units in JSON and text with
// those of x/tools' checker.
func compareOutputs(t *testing.T, r *Runner, units []*Unit, wantJSONText, wantTextText string) {
	t.Helper()
	wantJSON, wantText := bytes.NewBufferString(wantJSONText), bytes.NewBufferString(wantTextText)
	var gotJSON, gotText bytes.Buffer
	found := r.Findings(units)
	if err := r.PrintJSON(&gotJSON, units, found); err != nil {
		t.Fatal(err)
	}
	if failed := r.Failures(units); failed != 0 {
		t.Fatalf("%d analyses failed", failed)
	}
	if err := r.PrintText(&gotText, units, found, -1); err != nil {
		t.Fatal(err)
	}

	var want, got map[string]map[string]any
	if err := json.Unmarshal(wantJSON.Bytes(), &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(gotJSON.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("the checker finds nothing")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("-json differs from the checker's:\ngot:\n%s\nwant:\n%s", gotJSON.String(), wantJSON.String())
	}
	// The text output has the same lines, but sorted by position and
	// with the check's name at the end of each finding.
	named := regexp.MustCompile(`(?m) \[[a-z0-9]+\]$`)
	var gotLines, wantLines []string
	for line := range strings.Lines(gotText.String()) {
		gotLines = append(gotLines, named.ReplaceAllString(strings.TrimSuffix(line, "\n"), ""))
	}
	for line := range strings.Lines(wantText.String()) {
		wantLines = append(wantLines, ShortPosn(strings.TrimSuffix(line, "\n")))
	}
	slices.Sort(gotLines)
	slices.Sort(wantLines)
	if !slices.Equal(gotLines, wantLines) {
		t.Errorf("text output differs from the checker's:\ngot:\n%s\nwant:\n%s", gotText.String(), wantText.String())
	}
	if n := len(named.FindAllString(gotText.String(), -1)); n != len(found) {
		t.Errorf("%d findings, %d lines name a check", len(found), n)
	}
	if n := strings.Count(wantText.String(), "\n") - strings.Count(wantText.String(), ": \t"); len(found) != n {
		t.Errorf("%d findings, the checker's output has %d", len(found), n)
	}
}

// writeModule writes the given files (path: content) in a new
// directory and returns it. Unless files has one, it adds a go.mod for
// the module example.com/m.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		files = maps.Clone(files)
		files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	}
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var twoPackages = map[string]string{
	"a/a.go": "package a\n\nfunc A() {}\n",
	"b/b.go": "package b\n\nimport \"example.com/m/a\"\n\nfunc B() { a.A() }\n",
}

// A resource is a result with a Release method, as scope's.
type resource struct {
	pkg      string
	released bool
}

func (r *resource) Release() { r.released = true }

// A nameFact records a function's name, to check that facts reach the
// importers.
type nameFact struct{ Name string }

func (*nameFact) AFact() {}

// TestRunnerLifecycle checks the order of a run: the analyzers that
// require a result see it unreleased, every result with a Release
// method is released once its package is done, and an importer sees the
// facts of the package it imports, which is analysed first.
func TestRunnerLifecycle(t *testing.T) {
	var made []*resource
	owner := &analysis.Analyzer{
		Name:       "owner",
		Doc:        "makes a releasable result",
		ResultType: reflect.TypeFor[*resource](),
		Run: func(pass *analysis.Pass) (any, error) {
			r := &resource{pkg: pass.Pkg.Path()}
			made = append(made, r)
			return r, nil
		},
	}
	user := &analysis.Analyzer{
		Name:      "user",
		Doc:       "uses the result and the facts",
		Requires:  []*analysis.Analyzer{owner},
		FactTypes: []analysis.Fact{new(nameFact)},
		Run: func(pass *analysis.Pass) (any, error) {
			if res := pass.ResultOf[owner].(*resource); res.released {
				pass.Reportf(pass.Files[0].Package, "the result of owner is released before its users run")
			}
			for _, f := range pass.Files {
				for _, d := range f.Decls {
					fd, ok := d.(*ast.FuncDecl)
					if !ok {
						continue
					}
					pass.ExportObjectFact(pass.TypesInfo.Defs[fd.Name], &nameFact{fd.Name.Name})
					ast.Inspect(fd.Body, func(n ast.Node) bool {
						if id, ok := n.(*ast.Ident); ok {
							if fn, ok := pass.TypesInfo.Uses[id].(*types.Func); ok && fn.Pkg() != pass.Pkg {
								var fact nameFact
								if pass.ImportObjectFact(fn, &fact) {
									pass.Reportf(id.Pos(), "calls %s", fact.Name)
								} else {
									pass.Reportf(id.Pos(), "no fact for %s", fn.Name())
								}
							}
						}
						return true
					})
				}
			}
			return nil, nil
		},
	}
	dir := writeModule(t, twoPackages)
	// Sequential and parallel runs must agree.
	for _, sequential := range []bool{true, false} {
		made = nil
		r, err := NewRunner([]*analysis.Analyzer{user}, Options{Sequential: sequential, RecodeFacts: true})
		if err != nil {
			t.Fatal(err)
		}
		units := r.Run(loadRoots(t, dir, "./b", "./a"))
		if len(units) != 2 || units[0].pkg.PkgPath != "example.com/m/a" {
			t.Fatalf("units are not in dependency order: %v", units)
		}
		var out bytes.Buffer
		found, failed := r.Findings(units), r.Failures(units)
		err = r.PrintText(&out, units, found, -1)
		if err != nil || failed != 0 || len(found) != 1 || !strings.Contains(out.String(), "b.go:5:14: calls A") {
			t.Errorf("sequential=%t: %d findings, %d errors (%v), want the fact of a.A at b.go:5:14:\n%s", sequential, len(found), failed, err, out.String())
		}
		if len(made) != 2 {
			t.Fatalf("owner ran %d times, want 2", len(made))
		}
		for _, res := range made {
			if !res.released {
				t.Errorf("the result of owner on %s is not released", res.pkg)
			}
		}
		for _, u := range units {
			if u.pkg.Syntax != nil || u.pkg.TypesInfo != nil {
				t.Errorf("the syntax of %s is kept after its analysis", u.pkg.PkgPath)
			}
		}
	}
}

// TestRunnerErrors checks that an analyzer that fails, panics or
// breaks the facts protocol makes an error of its own package only: the
// analyzers that require it are skipped there, the other packages are
// analysed, and nothing crashes.
func TestRunnerErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(*analysis.Pass) (any, error)
		want string
	}{
		{"error", func(*analysis.Pass) (any, error) { return nil, errors.New("bad input") }, "bad input"},
		{"panic", func(*analysis.Pass) (any, error) { panic("boom") }, "internal error: panic: boom"},
		{"foreign fact", func(pass *analysis.Pass) (any, error) {
			pass.ExportObjectFact(types.Universe.Lookup("len"), new(nameFact))
			return nil, nil
		}, "belongs to another package"},
		{"wrong result type", func(*analysis.Pass) (any, error) { return 42, nil }, "the result has type int"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := &analysis.Analyzer{
				Name:       "bad",
				Doc:        "fails on package a",
				FactTypes:  []analysis.Fact{new(nameFact)},
				ResultType: reflect.TypeFor[*resource](),
				Run: func(pass *analysis.Pass) (any, error) {
					if pass.Pkg.Name() == "a" {
						return tc.run(pass)
					}
					return new(resource), nil
				},
			}
			after := &analysis.Analyzer{
				Name:     "after",
				Doc:      "reports every package it runs on",
				Requires: []*analysis.Analyzer{bad},
				Run: func(pass *analysis.Pass) (any, error) {
					pass.Reportf(pass.Files[0].Package, "analysed %s", pass.Pkg.Name())
					return nil, nil
				},
			}
			r, err := NewRunner([]*analysis.Analyzer{after}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			units := r.Run(loadRoots(t, writeModule(t, twoPackages), "./..."))
			var out bytes.Buffer
			found, failed := r.Findings(units), r.Failures(units)
			if err := r.PrintText(&out, units, found, -1); err != nil {
				t.Fatal(err)
			}
			text := out.String()
			if failed != 1 || len(found) != 1 || !strings.Contains(text, "bad: analysis of example.com/m/a failed: ") ||
				!strings.Contains(text, tc.want) || !strings.Contains(text, "analysed b") || strings.Contains(text, "analysed a") {
				t.Errorf("%d errors, %d findings, want 1 error (%q) on a and the finding on b:\n%s", failed, len(found), tc.want, text)
			}
			var js bytes.Buffer
			if err := r.PrintJSON(&js, units, found); err != nil {
				t.Fatal(err)
			}
			var tree map[string]map[string]json.RawMessage
			if err := json.Unmarshal(js.Bytes(), &tree); err != nil {
				t.Fatal(err)
			}
			if e := string(tree["example.com/m/a"]["bad"]); !strings.Contains(e, `"error"`) {
				t.Errorf("-json has no error for bad on a:\n%s", js.String())
			}
		})
	}
}

// TestCheckFixes checks the rules every suggested fix must follow, and
// that the edits come out in order.
func TestCheckFixes(t *testing.T) {
	fset := token.NewFileSet()
	a := fset.AddFile("a.go", -1, 100)
	b := fset.AddFile("b.go", -1, 100)
	edit := func(f *token.File, start, end int) analysis.TextEdit {
		return analysis.TextEdit{Pos: f.Pos(start), End: f.Pos(end)}
	}
	diag := func(fixes ...[]analysis.TextEdit) analysis.Diagnostic {
		var d analysis.Diagnostic
		for i, edits := range fixes {
			d.SuggestedFixes = append(d.SuggestedFixes, analysis.SuggestedFix{Message: fmt.Sprint("fix ", i), TextEdits: edits})
		}
		return d
	}
	ordered := diag([]analysis.TextEdit{edit(a, 50, 60), edit(a, 10, 10), edit(a, 20, 30)}, []analysis.TextEdit{edit(b, 0, 100)})
	if err := checkFixes(fset, ordered); err != nil {
		t.Errorf("well-formed fixes: %v", err)
	}
	var starts []int
	for _, e := range ordered.SuggestedFixes[0].TextEdits {
		starts = append(starts, a.Offset(e.Pos))
	}
	if !slices.Equal(starts, []int{10, 20, 50}) {
		t.Errorf("edits in the order %v, want 10 20 50", starts)
	}
	dup := diag(nil, nil)
	dup.SuggestedFixes[1].Message = dup.SuggestedFixes[0].Message
	for name, d := range map[string]analysis.Diagnostic{
		"overlap":   diag([]analysis.TextEdit{edit(a, 10, 30), edit(a, 20, 40)}),
		"backwards": diag([]analysis.TextEdit{{Pos: a.Pos(30), End: a.Pos(20)}}),
		"two files": diag([]analysis.TextEdit{{Pos: a.Pos(30), End: b.Pos(20)}}),
		"no file":   diag([]analysis.TextEdit{{Pos: token.NoPos}}),
		"same name": dup,
	} {
		if err := checkFixes(fset, d); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestLoadAndRunIllTyped checks that LoadAndRun analyses the well-typed
// named packages, leaves out a package with a type error and those that
// import it, as Run does after RootsOnly, and still finishes.
func TestLoadAndRunIllTyped(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"bad/bad.go":   "package bad\n\nvar X int = \"x\"\n",
		"usebad/u.go":  "package usebad\n\nimport \"example.com/m/bad\"\n\nvar Y = bad.X\n",
		"ok/ok.go":     "package ok\n\nvar Z = 1\n",
		"okdep/dep.go": "package okdep\n\nimport \"example.com/m/ok\"\n\nvar W = ok.Z\n",
	})
	seen := make(map[string]bool)
	var mu sync.Mutex
	a := &analysis.Analyzer{
		Name: "seen",
		Doc:  "records the packages it runs on",
		Run: func(pass *analysis.Pass) (any, error) {
			mu.Lock()
			seen[pass.Pkg.Path()] = true
			mu.Unlock()
			return nil, nil
		},
	}
	r, err := NewRunner([]*analysis.Analyzer{a}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	pkgs, units, err := r.LoadAndRun(&packages.Config{Dir: dir}, []string{"./..."})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range units {
		got = append(got, u.pkg.PkgPath)
	}
	want := []string{"example.com/m/ok", "example.com/m/okdep"}
	if !slices.Equal(got, want) || len(seen) != 2 || !seen[want[0]] || !seen[want[1]] {
		t.Errorf("units %v, analysed %v; want %v", got, seen, want)
	}
	var errs bytes.Buffer
	if n := PrintErrors(&errs, pkgs); n != 1 || !strings.Contains(errs.String(), "bad.go:3:13") {
		t.Errorf("PrintErrors printed %d errors, want the one type error of bad:\n%s", n, errs.String())
	}
}
