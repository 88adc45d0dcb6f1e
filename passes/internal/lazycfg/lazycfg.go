// Package lazycfg provides the control-flow graph (go/cfg) of the
// functions of a package, built on demand and memoised, for the passes
// that follow paths.
//
// It replaces golang.org/x/tools/go/analysis/passes/ctrlflow, which builds
// the graph of every function eagerly to export a "no return" fact for
// each function that never returns. lazycfg builds nothing until asked:
// a pass that asks for the graphs of three functions pays for three
// graphs (and for those of the same-package functions they call, to know
// which calls return). Its NoReturnFact is decided only for the few
// exported functions whose body ends with such a call (see below).
//
// # Calls that never return
//
// A call statement that never returns ends its block: the statements
// after it are unreachable. A call is taken as never returning only in
// these cases:
//
//   - the builtin panic;
//   - a function or method declared in this package whose own graph
//     has no reachable return (inferred over the static call graph;
//     recursive functions are solved together, see below);
//   - a function of another package that has a NoReturnFact;
//   - a function of another package on a fixed list: os.Exit,
//     syscall.Exit, runtime.Goexit, log.Fatal and log.Panic and their
//     f and ln forms (functions and *log.Logger methods), the FailNow,
//     Fatal, Fatalf, SkipNow, Skip and Skipf methods of testing's T, B,
//     F and common, and of the testing.TB interface, plus the logging
//     functions of zap, logrus and klog that ctrlflow lists;
//   - a function or concrete method of another package, outside the
//     standard library, whose body, read from source, never returns
//     (see "Bodies of other packages" below);
//   - when that body is not at hand (a standard package, a function
//     with results, a file that cannot be found), or leaves the answer
//     open: a function or concrete method of another package named
//     Fatal, Fatalf, Fatalln, Exit, Exitf, Panic, Panicf, Panicln,
//     FailNow or Goexit. The name says it ends the goroutine or the
//     process. This name rule is the fallback, not the first resort.
//
// Any other call may return: a dynamic call, an interface method other
// than testing.TB's, a function of another package that is not named or
// listed above.
//
// # Bodies of other packages
//
// The drivers load the packages that are not named on the command line
// from export data (standalone) or as types alone (go vet): their
// bodies are not in memory, and such a package contributes no facts.
// Its objects keep their positions, though, and a position names a
// file: in the module cache, in a directory that a replace directive
// points at, or in the main module. When a graph asks whether a call
// of such a function returns (a call statement in a function whose
// graph a check asked for, or NoReturn), and no fact or list answers,
// the function's file is parsed (once per process, by any package that
// asks) and its body's graph built with an oracle that resolves calls
// by their syntax and the export data's types: panic; a function of
// the same package (in the same file, in the export data, or in
// another file of its directory); a function of an imported package
// (in the export data, or in the directory of a package of the same
// module); a method of the receiver, of a parameter, of a package
// variable, or of a field of one of these. Each resolved callee is
// judged by the same rules, down to a depth of 6 calls; a call back
// into the chain being judged is taken as returning, as a cycle of the
// package's own functions is.
//
// A call that cannot be resolved (a function value, an interface
// method other than testing.TB's, a package that cannot be found, the
// depth bound) is taken as returning. If no return is then reachable,
// the function never returns: a helper that ends every path in
// t.Fatalf, os.Exit or Ginkgo's Fail, under any name. If a return is
// reachable, the function returns, unless its name is one of the name
// rule and its body may exit (a call that never returns, or one that
// cannot be resolved, in it or in the bodies it reaches): the body
// then does not settle the question (a logger whose Fatal exits through
// a hook in a field, or only when the level says so, several calls
// down; testify's require.FailNow, whose early return depends on a
// call's result), and the name decides, as it would without source. A
// function named Fatal whose body can end nothing (it prints and
// returns) is taken as returning.
//
// Only functions outside the standard library and without results are
// read: the standard library's functions that never return are on the
// fixed list, and a call statement of a function with results that
// never returns is too rare to pay a parse for. The answer for a
// function depends on that function alone, not on what was asked
// before, so diagnostics stay deterministic when packages are analysed
// in parallel. Under -trimpath (in GOFLAGS), a position names a file of
// the module cache as path@version/file, which is looked up in
// $GOMODCACHE (or GOPATH's pkg/mod); a file of a replaced directory or
// of the main module then has no usable position, and the name rule
// applies.
//
// # Facts
//
// An exported function or method gets a NoReturnFact if its graph has no
// reachable return, as above. Building every graph to find them would
// cost what ctrlflow cost, so the graphs are built only for the exported
// functions whose body ends with a call statement that may not return:
// panic, a call of another package's function that never returns by the
// rules above, or a call of a function of the package that passes the
// same test. A function that never returns in another way (an if whose
// branches both exit, say) gets no fact; its callers in other packages
// then read its body from source when they need to know (see above).
// The candidates are chosen without reading any source: the choice is
// made for every exported function of every analysed package. The
// drivers pass facts between the packages they analyse (the named
// packages, for leakvet's own).
//
// The name rule can take a returning call for one that never returns.
// That only removes paths from the graph (the code after the call
// becomes unreachable), and every pass reports a problem on some path
// (a send that no one receives, a Done that is skipped, a timer that is
// not stopped): fewer paths can make a pass quieter, never noisier.
// The same holds for any mistake of the list. The converse mistake,
// a call that never returns but is taken as returning, adds paths that
// cannot run; the list and the name rule exist to avoid that one.
//
// # Recursion
//
// Whether f returns may depend on whether g returns and the converse.
// The functions of a cycle of the call graph (a strongly connected
// component, found with Tarjan's algorithm as the graphs are built) are
// solved together: first all assumed to return, then rebuilt until no
// answer changes. The result is the least fixed point: a function is
// taken as never returning only if that follows, by induction, from
// calls that surely never return. It does not depend on the order in
// which the passes ask, so diagnostics are deterministic. (A cycle with
// no way out, func f() { g() } and func g() { f() }, is taken as
// returning, as ctrlflow does.)
package lazycfg

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer provides the *CFGs of a package. It reports nothing and
// requires nothing; its run records the package and exports the
// NoReturnFacts of the package's exported functions.
var Analyzer = &analysis.Analyzer{
	Name:       "lazycfg",
	Doc:        "build control-flow graphs on demand, for the leakvet passes",
	URL:        "https://pkg.go.dev/github.com/leakvet/leakvet/passes/internal/lazycfg",
	Run:        run,
	ResultType: reflect.TypeFor[*CFGs](),
	FactTypes:  []analysis.Fact{new(NoReturnFact)},
}

// NoReturnFact marks an exported function or method of which no call
// returns: every path through it ends the goroutine or the process.
type NoReturnFact struct{}

func (*NoReturnFact) AFact() {}

func (*NoReturnFact) String() string { return "noReturn" }

func run(pass *analysis.Pass) (any, error) {
	c := New(pass.Pkg, pass.TypesInfo, pass.Files)
	c.importFact = pass.ImportObjectFact
	c.fset = pass.Fset
	for _, fn := range c.noReturnExported() {
		pass.ExportObjectFact(fn, new(NoReturnFact))
	}
	return c, nil
}

// CFGs holds the control-flow graphs of the functions of one package,
// built on first request. It is safe for concurrent use: the drivers run
// the passes of one package in parallel on the same result.
type CFGs struct {
	pkg        *types.Package
	info       *types.Info
	files      []*ast.File
	importFact func(types.Object, analysis.Fact) bool // nil outside the analysis framework
	fset       *token.FileSet                         // positions of other packages' objects; nil: no source is read

	// mu guards everything below. Only the exported methods take it;
	// the recursion of the builder below them runs under it.
	mu       sync.Mutex
	decls    map[*types.Func]*declInfo // functions and methods of the package
	nodes    map[*ast.FuncDecl]*declInfo
	lits     map[*ast.FuncLit]*cfg.CFG
	count    int         // Tarjan: visit counter
	stack    []*declInfo // Tarjan: visited functions whose component is open
	indexed  bool        // decls and nodes are filled
	noSource bool        // while choosing the facts' candidates: read no source
}

// A declInfo is a function or method declared in the package.
type declInfo struct {
	node *ast.FuncDecl
	fn   *types.Func // nil if the type information is incomplete

	cfg      *cfg.CFG // nil until built, and for a decl without body
	noReturn bool     // final once done; the current guess while solving
	done     bool     // cfg and noReturn are final

	// Tarjan's bookkeeping: index is 0 until visited.
	index, low int
	onStack    bool
	guessed    bool // its first graph assumed that a call in its component returns
	solving    bool // member of the component being solved
}

// New returns the CFGs of a type-checked package. Analyzer calls it;
// it is exported for tests and tools outside the analysis framework.
func New(pkg *types.Package, info *types.Info, files []*ast.File) *CFGs {
	return &CFGs{
		pkg:   pkg,
		info:  info,
		files: files,
		lits:  make(map[*ast.FuncLit]*cfg.CFG),
	}
}

// FuncDecl returns the control-flow graph of a named function of the
// package. It returns nil if decl.Body is nil. Each call for the same
// decl returns the same graph.
func (c *CFGs) FuncDecl(decl *ast.FuncDecl) *cfg.CFG {
	if decl.Body == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.index()
	d := c.nodes[decl]
	if d == nil { // not a top-level declaration of c.files
		d = &declInfo{node: decl}
		c.nodes[decl] = d
	}
	c.solve(d)
	return d.cfg
}

// FuncLit returns the control-flow graph of a function literal of the
// package. Each call for the same lit returns the same graph.
func (c *CFGs) FuncLit(lit *ast.FuncLit) *cfg.CFG {
	c.mu.Lock()
	defer c.mu.Unlock()
	g, ok := c.lits[lit]
	if !ok {
		c.index()
		g = cfg.New(lit.Body, func(call *ast.CallExpr) bool { return c.mayReturn(nil, call) })
		c.lits[lit] = g
	}
	return g
}

// Func returns the control-flow graph of fn, a *ast.FuncDecl or
// *ast.FuncLit of the package, or nil for any other node and for a
// declaration without a body.
func (c *CFGs) Func(fn ast.Node) *cfg.CFG {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return c.FuncDecl(fn)
	case *ast.FuncLit:
		return c.FuncLit(fn)
	}
	return nil
}

// NoReturn reports whether a call of fn never returns, by the rules of
// the package comment. fn may belong to any package.
func (c *CFGs) NoReturn(fn *types.Func) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.index()
	return !c.funcMayReturn(nil, fn)
}

// noReturnExported returns the exported functions and methods of the
// package that never return, among those whose body ends with a call
// that may not return (see the package comment), in source order.
func (c *CFGs) noReturnExported() []*types.Func {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.index()
	var list []*types.Func
	seen := make(map[*declInfo]bool)
	for _, f := range c.files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			d := c.nodes[fd]
			clear(seen)
			if d.fn == nil || !c.endsInNoReturnCall(d, seen) {
				continue
			}
			if c.solve(d); d.noReturn {
				list = append(list, d.fn)
			}
		}
	}
	return list
}

// endsInNoReturnCall reports, from the syntax alone, whether the body of
// d ends with a call statement that may not return: panic, a call of
// another package that never returns, or a call of a function of this
// package of which the same holds. It builds no graph. seen breaks
// cycles of such calls.
func (c *CFGs) endsInNoReturnCall(d *declInfo, seen map[*declInfo]bool) bool {
	body := d.node.Body
	if body == nil || len(body.List) == 0 || seen[d] {
		return false
	}
	seen[d] = true
	stmt, ok := body.List[len(body.List)-1].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(stmt.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	if fn := typeutil.StaticCallee(c.info, call); fn != nil && fn.Pkg() == c.pkg {
		callee := c.decls[fn.Origin()]
		return callee != nil && c.endsInNoReturnCall(callee, seen)
	}
	// Graph-free for any callee outside the package, and source-free:
	// the candidates are chosen for every exported function.
	c.noSource = true
	defer func() { c.noSource = false }()
	return !c.mayReturn(nil, call)
}

// index fills c.decls and c.nodes from the top-level declarations.
func (c *CFGs) index() {
	if c.indexed {
		return
	}
	c.indexed = true
	c.decls = make(map[*types.Func]*declInfo)
	c.nodes = make(map[*ast.FuncDecl]*declInfo)
	for _, f := range c.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			fn, _ := c.info.Defs[fd.Name].(*types.Func)
			x := &declInfo{node: fd, fn: fn}
			c.nodes[fd] = x
			if fn != nil {
				c.decls[fn] = x
			}
		}
	}
}

// solve makes d done, outside any ongoing search.
func (c *CFGs) solve(d *declInfo) {
	if !d.done {
		c.visit(d)
	}
}

// visit is one step of Tarjan's algorithm: it builds the graph of d,
// which visits the same-package functions that d calls, and solves d's
// strongly connected component if d is its root.
func (c *CFGs) visit(d *declInfo) {
	c.count++
	d.index, d.low = c.count, c.count
	c.stack = append(c.stack, d)
	d.onStack = true

	if d.node.Body != nil {
		d.cfg = cfg.New(d.node.Body, func(call *ast.CallExpr) bool { return c.mayReturn(d, call) })
	}

	if d.low != d.index {
		return // d belongs to the component of a function below on the stack
	}
	var scc []*declInfo
	for {
		m := c.stack[len(c.stack)-1]
		c.stack = c.stack[:len(c.stack)-1]
		m.onStack = false
		scc = append(scc, m)
		if m == d {
			break
		}
	}
	c.settle(scc)
}

// settle computes the least fixed point of "never returns" over one
// strongly connected component. Calls out of the component are final;
// calls within it were taken as returning while the graphs were first
// built.
func (c *CFGs) settle(scc []*declInfo) {
	changed, guessed := false, false
	for _, m := range scc {
		m.noReturn = c.declNoReturn(m)
		changed = changed || m.noReturn
		guessed = guessed || m.guessed
		m.solving = true
	}
	// The first graphs are final if they assumed nothing (the common
	// case: no recursion), or if their assumption, that every call
	// within the component returns, was right.
	changed = changed && guessed
	for changed {
		changed = false
		for _, m := range scc {
			if m.node.Body == nil {
				continue
			}
			m.cfg = cfg.New(m.node.Body, func(call *ast.CallExpr) bool { return c.mayReturn(m, call) })
			if nr := c.declNoReturn(m); nr != m.noReturn {
				m.noReturn = nr // only ever from false to true: the builder is monotone
				changed = true
			}
		}
	}
	for _, m := range scc {
		m.solving = false
		m.done = true
	}
}

// declNoReturn reports whether m never returns, given its current graph.
func (c *CFGs) declNoReturn(m *declInfo) bool {
	if m.fn != nil {
		if noReturn, ok := knownFunc(m.fn); ok {
			return noReturn // the list wins over the body, as in ctrlflow
		}
	}
	return m.cfg != nil && m.cfg.NoReturn()
}

// mayReturn is the oracle given to cfg.New for the body of from (nil for
// a function literal): it reports whether call may return.
func (c *CFGs) mayReturn(from *declInfo, call *ast.CallExpr) bool {
	if id, ok := call.Fun.(*ast.Ident); ok && c.info.Uses[id] == panicBuiltin {
		return false
	}
	fn := typeutil.StaticCallee(c.info, call)
	if fn == nil {
		// An interface method: only testing.TB's are known.
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if s, ok := c.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
				if m, ok := s.Obj().(*types.Func); ok && isInterfaceMethod(m) {
					noReturn, known := knownFunc(m)
					return !(known && noReturn)
				}
			}
		}
		return true // dynamic call
	}
	return c.funcMayReturn(from, fn)
}

// funcMayReturn reports whether a call of the static callee fn may
// return, from the body of from (nil outside a search).
func (c *CFGs) funcMayReturn(from *declInfo, fn *types.Func) bool {
	if noReturn, ok := knownFunc(fn); ok {
		return !noReturn
	}
	if fn.Pkg() != c.pkg {
		if c.importFact != nil && c.importFact(fn.Origin(), new(NoReturnFact)) {
			return false
		}
		if isInterfaceMethod(fn) {
			return true
		}
		if c.fset != nil && !c.noSource {
			if noReturn, ok := sourceNoReturn(c.fset, fn); ok {
				return !noReturn
			}
		}
		return !noReturnName[fn.Name()] // no source: the name rule
	}
	d := c.decls[fn.Origin()]
	if d == nil {
		return true // no declaration in c.files
	}
	switch {
	case d.done:
	case from == nil:
		c.solve(d)
	case d.solving:
		return !d.noReturn // the current guess of the fixed point
	case d.index == 0:
		c.visit(d)
		from.low = min(from.low, d.low)
	case d.onStack:
		from.low = min(from.low, d.index)
	}
	if !d.done {
		from.guessed = true
		return true // same component as from: assumed to return for now
	}
	return !d.noReturn
}

var panicBuiltin = types.Universe.Lookup("panic").(*types.Builtin)

func isInterfaceMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	return recv != nil && types.IsInterface(recv.Type())
}

// noReturnName lists the names of the functions and methods of other
// packages that are taken as never returning.
var noReturnName = map[string]bool{
	"Fatal": true, "Fatalf": true, "Fatalln": true,
	"Exit": true, "Exitf": true,
	"Panic": true, "Panicf": true, "Panicln": true,
	"FailNow": true, "Goexit": true,
}

// A funcKey names a package-level function (recv == "") or a method of
// a package-level named type, pointer or not.
type funcKey struct{ pkg, recv, name string }

// known lists the functions whose behaviour we know without (or against)
// their body: true for "never returns", false for "returns".
var known = func() map[funcKey]bool {
	m := make(map[funcKey]bool)
	add := func(noReturn bool, pkg, recv string, names ...string) {
		for _, n := range names {
			m[funcKey{pkg, recv, n}] = noReturn
		}
	}
	// ctrlflow's list of functions that never return.
	add(true, "syscall", "", "Exit", "ExitProcess", "ExitThread")
	add(true, "runtime", "", "Goexit", "fatalthrow", "fatalpanic", "exit")
	add(true, "go.uber.org/zap", "Logger", "Fatal", "Panic")
	add(true, "go.uber.org/zap", "SugaredLogger", "Fatal", "Fatalw", "Fatalf", "Panic", "Panicw", "Panicf")
	add(true, "github.com/sirupsen/logrus", "Logger", "Exit", "Panic", "Panicf", "Panicln")
	add(true, "github.com/sirupsen/logrus", "Entry", "Panicf", "Panicln")
	for _, klog := range []string{"k8s.io/klog", "k8s.io/klog/v2"} {
		add(true, klog, "", "Exit", "ExitDepth", "Exitf", "Exitln", "Fatal", "FatalDepth", "Fatalf", "Fatalln")
	}
	// The standard library's.
	add(true, "os", "", "Exit")
	for _, recv := range []string{"", "Logger"} {
		add(true, "log", recv, "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln")
	}
	for _, recv := range []string{"common", "T", "B", "F", "TB"} {
		add(true, "testing", recv, "FailNow", "Fatal", "Fatalf", "SkipNow", "Skip", "Skipf")
	}
	// ctrlflow's compiler intrinsics that return, whatever their body
	// says (they matter only when analysing their own package).
	add(false, "internal/abi", "", "EscapeNonString")
	add(false, "hash/maphash", "", "Comparable")
	return m
}()

// knownFunc reports whether fn is on the known list, and if so whether
// it never returns.
func knownFunc(fn *types.Func) (noReturn, ok bool) {
	if fn.Pkg() == nil {
		return false, false // error.Error
	}
	recv := ""
	if r := fn.Signature().Recv(); r != nil {
		t := types.Unalias(r.Type())
		if p, ok := t.(*types.Pointer); ok {
			t = types.Unalias(p.Elem())
		}
		named, ok := t.(*types.Named)
		if !ok {
			return false, false // a method of an unnamed interface
		}
		recv = named.Obj().Name()
	}
	noReturn, ok = known[funcKey{fn.Pkg().Path(), recv, fn.Name()}]
	return noReturn, ok
}

// OnCycle reports whether b can reach itself.
func OnCycle(b *cfg.Block) bool {
	seen := map[*cfg.Block]bool{}
	stack := slices.Clone(b.Succs)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return true
		}
		if !seen[x] {
			seen[x] = true
			stack = append(stack, x.Succs...)
		}
	}
	return false
}

// HasGoto reports whether n has a goto statement; with inLiterals,
// also inside its function literals. A path may then run a statement
// twice without a loop, or jump into or out of a region the passes
// treat as structured: they leave such functions alone.
func HasGoto(n ast.Node, inLiterals bool) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return inLiterals && !found
		case *ast.BranchStmt:
			found = found || x.Tok == token.GOTO
		}
		return !found
	})
	return found
}
