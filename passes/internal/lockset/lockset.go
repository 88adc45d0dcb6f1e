// Package lockset is the lock-set model of leakvet: for the functions
// of a package that lock a sync.Mutex or sync.RWMutex, which mutexes
// are held, for reading or writing, at each point that matters (every
// acquisition, every exit, every path to the next iteration of a loop),
// and a summary of each function for its callers.
//
// # Identity of a mutex
//
// A mutex is named by a path: a variable (local, parameter, receiver
// or package-level) followed by zero or more field selections, as in
// mu, s.mu, s.shard.mu, or s alone when s embeds the mutex and the code
// calls s.Lock(). Pointer indirections do not matter (p.mu and
// (*p).mu are the same path). A mutex reached any other way (an element
// of a slice or map, the result of a call, a type assertion) is outside
// the model: its calls are ignored.
//
// A path ending in a field also has a class: the named struct type
// that declares the field, and the field (the same for every value of
// that type); a package-level mutex is its own class. Classes identify
// the locks across functions for the lock-order rule.
//
// # The walk
//
// Each function is interpreted over its syntax, statement by
// statement, with a state mapping each mutex to what the paths reaching
// the point hold: not held, held for writing, held for reading, or a
// mix of these when paths merge (an if without else that locks, say).
// Branches are walked separately and merged; loops are walked until
// their state at the loop head is stable; break, continue, fallthrough
// and labels are followed; a call that never returns (lazycfg) ends the
// path. A function with a goto is not modelled.
//
// "defer mu.Unlock()", and a deferred function literal or function of
// the package that unlocks, mark the mutex as released at every exit
// after that point.
//
// The walk records, with the locks held for certain there: every
// acquisition (a lock call, or a call of a function that locks), every
// exit, every path to the next iteration of a loop, and every channel
// operation (send, receive, range step, select case) and call of
// sync.WaitGroup.Wait or sync.Cond.Wait. An assignment to a variable
// or field makes what the mutexes under it held unknown (another value
// may be there now). Each lock also records whether one of its unlocks
// (direct, deferred or through a call) may release a hold that the
// function did not take with a lock call of its own on every path to
// it (Lock.Foreign): a hold handed in, or taken through a lock helper.
//
// A mutex is outside the model in a function that uses it in any other
// way than calling its methods or passing its address to a function of
// the package: a method value (f := mu.Unlock), its address stored, a
// function literal (a goroutine, a callback) that locks or unlocks it.
// TryLock makes the state of the mutex unknown on both branches.
//
// # Summaries
//
// Each function of the package that the model needs is summarised, in
// terms of its receiver, its parameters and package-level variables:
//
//   - Acquires: the mutexes it locks, directly or through its calls,
//     at a point every call reaches (a statement of the top level of its
//     body), and does not hold at return;
//   - Releases: the mutexes it unlocks without having locked them (it
//     is handed a held lock);
//   - Holds: the mutexes it holds at every return (a lock helper);
//   - Blocks (in the package only, see Block): the channel and
//     WaitGroup fields under its receiver and parameters on which it
//     may block (a send, a receive, a range step, wg.Wait; not a case
//     of a select with other cases, not in a function literal),
//     directly or through its calls, and the channel and WaitGroup
//     parameters it uses only that way; none for a function with
//     Releases (it may block after releasing).
//
// A call records the Blocks of its callee as operations of the caller
// (ChanOp.Via), with the locks the caller holds at the call.
//
// A call applies the summary of its callee, with the callee's receiver
// and parameters replaced by the caller's paths. Exported functions
// and methods export their summary as a *Fact, so that callers in other
// packages see it too.
package lockset

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
)

// Analyzer computes the *Result of a package and exports a *Fact for
// each exported function or method with a non-empty summary. It
// reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "lockset",
	Doc:        "model the mutexes held at each point of the functions that lock",
	URL:        "https://pkg.go.dev/github.com/leakvet/leakvet/passes/internal/lockset",
	Requires:   []*analysis.Analyzer{scope.Analyzer, lazycfg.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(Fact)},
}

// Result is the lock-set model of a package.
type Result struct {
	// Funcs are the functions (declarations and literals) that call a
	// lock method of a mutex of the model, in source order.
	Funcs []*Func

	model *model
}

// Mode is a set of the ways the paths reaching a point hold a mutex.
type Mode uint8

const (
	Free  Mode = 1 << iota // some path does not hold it
	Write                  // some path holds it for writing
	Read                   // some path holds it for reading
)

// Held reports whether every path holds the mutex, in some mode.
func (m Mode) Held() bool { return m != 0 && m&Free == 0 }

func (m Mode) String() string {
	var parts []string
	for i, n := range []string{"free", "write", "read"} {
		if m&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, "|")
}

// Key identifies a mutex within one function: a variable and a field
// path ("mu", "shard.mu", "" for the variable itself). A package-level
// variable of another package has a nil Root and its qualified name
// at the head of Path.
type Key struct {
	Root types.Object
	Path string
}

// A Lock is one mutex of one function.
type Lock struct {
	Key   Key
	Name  string // as written at its first lock call: "s.mu"
	Class string // "(pkg.T).mu", "pkg.mu", or "" for a local mutex
	RW    bool   // a sync.RWMutex

	Escapes  bool        // used outside the model in this function
	Try      bool        // TryLock or TryRLock used
	Unlocks  []token.Pos // unlock calls, direct or through a call, not deferred
	Deferred bool        // a deferred unlock exists

	// Foreign: an unlock (direct, deferred, or through a call) may
	// release a hold that this function did not take with its own lock
	// call: one handed in by its caller, or taken through a call of a
	// function that returns holding it (a lock helper), or a hold of
	// some paths only.
	Foreign bool
}

// Func is the model of one function.
type Func struct {
	Node ast.Node // *ast.FuncDecl or *ast.FuncLit
	Obj  *types.Func
	Body *ast.BlockStmt
	Name string // for messages: "Store.Get", "f", "a function literal"

	Locks map[Key]*Lock
	// Acquires lists each acquisition, in source order.
	Acquires []*Acquire
	// Exits lists each reachable return (and the end of the body),
	// in source order, with what is held there.
	Exits []*Point
	// Iters lists, per loop, each path to the next iteration (a
	// continue, the end of the body), in source order.
	Iters []*Point

	// Ops lists the channel operations of the function (sends,
	// receives, range steps, select cases), in source order, with the
	// locks held for certain there.
	Ops []*ChanOp

	Skipped bool // a goto: not modelled

	handed map[Key]bool // unlocked on a path that did not lock them
}

// A Point is a place where the state matters: an exit or a path to the
// next iteration of a loop.
type Point struct {
	Pos, End token.Pos
	Ret      *ast.ReturnStmt   // the return, or nil at the end of the body
	Loop     ast.Stmt          // for Iters: the loop
	Cont     *ast.BranchStmt   // for Iters: the continue, or nil at the end of the body
	Held     map[Key]Mode      // the state of the function's locks (absent: Free)
	At       map[Key]token.Pos // where the held locks were acquired
	Deferred map[Key]bool      // locks with a deferred unlock on some path to here
}

// A ChanOp is a channel operation.
type ChanOp struct {
	Node   ast.Node          // *ast.SendStmt, *ast.UnaryExpr (<-ch) or *ast.RangeStmt
	Chan   ast.Expr          // the channel operand
	Send   bool              // a send; else a receive or a range step
	Wait   bool              // a call of sync.WaitGroup's Wait: Node is the call, Chan the WaitGroup
	Cond   bool              // a call of sync.Cond's Wait: Node is the call, Chan the Cond
	Select *ast.SelectStmt   // the select whose case it is, or nil
	Held   map[Key]Mode      // the locks held for certain there
	HeldAt map[Key]token.Pos // where each was acquired

	// Key names the channel or WaitGroup, if it is a path (HasKey).
	Key    Key
	HasKey bool

	// An operation through a call: Node is the call, Chan nil, and
	// Via the chain of functions of the package that leads to the
	// operation (see Summary.Blocks).
	Via   []*types.Func
	Calls []token.Pos // Via[i] calls Via[i+1] at Calls[i]
	Site  token.Pos   // the operation itself, in the last function of Via
	Field *types.Var  // the channel or WaitGroup field
	Owner Key         // the value whose field it is
	Name  string      // the channel or WaitGroup as this function names it: "s.events"
}

// An Acquire is a lock call, or a call of a function that locks.
type Acquire struct {
	Lock     *Lock
	Call     *ast.CallExpr
	Mode     Mode              // Write or Read
	Before   Mode              // the state of Lock just before
	BeforeAt token.Pos         // where it was acquired, if held before
	Via      []*types.Func     // the chain of calls that locks, nil for a direct call
	Calls    []token.Pos       // Via[i] calls Via[i+1] at Calls[i] (for functions of the package)
	Site     token.Pos         // the lock call itself (in the last function of Via)
	Held     map[Key]Mode      // the other locks held for certain just before
	HeldAt   map[Key]token.Pos // where each of those was acquired
	Try      bool              // TryLock
	Released bool              // the acquisition releases again at once (through a call)
}

func run(pass *analysis.Pass) (any, error) {
	sc := pass.ResultOf[scope.Analyzer].(*scope.Result)
	cfgs := pass.ResultOf[lazycfg.Analyzer].(*lazycfg.CFGs)
	// The functions walked: those that call a lock method, and those
	// that call, by name, a lock helper of the package (a function that
	// locks without unlocking, or the converse) or of another package
	// (its fact says it holds or releases a mutex).
	names := maps.Clone(lockNames)
	for _, d := range sc.LockDecls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && isHelper(fd.Body) {
			names[fd.Name.Name] = true
		}
	}
	for _, of := range pass.AllObjectFacts() {
		if f, ok := of.Fact.(*Fact); ok && (len(f.Holds) > 0 || len(f.Releases) > 0) && of.Object.Pkg() != pass.Pkg {
			names[of.Object.Name()] = true // a lock helper of another package
		}
	}
	// A function that both locks and unlocks can still return holding
	// a mutex on every path (it leaves a loop from inside the critical
	// section each iteration closes) or release one it was handed: its
	// summary says so once it is walked, and its callers must be walked
	// too. Each round adds the names of such functions and walks again;
	// in most packages there are none, and one round is all.
	// The calls by name of each declaration walked, found once for
	// every round: those of the lock methods, of the helpers known so
	// far, and of the package's functions, the helpers a round can add.
	cands := maps.Clone(names)
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				cands[fd.Name.Name] = true
			}
		}
	}
	calls := &callIndex{names: cands, decls: make(map[ast.Decl]*declCalls)}
	var m *model
	var decls []ast.Decl
	for round := 0; ; round++ {
		m, decls = plan(pass, sc, cfgs, calls, names)
		if round == 3 {
			break
		}
		more := false
		for _, d := range decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || names[fd.Name.Name] {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok || !m.lockFuncs[fn] {
				continue
			}
			if s := m.summary(fn); s != nil && (len(s.Holds) > 0 || len(s.Releases) > 0) {
				names[fd.Name.Name] = true
				more = true
			}
		}
		if !more {
			break
		}
	}
	res := &Result{model: m}
	for _, d := range decls {
		res.Funcs = append(res.Funcs, m.decl(d)...)
	}
	for _, f := range res.Funcs {
		if f.Obj == nil || !f.Obj.Exported() {
			continue
		}
		if s := m.summary(f.Obj); s != nil && !s.empty() {
			fact := Fact(*s)
			pass.ExportObjectFact(f.Obj, &fact)
		}
	}
	return res, nil
}

// plan returns a model of the package that knows the lock methods and
// helpers of names, and the top-level declarations it walks: those of
// scope's LockDecls and, when names has helpers, those that call one.
func plan(pass *analysis.Pass, sc *scope.Result, cfgs *lazycfg.CFGs, calls *callIndex, names map[string]bool) (*model, []ast.Decl) {
	m := newModel(pass.Pkg, pass.TypesInfo, pass.Files, cfgs)
	m.calls = calls
	m.importFact = func(fn *types.Func) *Fact {
		f := new(Fact)
		if pass.ImportObjectFact(fn, f) {
			return f
		}
		return nil
	}
	decls := sc.LockDecls
	if len(names) > len(lockNames) {
		inLock := make(map[ast.Decl]bool)
		for _, d := range sc.LockDecls {
			inLock[d] = true
		}
		using := calls.using(pass, names)
		decls = nil
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if inLock[d] || using[d] && calls.of(d).any(nil, names) {
					decls = append(decls, d)
				}
			}
		}
	}
	m.names = maps.Clone(names)
	for _, d := range decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && calls.of(d).any(fd, names) {
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				m.lockFuncs[fn] = true
			}
		}
	}
	return m, decls
}

// model holds what the analysis of one package shares between
// functions.
type model struct {
	pkg        *types.Package
	info       *types.Info
	cfgs       *lazycfg.CFGs
	importFact func(*types.Func) *Fact

	mu        sync.Mutex // guards the lazy building after run
	decls     map[*types.Func]*ast.FuncDecl
	lockFuncs map[*types.Func]bool // functions with lock calls
	names     map[string]bool      // the lock methods and the lock helpers of the package
	calls     *callIndex
	funcs     map[ast.Node]*Func        // analysed functions
	litDecl   map[*ast.FuncLit]ast.Decl // the declaration around each literal modelled
	sums      map[*types.Func]*Summary  // summaries of functions of the package
	inProg    map[*types.Func]bool
	facts     map[*types.Func]*Fact
	blocky    map[*types.Func]bool    // see mayBlock
	blockSums map[*types.Func][]Block // the Blocks of the functions summarised
}

func newModel(pkg *types.Package, info *types.Info, files []*ast.File, cfgs *lazycfg.CFGs) *model {
	m := &model{
		pkg:       pkg,
		info:      info,
		cfgs:      cfgs,
		decls:     make(map[*types.Func]*ast.FuncDecl),
		lockFuncs: make(map[*types.Func]bool),
		funcs:     make(map[ast.Node]*Func),
		litDecl:   make(map[*ast.FuncLit]ast.Decl),
		sums:      make(map[*types.Func]*Summary),
		inProg:    make(map[*types.Func]bool),
		facts:     make(map[*types.Func]*Fact),
	}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
					m.decls[fn] = fd
				}
			}
		}
	}
	return m
}

// decl models the functions of the top-level declaration d that call
// lock methods: d itself if it is a function, and the function
// literals in it.
func (m *model) decl(d ast.Decl) []*Func {
	var out []*Func
	dc := m.calls.of(d)
	if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && dc.any(fd, m.names) {
		out = append(out, m.funcOf(fd))
	}
	for _, lit := range dc.lits {
		m.litDecl[lit] = d
	}
	for _, lit := range dc.lits {
		if dc.any(lit, m.names) {
			out = append(out, m.funcOf(lit))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Node.Pos() < out[j].Node.Pos() })
	return out
}

// lockNames are the names of the lock methods of sync.Mutex and
// sync.RWMutex.
var lockNames = map[string]bool{"Lock": true, "RLock": true, "Unlock": true, "RUnlock": true, "TryLock": true, "TryRLock": true}

// A callIndex holds the calls by name of the top-level declarations
// of a package, found on first use: one walk of each declaration
// serves every round of planning and every function modelled.
type callIndex struct {
	names map[string]bool // the names recorded; calls of others are left out
	decls map[ast.Decl]*declCalls

	sorted []ast.Decl   // with uses: the declarations of the package, in order
	uses   []*ast.Ident // the identifiers the type information resolves whose names are in names
}

// declCalls are the calls of one top-level declaration whose names
// the index records, and its function literals, in the order of
// ast.Inspect.
type declCalls struct {
	calls []namedCall
	lits  []*ast.FuncLit
}

// A namedCall is a call of a function or method by name (f(), x.f()),
// in the function fn (the *ast.FuncDecl or *ast.FuncLit that encloses
// it most closely).
type namedCall struct {
	fn   ast.Node
	name string
}

// using returns the top-level declarations that refer to a name of
// names (a superset of those that call one): found from the type
// information's uses, without walking the syntax of the others.
func (ix *callIndex) using(pass *analysis.Pass, names map[string]bool) map[ast.Decl]bool {
	if ix.sorted == nil {
		for _, f := range pass.Files {
			ix.sorted = append(ix.sorted, f.Decls...)
		}
		sort.Slice(ix.sorted, func(i, j int) bool { return ix.sorted[i].Pos() < ix.sorted[j].Pos() })
		for id := range pass.TypesInfo.Uses {
			if ix.names[id.Name] {
				ix.uses = append(ix.uses, id)
			}
		}
	}
	using := make(map[ast.Decl]bool)
	for _, id := range ix.uses {
		if !names[id.Name] {
			continue
		}
		i := sort.Search(len(ix.sorted), func(i int) bool { return ix.sorted[i].End() > id.Pos() })
		if i < len(ix.sorted) && ix.sorted[i].Pos() <= id.Pos() {
			using[ix.sorted[i]] = true
		}
	}
	return using
}

// of returns the calls of d.
func (ix *callIndex) of(d ast.Decl) *declCalls {
	if dc, ok := ix.decls[d]; ok {
		return dc
	}
	dc := new(declCalls)
	var walk func(root, fn ast.Node)
	walk = func(root, fn ast.Node) {
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				if n != root {
					dc.lits = append(dc.lits, n)
					walk(n, n)
					return false
				}
			case *ast.CallExpr:
				var name string
				switch f := ast.Unparen(n.Fun).(type) {
				case *ast.SelectorExpr:
					name = f.Sel.Name
				case *ast.Ident:
					name = f.Name
				}
				if ix.names[name] {
					dc.calls = append(dc.calls, namedCall{fn, name})
				}
			}
			return true
		})
	}
	var top ast.Node // the function around the calls outside literals: none in a var declaration
	if fd, ok := d.(*ast.FuncDecl); ok {
		top = fd
	}
	walk(d, top)
	ix.decls[d] = dc
	return dc
}

// any reports whether one of the calls has a name of names: with fn,
// one made by fn itself (not by a literal in it).
func (dc *declCalls) any(fn ast.Node, names map[string]bool) bool {
	for _, c := range dc.calls {
		if (fn == nil || c.fn == fn) && names[c.name] {
			return true
		}
	}
	return false
}

// isHelper reports whether body calls lock methods named Lock or
// RLock but none named Unlock or RUnlock, or the converse: a helper
// that returns holding a lock or releases one its caller holds.
func isHelper(body *ast.BlockStmt) bool {
	var locks, unlocks bool
	ast.Inspect(body, func(x ast.Node) bool {
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		if call, ok := x.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				switch sel.Sel.Name {
				case "Lock", "RLock":
					locks = true
				case "Unlock", "RUnlock":
					unlocks = true
				}
			}
		}
		return true
	})
	return locks != unlocks
}

// funcOf returns the model of the function node n, built once.
func (m *model) funcOf(n ast.Node) *Func {
	if f, ok := m.funcs[n]; ok {
		return f
	}
	f := &Func{Node: n, Locks: make(map[Key]*Lock)}
	switch n := n.(type) {
	case *ast.FuncDecl:
		f.Body = n.Body
		f.Obj, _ = m.info.Defs[n.Name].(*types.Func)
		f.Name = n.Name.Name
		if n.Recv != nil && len(n.Recv.List) == 1 {
			if r := recvTypeName(n.Recv.List[0].Type); r != "" {
				f.Name = r + "." + f.Name
			}
		}
	case *ast.FuncLit:
		f.Body = n.Body
		f.Name = "a function literal"
	}
	m.funcs[n] = f
	w := &walker{m: m, f: f}
	w.run()
	return f
}

// recvTypeName returns the name of the receiver type expression t.
func recvTypeName(t ast.Expr) string {
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// FuncOf returns the model of a function of the package with a body,
// building it if needed (for functions without lock calls, it has no
// locks). It returns nil for a function without a declaration here.
func (r *Result) FuncOf(fn *types.Func) *Func {
	r.model.mu.Lock()
	defer r.model.mu.Unlock()
	d := r.model.decls[fn.Origin()]
	if d == nil {
		return nil
	}
	return r.model.funcOf(d)
}

// Model returns the model of the function node n (a *ast.FuncDecl
// with a body or a *ast.FuncLit of the package), building it if needed.
func (r *Result) Model(n ast.Node) *Func {
	r.model.mu.Lock()
	defer r.model.mu.Unlock()
	switch n := n.(type) {
	case *ast.FuncDecl:
		if n.Body == nil {
			return nil
		}
	case *ast.FuncLit:
		if _, ok := r.model.litDecl[n]; !ok {
			// The declaration around it, for prescanCaptured.
			for _, d := range r.model.decls {
				if d.Pos() <= n.Pos() && n.End() <= d.End() {
					r.model.litDecl[n] = d
					break
				}
			}
		}
	}
	return r.model.funcOf(n)
}

// Blocks returns the blocking operations of fn, a function of the
// package, on channel and WaitGroup fields and parameters (see Block).
func (r *Result) Blocks(fn *types.Func) []Block {
	r.model.mu.Lock()
	defer r.model.mu.Unlock()
	fn = fn.Origin()
	if fn.Pkg() != r.model.pkg || r.model.summary(fn) == nil {
		return nil
	}
	return r.model.blockSums[fn]
}

// Summary returns the summary of fn, of this package or, through its
// fact, of another; nil if nothing is known.
func (r *Result) Summary(fn *types.Func) *Summary {
	r.model.mu.Lock()
	defer r.model.mu.Unlock()
	return r.model.summary(fn)
}

// lockMethod returns the name of the sync.Mutex or sync.RWMutex method
// that call calls, the receiver expression (with the implicit
// embedded fields appended as names), and whether the mutex is an
// RWMutex; "" if call is not such a call.
func (m *model) lockMethod(call *ast.CallExpr) (name string, recv ast.Expr, implicit []string, rw bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", nil, nil, false
	}
	s := m.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return "", nil, nil, false
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return "", nil, nil, false
	}
	t, ok := syncType(fn)
	if !ok {
		return "", nil, nil, false
	}
	switch fn.Name() {
	case "Lock", "Unlock", "RLock", "RUnlock", "TryLock", "TryRLock":
	default:
		return "", nil, nil, false
	}
	implicit = implicitFields(s.Recv(), s.Index())
	return fn.Name(), sel.X, implicit, t == "RWMutex"
}

// syncType returns "Mutex" or "RWMutex" if fn is a method of that type
// of the package sync.
func syncType(fn *types.Func) (string, bool) {
	recv := fn.Signature().Recv()
	if recv == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return "", false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return "", false
	}
	switch n.Obj().Name() {
	case "Mutex", "RWMutex":
		return n.Obj().Name(), true
	}
	return "", false
}

// implicitFields returns the names of the embedded fields that a
// selection with index path idx walks through from a value of type t
// before reaching its method (all of idx but the last).
func implicitFields(t types.Type, idx []int) []string {
	var names []string
	for _, i := range idx[:len(idx)-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return nil
		}
		f := st.Field(i)
		names = append(names, f.Name())
		t = f.Type()
	}
	return names
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// path returns the variable and field path of e, a chain of field
// selections from a variable, with pointer indirections, parentheses
// and one address-of allowed; ok is false for any other expression.
func (m *model) path(e ast.Expr) (root types.Object, fields []string, ok bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := m.info.Uses[e].(*types.Var)
		if !ok {
			v, ok = m.info.Defs[e].(*types.Var)
		}
		if !ok || v.IsField() {
			return nil, nil, false
		}
		return v, nil, true
	case *ast.StarExpr:
		return m.path(e.X)
	case *ast.UnaryExpr:
		if e.Op != token.AND {
			return nil, nil, false
		}
		return m.path(e.X)
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			if _, ok := m.info.Uses[id].(*types.PkgName); ok {
				v, ok := m.info.Uses[e.Sel].(*types.Var)
				if !ok {
					return nil, nil, false
				}
				return v, nil, true // a package-level variable of another package
			}
		}
		s := m.info.Selections[e]
		if s == nil || s.Kind() != types.FieldVal {
			return nil, nil, false
		}
		root, fields, ok := m.path(e.X)
		if !ok {
			return nil, nil, false
		}
		fields = append(fields, implicitFields(s.Recv(), s.Index())...)
		fields = append(fields, e.Sel.Name)
		return root, fields, true
	}
	return nil, nil, false
}

// keyOf returns the key of a path.
func (m *model) keyOf(root types.Object, fields []string) Key {
	if isGlobal(root) && root.Pkg() != m.pkg {
		return Key{Path: strings.Join(append([]string{root.Pkg().Path() + "." + root.Name()}, fields...), ".")}
	}
	return Key{Root: root, Path: strings.Join(fields, ".")}
}

// isGlobal reports whether obj is a package-level variable.
func isGlobal(obj types.Object) bool {
	return obj != nil && obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope()
}

// classOf returns the class of the mutex at root.fields: the named
// struct type declaring the last field and the field, or the
// package-level variable; "" for a local mutex in no named type.
func (m *model) classOf(root types.Object, fields []string) string {
	if len(fields) == 0 {
		if isGlobal(root) {
			return root.Pkg().Path() + "." + root.Name()
		}
		return ""
	}
	t := root.Type()
	var owner types.Type
	owners := make([]types.Type, len(fields)) // the struct type each field is selected from
	embedded := make([]bool, len(fields))
	for k, name := range fields {
		owner = deref(t)
		owners[k] = owner
		st, ok := owner.Underlying().(*types.Struct)
		if !ok {
			return ""
		}
		var next types.Type
		for i := range st.NumFields() {
			if st.Field(i).Name() == name {
				next = st.Field(i).Type()
				embedded[k] = st.Field(i).Anonymous()
				break
			}
		}
		if next == nil {
			return ""
		}
		t = next
	}
	// A mutex promoted through embedded structs (connScope embeds
	// scope, which embeds sync.Mutex) is the lock of the outermost
	// named type that embeds it along the path: two types that embed
	// the same base are never the same object, so their locks are
	// classes of their own.
	last := len(fields) - 1
	if embedded[last] {
		k := last
		for k > 0 && embedded[k-1] {
			if _, named := types.Unalias(owners[k-1]).(*types.Named); !named {
				break
			}
			k--
		}
		if k < last {
			if n, ok := types.Unalias(owners[k]).(*types.Named); ok {
				obj := n.Origin().Obj()
				pkg := ""
				if obj.Pkg() != nil {
					pkg = obj.Pkg().Path() + "."
				}
				return "(" + pkg + obj.Name() + ")." + strings.Join(fields[k:], ".")
			}
		}
	}
	n, ok := types.Unalias(owner).(*types.Named)
	if !ok {
		if isGlobal(root) {
			return root.Pkg().Path() + "." + root.Name() + "." + strings.Join(fields, ".")
		}
		return ""
	}
	obj := n.Origin().Obj()
	pkg := ""
	if obj.Pkg() != nil {
		pkg = obj.Pkg().Path() + "."
	}
	return "(" + pkg + obj.Name() + ")." + fields[len(fields)-1]
}

// Built returns the model of the function node n (a *ast.FuncDecl or
// *ast.FuncLit) if it was built, or nil.
func (r *Result) Built(n ast.Node) *Func {
	r.model.mu.Lock()
	defer r.model.mu.Unlock()
	return r.model.funcs[n]
}

// KeyOf returns the key of the mutex, channel or other value named by
// the path e (a variable and field selections), as the model names
// mutexes; ok is false if e is not such a path.
func (r *Result) KeyOf(e ast.Expr) (Key, bool) {
	root, fields, ok := r.model.path(e)
	if !ok {
		return Key{}, false
	}
	return r.model.keyOf(root, fields), true
}
