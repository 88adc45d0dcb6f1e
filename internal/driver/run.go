package driver

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"io"
	"maps"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// The standalone driver's scheduler.
//
// x/tools' checker keeps the result of every analyzer on every package
// until the whole run ends, and gives each action its own copy of the
// facts of all its dependencies. On a large module, where every package
// is named, that holds every package's inspector, control-flow graphs
// and channel models at once. This scheduler instead analyses a package
// with all the analyzers in one go, once the named packages it imports
// are done, and then drops the analyzers' results: only diagnostics,
// errors and facts outlive a package's analysis. Facts live in a single
// store shared by all packages. A result that has a Release method (the
// syntax index of scope) is told when the package is done, so that it
// can hand its memory to the next package.

// A unit is the analysis of one package by every analyzer of the plan.
type Unit struct {
	pkg       *packages.Package
	imports   []*Unit          // the units of the named packages that pkg imports
	importers []*Unit          // the units of the named packages that import pkg
	pending   atomic.Int32     // what the analysis of pkg waits for: its imports' units, and with LoadAndRun its own types
	skip      bool             // with LoadAndRun: pkg has errors, and is not analysed
	outcomes  []outcome        // one per analyzer of the plan, in its order
	visible   []*types.Package // see visible; computed on first use, by the goroutine analysing pkg
}

// An outcome is what one analyzer left after its run on one package.
type outcome struct {
	diags    []analysis.Diagnostic
	funcs    []string // with runner.funcNames, the function enclosing each of diags
	err      error    // nil also when a prerequisite failed: its own error is reported
	duration time.Duration
}

// A runner runs a set of analyzers, and those they require, on a set of
// packages.
type Runner struct {
	order      []*analysis.Analyzer // the analyzers to run, each after those it requires
	roots      map[*analysis.Analyzer]bool
	sequential bool
	facts      *factStore
	funcNames  bool // record the function that encloses each finding (for -baseline)
}

// Options are the settings of a Runner.
type Options struct {
	Sequential  bool      // analyse one package at a time (-debug=p)
	RecodeFacts bool      // pass each fact through gob on import, as a driver that keeps them on disk would (-debug=s)
	FactLog     io.Writer // if not nil, log each exported fact (-debug=f)
	FuncNames   bool      // record the function that encloses each finding (Finding.Func), for -baseline
}

// NewRunner returns a runner of analyzers and those they require.
func NewRunner(analyzers []*analysis.Analyzer, opts Options) (*Runner, error) {
	sequential, recodeFacts, factLog := opts.Sequential, opts.RecodeFacts, opts.FactLog
	if err := analysis.Validate(analyzers); err != nil {
		return nil, err
	}
	r := &Runner{
		roots:      make(map[*analysis.Analyzer]bool),
		sequential: sequential,
		funcNames:  opts.FuncNames,
		facts: &factStore{
			objects:  make(map[objectKey]analysis.Fact),
			packages: make(map[packageKey]analysis.Fact),
			recode:   recodeFacts,
			log:      factLog,
		},
	}
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if !seen[a] {
			seen[a] = true
			for _, req := range a.Requires {
				visit(req)
			}
			r.order = append(r.order, a)
		}
	}
	for _, a := range analyzers {
		r.roots[a] = true
		visit(a)
	}
	return r, nil
}

// Run analyses pkgs, whose Imports hold only packages among pkgs, and
// returns their units in dependency order (a package after those it
// imports; otherwise in the order of pkgs).
func (r *Runner) Run(pkgs []*packages.Package) []*Unit {
	ordered, _ := r.plan(pkgs)

	// Each unit becomes ready when the last of its imports is done. The
	// queue holds every unit, so no send blocks, and it is closed once
	// all are done, which ends the workers.
	ready := make(chan *Unit, len(ordered))
	for _, u := range ordered {
		if u.pending.Load() == 0 {
			ready <- u
		}
	}
	var done sync.WaitGroup
	done.Add(len(ordered))
	workers := runtime.GOMAXPROCS(0)
	if r.sequential {
		workers = 1
	}
	for range workers {
		go func() {
			for u := range ready {
				r.analyse(u)
				release(u.pkg)
				for _, imp := range u.importers {
					if imp.pending.Add(-1) == 0 {
						ready <- imp
					}
				}
				done.Done()
			}
		}()
	}
	done.Wait()
	close(ready)
	return ordered
}

// plan returns the units of pkgs in dependency order, each waiting for
// the units of the packages among pkgs that it imports, and the unit of
// each package.
func (r *Runner) plan(pkgs []*packages.Package) ([]*Unit, map[*packages.Package]*Unit) {
	among := make(map[*packages.Package]bool, len(pkgs))
	for _, p := range pkgs {
		among[p] = true
	}
	units := make(map[*packages.Package]*Unit, len(pkgs))
	var ordered []*Unit
	var visit func(p *packages.Package) *Unit
	visit = func(p *packages.Package) *Unit {
		if u := units[p]; u != nil {
			return u
		}
		u := &Unit{pkg: p, outcomes: make([]outcome, len(r.order))}
		units[p] = u
		for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
			if imp := p.Imports[path]; among[imp] {
				dep := visit(imp)
				dep.importers = append(dep.importers, u)
				u.imports = append(u.imports, dep)
				u.pending.Add(1)
			}
		}
		ordered = append(ordered, u)
		return u
	}
	for _, p := range pkgs {
		visit(p)
	}
	return ordered, units
}

// LoadAndRun loads the packages of patterns as Load does, and analyses
// each named package that is well typed (see RootsOnly) as soon as its
// types are done and the named packages it imports are analysed, while
// the others are still being type-checked. Analysis then uses the CPUs
// that type-checking leaves idle, and each package's syntax and type
// information are dropped as soon as it is analysed instead of once
// every package is loaded. It returns the packages of Load and the
// units of those analysed, in dependency order.
//
// When go list reports a dependency that does not compile (Load then
// leaves the whole load to packages.Load), it loads first and then
// analyses, as Run does.
func (r *Runner) LoadAndRun(conf *packages.Config, patterns []string) ([]*packages.Package, []*Unit, error) {
	initial, _, l, err := prepare(conf, patterns)
	if err != nil {
		return nil, nil, err
	}
	if l == nil {
		return initial, r.Run(RootsOnly(initial)), nil
	}
	ordered, units := r.plan(initial)
	for _, u := range ordered {
		u.pending.Add(1) // its own types
	}
	var mu sync.Mutex // with -debug=p, one analysis at a time
	l.run(initial, func(p *packages.Package) {
		u := units[p]
		if u == nil {
			return
		}
		u.skip = len(p.Errors) > 0 || p.IllTyped || p.Types == nil
		if u.pending.Add(-1) != 0 {
			return
		}
		// u is ready. Analysing it may make importers ready, which this
		// goroutine analyses in turn.
		stack := []*Unit{u}
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !u.skip {
				if r.sequential {
					mu.Lock()
				}
				r.analyse(u)
				if r.sequential {
					mu.Unlock()
				}
				release(u.pkg)
			}
			for _, imp := range u.importers {
				if imp.pending.Add(-1) == 0 {
					stack = append(stack, imp)
				}
			}
		}
	})
	for _, u := range ordered {
		if n := u.pending.Load(); n != 0 {
			return nil, nil, fmt.Errorf("internal error: %s was not analysed (%d prerequisites left)", u.pkg.ID, n)
		}
	}
	return initial, slices.DeleteFunc(ordered, func(u *Unit) bool { return u.skip }), nil
}

// release drops p's syntax and type information once its analysis is
// done: the packages that import it need only its types.
func release(p *packages.Package) {
	p.Syntax = nil
	p.TypesInfo = nil
}

// analyse runs every analyzer of the plan on u's package. The results
// the analyzers hand to each other are dropped when it returns.
func (r *Runner) analyse(u *Unit) {
	results := make(map[*analysis.Analyzer]any, len(r.order))
	failed := make(map[*analysis.Analyzer]bool)
	for i, a := range r.order {
		out := &u.outcomes[i]
		if slices.ContainsFunc(a.Requires, func(req *analysis.Analyzer) bool { return failed[req] }) {
			failed[a] = true
			continue
		}
		t0 := time.Now()
		results[a], out.diags, out.err = r.pass(u, a, results)
		out.duration = time.Since(t0)
		if out.err != nil {
			failed[a] = true
		}
		if r.funcNames {
			for _, d := range out.diags {
				out.funcs = append(out.funcs, EnclosingFunc(u.pkg, d.Pos))
			}
		}
	}
	// No analyzer of the package can use the results any more: those
	// that hold memory meant for reuse give it back.
	for _, res := range results {
		if rel, ok := res.(interface{ Release() }); ok {
			rel.Release()
		}
	}
}

// pass runs analyzer a on package p, given the results of the analyzers
// it requires. A panic of the analyzer becomes its error.
func (r *Runner) pass(u *Unit, a *analysis.Analyzer, results map[*analysis.Analyzer]any) (result any, diags []analysis.Diagnostic, err error) {
	p := u.pkg
	inputs := make(map[*analysis.Analyzer]any, len(a.Requires))
	for _, req := range a.Requires {
		inputs[req] = results[req]
	}
	running := true
	pass := &analysis.Pass{
		Analyzer:     a,
		Fset:         p.Fset,
		Files:        p.Syntax,
		OtherFiles:   p.OtherFiles,
		IgnoredFiles: p.IgnoredFiles,
		Pkg:          p.Types,
		TypesInfo:    p.TypesInfo,
		TypesSizes:   p.TypesSizes,
		TypeErrors:   p.TypeErrors,
		Module:       analysisModule(p.Module),
		ResultOf:     inputs,
		Report: func(d analysis.Diagnostic) {
			if err := checkFixes(p.Fset, d); err != nil {
				panic(fmt.Sprintf("invalid suggested fix: %v", err))
			}
			diags = append(diags, d)
		},
		ImportObjectFact: r.facts.importObject,
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			if !running {
				panic(fmt.Sprintf("ExportObjectFact(%s, %T) called after Run", obj, fact))
			}
			if obj.Pkg() != p.Types {
				panic(fmt.Sprintf("ExportObjectFact(%s, %T): the object belongs to another package", obj, fact))
			}
			r.facts.exportObject(p.Fset, obj, fact)
		},
		ImportPackageFact: r.facts.importPackage,
		ExportPackageFact: func(fact analysis.Fact) {
			if !running {
				panic(fmt.Sprintf("ExportPackageFact(%T) called after Run", fact))
			}
			r.facts.exportPackage(p.Types, fact)
		},
		AllObjectFacts:  func() []analysis.ObjectFact { return r.facts.allObjects(a, visible(u)) },
		AllPackageFacts: func() []analysis.PackageFact { return r.facts.allPackages(a, visible(u)) },
		ReadFile:        readFileOf(p),
	}
	defer func() {
		running = false
		if x := recover(); x != nil {
			result, diags, err = nil, nil, fmt.Errorf("internal error: panic: %v\n%s", x, debug.Stack())
		}
	}()
	result, err = a.Run(pass)
	if err != nil {
		return nil, nil, err
	}
	if got, want := reflect.TypeOf(result), a.ResultType; got != want {
		return nil, nil, fmt.Errorf("internal error: the result has type %v, but the analyzer declares %v", got, want)
	}
	return result, diags, nil
}

// checkFixes puts the edits of each suggested fix of d in order and
// reports whether they are well formed, as the other drivers require:
// fixes with distinct messages, each edit within one file, none ending
// before it starts, no two overlapping.
func checkFixes(fset *token.FileSet, d analysis.Diagnostic) error {
	seen := make(map[string]bool)
	for _, fix := range d.SuggestedFixes {
		if seen[fix.Message] {
			return fmt.Errorf("two fixes named %q", fix.Message)
		}
		seen[fix.Message] = true
		edits := fix.TextEdits
		slices.SortStableFunc(edits, func(x, y analysis.TextEdit) int {
			return cmp.Or(cmp.Compare(x.Pos, y.Pos), cmp.Compare(x.End, y.End))
		})
		for i := range edits {
			e := &edits[i]
			if !e.End.IsValid() {
				e.End = e.Pos // an insertion
			}
			f := fset.File(e.Pos)
			switch {
			case f == nil:
				return fmt.Errorf("%q: edit at an unknown position", fix.Message)
			case e.End < e.Pos:
				return fmt.Errorf("%q: edit ends before it starts", fix.Message)
			case fset.File(e.End) != f && int(e.End) != f.Base()+f.Size():
				return fmt.Errorf("%q: edit spans files", fix.Message)
			case i > 0 && e.Pos < edits[i-1].End:
				return fmt.Errorf("%q: overlapping edits at %s", fix.Message, fset.Position(e.Pos))
			}
		}
	}
	return nil
}

// readFileOf returns p's Pass.ReadFile: it reads only the files of the
// package, as in the other drivers.
func readFileOf(p *packages.Package) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		ok := slices.Contains(p.OtherFiles, name) || slices.Contains(p.IgnoredFiles, name) ||
			slices.ContainsFunc(p.Syntax, func(f *ast.File) bool { return p.Fset.File(f.FileStart).Name() == name })
		if !ok {
			return nil, fmt.Errorf("Pass.ReadFile: %s is not a file of package %s", name, p.PkgPath)
		}
		return os.ReadFile(name)
	}
}

// visible returns u's package and the named packages it imports,
// directly or not: the packages whose facts its analysis may see. It is
// computed once per unit.
func visible(u *Unit) []*types.Package {
	if u.visible == nil {
		seen := make(map[*Unit]bool)
		var visit func(u *Unit)
		visit = func(v *Unit) {
			if !seen[v] {
				seen[v] = true
				u.visible = append(u.visible, v.pkg.Types)
				for _, imp := range v.imports {
					visit(imp)
				}
			}
		}
		visit(u)
	}
	return u.visible
}

func analysisModule(m *packages.Module) *analysis.Module {
	if m == nil {
		return &analysis.Module{} // not nil, as for the other drivers
	}
	mod := &analysis.Module{
		Path:      m.Path,
		Version:   m.Version,
		Time:      m.Time,
		Main:      m.Main,
		Indirect:  m.Indirect,
		Dir:       m.Dir,
		GoMod:     m.GoMod,
		GoVersion: m.GoVersion,
	}
	if m.Replace != nil {
		mod.Replace = analysisModule(m.Replace)
	}
	if m.Error != nil {
		mod.Error = &analysis.ModuleError{Err: m.Error.Err}
	}
	return mod
}

// forEachOutcome calls f for each analyzer that ran on each unit: the
// selected analyzers in their order, each over units in dependency
// order, then the analyzers they require (whose errors only matter).
func (r *Runner) forEachOutcome(units []*Unit, f func(u *Unit, a *analysis.Analyzer, out *outcome)) {
	for _, root := range []bool{true, false} {
		for i, a := range r.order {
			if r.roots[a] != root {
				continue
			}
			for _, u := range units {
				f(u, a, &u.outcomes[i])
			}
		}
	}
}
