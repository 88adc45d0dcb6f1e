package sendleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leakvet/leakvet/passes/internal/analysisdoc"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/summary"
	"github.com/leakvet/leakvet/passes/internal/testfail"
	"github.com/leakvet/leakvet/passes/internal/wgflow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

//go:embed doc.go
var doc string

// Categories of the diagnostics, one per kind of leak.
const (
	CategoryTimeout     = "timeout"      // the receiver selects on a timeout or cancellation and returns from that case
	CategoryEarlyReturn = "early-return" // the receiver returns (or loops on) before receiving every value
	CategoryNCast       = "ncast"        // n goroutines send, the receiver receives fewer times
	CategoryDoubleSend  = "double-send"  // one goroutine sends more times than it is received from
	CategoryGenerator   = "generator"    // a returned channel is fed by sends that ignore the function's context
)

// Config holds the options of the pass. The zero value is the default.
type Config struct {
	IgnoreTests bool `json:"ignore-tests"` // skip _test.go files
	// TestFailPaths also reports leaks that can happen only on a path
	// where the test was already marked failed (see package testfail).
	TestFailPaths bool `json:"test-fail-paths"`
}

// Analyzer runs with the default Config; drivers set its flags.
var Analyzer = New(Config{})

// New returns a fresh analyzer configured by cfg. Tests and the plugin
// never mutate Analyzer.
func New(cfg Config) *analysis.Analyzer {
	c := &cfg
	a := &analysis.Analyzer{
		Name:      "sendleak",
		Doc:       analysisdoc.Extract(doc, "sendleak"),
		URL:       "https://pkg.go.dev/github.com/leakvet/leakvet/passes/sendleak",
		Requires:  []*analysis.Analyzer{chanflow.Analyzer, lazycfg.Analyzer, summary.Analyzer, wgflow.Analyzer},
		FactTypes: []analysis.Fact{new(SendsFact)},
		Run:       c.run,
	}
	a.Flags.BoolVar(&c.IgnoreTests, "ignore-tests", c.IgnoreTests, "skip _test.go files")
	a.Flags.BoolVar(&c.TestFailPaths, "test-fail-paths", c.TestFailPaths,
		"also report leaks that can happen only after the test was marked failed (t.Error, t.Fatal, Ginkgo Fail)")
	return a
}

// checker holds the state of one run.
type checker struct {
	cfg   *Config
	pass  *analysis.Pass
	res   *chanflow.Result
	sums  *summary.Result
	cfgs  *lazycfg.CFGs
	r     *report.Reporter
	facts map[*types.Func]*SendsFact // facts of this package's functions
	fail  *testfail.Marker           // statements that mark a test failed

	lenBusy map[*types.Var]bool           // slices whose length bound is being computed (maxLen)
	decls   map[*types.Func]*ast.FuncDecl // see declOf
	panics  map[*types.Func]bool          // see canPanic

	// groupGo holds a Go for each function literal started by
	// sync.WaitGroup.Go or errgroup.Group.Go: its Stmt is a go
	// statement made up for the call, which groupCall maps back.
	groupGo   map[*chanflow.Func]*chanflow.Go
	groupCall map[*chanflow.Go]*ast.CallExpr
	wgs       *wgflow.Result // the WaitGroup and errgroup calls (groupctx.go)
}

// goOf returns the Go that starts the function literal f: its go
// statement, or its WaitGroup.Go or errgroup.Group.Go call.
func (ch *checker) goOf(f *chanflow.Func) *chanflow.Go {
	if f.Go != nil {
		return f.Go
	}
	return ch.groupGo[f]
}

// indexGroups fills groupGo and groupCall.
func (ch *checker) indexGroups(wgs *wgflow.Result) {
	ch.wgs = wgs
	ch.groupGo = make(map[*chanflow.Func]*chanflow.Go)
	ch.groupCall = make(map[*chanflow.Go]*ast.CallExpr)
	for _, c := range wgs.Calls {
		if c.Kind != wgflow.Go || len(c.Call.Args) != 1 || c.Func == nil {
			continue
		}
		lit, ok := ast.Unparen(c.Call.Args[0]).(*ast.FuncLit)
		if !ok {
			continue
		}
		f := ch.res.FuncOf(lit)
		if f == nil {
			continue
		}
		g := &chanflow.Go{Stmt: &ast.GoStmt{Go: c.Call.Pos(), Call: c.Call}, Func: c.Func, Lit: f, Loops: c.Loops}
		ch.groupGo[f] = g
		ch.groupCall[g] = c.Call
	}
}

// run checks every channel made by make in a function body.
//
// The sender side of a channel c made in function F is the set of
// goroutines started by go statements in F that send on c: function
// literals whose sends are visible (capturing c or taking it as an
// argument), and named functions whose SendsFact says they only send on
// the parameter c is passed as. On the goroutine's control-flow graph,
// sendCounts finds the fewest and the most sends on one path; a send
// repeated by a loop makes the most unbounded, or unknown when a
// condition inside the loop guards it. A send inside a select with any
// other case or a default is never counted: it has a way out.
//
// The receiver side is F itself. If c has any other use (a receive in
// another function, a call argument, an assignment, a store, a return
// except for the generator shape, a close in F), c escapes the model
// and the pass stays silent. So does a computed capacity.
//
// The search (paths.go) then walks F's control-flow graph from its
// entry with a count of the values owed: a go statement adds what its
// goroutine can send, a receive takes one away, a receive loop that
// runs to its end or a branch that finds c closed clears it. A path
// that returns owing more than cap(c) abandons a blocked sender: that
// path is the "why" named in the message, and its last select case or
// its return is the Related position.
//
// A function that returns c as a receive-only channel to its caller,
// takes a context.Context or a done channel, and feeds c from a
// goroutine whose sends ignore it is a generator that leaks when the
// caller stops receiving (generator.go).
func (c *Config) run(pass *analysis.Pass) (any, error) {
	ch := &checker{
		cfg:   c,
		pass:  pass,
		res:   pass.ResultOf[chanflow.Analyzer].(*chanflow.Result),
		sums:  pass.ResultOf[summary.Analyzer].(*summary.Result),
		cfgs:  pass.ResultOf[lazycfg.Analyzer].(*lazycfg.CFGs),
		r:     report.New(pass, "sendleak"),
		facts: make(map[*types.Func]*SendsFact),
		fail:  testfail.New(pass.Pkg, pass.TypesInfo, pass.Files),
	}
	if c.IgnoreTests {
		ch.r.SkipTests() // and their suppression directives
	}
	ch.indexGroups(pass.ResultOf[wgflow.Analyzer].(*wgflow.Result))
	ch.exportFacts()
	for _, cv := range ch.res.Chans {
		if c.IgnoreTests && report.IsTestFile(pass, cv.Var.Pos()) {
			continue
		}
		ch.checkChan(cv)
	}
	ch.r.Finish()
	return nil, nil
}

// A sender is one go statement of F whose goroutine sends on c.
type sender struct {
	g     *chanflow.Go
	lit   bool            // a function literal that captures c; else c is an argument
	sends []*ast.SendStmt // blocking sends, for literals
	calls []*helperCall   // calls of helpers that send on c, for literals
	pos   ast.Node        // where to report: the first blocking send, or the go call's argument
	min   int             // fewest sends on a path of one goroutine that returns
	max   int             // most sends on one path of one goroutine, or unbounded or unknown
	// approx: max is an upper bound from the trip bounds of loops,
	// not the sends of one path.
	approx bool
	// deadCtx names the context whose Done a select of the sender
	// also waits for, when nothing cancels it (groupctx.go).
	deadCtx string
}

// A helperCall is a call, in a goroutine or in F, of a function whose
// summary says it only sends on (or only receives from) c.
type helperCall struct {
	call   *ast.CallExpr
	callee *types.Func
	p      *summary.Param
}

// name returns the helper's name for messages.
func (h *helperCall) name(from *types.Package) string { return summary.Describe(h.callee, from) }

// Send counts that are not numbers.
const (
	unbounded = -1 // repeated by a loop
	unknown   = -2 // depends on values the pass does not follow
)

// checkChan checks one channel variable.
func (ch *checker) checkChan(c *chanflow.Chan) {
	if c.Param || c.Make == nil || c.Decl == nil {
		return // not made here: someone else owns it
	}
	F := c.Decl
	senders := map[*chanflow.Go]*sender{}
	var returns []*chanflow.Op
	var recvCalls []*chanflow.Op // F passes c to a helper that only receives
	for _, op := range c.Ops {
		switch {
		case op.Kind == chanflow.Other:
			continue
		case op.Func == F:
			switch op.Kind {
			case chanflow.Recv, chanflow.SelectRecv, chanflow.Range:
				continue // F receives: the receiver side
			case chanflow.Return:
				returns = append(returns, op)
				continue
			case chanflow.Arg:
				if op.Go == nil && op.Callee != nil {
					if p := ch.sums.Param(op.Callee, op.Arg); p != nil && p.Receives() {
						recvCalls = append(recvCalls, op)
						continue // return waitFor(ctx, c)
					}
				}
				if op.Go != nil && op.Callee == nil {
					// go func(out chan<- T) { ... }(ch)
					g := ch.res.GoOf(op.Go)
					if g.Lit == nil || senders[g] != nil {
						return
					}
					p := ch.litParam(g.Lit, op.Arg)
					if p == nil {
						return
					}
					sends, lo, hi := ch.paramSends(g.Lit, p)
					if len(sends) == 0 {
						return // the literal may receive, or pass c on
					}
					senders[g] = &sender{g: g, sends: sends, pos: sends[0], min: lo, max: hi}
					continue
				}
				if op.Go == nil || op.Callee == nil {
					return // passed to code that may receive
				}
				fact := ch.factOf(op.Callee)
				if fact == nil {
					fact = ch.summarySends(op) // cancel.go
				}
				if fact == nil {
					return // the callee may receive, or store c
				}
				p := fact.param(op.Arg)
				if p == nil || op.Callee.Signature().Variadic() && op.Arg >= op.Callee.Signature().Params().Len()-1 {
					return // not a parameter that only sends
				}
				g := ch.res.GoOf(op.Go)
				if senders[g] != nil {
					return // passed twice to one goroutine
				}
				senders[g] = &sender{g: g, pos: op.Ident, min: p.Min, max: p.Max}
				continue
			}
			return // a send or close in F, an escape
		}
		// An op in another function: it must be a send or close in a
		// goroutine literal started by F.
		lf := op.Func
		if lf == nil || ch.goOf(lf) == nil || ch.goOf(lf).Func != F {
			return // used by a function we do not model as a goroutine of F
		}
		lg := ch.goOf(lf)
		switch op.Kind {
		case chanflow.Close:
			continue // a sender closing after its sends, or a waiter after wg.Wait()
		case chanflow.Arg:
			// A helper that only sends: go func() { reply(c, err) }()
			if op.Go != nil || op.Callee == nil {
				return
			}
			p := ch.sums.Param(op.Callee, op.Arg)
			if p == nil || !p.Sends() {
				return // the helper may receive, or keep c
			}
			s := senders[lg]
			if s == nil {
				s = &sender{g: lg, lit: true}
				senders[lg] = s
			}
			if p.MaxSend == 0 {
				continue // every send has a way out
			}
			if ch.afterPanic(lf, op.Node) {
				continue // the goroutine may end in a recovered panic first
			}
			if p.MaxSend == unbounded {
				// The summary counts a send in a loop as repeated
				// without end; this pass's own fact bounds the loops
				// whose trip count it knows ("for i := 0; i < 8; i++").
				if f := ch.factOf(op.Callee); f != nil {
					if fp := f.param(op.Arg); fp != nil && fp.Max > 0 {
						bounded := *p
						bounded.MinSend, bounded.MaxSend = fp.Min, fp.Max
						p = &bounded
					}
				}
			}
			s.calls = append(s.calls, &helperCall{call: op.Node.(*ast.CallExpr), callee: op.Callee, p: p})
			if s.pos == nil || op.Node.Pos() < s.pos.Pos() {
				s.pos = op.Node
			}
			continue
		case chanflow.Send, chanflow.SelectSend:
			s := senders[lg]
			if s == nil {
				s = &sender{g: lg, lit: true}
				senders[lg] = s
			}
			if ch.afterPanic(lf, op.Node) {
				continue // the goroutine may end in a recovered panic first
			}
			if hasWayOut(op) {
				d := ch.deadWayOut(op, F) // groupctx.go
				if d == "" {
					continue
				}
				s.deadCtx = d
			}
			s.sends = append(s.sends, op.Node.(*ast.SendStmt))
			if s.pos == nil || op.Node.Pos() < s.pos.Pos() {
				s.pos = op.Node
			}
			continue
		}
		return // a receive by another goroutine, or an escape
	}
	// Literal senders: drop those whose every send has a way out, and
	// a single sender that returns once the buffer is full.
	var ss []*sender
	for _, s := range senders {
		if s.lit {
			if len(s.sends) == 0 && len(s.calls) == 0 {
				continue
			}
			if len(s.calls) > 0 {
				s.min, s.max = ch.sendCountsCalls(ch.funcCFG(s.g.Lit), s.g.Lit, s.sends, s.calls)
				ss = append(ss, s)
				continue
			}
			if len(senders) == 1 && len(effectiveLoops(s.g, c)) == 0 && !slices.ContainsFunc(s.sends, func(send *ast.SendStmt) bool {
				return !ch.capGuarded(c, s.g.Lit, send)
			}) {
				continue
			}
			s.min, s.max, s.approx = ch.sendCountsBound(ch.funcCFG(s.g.Lit), s.g.Lit, s.sends)
		}
		ss = append(ss, s)
	}
	if len(ss) == 0 {
		return // nothing can block
	}
	slices.SortFunc(ss, func(a, b *sender) int { return int(a.g.Stmt.Pos() - b.g.Stmt.Pos()) })

	if len(recvCalls) > 0 && !ch.cancellable(recvCalls) { // cancel.go
		for _, s := range ss {
			if s.max == unbounded || s.approx {
				// A sender in a loop whose trip count the pass does not
				// know (a forwarder, say) against a receiver that
				// counts its values through a helper: the counts do
				// not meet; stay silent as for any other call.
				return
			}
		}
	}
	if len(returns) > 0 {
		if slices.ContainsFunc(ss, func(s *sender) bool { return s.deadCtx != "" }) {
			return // the caller may cancel the context
		}
		if len(recvCalls) > 0 {
			return // F receives through a helper: not a plain generator
		}
		ch.checkGenerator(c, ss, returns)
		return
	}
	ch.checkReceiver(c, ss, recvCalls)
}

// litParam returns the Chan of parameter i of a function literal, or
// nil if it is not a plain channel parameter.
func (ch *checker) litParam(lit *chanflow.Func, i int) *chanflow.Chan {
	sig, ok := ch.pass.TypesInfo.TypeOf(lit.Node.(*ast.FuncLit)).(*types.Signature)
	if !ok || i >= sig.Params().Len() || sig.Variadic() && i >= sig.Params().Len()-1 {
		return nil
	}
	c := ch.res.ChanOf(sig.Params().At(i))
	if c == nil || c.Decl != lit {
		return nil
	}
	return c
}

// hasWayOut reports whether a send is inside a select that has another
// case or a default: it can stop waiting.
//
//	select {
//	case ch <- v:
//	case <-ctx.Done():   // or default:
//	}
func hasWayOut(op *chanflow.Op) bool {
	return op.Kind == chanflow.SelectSend && op.Select != nil && len(op.Select.Body.List) > 1
}

// sendCounts returns the smallest and the largest number of the given
// sends on one path through g, the body of f. max is unbounded when a
// send is repeated by a loop, unconditionally in the loop's body, and
// unknown when a send on a cycle is guarded by a condition (the count
// then depends on values the pass does not follow, as in "if first {
// ch <- v; first = false }").
func (ch *checker) sendCounts(g *cfg.CFG, f *chanflow.Func, sends []*ast.SendStmt) (lo, hi int) {
	lo, hi, _ = ch.sendCountsBound(g, f, sends)
	return lo, hi
}

// sendCountsBound is sendCounts, also telling whether hi is only an
// upper bound (from the trip bounds of loops) rather than the sends of
// one path.
func (ch *checker) sendCountsBound(g *cfg.CFG, f *chanflow.Func, sends []*ast.SendStmt) (lo, hi int, approx bool) {
	if g == nil {
		return 0, unknown, false
	}
	in := make(map[ast.Node]bool, len(sends))
	for _, s := range sends {
		in[s] = true
	}
	count := make([]int, len(g.Blocks))
	for i, b := range g.Blocks {
		for _, n := range b.Nodes {
			if in[n] {
				count[i]++
			}
		}
	}
	// A send on a cycle repeats: as many times as the trip bounds of
	// its loops allow, or without a known bound.
	bounded, extra := true, 0
	var onCycles []int
	for i, b := range g.Blocks {
		if count[i] == 0 || !b.Live || !lazycfg.OnCycle(b) {
			continue
		}
		onCycles = append(onCycles, i)
		for _, n := range b.Nodes {
			if !in[n] {
				continue
			}
			if m, ok := ch.sendBound(f, n.(*ast.SendStmt)); ok {
				extra += m
			} else {
				bounded = false
			}
		}
	}
	if len(onCycles) > 0 && bounded {
		// Every repeated send has a bound: count them apart, and the
		// others on the longest path.
		lo = shortestSends(g, count)
		for _, i := range onCycles {
			for _, n := range g.Blocks[i].Nodes {
				if in[n] {
					count[i]--
				}
			}
		}
		_, hi = ch.sendCountsAcyclic(g, count)
		hi += extra
		if lo >= 1<<30 {
			lo = hi // the goroutine never returns
		}
		return lo, hi, true
	}
	for _, i := range onCycles {
		for _, n := range g.Blocks[i].Nodes {
			if in[n] && !inLoopBody(f, n.(*ast.SendStmt)) {
				return 0, unknown, false
			}
		}
		hi = unbounded
	}
	if hi == unbounded {
		return min(shortestSends(g, count), 1), unbounded, false
	}
	lo, hi = ch.sendCountsAcyclic(g, count)
	return lo, hi, false
}

// sendCountsCalls is sendCounts for a goroutine that also sends
// through helpers: each call counts the fewest and the most sends of
// the helper's summary.
func (ch *checker) sendCountsCalls(g *cfg.CFG, f *chanflow.Func, sends []*ast.SendStmt, calls []*helperCall) (lo, hi int) {
	if g == nil {
		return 0, unknown
	}
	in := make(map[ast.Node]bool, len(sends))
	for _, s := range sends {
		in[s] = true
	}
	cntLo := make([]int, len(g.Blocks))
	cntHi := make([]int, len(g.Blocks))
	for i, b := range g.Blocks {
		for _, n := range b.Nodes {
			if in[n] {
				cntLo[i]++
				cntHi[i]++
				if b.Live && lazycfg.OnCycle(b) {
					if !inLoopBody(f, n) {
						return 0, unknown
					}
					hi = unbounded
				}
			}
			for _, c := range calls {
				if n.Pos() > c.call.Pos() || c.call.End() > n.End() {
					continue
				}
				switch {
				case c.p.MaxSend == unknown:
					return 0, unknown
				case c.p.MaxSend == unbounded:
					hi = unbounded
				case b.Live && lazycfg.OnCycle(b):
					if !inLoopBody(f, n) {
						return 0, unknown
					}
					hi = unbounded
				default:
					cntHi[i] += c.p.MaxSend
				}
				cntLo[i] += c.p.MinSend
			}
		}
	}
	if hi == unbounded {
		return min(shortestSends(g, cntLo), 1), unbounded
	}
	lo = shortestSends(g, cntLo)
	_, hi = ch.sendCountsAcyclic(g, cntHi)
	if lo >= 1<<30 {
		lo = hi // the goroutine never returns
	}
	return lo, hi
}

// shortestSends returns the fewest sends on a path from the entry to an
// exit, given the sends of each block (1<<30 if no exit is reachable).
func shortestSends(g *cfg.CFG, count []int) int {
	const inf = 1 << 30
	low := make([]int, len(g.Blocks))
	for i, b := range g.Blocks {
		low[i] = inf
		if len(b.Succs) == 0 {
			low[i] = count[i]
		}
	}
	for changed := true; changed; {
		changed = false
		for i, b := range g.Blocks {
			for _, s := range b.Succs {
				if v := count[i] + low[s.Index]; low[s.Index] < inf && v < low[i] {
					low[i] = v
					changed = true
				}
			}
		}
	}
	return low[0]
}

// sendBound returns an upper bound of the times the send s of f runs:
// the product of the trip bounds of the loops around it in f.
func (ch *checker) sendBound(f *chanflow.Func, s *ast.SendStmt) (int, bool) {
	for _, op := range f.Ops {
		if op.Node != s {
			continue
		}
		m := int64(1)
		for _, l := range op.Loops {
			n, ok := ch.tripBound(l, f.Body)
			if !ok || n > 1<<16 {
				return 0, false
			}
			m *= n
		}
		if m > 1<<16 {
			return 0, false
		}
		return int(m), true
	}
	return 0, false
}

// sendCountsAcyclic returns the fewest sends on a path to an exit and
// the most on one path, given the sends of each block, when no block
// with sends is on a cycle (lo is exact in any case).
func (ch *checker) sendCountsAcyclic(g *cfg.CFG, count []int) (lo, hi int) {
	// Unreachable blocks do not count, and may form a cycle with sends
	// (code after a return or a panic): the longest path would not
	// settle.
	count = slices.Clone(count)
	for i, b := range g.Blocks {
		if !b.Live {
			count[i] = 0
		}
	}
	// Shortest path to an exit, by relaxation.
	const inf = 1 << 30
	low := make([]int, len(g.Blocks))
	for i, b := range g.Blocks {
		low[i] = inf
		if len(b.Succs) == 0 {
			low[i] = count[i]
		}
	}
	for changed := true; changed; {
		changed = false
		for i, b := range g.Blocks {
			for _, s := range b.Succs {
				if v := count[i] + low[s.Index]; low[s.Index] < inf && v < low[i] {
					low[i] = v
					changed = true
				}
			}
		}
	}
	// Longest path: with no send on a cycle the values settle.
	best := slices.Clone(count)
	for changed := true; changed; {
		changed = false
		for i := len(g.Blocks) - 1; i >= 0; i-- {
			m := 0
			for _, s := range g.Blocks[i].Succs {
				m = max(m, best[s.Index])
			}
			if v := count[i] + m; v > best[i] {
				best[i] = v
				changed = true
			}
		}
	}
	hi = best[0]
	lo = low[0]
	if lo >= inf {
		lo = hi // the goroutine never returns
	}
	return lo, hi
}

// inLoopBody reports whether s is a statement of the body of its
// innermost loop in f: it runs on every iteration.
func inLoopBody(f *chanflow.Func, s ast.Node) bool {
	for _, op := range f.Ops {
		if op.Node.Pos() < s.Pos() || op.Node.End() > s.End() || len(op.Loops) == 0 {
			continue
		}
		var body *ast.BlockStmt
		switch l := op.Loops[len(op.Loops)-1].(type) {
		case *ast.ForStmt:
			body = l.Body
		case *ast.RangeStmt:
			body = l.Body
		}
		st, ok := s.(ast.Stmt)
		return ok && body != nil && slices.Contains(body.List, st)
	}
	return false
}

// instances returns the number of goroutines a go statement starts:
// 1 outside loops, the constant trip count of a single loop, or
// unbounded.
func (ch *checker) instances(g *chanflow.Go) int {
	switch len(g.Loops) {
	case 0:
		return 1
	case 1:
		if n, ok := ch.tripCount(g.Loops[0]); ok {
			return int(n)
		}
	}
	return unbounded
}

// tripCount returns the constant number of iterations of a loop:
//
//	for i := 0; i < 3; i++
//	for range 3
//	for _, x := range [3]T{...}
//	for _, x := range []T{a, b}   (a slice literal without keys)
func (ch *checker) tripCount(loop ast.Stmt) (int64, bool) {
	info := ch.pass.TypesInfo
	switch l := loop.(type) {
	case *ast.RangeStmt:
		t := info.TypeOf(l.X)
		if t == nil {
			return 0, false
		}
		if lit, ok := ast.Unparen(l.X).(*ast.CompositeLit); ok {
			if _, ok := t.Underlying().(*types.Slice); ok {
				for _, e := range lit.Elts {
					if _, ok := e.(*ast.KeyValueExpr); ok {
						return 0, false // indices may skip
					}
				}
				return int64(len(lit.Elts)), true
			}
		}
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		switch u := t.Underlying().(type) {
		case *types.Array:
			return u.Len(), true
		case *types.Basic:
			if u.Info()&types.IsInteger != 0 {
				return chanflow.ConstInt(info, l.X)
			}
		}
	case *ast.ForStmt:
		lo, hi, ok := countedFor(l)
		if !ok {
			return 0, false
		}
		a, ok1 := chanflow.ConstInt(info, lo)
		b, ok2 := chanflow.ConstInt(info, hi)
		if ok1 && ok2 && b >= a {
			return b - a, true
		}
	}
	return 0, false
}

// countedFor matches "for i := lo; i < hi; i++" and returns lo and hi.
func countedFor(l *ast.ForStmt) (lo, hi ast.Expr, ok bool) {
	init, ok1 := l.Init.(*ast.AssignStmt)
	cond, ok2 := l.Cond.(*ast.BinaryExpr)
	post, ok3 := l.Post.(*ast.IncDecStmt)
	if !ok1 || !ok2 || !ok3 || len(init.Lhs) != 1 || len(init.Rhs) != 1 || cond.Op != token.LSS || post.Tok != token.INC {
		return nil, nil, false
	}
	i, ok := init.Lhs[0].(*ast.Ident)
	ci, ok4 := cond.X.(*ast.Ident)
	pi, ok5 := post.X.(*ast.Ident)
	if !ok || !ok4 || !ok5 || ci.Name != i.Name || pi.Name != i.Name {
		return nil, nil, false
	}
	return init.Rhs[0], cond.Y, true
}

// capSuffices reports whether the non-constant capacity expression
// equals the trip count of the loop around the go statement:
// len(xs) for "range xs", n for "range n" and "for i := 0; i < n; i++".
func (ch *checker) capSuffices(capExpr ast.Expr, loop ast.Stmt) bool {
	capS := types.ExprString(ast.Unparen(capExpr))
	switch l := loop.(type) {
	case *ast.RangeStmt:
		t := ch.pass.TypesInfo.TypeOf(l.X)
		if t == nil {
			return false
		}
		if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
			return capS == types.ExprString(l.X)
		}
		return capS == "len("+types.ExprString(l.X)+")"
	case *ast.ForStmt:
		lo, hi, ok := countedFor(l)
		if !ok {
			return false
		}
		if n, ok := chanflow.ConstInt(ch.pass.TypesInfo, lo); !ok || n != 0 {
			return false
		}
		return capS == types.ExprString(hi)
	}
	return false
}

// describeComm renders the channel of a select case for messages:
// "time.After", "ctx.Done()", "t.C", "done".
func describeComm(clause *ast.CommClause) string {
	x := commChan(clause)
	if x == nil {
		return "default"
	}
	if call, ok := x.(*ast.CallExpr); ok {
		if len(call.Args) == 0 {
			return types.ExprString(call.Fun) + "()"
		}
		return types.ExprString(call.Fun)
	}
	return types.ExprString(x)
}

// commChan returns X of a receiving case "case <-X:" or "case v := <-X:".
func commChan(clause *ast.CommClause) ast.Expr {
	var e ast.Expr
	switch s := clause.Comm.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return ast.Unparen(u.X)
	}
	return nil
}

// isTimeout reports whether a select case waits for a deadline or a
// cancellation: time.After(d), time.Tick(d), t.C of a *time.Timer or
// *time.Ticker, x.Done() of a context, or a local variable assigned
// once from one of these ("deadline := time.After(d)").
func (ch *checker) isTimeout(clause *ast.CommClause) bool {
	x := commChan(clause)
	if id, ok := x.(*ast.Ident); ok {
		v, ok := ch.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok {
			return false
		}
		rhs := ch.singleAssignment(v)
		return rhs != nil && ch.isTimeoutExpr(rhs)
	}
	return ch.isTimeoutExpr(x)
}

// isTimeoutExpr reports whether x is time.After(d), time.Tick(d), t.C
// of a *time.Timer or *time.Ticker, or x.Done() of a context.
func (ch *checker) isTimeoutExpr(x ast.Expr) bool {
	info := ch.pass.TypesInfo
	switch x := ast.Unparen(x).(type) {
	case *ast.CallExpr:
		sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		fn, ok := info.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil {
			return false
		}
		if fn.Pkg().Path() == "time" && (fn.Name() == "After" || fn.Name() == "Tick") {
			return true
		}
		return fn.Name() == "Done" && isContext(info.TypeOf(sel.X))
	case *ast.SelectorExpr:
		if x.Sel.Name != "C" {
			return false
		}
		t := info.TypeOf(x.X)
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := t.(*types.Named)
		return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && (n.Obj().Name() == "Timer" || n.Obj().Name() == "Ticker")
	}
	return false
}

// singleAssignment returns the value of a local variable that is
// assigned exactly once, in its definition, or nil.
func (ch *checker) singleAssignment(v *types.Var) ast.Expr {
	var (
		rhs   ast.Expr
		count int
	)
	for _, f := range ch.pass.Files {
		if v.Pos() < f.Pos() || v.Pos() >= f.End() {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok && objOf(ch.pass.TypesInfo, id) == v {
						count++
						if len(n.Lhs) == len(n.Rhs) {
							rhs = n.Rhs[i]
						}
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if ch.pass.TypesInfo.Defs[id] == v {
						count++
						if len(n.Names) == len(n.Values) {
							rhs = n.Values[i]
						}
					}
				}
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && ch.pass.TypesInfo.Uses[id] == v {
					count += 2 // address taken
				}
			}
			return true
		})
	}
	if count != 1 {
		return nil
	}
	return rhs
}

// isContext reports whether t is context.Context or implements it.
func isContext(t types.Type) bool {
	if t == nil {
		return false
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context" {
		return true
	}
	// Any type with Deadline, Done, Err and Value, e.g. a context wrapper.
	ms := types.NewMethodSet(t)
	for _, name := range []string{"Deadline", "Done", "Err", "Value"} {
		if ms.Lookup(nil, name) == nil {
			return false
		}
	}
	return true
}

// plural spells a count of times: "once", "twice", "3 times".
func plural(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}
