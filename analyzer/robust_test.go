package analyzer_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// The robustness tests run the whole suite over single-file packages
// that type-check against the standard library, and fail on any panic
// or analyzer error. Diagnostics are not checked here: each pass's own
// tests do that.

var (
	importMu   sync.Mutex
	importFset = token.NewFileSet()
	stdOnce    sync.Once
	stdPkgs    map[string]*types.Package
	stdErr     error
)

// stdImports lists the standard packages the fixtures may import. They
// are loaded once, with one go list, so that a fuzz iteration costs a
// type-check and an analysis, not a process per import.
var stdImports = []string{
	"context", "errors", "fmt", "io", "log", "net", "net/http", "os", "os/signal",
	"runtime", "sort", "strings", "sync", "sync/atomic", "syscall", "testing", "time", "unsafe",
}

type mapImporter map[string]*types.Package

func (m mapImporter) Import(path string) (*types.Package, error) {
	if p := m[path]; p != nil {
		return p, nil
	}
	return nil, fmt.Errorf("package %q is not available to the robustness tests", path)
}

func loadStd(t testing.TB) types.Importer {
	stdOnce.Do(func() {
		cfg := &packages.Config{Mode: packages.NeedTypes | packages.NeedImports | packages.NeedDeps | packages.NeedName, Fset: importFset}
		pkgs, err := packages.Load(cfg, stdImports...)
		if err != nil {
			stdErr = err
			return
		}
		stdPkgs = make(map[string]*types.Package)
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			if p.Types != nil {
				stdPkgs[p.PkgPath] = p.Types
			}
		})
		stdPkgs["unsafe"] = types.Unsafe
		// A dependency that is not analysed, as export data gives it:
		// its types and positions in a file on disk, whose bodies the
		// suite reads to know whether a call of them returns.
		stdErr = loadDep("example.com/halt", filepath.Join("testdata", "robust", "dep", "halt.go"))
	})
	if stdErr != nil {
		t.Fatalf("load standard packages: %v", stdErr)
	}
	return mapImporter(stdPkgs)
}

// loadDep type-checks the one-file package path from file against the
// standard packages, into importFset, and adds it to stdPkgs.
func loadDep(path, file string) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	f, err := parser.ParseFile(importFset, abs, nil, parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	conf := types.Config{Importer: mapImporter(stdPkgs)}
	p, err := conf.Check(path, importFset, []*ast.File{f}, nil)
	if err != nil {
		return err
	}
	stdPkgs[path] = p
	return nil
}

// checkSource type-checks src as a one-file package under the given Go
// version and runs the suite on it. It reports false if src does not
// parse or type-check, so that the fuzzer can discard it.
func checkSource(t *testing.T, name string, src []byte, goVersion string) bool {
	t.Helper()
	imp := loadStd(t)
	importMu.Lock()
	defer importMu.Unlock()
	fset := importFset
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return false
	}
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	conf := types.Config{
		Importer:  imp,
		GoVersion: goVersion,
		Sizes:     types.SizesFor("gc", "amd64"),
		Error:     func(error) {},
	}
	tpkg, err := conf.Check("robust/"+f.Name.Name, fset, []*ast.File{f}, info)
	if err != nil {
		return false // not well typed: nothing to check
	}
	pkg := &packages.Package{
		ID:              tpkg.Path(),
		Name:            tpkg.Name(),
		PkgPath:         tpkg.Path(),
		Fset:            fset,
		Syntax:          []*ast.File{f},
		CompiledGoFiles: []string{name},
		GoFiles:         []string{name},
		Types:           tpkg,
		TypesInfo:       info,
		TypesSizes:      conf.Sizes,
		Module:          &packages.Module{Path: "robust", GoVersion: strings.TrimPrefix(goVersion, "go")},
	}
	graph, err := checker.Analyze(analyzer.All(), []*packages.Package{pkg}, &checker.Options{Sequential: true})
	if err != nil {
		t.Fatalf("%s (%s): %v", name, goVersion, err)
	}
	for act := range graph.All() {
		if act.Err != nil {
			t.Errorf("%s (%s): %s: %v", name, goVersion, act.Analyzer.Name, act.Err)
		}
	}
	return true
}

// seeds returns every Go file under the passes' testdata and the robust
// fixtures.
func seeds(t testing.TB) map[string][]byte {
	files := map[string][]byte{}
	for _, glob := range []string{
		"testdata/robust/*.go",
		"../passes/*/testdata/src/*/*.go",
		"../passes/*/testdata/src/*/*/*.go",
	} {
		names, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files[name] = data
		}
	}
	return files
}

// TestRobust runs the suite over the robustness fixtures, each under the
// loop-variable semantics of Go 1.21 and of Go 1.22 and later; every
// fixture must type-check.
func TestRobust(t *testing.T) {
	names, err := filepath.Glob("testdata/robust/*.go")
	if err != nil || len(names) == 0 {
		t.Fatalf("no robustness fixtures: %v", err)
	}
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{"go1.21", "go1.26"} {
			if !checkSource(t, name, src, v) {
				t.Errorf("%s does not type-check under %s", name, v)
			}
		}
	}
}

// FuzzSuite mutates the testdata sources and runs the whole suite on
// every mutant that type-checks: no panic, no analyzer error.
func FuzzSuite(f *testing.F) {
	for _, src := range seeds(f) {
		f.Add(src, false)
		f.Add(src, true)
	}
	f.Fuzz(func(t *testing.T, src []byte, old bool) {
		v := "go1.26"
		if old {
			v = "go1.22"
		}
		checkSource(t, fmt.Sprintf("fuzz%d.go", len(src)), src, v)
	})
}
