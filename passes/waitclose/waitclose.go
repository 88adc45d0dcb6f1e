package waitclose

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/analysisdoc"
	"github.com/leakvet/leakvet/passes/internal/chanfacts"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/wgflow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

//go:embed doc.go
var doc string

// Config holds the options of the pass. The zero value is the default.
type Config struct {
	// IgnoreTests skips _test.go files.
	IgnoreTests bool `json:"ignore-tests"`
}

// Analyzer runs with the default Config; drivers set its flags.
var Analyzer = New(Config{})

// New returns a fresh analyzer configured by cfg.
func New(cfg Config) *analysis.Analyzer {
	c := &cfg
	a := &analysis.Analyzer{
		Name:     "waitclose",
		Doc:      analysisdoc.Extract(doc, "waitclose"),
		URL:      "https://pkg.go.dev/github.com/leakvet/leakvet/passes/waitclose",
		Requires: []*analysis.Analyzer{chanflow.Analyzer, chanfacts.Analyzer, wgflow.Analyzer, lazycfg.Analyzer},
		Run:      c.run,
	}
	a.Flags.BoolVar(&c.IgnoreTests, "ignore-tests", c.IgnoreTests, "skip _test.go files")
	return a
}

// Categories of the diagnostics.
const (
	catProducer = "producer" // closed by one of several producers
	catSpawner  = "spawner"  // closed by the spawning function before the producers are done
	catCloser   = "closer"   // closed by a goroutine that does not wait for the producers
	catTwice    = "twice"    // closed twice on one path
)

// run checks every close of every local channel variable.
//
// The producers of a channel ch are the goroutines that send on it: a
// function literal started by a go statement, by sync.WaitGroup.Go or by
// errgroup.Group.Go, or a function of the package started by
// go f(ch) whose parameter it sends on. A channel has several producers
// when two or more are started, or one is started in a loop.
//
// With several producers, a close must run once, after all of them are
// done. Each close(ch) is classified by the goroutine that runs it:
//
//   - a producer: reported when the close is unconditional (at the top
//     level of the producer's body, or deferred there) and the producer
//     waits for nothing before it (a Wait call; for a producer that is
//     not itself started in a loop, also any receive);
//   - the spawning function: reported when its control-flow graph has a
//     path from a producer's start to the close that passes no
//     synchronising operation (a Wait call, a receive, a range over a
//     channel, a call that takes a channel or a WaitGroup, or a call of a
//     function of the package that waits or receives);
//   - another goroutine: reported when it synchronises with nothing
//     before the close and its start is not ordered after the
//     producers by the spawning function.
//
// Independently of producers, a close is reported when the function's
// control-flow graph has a path that closes the same channel twice
// (two closes, a close in a loop, or a close and a deferred close),
// unless the path reassigns the variable, receives from the channel,
// or tests a variable that was set right after the first close.
func (c *Config) run(pass *analysis.Pass) (any, error) {
	a := &checker{
		pass:  pass,
		flow:  pass.ResultOf[chanflow.Analyzer].(*chanflow.Result),
		wgs:   pass.ResultOf[wgflow.Analyzer].(*wgflow.Result),
		facts: pass.ResultOf[chanfacts.Analyzer].(*chanfacts.Result),
		cfgs:  pass.ResultOf[lazycfg.Analyzer].(*lazycfg.CFGs),
		r:     report.New(pass, "waitclose"),
	}
	defer a.r.Finish()
	if c.IgnoreTests {
		a.r.SkipTests() // and their suppression directives
	}
	a.indexStarts()
	for _, ch := range a.flow.Chans {
		if c.IgnoreTests && report.IsTestFile(pass, ch.Var.Pos()) {
			continue
		}
		a.checkProducers(ch)
		a.checkTwice(ch)
	}
	return nil, nil
}

// checker holds the state of one run.
type checker struct {
	pass  *analysis.Pass
	flow  *chanflow.Result
	wgs   *wgflow.Result
	facts *chanfacts.Result
	cfgs  *lazycfg.CFGs
	r     *report.Reporter

	starts   map[*chanflow.Func]start // goroutine literals, by body
	reported map[*ast.CallExpr]bool   // closes already reported
}

// A start is where a goroutine is started: a go statement, or a call of
// WaitGroup.Go or errgroup.Group.Go.
type start struct {
	node    ast.Node       // *ast.GoStmt or the *ast.CallExpr of Go
	spawner *chanflow.Func // the function containing node
	loops   []ast.Stmt     // loops around node within spawner
	wg      *wgflow.Call   // the Go call, if started by one
}

// indexStarts records the start of every goroutine literal.
func (a *checker) indexStarts() {
	a.starts = make(map[*chanflow.Func]start)
	a.reported = make(map[*ast.CallExpr]bool)
	for _, g := range a.flow.Gos {
		if g.Lit != nil {
			a.starts[g.Lit] = start{node: g.Stmt, spawner: g.Func, loops: g.Loops}
		}
	}
	for _, c := range a.wgs.Calls {
		if c.Kind != wgflow.Go || len(c.Call.Args) != 1 {
			continue
		}
		if lit, ok := ast.Unparen(c.Call.Args[0]).(*ast.FuncLit); ok {
			if f := a.flow.FuncOf(lit); f != nil {
				a.starts[f] = start{node: c.Call, spawner: c.Func, loops: c.Loops, wg: c}
			}
		}
	}
}

// goroutineOf returns the innermost goroutine literal enclosing f (f
// included) without leaving decl, or nil when f runs synchronously in
// decl.
func (a *checker) goroutineOf(f, decl *chanflow.Func) *chanflow.Func {
	for ; f != nil && f != decl; f = f.Parent {
		if _, ok := a.starts[f]; ok {
			return f
		}
	}
	return nil
}

// A producer is a goroutine that sends on the channel.
type producer struct {
	body  *chanflow.Func // the goroutine's function; nil for ext
	start start
	param *chanflow.Chan // for go f(ch): f's parameter
	ext   *types.Func    // for go pkg.F(ch): F, of another package
}

// describe names the producer in messages: "producer f" for a named
// function, "a producer" for a literal.
func (p *producer) describe() string {
	switch {
	case p.ext != nil:
		return "producer " + qualifiedName(p.ext)
	case p.param != nil:
		return "producer " + p.body.Name()
	}
	return "a producer"
}

// related returns a related position at the start: the go keyword, or
// the callee of wg.Go.
func (st start) related(msg string) analysis.RelatedInformation {
	pos, end := st.node.Pos(), st.node.Pos()+token.Pos(len("go"))
	if call, ok := st.node.(*ast.CallExpr); ok {
		end = call.Fun.End()
	}
	return analysis.RelatedInformation{Pos: pos, End: end, Message: msg}
}

// producers returns the producers of ch.
func (a *checker) producers(ch *chanflow.Chan) []*producer {
	var ps []*producer
	seen := make(map[ast.Node]bool)
	add := func(p *producer) {
		if seen[p.start.node] {
			return
		}
		seen[p.start.node] = true
		// A loop that also declares the channel makes a new channel per
		// iteration: it does not multiply the producers of one channel.
		var loops []ast.Stmt
		for _, l := range p.start.loops {
			if !a.perIteration(ch, l) {
				loops = append(loops, l)
			}
		}
		p.start.loops = loops
		ps = append(ps, p)
	}
	for _, op := range ch.Ops {
		switch op.Kind {
		case chanflow.Send, chanflow.SelectSend:
			if g := a.goroutineOf(op.Func, ch.Decl); g != nil {
				add(&producer{body: g, start: a.starts[g]})
			}
		case chanflow.Arg:
			call := op.Node.(*ast.CallExpr)
			callee := a.flow.CalleeFunc(a.pass.TypesInfo, call)
			if callee == nil {
				// A function of another package: its summary.
				fn := typeutil.StaticCallee(a.pass.TypesInfo, call)
				if fn == nil {
					continue
				}
				if fl, ok := a.facts.Param(fn, op.Arg); !ok || fl&chanfacts.Sends == 0 {
					continue
				}
				if op.Go != nil {
					add(&producer{ext: fn, start: start{node: op.Go, spawner: op.Func, loops: op.Loops}})
				} else if g := a.goroutineOf(op.Func, ch.Decl); g != nil {
					add(&producer{body: g, start: a.starts[g]})
				}
				continue
			}
			p := a.flow.ParamChan(callee, op.Arg)
			if p == nil || p.Assigns > 0 || !a.sendsSync(p, callee) {
				continue
			}
			if op.Go != nil {
				add(&producer{body: callee, param: p, start: start{node: op.Go, spawner: op.Func, loops: op.Loops}})
			} else if g := a.goroutineOf(op.Func, ch.Decl); g != nil {
				add(&producer{body: g, start: a.starts[g]})
			}
		}
	}
	return ps
}

// perIteration reports whether each iteration of loop l has its own
// variable ch: ch is declared in the body, or in the loop's header with
// Go 1.22 or later loop variables.
func (a *checker) perIteration(ch *chanflow.Chan, l ast.Stmt) bool {
	pos := ch.Var.Pos()
	if pos < l.Pos() || pos >= l.End() {
		return false // declared outside the loop
	}
	var body *ast.BlockStmt
	switch l := l.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	if body != nil && pos > body.Lbrace {
		return true // declared in the body
	}
	for _, f := range a.pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			v := a.pass.TypesInfo.FileVersions[f]
			return v == "" || version.Compare(v, "go1.22") >= 0
		}
	}
	return true
}

// sendsSync reports whether p, a parameter of f, is sent on by f itself
// (not by a goroutine f starts).
func (a *checker) sendsSync(p *chanflow.Chan, f *chanflow.Func) bool {
	for _, op := range p.OpsOf(chanflow.Send, chanflow.SelectSend) {
		if a.goroutineOf(op.Func, f) == nil {
			return true
		}
	}
	return false
}

// several reports whether the producers are more than one goroutine.
func several(ps []*producer) bool {
	return len(ps) > 1 || len(ps) == 1 && len(ps[0].start.loops) > 0
}

// checkProducers reports the closes of ch that are not ordered after
// all of its producers.
func (a *checker) checkProducers(ch *chanflow.Chan) {
	ps := a.producers(ch)
	if !several(ps) {
		return
	}
	wait := a.waitHint(ps)

	// Closes by producers started as go f(ch) close f's parameter.
	for _, p := range ps {
		if p.param == nil {
			continue
		}
		for _, op := range p.param.OpsOf(chanflow.Close) {
			if op.Func == p.body {
				a.checkProducerClose(ch, ps, p, op, wait)
			}
		}
	}
	for _, op := range ch.OpsOf(chanflow.Close) {
		g := a.goroutineOf(op.Func, ch.Decl)
		var owner *producer
		for _, p := range ps {
			if p.body == g && g != nil {
				owner = p
			}
		}
		switch {
		case owner != nil:
			if op.Func == owner.body {
				a.checkProducerClose(ch, ps, owner, op, wait)
			}
		case g == nil:
			a.checkSpawnerClose(ch, ps, op, wait)
		default:
			a.checkCloserGoroutine(ch, ps, g, op, wait)
		}
	}
}

// waitHint names what the close should follow: "wg.Wait" when the
// producers are tracked by one WaitGroup or errgroup, else "all
// producers are done".
func (a *checker) waitHint(ps []*producer) string {
	key := ""
	for _, p := range ps {
		k := ""
		if p.start.wg != nil {
			k = p.start.wg.Key
		} else if gs, ok := p.start.node.(*ast.GoStmt); ok && a.wgArg(gs.Call) != "" {
			k = a.wgArg(gs.Call) // go produce(ch, &wg)
		} else if p.body != nil {
			for _, c := range a.wgs.In(p.body) {
				if c.Kind == wgflow.Done {
					k = c.Key
				}
			}
		}
		if k == "" || key != "" && k != key {
			return "the producers are done"
		}
		key = k
	}
	return key + ".Wait"
}

// wgArg returns the WaitGroup argument of call, rendered, or "".
func (a *checker) wgArg(call *ast.CallExpr) string {
	for _, arg := range call.Args {
		if isWaitGroup(a.pass.TypesInfo.TypeOf(arg)) {
			return types.ExprString(wgflow.Strip(arg))
		}
	}
	return ""
}

// qualifiedName names a function of another package in messages:
// "pkg.F" or "pkg.T.M".
func qualifiedName(fn *types.Func) string {
	name := fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(interface{ Obj() *types.TypeName }); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	if fn.Pkg() != nil {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// checkProducerClose reports a close run by the producer owner when it
// is unconditional and waits for nothing.
func (a *checker) checkProducerClose(ch *chanflow.Chan, ps []*producer, owner *producer, op *chanflow.Op, wait string) {
	call := op.Node.(*ast.CallExpr)
	stmt, deferred := topLevel(owner.body.Body, call)
	if stmt == nil {
		return // conditional: e.g. the last producer, counted atomically
	}
	// What counts as waiting: a Wait call; for a single producer among
	// others, also a receive (it may wait for the others' signal).
	recvs := len(owner.start.loops) == 0
	for _, s := range owner.body.Body.List {
		if s == stmt && !deferred {
			break
		}
		if a.waits(s, recvs) {
			return
		}
	}
	var related []analysis.RelatedInformation
	for _, p := range ps {
		if p == owner && len(p.start.loops) == 0 {
			continue
		}
		msg := p.describe() + " is started here"
		if len(p.start.loops) > 0 {
			msg += " in a loop, once per iteration"
		}
		related = append(related, p.start.related(msg))
	}
	a.report(call, catProducer, fmt.Sprintf("%s is closed by one of several producers; the others may send on a closed channel (close it once, after %s)", op.Chan.Name(), wait), related)
}

// topLevel returns the statement of body's list that is close call, or
// that defers it; nil when the call is nested in a conditional or loop.
func topLevel(body *ast.BlockStmt, call *ast.CallExpr) (ast.Stmt, bool) {
	for _, s := range body.List {
		switch s := s.(type) {
		case *ast.ExprStmt:
			if ast.Unparen(s.X) == ast.Expr(call) {
				return s, false
			}
		case *ast.DeferStmt:
			if s.Call == call {
				return s, true
			}
		}
	}
	return nil, false
}

// checkSpawnerClose reports a close run synchronously by the function
// that starts the producers, when a path from a producer's start reaches
// it without synchronising.
func (a *checker) checkSpawnerClose(ch *chanflow.Chan, ps []*producer, op *chanflow.Op, wait string) {
	spawner := ps[0].start.spawner
	for _, p := range ps {
		if p.start.spawner != spawner || spawner == nil {
			return // producers started in different functions
		}
	}
	call := op.Node.(*ast.CallExpr)
	deferred := false
	switch {
	case op.Func == spawner:
		_, deferred = a.deferredIn(spawner, call)
	case op.Func.Parent == spawner && a.isDeferredLit(spawner, op.Func):
		deferred = true // defer func() { ... close(ch) ... }()
	default:
		return
	}
	g := a.cfgOf(spawner)
	if g == nil {
		return
	}
	var starts []ast.Node
	for _, p := range ps {
		starts = append(starts, p.start.node)
	}
	node := a.reachUnsynced(g, starts, func(n ast.Node) bool { return !deferred && contains(n, call) }, deferred)
	if node == nil {
		return
	}
	var from *producer
	for _, p := range ps {
		if p.start.node == node {
			from = p
		}
	}
	a.report(call, catSpawner, fmt.Sprintf("%s is closed while its producers may still send on it (close it once, after %s)", ch.Name(), wait),
		[]analysis.RelatedInformation{from.start.related(from.describe() + " is started here, and nothing waits for it before the close")})
}

// checkCloserGoroutine reports a close run by a goroutine g that is not
// a producer, when g waits for nothing before it and is not started
// after the producers are done.
func (a *checker) checkCloserGoroutine(ch *chanflow.Chan, ps []*producer, g *chanflow.Func, op *chanflow.Op, wait string) {
	if op.Func != g {
		return // in a function nested in the goroutine
	}
	call := op.Node.(*ast.CallExpr)
	stmt, deferred := topLevel(g.Body, call)
	if stmt == nil {
		return // conditional
	}
	for _, s := range g.Body.List {
		if s == stmt && !deferred {
			break
		}
		if a.waits(s, true) {
			return // the waiter
		}
	}
	st := a.starts[g]
	spawner := st.spawner
	if spawner == nil {
		return
	}
	var starts []ast.Node
	for _, p := range ps {
		if p.start.spawner != spawner {
			return
		}
		starts = append(starts, p.start.node)
	}
	cg := a.cfgOf(spawner)
	if cg == nil {
		return
	}
	// Unordered if the closer's start follows a producer's start with no
	// synchronisation between them, or precedes one.
	target := func(n ast.Node) bool { return contains(n, st.node) }
	unordered := a.reachUnsynced(cg, starts, target, false) != nil ||
		a.reachAny(cg, st.node, func(n ast.Node) bool {
			for _, s := range starts {
				if contains(n, s) {
					return true
				}
			}
			return false
		})
	if !unordered {
		return
	}
	a.report(call, catCloser, fmt.Sprintf("%s is closed by a goroutine that does not wait for its producers; they may send on a closed channel (close it once, after %s)", ch.Name(), wait),
		[]analysis.RelatedInformation{ps[0].start.related(ps[0].describe() + " is started here")})
}

func (a *checker) report(call *ast.CallExpr, cat, msg string, related []analysis.RelatedInformation) {
	if a.reported[call] {
		return
	}
	a.reported[call] = true
	a.r.Report(analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Category: cat, Message: msg, Related: related})
}

// deferredIn reports whether call is the call of a defer statement of f.
func (a *checker) deferredIn(f *chanflow.Func, call *ast.CallExpr) (*ast.DeferStmt, bool) {
	for _, d := range f.Defers {
		if d.Call == call {
			return d, true
		}
	}
	return nil, false
}

// isDeferredLit reports whether lit is deferred directly by f:
// defer func() { ... }().
func (a *checker) isDeferredLit(f, lit *chanflow.Func) bool {
	for _, d := range f.Defers {
		if ast.Unparen(d.Call.Fun) == lit.Node {
			return true
		}
	}
	return false
}

func (a *checker) cfgOf(f *chanflow.Func) *cfg.CFG {
	return a.cfgs.Func(f.Node)
}

// contains reports whether inner lies within n.
func contains(n, inner ast.Node) bool {
	return n.Pos() <= inner.Pos() && inner.End() <= n.End()
}

// reachUnsynced searches g for a path from just after a node containing
// one of the starts to a node satisfying target (or, if toExit, to the
// function's exit) that passes no synchronising node. It returns the
// start the path leaves from, or nil.
func (a *checker) reachUnsynced(g *cfg.CFG, starts []ast.Node, target func(ast.Node) bool, toExit bool) ast.Node {
	for _, s := range starts {
		for _, b := range g.Blocks {
			if !b.Live {
				continue
			}
			for i, n := range b.Nodes {
				if !contains(n, s) {
					continue
				}
				if a.search(b, i+1, target, toExit, make(map[*cfg.Block]bool)) {
					return s
				}
			}
		}
	}
	return nil
}

// search walks forward from node i of block b.
func (a *checker) search(b *cfg.Block, i int, target func(ast.Node) bool, toExit bool, seen map[*cfg.Block]bool) bool {
	for _, n := range b.Nodes[i:] {
		if target(n) {
			return true
		}
		if a.syncNode(n) {
			return false
		}
	}
	if len(b.Succs) == 0 {
		return toExit && b.Return() != nil // the graph ends every exit with a return
	}
	if a.waitingLoop(b) {
		return false // e.g. for range jobs { <-results }: assume it collects every producer
	}
	for _, s := range b.Succs {
		if !seen[s] {
			seen[s] = true
			if a.search(s, 0, target, toExit, seen) {
				return true
			}
		}
	}
	return false
}

// waitingLoop reports whether b is the head of a loop whose body
// synchronises. Its zero-iteration path is then not a real path: the
// loop typically runs once per producer.
func (a *checker) waitingLoop(b *cfg.Block) bool {
	var body *ast.BlockStmt
	switch s := b.Stmt.(type) {
	case *ast.ForStmt:
		if b.Kind == cfg.KindForLoop {
			body = s.Body
		}
	case *ast.RangeStmt:
		if b.Kind == cfg.KindRangeLoop {
			body = s.Body
		}
	}
	return body != nil && a.waits(body, true)
}

// reachAny reports whether a node satisfying target is reachable from
// the node containing from, synchronised or not.
func (a *checker) reachAny(g *cfg.CFG, from ast.Node, target func(ast.Node) bool) bool {
	for _, b := range g.Blocks {
		for i, n := range b.Nodes {
			if contains(n, from) {
				seen := make(map[*cfg.Block]bool)
				var walk func(b *cfg.Block, i int) bool
				walk = func(b *cfg.Block, i int) bool {
					for _, n := range b.Nodes[i:] {
						if target(n) {
							return true
						}
					}
					for _, s := range b.Succs {
						if !seen[s] {
							seen[s] = true
							if walk(s, 0) {
								return true
							}
						}
					}
					return false
				}
				return walk(b, i+1)
			}
		}
	}
	return false
}

// syncNode reports whether the control-flow node n may wait for other
// goroutines: a receive, a range over a channel, a Wait call, a call
// that takes a channel or a WaitGroup, a dynamic call (a function value
// or an interface method), or a call of a function of the package that
// waits or receives itself. Go statements never wait.
func (a *checker) syncNode(n ast.Node) bool {
	if _, ok := n.(*ast.GoStmt); ok {
		return false
	}
	if e, ok := n.(ast.Expr); ok && isChanType(a.pass.TypesInfo.TypeOf(e)) {
		return true // the operand of a range over a channel
	}
	return a.waits(n, true)
}

// waits reports whether n, outside nested function literals, calls a
// Wait method, or (if recvs) receives from a channel or calls something
// that takes a channel or WaitGroup or that waits itself.
func (a *checker) waits(n ast.Node, recvs bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			return false // runs elsewhere
		case *ast.UnaryExpr:
			if recvs && n.Op == token.ARROW {
				found = true
			}
		case *ast.RangeStmt:
			if recvs && isChanType(a.pass.TypesInfo.TypeOf(n.X)) {
				found = true
			}
		case *ast.SelectStmt:
			if recvs {
				found = true
			}
		case *ast.CallExpr:
			if a.waitingCall(n, recvs) {
				found = true
			}
		}
		return !found
	})
	return found
}

// waitingCall reports whether call may wait for other goroutines.
func (a *checker) waitingCall(call *ast.CallExpr, recvs bool) bool {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Wait") {
		return true // wg.Wait, g.Wait, cond.Wait, WaitFor...
	}
	if !recvs {
		return false
	}
	for _, arg := range call.Args {
		t := a.pass.TypesInfo.TypeOf(arg)
		if isChanType(t) || isWaitGroup(t) {
			return true
		}
	}
	if tv, ok := a.pass.TypesInfo.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return false // conversion or builtin
	}
	if typeutil.StaticCallee(a.pass.TypesInfo, call) == nil {
		if _, lit := ast.Unparen(call.Fun).(*ast.FuncLit); !lit {
			return true // a function value or interface method: it may wait
		}
	}
	// One level into functions of the package.
	if f := a.flow.CalleeFunc(a.pass.TypesInfo, call); f != nil && f.Body != nil {
		inner := false
		ast.Inspect(f.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit, *ast.GoStmt:
				return false
			case *ast.UnaryExpr:
				inner = inner || n.Op == token.ARROW
			case *ast.SelectStmt:
				inner = true
			case *ast.RangeStmt:
				inner = inner || isChanType(a.pass.TypesInfo.TypeOf(n.X))
			case *ast.CallExpr:
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Wait") {
					inner = true
				}
			}
			return !inner
		})
		return inner
	}
	return false
}

func isChanType(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// isWaitGroup reports whether t is sync.WaitGroup or a pointer to it.
func isWaitGroup(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "WaitGroup"
}
