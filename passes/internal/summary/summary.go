// Package summary computes function summaries: what a function or
// method does with the channels it is given, the channel it returns,
// and the goroutines it starts. The checks use them to follow a
// channel, or an object that owns a goroutine, across a call.
//
// A summary is computed once per package for every function of the
// package (Result.Of), and exported as a fact for the exported ones, so
// that the importing packages see the same summary.
//
// # What a summary says
//
// For each channel parameter (Param): the fewest and the most blocking
// sends on one path (a send in a select with another case or a default
// has a way out and is not counted), the fewest and the most receives,
// whether the function drains the channel (ranges over it to its end),
// whether it can return without receiving through a select case on
// something else that the caller can make fire (a timer, a default,
// the Done of a context parameter, a channel parameter; not a field or
// a global, of which the call tells nothing), whether it closes the
// channel, and whether the channel escapes (stored, passed where the
// summary cannot follow, received from or sent on by a goroutine the
// function starts). The counts include those of the callees the
// channel is passed to, when they have a summary.
//
// For a function that returns a channel (Future): the channel is made
// in the function, fed by one goroutine it starts whose sends have no
// way out, and nobody else sends, receives or keeps it. Its capacity and
// the sends of the goroutine tell whether the goroutine blocks when
// the caller does not receive.
//
// For a method (Start): it starts, on every path (or, for a method
// without results, on some paths: Maybe), a goroutine that
// returns only after receiving from an unexported field channel of its
// receiver, and the only code of the package that closes or sends on
// that channel is in other methods of the type: the stop methods.
// Calling the start method and never a stop method leaks the goroutine.
// Two more facts about methods and functions support that contract:
// a method whose receiver does not escape (Stays), and a function
// whose first result is a new value of its package's type that nothing
// else holds (Fresh).
//
// # Cost
//
// Channel parameters and futures are summarised from the channel-flow
// model (chanflow), which covers the concurrency-relevant files only.
// Start methods come from the go statements of that model; the stop
// methods, Stays and Fresh are looked up for the types that have a
// start method only. The facts are exported for exported functions
// with something to say, and one package fact (Exports) names them so
// that an importing package finds them without looking at every
// object of its imports.
package summary

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
)

// Analyzer computes the *Result of a package. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "summary",
	Doc:        "summarise what functions do with channels and goroutines, for the checks that follow calls",
	URL:        "https://pkg.go.dev/github.com/leakvet/leakvet/passes/internal/summary",
	Requires:   []*analysis.Analyzer{chanflow.Analyzer, lazycfg.Analyzer, scope.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(Fact), new(Exports)},
}

// Counts that are not numbers.
const (
	Unbounded = -1 // repeated by a loop
	Unknown   = -2 // depends on values the summary does not follow
)

// A Summary is what a function or method does across a call. An
// exported function's is exported as a Fact; its zero value says
// nothing.
type Summary struct {
	Params []Param `json:",omitempty"` // channel parameters, by index
	Future *Future `json:",omitempty"` // the channel it returns, if it is a future
	Start  *Start  `json:",omitempty"` // the goroutine it starts, for a start method
	Stays  bool    `json:",omitempty"` // a method whose receiver does not escape
	Fresh  bool    `json:",omitempty"` // a constructor: result 0 is a new value nothing else holds
}

// A Fact is the form in which the Summary of an exported function
// crosses packages: the summary's JSON, without its zero fields. Gob,
// the encoding of facts, sends the description of a struct type and of
// every type in it with each fact: for Summary, Param, Future and
// Start that is ten times the size of what most facts say ("stays").
type Fact struct{ JSON []byte }

// AFact marks Fact as a fact.
func (*Fact) AFact() {}

// factOf returns the Fact of sum.
func factOf(sum *Summary) *Fact {
	data, err := json.Marshal(sum)
	if err != nil {
		panic("internal error: encode summary: " + err.Error())
	}
	return &Fact{JSON: data}
}

// Summary decodes the fact.
func (f *Fact) Summary() *Summary {
	sum := new(Summary)
	if err := json.Unmarshal(f.JSON, sum); err != nil {
		panic("internal error: decode summary: " + err.Error())
	}
	return sum
}

func (f *Fact) String() string { return f.Summary().String() }

// empty reports whether s says nothing.
func (s *Summary) empty() bool {
	return len(s.Params) == 0 && s.Future == nil && s.Start == nil && !s.Stays && !s.Fresh
}

// A Param is the summary of one channel parameter.
type Param struct {
	Index    int    `json:",omitempty"` // among the parameters; the receiver is not counted
	Name     string `json:",omitempty"` // the parameter's name
	MinSend  int    `json:",omitempty"` // fewest blocking sends on a path that returns
	MaxSend  int    `json:",omitempty"` // most blocking sends on one path, or Unbounded or Unknown
	MaxWhen  string `json:",omitempty"` // the condition of the path with the most sends, when it is a plain test of the parameters ("err != nil")
	SendsOut bool   `json:",omitempty"` // some send has a way out
	MinRecv  int    `json:",omitempty"` // fewest receives on a path that returns
	MaxRecv  int    `json:",omitempty"` // most receives on one path, or Unbounded
	Drains   bool   `json:",omitempty"` // ranges over the channel to its end on every path that returns
	NoRecv   string `json:",omitempty"` // a select case through which it can return without receiving ("ctx.Done()", "default"), or ""
	// NoRecvArg is the index of the parameter whose readiness the
	// NoRecv case waits for (ctx of ctx.Done(), a done channel), or -1
	// for a case that needs nothing from the caller (time.After, a
	// timer, a default).
	NoRecvArg int  `json:",omitempty"`
	Closes    bool `json:",omitempty"`
	Escapes   bool `json:",omitempty"` // stored, aliased, returned, passed where the summary cannot follow, or used by a goroutine it starts
}

// Sends reports whether the parameter is only sent on (and perhaps
// closed): a sender, as a goroutine would be.
func (p *Param) Sends() bool {
	return !p.Escapes && p.MaxRecv == 0 && !p.Drains && p.NoRecv == "" && p.MaxSend != 0
}

// Receives reports whether the parameter is only received from: a
// receiver that sends, closes and keeps nothing.
func (p *Param) Receives() bool {
	return !p.Escapes && !p.Closes && p.MaxSend == 0 && !p.SendsOut && (p.MaxRecv != 0 || p.Drains)
}

// A Future is a channel that a function returns, fed by a goroutine it
// starts.
type Future struct {
	Result  int    `json:",omitempty"` // index of the result
	Name    string `json:",omitempty"` // the channel variable in the function
	Cap     int    `json:",omitempty"` // its constant capacity
	MinSend int    `json:",omitempty"` // fewest sends of the goroutine on a path that returns
	MaxSend int    `json:",omitempty"` // most sends, or Unbounded
	// Goroutines counts the goroutines that send (each started once,
	// on every path); the sends are those of all of them.
	Goroutines int `json:",omitempty"`
	// Endless: no goroutine that feeds the future can return (a
	// producer's loop without an exit). With a buffer, sends repeated by
	// a loop fill it only then: a loop that may end may send less.
	Endless bool `json:",omitempty"`

	send ast.Node      // the first blocking send, in this package
	mk   *ast.CallExpr // the make of the channel, in this package
}

// Blocks reports whether the goroutine blocks when nobody receives: it
// sends more values than the buffer holds, or sends in a loop into no
// buffer, or into a buffer from a loop that never ends (a loop that may
// end after fewer values than the buffer holds is not taken to block).
func (f *Future) Blocks() bool {
	if f.MaxSend == Unbounded {
		return f.Cap == 0 || f.Endless
	}
	return f.MaxSend > f.Cap
}

// Send returns the first blocking send of the goroutine, and Make the
// make call of the channel, when the function is of this package (nil
// otherwise).
func (f *Future) Send() ast.Node      { return f.send }
func (f *Future) Make() *ast.CallExpr { return f.mk }

// A Start is the goroutine a start method starts.
type Start struct {
	Field string   `json:",omitempty"` // the field channel it waits on to return
	Stops []string `json:",omitempty"` // the methods that close or send on it, sorted
	Maybe bool     `json:",omitempty"` // started on some paths only (a method with no results)
	Err   bool     `json:",omitempty"` // started on exactly the paths that return a nil error
	New   bool     `json:",omitempty"` // a constructor: it started the goroutine of the value it returns
}

func (s *Summary) String() string {
	var parts []string
	for _, p := range s.Params {
		parts = append(parts, p.String())
	}
	if f := s.Future; f != nil {
		g := ""
		if f.Goroutines > 1 {
			g = fmt.Sprintf(" by %d goroutines", f.Goroutines)
		}
		parts = append(parts, fmt.Sprintf("future(%s#%d cap %d sends %s%s)", f.Name, f.Result, f.Cap, span(f.MinSend, f.MaxSend), g))
	}
	if st := s.Start; st != nil {
		maybe := ""
		if st.Maybe {
			maybe = " maybe"
		}
		if st.Err {
			maybe = " unless error"
		}
		if st.New {
			maybe = " new" + maybe
		}
		parts = append(parts, fmt.Sprintf("start(%s stopped by %s%s)", st.Field, strings.Join(st.Stops, ","), maybe))
	}
	if s.Stays {
		parts = append(parts, "stays")
	}
	if s.Fresh {
		parts = append(parts, "fresh")
	}
	return strings.Join(parts, " ")
}

func (p Param) String() string {
	var attrs []string
	if p.MaxSend != 0 {
		a := "sends " + span(p.MinSend, p.MaxSend)
		if p.MaxWhen != "" {
			a += " when " + p.MaxWhen
		}
		attrs = append(attrs, a)
	}
	if p.SendsOut {
		attrs = append(attrs, "sends-out")
	}
	if p.MaxRecv != 0 {
		attrs = append(attrs, "recvs "+span(p.MinRecv, p.MaxRecv))
	}
	if p.Drains {
		attrs = append(attrs, "drains")
	}
	if p.NoRecv != "" {
		a := "no-recv via " + p.NoRecv
		if p.NoRecvArg >= 0 {
			a += fmt.Sprintf(" (#%d)", p.NoRecvArg)
		}
		attrs = append(attrs, a)
	}
	if p.Closes {
		attrs = append(attrs, "closes")
	}
	if p.Escapes {
		attrs = append(attrs, "escapes")
	}
	return fmt.Sprintf("%s#%d(%s)", p.Name, p.Index, strings.Join(attrs, ","))
}

func count(n int) string {
	switch n {
	case Unbounded:
		return "loop"
	case Unknown:
		return "?"
	}
	return fmt.Sprint(n)
}

func span(lo, hi int) string {
	if lo == hi {
		return count(hi)
	}
	return count(lo) + ".." + count(hi)
}

// Exports is the package fact naming the objects of the package that
// have a Summary fact: "F" for a function, "T.M" for a method.
type Exports struct{ Names []string }

// AFact marks Exports as a fact.
func (*Exports) AFact() {}

func (e *Exports) String() string { return "exports(" + strings.Join(e.Names, " ") + ")" }

// Result holds the summaries of the functions of a package and those
// imported from the packages it imports directly.
type Result struct {
	// Failing lists the constructors of the package that can fail
	// after starting a goroutine.
	Failing []*Failing

	local    map[*types.Func]*Summary
	imported map[*types.Func]*Summary
	flow     *chanflow.Result
}

// Of returns the summary of fn (of a generic instance, its
// declaration's), or nil when nothing is known.
func (r *Result) Of(fn *types.Func) *Summary {
	if fn == nil {
		return nil
	}
	fn = fn.Origin()
	if s, ok := r.local[fn]; ok {
		return s
	}
	return r.imported[fn]
}

// Param returns the summary of parameter i of fn, or nil.
func (r *Result) Param(fn *types.Func, i int) *Param {
	s := r.Of(fn)
	if s == nil {
		return nil
	}
	if fn.Signature().Variadic() && i >= fn.Signature().Params().Len()-1 {
		return nil
	}
	for k := range s.Params {
		if s.Params[k].Index == i {
			return &s.Params[k]
		}
	}
	return nil
}

// Starts returns the start methods known to the package, its own and
// its direct imports', in no particular order.
func (r *Result) Starts() []*types.Func {
	var fns []*types.Func
	for _, m := range []map[*types.Func]*Summary{r.local, r.imported} {
		for fn, s := range m {
			if s != nil && s.Start != nil {
				fns = append(fns, fn)
			}
		}
	}
	return fns
}

// Futures returns the functions known to the package whose result is a
// future that blocks when nobody receives.
func (r *Result) Futures() []*types.Func {
	var fns []*types.Func
	for _, m := range []map[*types.Func]*Summary{r.local, r.imported} {
		for fn, s := range m {
			if s != nil && s.Future != nil && s.Future.Blocks() {
				fns = append(fns, fn)
			}
		}
	}
	return fns
}

// Describe names fn for messages: "F", "T.M", "pkg.F", "pkg.T.M"
// (qualified when fn is not of the package from).
func Describe(fn *types.Func, from *types.Package) string {
	name := fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		if n := NamedOf(recv.Type()); n != nil {
			name = n.Obj().Name() + "." + name
		}
	}
	if fn.Pkg() != nil && fn.Pkg() != from {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// NamedOf returns the named type of t or *t, or nil.
func NamedOf(t types.Type) *types.Named {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	if n != nil {
		n = n.Origin()
	}
	return n
}

func run(pass *analysis.Pass) (any, error) {
	flow := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
	s := &summarizer{
		pass:     pass,
		flow:     flow,
		cfgs:     pass.ResultOf[lazycfg.Analyzer].(*lazycfg.CFGs),
		scope:    pass.ResultOf[scope.Analyzer].(*scope.Result),
		res:      &Result{local: make(map[*types.Func]*Summary), imported: make(map[*types.Func]*Summary), flow: flow},
		visiting: make(map[*types.Func]bool),
	}
	s.importFacts()
	s.chansOf = make(map[*chanflow.Func][]*chanflow.Chan)
	for _, c := range flow.Chans {
		s.chansOf[c.Decl] = append(s.chansOf[c.Decl], c)
	}
	for _, f := range flow.Funcs {
		if f.Obj != nil {
			s.summarize(f)
		}
	}
	s.starts()
	// Drop the empty summaries, export the others of exported objects.
	var names []string
	for fn, sum := range s.res.local {
		if sum == nil || sum.empty() {
			delete(s.res.local, fn)
			continue
		}
		if name, ok := exportedName(fn); ok {
			pass.ExportObjectFact(fn, factOf(sum))
			names = append(names, name)
		}
	}
	if len(names) > 0 {
		slices.Sort(names)
		pass.ExportPackageFact(&Exports{Names: names})
	}
	return s.res, nil
}

// exportedName returns the name of fn in an Exports fact, if fn is
// visible from other packages: an exported function, or an exported
// method of an exported type.
func exportedName(fn *types.Func) (string, bool) {
	if !fn.Exported() {
		return "", false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return fn.Name(), true
	}
	n := NamedOf(recv.Type())
	if n == nil || !n.Obj().Exported() || n.Obj().Parent() != n.Obj().Pkg().Scope() {
		return "", false
	}
	return n.Obj().Name() + "." + fn.Name(), true
}

// importFacts imports the summaries of the functions of the direct
// imports that have one, and of the other functions this package
// passes a channel to.
func (s *summarizer) importFacts() {
	imp := func(fn *types.Func) {
		if _, done := s.res.imported[fn]; done {
			return
		}
		var f Fact
		if s.pass.ImportObjectFact(fn, &f) {
			s.res.imported[fn] = f.Summary() // without the exporter's syntax, which JSON leaves out
		} else {
			s.res.imported[fn] = nil
		}
	}
	for _, pkg := range s.pass.Pkg.Imports() {
		var ex Exports
		if !s.pass.ImportPackageFact(pkg, &ex) {
			continue
		}
		for _, name := range ex.Names {
			if fn := lookup(pkg, name); fn != nil {
				imp(fn)
			}
		}
	}
	for _, c := range s.flow.Chans {
		for _, op := range c.OpsOf(chanflow.Arg) {
			if fn := op.Callee; fn != nil && fn.Pkg() != s.pass.Pkg {
				imp(fn.Origin())
			}
		}
	}
	for fn, sum := range s.res.imported {
		if sum == nil {
			delete(s.res.imported, fn)
		}
	}
}

// lookup finds the function "F" or the method "T.M" of pkg.
func lookup(pkg *types.Package, name string) *types.Func {
	tname, mname, isMethod := strings.Cut(name, ".")
	obj := pkg.Scope().Lookup(tname)
	if !isMethod {
		fn, _ := obj.(*types.Func)
		return fn
	}
	tn, ok := obj.(*types.TypeName)
	if !ok {
		return nil
	}
	n, ok := types.Unalias(tn.Type()).(*types.Named)
	if !ok {
		return nil
	}
	for i := range n.NumMethods() {
		if m := n.Method(i); m.Name() == mname {
			return m
		}
	}
	return nil
}

type summarizer struct {
	pass     *analysis.Pass
	flow     *chanflow.Result
	cfgs     *lazycfg.CFGs
	res      *Result
	visiting map[*types.Func]bool
	chansOf  map[*chanflow.Func][]*chanflow.Chan // the channel variables each function declares
	scope    *scope.Result
	// ctxStop maps the contexts of the start method being examined
	// (a local variable, or a field) to the cancel field that alone
	// can cancel them (cancel.go).
	ctxStop map[types.Object]*types.Var
}

// summarize computes (once) the summary of a declared function of the
// chanflow model: its channel parameters and its future. The start
// methods are found afterwards (starts).
func (s *summarizer) summarize(f *chanflow.Func) *Summary {
	if sum, ok := s.res.local[f.Obj]; ok {
		return sum
	}
	if s.visiting[f.Obj] {
		return nil // recursion: the caller takes the parameter as escaping
	}
	s.visiting[f.Obj] = true
	defer delete(s.visiting, f.Obj)

	sum := new(Summary)
	params := f.Obj.Signature().Params()
	for i := range params.Len() {
		c := s.flow.ParamChan(f, i)
		if c == nil || c.Decl != f {
			continue
		}
		sum.Params = append(sum.Params, s.param(f, c, i))
	}
	sum.Future = s.future(f)
	s.res.local[f.Obj] = sum
	return sum
}

// fileOf returns the file of pass.Files that contains pos, or nil.
func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	i, found := slices.BinarySearchFunc(pass.Files, pos, func(f *ast.File, p token.Pos) int {
		switch {
		case f.FileEnd <= p:
			return -1
		case f.FileStart > p:
			return 1
		}
		return 0
	})
	if found {
		return pass.Files[i]
	}
	for _, f := range pass.Files { // files not in position order
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

// DeclOf returns the declaration of fn, a function or method of the
// package being analysed, found by its position, or nil.
func DeclOf(pass *analysis.Pass, fn *types.Func) *ast.FuncDecl {
	f := fileOf(pass, fn.Pos())
	if f == nil {
		return nil
	}
	i, _ := slices.BinarySearchFunc(f.Decls, fn.Pos(), func(d ast.Decl, p token.Pos) int {
		switch {
		case d.End() <= p:
			return -1
		case d.Pos() > p:
			return 1
		}
		return 0
	})
	if i < len(f.Decls) {
		if d, ok := f.Decls[i].(*ast.FuncDecl); ok && d.Name.Pos() == fn.Pos() {
			return d
		}
	}
	return nil
}
