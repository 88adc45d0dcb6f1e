package main

import (
	"bytes"
	"cmp"
	"encoding/gob"
	"encoding/json"
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
	"sort"
	"strings"
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
type unit struct {
	pkg       *packages.Package
	importers []*unit      // named packages that import pkg
	pending   atomic.Int32 // named imports of pkg not yet analysed
	outcomes  []outcome    // one per analyzer of the plan, in its order
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
type runner struct {
	order      []*analysis.Analyzer // the analyzers to run, each after those it requires
	roots      map[*analysis.Analyzer]bool
	sequential bool
	facts      *factStore
	funcNames  bool // record the function that encloses each finding (for -baseline)
}

func newRunner(analyzers []*analysis.Analyzer, sequential, recodeFacts bool, factLog io.Writer) (*runner, error) {
	if err := analysis.Validate(analyzers); err != nil {
		return nil, err
	}
	r := &runner{
		roots:      make(map[*analysis.Analyzer]bool),
		sequential: sequential,
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

// run analyses pkgs, whose Imports hold only packages among pkgs, and
// returns their units in dependency order (a package after those it
// imports; otherwise in the order of pkgs).
func (r *runner) run(pkgs []*packages.Package) []*unit {
	units := make(map[*packages.Package]*unit, len(pkgs))
	var ordered []*unit
	var visit func(p *packages.Package) *unit
	visit = func(p *packages.Package) *unit {
		if u := units[p]; u != nil {
			return u
		}
		u := &unit{pkg: p, outcomes: make([]outcome, len(r.order))}
		units[p] = u
		for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
			dep := visit(p.Imports[path])
			dep.importers = append(dep.importers, u)
			u.pending.Add(1)
		}
		ordered = append(ordered, u)
		return u
	}
	for _, p := range pkgs {
		visit(p)
	}

	// Each unit becomes ready when the last of its imports is done. The
	// queue holds every unit, so no send blocks, and it is closed once
	// all are done, which ends the workers.
	ready := make(chan *unit, len(ordered))
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

// release drops p's syntax and type information once its analysis is
// done: the packages that import it need only its types.
func release(p *packages.Package) {
	p.Syntax = nil
	p.TypesInfo = nil
}

// analyse runs every analyzer of the plan on u's package. The results
// the analyzers hand to each other are dropped when it returns.
func (r *runner) analyse(u *unit) {
	results := make(map[*analysis.Analyzer]any, len(r.order))
	failed := make(map[*analysis.Analyzer]bool)
	for i, a := range r.order {
		out := &u.outcomes[i]
		if slices.ContainsFunc(a.Requires, func(req *analysis.Analyzer) bool { return failed[req] }) {
			failed[a] = true
			continue
		}
		t0 := time.Now()
		results[a], out.diags, out.err = r.pass(u.pkg, a, results)
		out.duration = time.Since(t0)
		if out.err != nil {
			failed[a] = true
		}
		if r.funcNames {
			for _, d := range out.diags {
				out.funcs = append(out.funcs, enclosingFunc(u.pkg, d.Pos))
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
func (r *runner) pass(p *packages.Package, a *analysis.Analyzer, results map[*analysis.Analyzer]any) (result any, diags []analysis.Diagnostic, err error) {
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
		AllObjectFacts:  func() []analysis.ObjectFact { return r.facts.allObjects(a, visible(p)) },
		AllPackageFacts: func() []analysis.PackageFact { return r.facts.allPackages(a, visible(p)) },
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

// visible returns the set of p and the packages it imports, directly
// or not: the packages whose facts its analysis may see.
func visible(p *packages.Package) map[*types.Package]bool {
	set := make(map[*types.Package]bool)
	for q := range packages.Postorder([]*packages.Package{p}) {
		set[q.Types] = true
	}
	return set
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

// A factStore holds the facts of every package analysed so far. A
// package is analysed after the packages it imports, so their facts are
// complete when it reads them.
type factStore struct {
	mu       sync.RWMutex
	objects  map[objectKey]analysis.Fact
	packages map[packageKey]analysis.Fact
	recode   bool      // -debug=s: pass each fact through gob on import
	log      io.Writer // -debug=f: log each exported fact
}

type objectKey struct {
	obj types.Object
	typ reflect.Type
}

type packageKey struct {
	pkg *types.Package
	typ reflect.Type
}

func (s *factStore) importObject(obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		panic("ImportObjectFact: nil object")
	}
	s.mu.RLock()
	fact, ok := s.objects[objectKey{obj, reflect.TypeOf(ptr)}]
	s.mu.RUnlock()
	return ok && s.copy(ptr, fact)
}

func (s *factStore) importPackage(pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		panic("ImportPackageFact: nil package")
	}
	s.mu.RLock()
	fact, ok := s.packages[packageKey{pkg, reflect.TypeOf(ptr)}]
	s.mu.RUnlock()
	return ok && s.copy(ptr, fact)
}

// copy sets *ptr to the value of fact; with recode, to the value of
// fact once encoded and decoded, as a driver that keeps facts on disk
// would.
func (s *factStore) copy(ptr, fact analysis.Fact) bool {
	if s.recode {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
			panic(fmt.Sprintf("encoding %T fact: %v", fact, err))
		}
		fresh := reflect.New(reflect.TypeOf(fact).Elem()).Interface().(analysis.Fact)
		if err := gob.NewDecoder(&buf).Decode(fresh); err != nil {
			panic(fmt.Sprintf("decoding %T fact: %v", fact, err))
		}
		fact = fresh
	}
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem())
	return true
}

func (s *factStore) exportObject(fset *token.FileSet, obj types.Object, fact analysis.Fact) {
	s.mu.Lock()
	s.objects[objectKey{obj, reflect.TypeOf(fact)}] = fact
	s.mu.Unlock()
	if s.log != nil {
		fmt.Fprintf(s.log, "%s: object %s has fact %s\n",
			fset.Position(obj.Pos()), types.ObjectString(obj, (*types.Package).Name), fact)
	}
}

func (s *factStore) exportPackage(pkg *types.Package, fact analysis.Fact) {
	s.mu.Lock()
	s.packages[packageKey{pkg, reflect.TypeOf(fact)}] = fact
	s.mu.Unlock()
	if s.log != nil {
		fmt.Fprintf(s.log, "package %s has fact %s\n", pkg.Path(), fact)
	}
}

// allObjects returns the object facts of a's types that belong to the
// packages of pkgs.
func (s *factStore) allObjects(a *analysis.Analyzer, pkgs map[*types.Package]bool) []analysis.ObjectFact {
	types := factTypes(a)
	s.mu.RLock()
	defer s.mu.RUnlock()
	var facts []analysis.ObjectFact
	for k, fact := range s.objects {
		if types[k.typ] && pkgs[k.obj.Pkg()] {
			facts = append(facts, analysis.ObjectFact{Object: k.obj, Fact: fact})
		}
	}
	return facts
}

// allPackages returns the package facts of a's types that belong to
// the packages of pkgs.
func (s *factStore) allPackages(a *analysis.Analyzer, pkgs map[*types.Package]bool) []analysis.PackageFact {
	types := factTypes(a)
	s.mu.RLock()
	defer s.mu.RUnlock()
	var facts []analysis.PackageFact
	for k, fact := range s.packages {
		if types[k.typ] && pkgs[k.pkg] {
			facts = append(facts, analysis.PackageFact{Package: k.pkg, Fact: fact})
		}
	}
	return facts
}

func factTypes(a *analysis.Analyzer) map[reflect.Type]bool {
	set := make(map[reflect.Type]bool, len(a.FactTypes))
	for _, f := range a.FactTypes {
		set[reflect.TypeOf(f)] = true
	}
	return set
}

// forEachOutcome calls f for each analyzer that ran on each unit: the
// selected analyzers in their order, each over units in dependency
// order, then the analyzers they require (whose errors only matter).
func (r *runner) forEachOutcome(units []*unit, f func(u *unit, a *analysis.Analyzer, out *outcome)) {
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

// A finding is a diagnostic of a selected analyzer on a unit.
type finding struct {
	unit  *unit
	check *analysis.Analyzer
	diag  analysis.Diagnostic
	fn    string // the enclosing function, with runner.funcNames
}

// findingKey identifies a finding across the units of a file: a file
// that belongs to a package and to its test variant is analysed twice.
type findingKey struct {
	pos, end token.Position
	check    *analysis.Analyzer
	msg      string
}

func (f *finding) key() findingKey {
	fset := f.unit.pkg.Fset
	return findingKey{fset.Position(f.diag.Pos), fset.Position(f.diag.End), f.check, f.diag.Message}
}

// findings returns the findings of the selected analyzers, each once.
func (r *runner) findings(units []*unit) []*finding {
	seen := make(map[findingKey]bool)
	var list []*finding
	r.forEachOutcome(units, func(u *unit, a *analysis.Analyzer, out *outcome) {
		if out.err != nil || !r.roots[a] {
			return
		}
		for i, d := range out.diags {
			f := &finding{unit: u, check: a, diag: d}
			if i < len(out.funcs) {
				f.fn = out.funcs[i]
			}
			if k := f.key(); !seen[k] {
				seen[k] = true
				list = append(list, f)
			}
		}
	})
	slices.SortStableFunc(list, func(x, y *finding) int {
		px, py := x.unit.pkg.Fset.Position(x.diag.Pos), y.unit.pkg.Fset.Position(y.diag.Pos)
		return cmp.Or(cmp.Compare(px.Filename, py.Filename), cmp.Compare(px.Line, py.Line), cmp.Compare(px.Column, py.Column))
	})
	return list
}

// failures returns the number of analyses that failed.
func (r *runner) failures(units []*unit) int {
	n := 0
	r.forEachOutcome(units, func(u *unit, a *analysis.Analyzer, out *outcome) {
		if out.err != nil {
			n++
		}
	})
	return n
}

// printText prints the errors of the analyses and the findings found
// to w; if contextLines is not negative, each finding is followed by
// its source line and that many lines around it. A finding's message
// ends with the name of its check.
func (r *runner) printText(w io.Writer, units []*unit, found []*finding, contextLines int) error {
	var buf bytes.Buffer
	r.forEachOutcome(units, func(u *unit, a *analysis.Analyzer, out *outcome) {
		if out.err != nil {
			fmt.Fprintf(&buf, "%s: analysis of %s failed: %v\n", a.Name, u.pkg.ID, out.err)
		}
	})
	for _, f := range found {
		fset, d := f.unit.pkg.Fset, f.diag
		printPlain(&buf, fset, contextLines, d.Pos, d.End, withCheck(d.Message, f.check.Name))
		for _, rel := range d.Related {
			printPlain(&buf, fset, contextLines, rel.Pos, rel.End, "\t"+rel.Message)
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// printPlain prints "posn: message", then, if contextLines is not
// negative, the lines from pos to end with that many lines around.
func printPlain(w io.Writer, fset *token.FileSet, contextLines int, pos, end token.Pos, msg string) {
	posn := fset.Position(pos)
	fmt.Fprintf(w, "%s: %s\n", shortPosn(posn.String()), msg)
	if contextLines < 0 {
		return
	}
	endPosn := fset.Position(end)
	if !endPosn.IsValid() {
		endPosn = posn
	}
	data, _ := os.ReadFile(posn.Filename)
	lines := strings.Split(string(data), "\n")
	for i := posn.Line - contextLines; i <= endPosn.Line+contextLines; i++ {
		if 1 <= i && i <= len(lines) {
			fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
		}
	}
}

// The -json output: for each package ID, for each analyzer name, either
// the findings (jsonDiagnostic) or {"error": message}. It is the schema
// of the other go/analysis drivers (x/tools'
// internal/analysis/driverutil.JSONTree); runSARIF reads it back.
type (
	jsonDiagnostic struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated `json:"related,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Err string `json:"error"`
	}
)

// printJSON prints the -json tree of the errors of all analyses and of
// the findings of the selected analyzers that are among found (all of
// them in each package whose files they are in) to w.
func (r *runner) printJSON(w io.Writer, units []*unit, found []*finding) error {
	keep := make(map[findingKey]bool, len(found))
	for _, f := range found {
		keep[f.key()] = true
	}
	tree := make(map[string]map[string]any)
	add := func(id, name string, v any) {
		if tree[id] == nil {
			tree[id] = make(map[string]any)
		}
		tree[id][name] = v
	}
	r.forEachOutcome(units, func(u *unit, a *analysis.Analyzer, out *outcome) {
		fset := u.pkg.Fset
		posn := func(pos, end token.Pos) (string, string) {
			return fset.Position(pos).String(), fset.Position(cmp.Or(end, pos)).String()
		}
		switch {
		case out.err != nil:
			add(u.pkg.ID, a.Name, jsonError{out.err.Error()})
		case r.roots[a] && len(out.diags) > 0:
			list := make([]jsonDiagnostic, 0, len(out.diags))
			for _, d := range out.diags {
				if f := (finding{unit: u, check: a, diag: d}); !keep[f.key()] {
					continue
				}
				jd := jsonDiagnostic{Category: d.Category, Message: d.Message}
				jd.Posn, jd.End = posn(d.Pos, d.End)
				for _, fix := range d.SuggestedFixes {
					jf := jsonFix{Message: fix.Message}
					for _, e := range fix.TextEdits {
						start, end := fset.Position(e.Pos), fset.Position(e.End)
						jf.Edits = append(jf.Edits, jsonEdit{start.Filename, start.Offset, end.Offset, string(e.NewText)})
					}
					jd.SuggestedFixes = append(jd.SuggestedFixes, jf)
				}
				for _, rel := range d.Related {
					jr := jsonRelated{Message: rel.Message}
					jr.Posn, jr.End = posn(rel.Pos, rel.End)
					jd.Related = append(jd.Related, jr)
				}
				list = append(list, jd)
			}
			if len(list) > 0 {
				add(u.pkg.ID, a.Name, list)
			}
		}
	})
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// printTimes prints, for -debug=t, the analyses (analyzer@package) that
// make up 90% of the total time, slowest first.
func (r *runner) printTimes(w io.Writer, units []*unit) {
	if !r.sequential {
		fmt.Fprintln(w, "Warning: times are mostly GC/scheduler noise; use -debug=tp to disable parallelism")
	}
	type timed struct {
		d    time.Duration
		name string
	}
	var list []timed
	var total time.Duration
	r.forEachOutcome(units, func(u *unit, a *analysis.Analyzer, out *outcome) {
		list = append(list, timed{out.duration, a.Name + "@" + u.pkg.ID})
		total += out.duration
	})
	sort.SliceStable(list, func(i, j int) bool { return list[i].d > list[j].d })
	var sum time.Duration
	for _, t := range list {
		fmt.Fprintf(w, "%s\t%s\n", t.d, t.name)
		sum += t.d
		if sum >= total*9/10 {
			break
		}
	}
	if total > sum {
		fmt.Fprintf(w, "%s\tall others\n", total-sum)
	}
}
