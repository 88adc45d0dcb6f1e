package driver

// This file implements the standalone driver's loader.
//
// go/packages, asked for the syntax and types of the named packages,
// has go list build export data for every package it lists, the named
// ones included: on a cold build cache, a run compiles the very packages
// it then type-checks from source. go vet compiles only their
// dependencies. This loader does as go vet does: it lists the package
// graph without export data, has go list build export data for the
// dependencies that the named packages import (which compiles their own
// dependencies, as any build would), and parses and type-checks the
// named packages itself.

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// graphMode lists the package graph: files and imports of every package,
// no export data, no types.
const graphMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes

// Load loads the packages named by patterns as packages.Load does with
// packages.LoadSyntax|packages.NeedModule and conf's other settings:
// the named packages (initial) with their syntax, types and type
// information, their dependencies with types from export data. It
// returns the export data it asked go list for, by package path.
//
// A dependency that is a test variant of a package (compiled again for
// a test because it imports the package under test) has no export data
// of its own outside that test's build: it is type-checked from source
// too, for its types only. When a dependency does not compile, the
// whole load is left to packages.Load, which type-checks it from source
// to report its errors in the compiler's form.
func Load(conf *packages.Config, patterns []string) (initial []*packages.Package, exported []string, err error) {
	initial, exported, l, err := prepare(conf, patterns)
	if err == nil && l != nil {
		l.run(initial, nil)
	}
	return initial, exported, err
}

// prepare lists the package graph of patterns and has go list build the
// export data Load needs, and returns the loader that type-checks the
// graph. It returns a nil loader when there is nothing left to load:
// when no package matched, or when a dependency does not compile and
// packages.Load has loaded everything.
func prepare(conf *packages.Config, patterns []string) (initial []*packages.Package, exported []string, l *loader, err error) {
	graph := *conf
	graph.Mode = graphMode
	graph.Fset = token.NewFileSet()
	initial, err = packages.Load(&graph, patterns...)
	if err != nil || len(initial) == 0 {
		return initial, nil, nil, err
	}

	roots := make(map[*packages.Package]bool, len(initial))
	for _, p := range initial {
		roots[p] = true
	}
	// Packages type-checked from source: the named ones, and the test
	// variants among their dependencies (a package compiled again for
	// a test because it imports the package under test: it has no
	// export data of its own outside that test's build).
	source := maps.Clone(roots)
	for q := range packages.Postorder(initial) {
		if q.ID != q.PkgPath {
			source[q] = true
		}
	}
	// The dependencies whose types those import.
	var direct []*packages.Package
	seen := make(map[*packages.Package]bool)
	for p := range source {
		for _, imp := range p.Imports {
			if !source[imp] && !seen[imp] && imp.PkgPath != "unsafe" {
				seen[imp] = true
				direct = append(direct, imp)
			}
		}
	}
	slices.SortFunc(direct, func(x, y *packages.Package) int { return strings.Compare(x.ID, y.ID) })
	fallback := func() ([]*packages.Package, []string, *loader, error) {
		conf := *conf
		conf.Mode = packages.LoadSyntax | packages.NeedModule
		initial, err := packages.Load(&conf, patterns...)
		return initial, nil, nil, err
	}

	// Export data of the direct dependencies: go list builds it, and
	// reports the errors of those that do not compile.
	if len(direct) > 0 {
		paths := make([]string, len(direct))
		for i, p := range direct {
			paths[i] = p.PkgPath
		}
		exp := *conf
		exp.Mode = packages.NeedName | packages.NeedExportFile
		exp.Tests = false
		deps, err := packages.Load(&exp, paths...)
		if err != nil {
			return nil, nil, nil, err
		}
		byPath := make(map[string]*packages.Package, len(deps))
		for _, d := range deps {
			byPath[d.PkgPath] = d
		}
		for _, p := range direct {
			d := byPath[p.PkgPath]
			if d == nil || d.ExportFile == "" || len(d.Errors) > 0 || len(p.Errors) > 0 {
				// A dependency that does not compile: go/packages
				// type-checks it from source, to report its errors
				// in the compiler's form and give its importers
				// what types it has.
				return fallback()
			}
			p.ExportFile = d.ExportFile
		}
		exported = paths
	}

	return initial, exported, &loader{fset: graph.Fset, roots: roots, source: source}, nil
}

// A loader type-checks the named packages of a graph listed by go list.
type loader struct {
	fset   *token.FileSet
	roots  map[*packages.Package]bool // the named packages
	source map[*packages.Package]bool // the packages type-checked from source: the named ones and test variants

	exportMu sync.Mutex // serializes the reading of export data, which fills shared packages
}

// run gives every package of the graph of initial its types: a
// package after those it imports; the named ones from source, their
// direct dependencies from export data. Packages become ready as the
// last of their imports is done, and as many as there are CPUs are
// handled at once. If loaded is not nil, it is called with each package
// once its types are done, after the packages waiting for it have been
// made ready: it may take long (analyse the package) without holding
// up the loading of others.
func (l *loader) run(initial []*packages.Package, loaded func(*packages.Package)) {
	type node struct {
		pkg       *packages.Package
		importers []*node
		pending   int
	}
	nodes := make(map[*packages.Package]*node)
	var all []*node
	for p := range packages.Postorder(initial) {
		n := &node{pkg: p}
		nodes[p] = n
		all = append(all, n)
		// Every package gets its types.Package now, so that export
		// data fills these instead of making others.
		if p.PkgPath == "unsafe" {
			p.Types = types.Unsafe
		} else {
			p.Types = types.NewPackage(p.PkgPath, p.Name)
		}
		p.Fset = l.fset
	}
	for _, n := range all {
		for _, imp := range n.pkg.Imports {
			nodes[imp].importers = append(nodes[imp].importers, n)
			n.pending++
		}
	}

	var mu sync.Mutex
	var wg sync.WaitGroup
	ready := make(chan *node, len(all))
	for _, n := range all {
		if n.pending == 0 {
			ready <- n
		}
	}
	wg.Add(len(all))
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for n := range ready {
				l.loadPackage(n.pkg)
				mu.Lock()
				for _, imp := range n.importers {
					if imp.pending--; imp.pending == 0 {
						ready <- imp
					}
				}
				mu.Unlock()
				if loaded != nil {
					loaded(n.pkg)
				}
				wg.Done()
			}
		}()
	}
	wg.Wait()
	close(ready)
}

// loadPackage gives p its types: from source if it is named, from its
// export data if it has some (the named packages import it), otherwise
// none (the export data of the packages that import it fill its
// types.Package with what they need).
func (l *loader) loadPackage(p *packages.Package) {
	switch {
	case l.source[p]:
		l.check(p, l.roots[p])
	case p.ExportFile != "":
		if err := l.readExport(p); err != nil {
			p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.ListError})
		}
	}
	p.IllTyped = len(p.Errors) > 0
	for _, q := range p.Imports {
		p.IllTyped = p.IllTyped || q.IllTyped
	}
}

// readExport reads p's export data into p.Types, with the packages of
// its dependencies as the ones to fill.
func (l *loader) readExport(p *packages.Package) error {
	view := make(map[string]*types.Package)
	for q := range packages.Postorder([]*packages.Package{p}) {
		view[q.PkgPath] = q.Types
	}
	f, err := os.Open(p.ExportFile)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return fmt.Errorf("reading %s: %v", p.ExportFile, err)
	}
	l.exportMu.Lock()
	defer l.exportMu.Unlock()
	if _, err := gcexportdata.Read(r, l.fset, view, p.PkgPath); err != nil {
		return fmt.Errorf("reading %s: %v", p.ExportFile, err)
	}
	return nil
}

// check parses and type-checks p, as go/packages does; if it is not
// named, without function bodies and type information, as only its
// types matter.
func (l *loader) check(p *packages.Package, named bool) {
	mode := parser.AllErrors | parser.SkipObjectResolution
	if named {
		mode |= parser.ParseComments // for the analysis: directives, generated-file headers
	}
	p.Syntax = make([]*ast.File, len(p.CompiledGoFiles))
	var wg sync.WaitGroup
	errs := make([]error, len(p.CompiledGoFiles))
	for i, name := range p.CompiledGoFiles {
		wg.Go(func() {
			p.Syntax[i], errs[i] = parser.ParseFile(l.fset, name, nil, mode)
		})
	}
	wg.Wait()
	for _, err := range errs {
		var list scanner.ErrorList
		switch {
		case err == nil:
		case errors.As(err, &list):
			for _, e := range list {
				p.Errors = append(p.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		default:
			p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.ParseError})
		}
	}
	p.Syntax = slices.DeleteFunc(p.Syntax, func(f *ast.File) bool { return f == nil })

	if named {
		p.TypesInfo = &types.Info{
			Types:        make(map[ast.Expr]types.TypeAndValue),
			Defs:         make(map[*ast.Ident]types.Object),
			Uses:         make(map[*ast.Ident]types.Object),
			Implicits:    make(map[ast.Node]types.Object),
			Instances:    make(map[*ast.Ident]types.Instance),
			Scopes:       make(map[ast.Node]*types.Scope),
			Selections:   make(map[*ast.SelectorExpr]*types.Selection),
			FileVersions: make(map[*ast.File]string),
		}
	}
	tc := &types.Config{
		IgnoreFuncBodies: !named,
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			q := p.Imports[path]
			switch {
			case q == nil:
				return nil, fmt.Errorf("no metadata for %s", path)
			case q.Types != nil && q.Types.Complete():
				return q.Types, nil
			case len(q.Errors) > 0:
				return nil, errors.New(q.Errors[0].Msg)
			}
			return nil, fmt.Errorf("no export data for %s", path)
		}),
		Error: func(err error) {
			var te types.Error
			if errors.As(err, &te) {
				p.TypeErrors = append(p.TypeErrors, te)
				p.Errors = append(p.Errors, packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
				return
			}
			p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
		},
		Sizes: p.TypesSizes,
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		tc.GoVersion = "go" + p.Module.GoVersion
	}
	// The files of a cgo package are cgo's output: they import no "C".
	typErr := types.NewChecker(tc, l.fset, p.Types, p.TypesInfo).Files(p.Syntax)
	if typErr != nil && len(p.Errors) == 0 {
		p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: typErr.Error(), Kind: packages.TypeError})
	}
	if !named {
		p.Syntax = nil // only its types are needed
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// Config returns the loader's configuration for the build tags tags
// (go build's -tags), and for test files too if tests.
//
// The build flags come from -tags and GOFLAGS. go/packages first asks
// the go command for its version with modules off, a query that fails
// if GOFLAGS holds a flag valid only with modules (-modfile=, -mod=);
// such flags move from GOFLAGS to the loader's build flags, which reach
// go list alone, so that GOFLAGS=-modfile=other.mod works as under go
// vet.
func Config(tags string, tests bool) *packages.Config {
	conf := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Tests: tests}
	goflags, ok := os.LookupEnv("GOFLAGS")
	if ok {
		var keep []string
		for _, f := range strings.Fields(goflags) {
			name, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
			if name == "mod" || name == "modfile" || name == "modcacherw" {
				conf.BuildFlags = append(conf.BuildFlags, f)
			} else {
				keep = append(keep, f)
			}
		}
		if len(conf.BuildFlags) > 0 {
			conf.Env = append(os.Environ(), "GOFLAGS="+strings.Join(keep, " "))
		}
	}
	if tags != "" {
		conf.BuildFlags = append(conf.BuildFlags, "-tags="+tags)
	}
	return conf
}
