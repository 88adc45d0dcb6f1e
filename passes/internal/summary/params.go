package summary

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leakvet/leakvet/passes/internal/chanfacts"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"golang.org/x/tools/go/cfg"
)

// A weight is what one node of a control-flow graph does to a channel:
// the fewest and the most operations it performs.
type weight struct {
	lo, hi int  // hi may be Unbounded or Unknown
	loop   bool // the node is a statement of the body of its innermost loop: a cycle repeats it
}

// param computes the summary of the channel parameter c (index idx) of f.
func (s *summarizer) param(f *chanflow.Func, c *chanflow.Chan, idx int) Param {
	p := Param{Index: idx, Name: c.Name(), NoRecvArg: -1}
	if c.Assigns > 0 {
		p.Escapes = true // reassigned: not followed
	}
	sends := map[ast.Node]weight{} // CFG-level nodes are found by position below
	recvs := map[ast.Node]weight{}
	var sendOps []ast.Node // for MaxWhen
	var ranges []*ast.RangeStmt
	var drainCalls []ast.Node // calls of functions that drain the channel
	for _, op := range c.Ops {
		if op.Kind == chanflow.Other {
			continue
		}
		if op.Kind == chanflow.Close {
			p.Closes = true
			continue
		}
		if op.Func != f {
			p.Escapes = true // used by a function literal: a goroutine, a callback
			continue
		}
		switch op.Kind {
		case chanflow.Send, chanflow.SelectSend:
			if op.Kind == chanflow.SelectSend && op.Select != nil && len(op.Select.Body.List) > 1 {
				p.SendsOut = true
				continue
			}
			sends[op.Node] = weight{1, 1, inLoopBody(op, op.Node)}
			sendOps = append(sendOps, op.Node)
		case chanflow.Recv:
			recvs[op.Node] = weight{1, 1, inLoopBody(op, op.Node)}
		case chanflow.SelectRecv:
			// counted by the select case's block
		case chanflow.Range:
			ranges = append(ranges, op.Node.(*ast.RangeStmt))
		case chanflow.Arg:
			cp := s.callee(op)
			if cp == nil || op.Go != nil {
				p.Escapes = true
				continue
			}
			p.Escapes = p.Escapes || cp.Escapes
			p.Closes = p.Closes || cp.Closes
			p.SendsOut = p.SendsOut || cp.SendsOut
			if cp.MaxSend != 0 {
				sends[op.Node] = weight{cp.MinSend, cp.MaxSend, false}
				sendOps = append(sendOps, op.Node)
			}
			if cp.MaxRecv != 0 {
				recvs[op.Node] = weight{0, cp.MaxRecv, false}
			}
			switch {
			case cp.NoRecv != "":
				// A receiver that can return on another case: not
				// composed into this one's counts.
				p.Escapes = true
			case cp.Drains:
				drainCalls = append(drainCalls, op.Node)
			}
		default: // Return, Escape
			p.Escapes = true
		}
	}
	if p.Escapes {
		return p // the counts would not be used: spare the graph
	}
	g := s.cfgs.Func(f.Node)
	if g == nil {
		p.Escapes = true
		return p
	}
	if len(sends) > 0 {
		p.MinSend, p.MaxSend = pathCounts(g, byNode(g, sends), nil)
		if p.MinSend != p.MaxSend && p.MaxSend > 0 {
			p.MaxWhen = maxWhen(s.pass.TypesInfo, f, sendOps)
		}
	}
	// Receives: plain ones, select cases on c, range bodies over c.
	cases := map[*ast.CommClause]bool{}
	for _, op := range c.OpsOf(chanflow.SelectRecv) {
		if op.Func == f {
			cases[op.Clause] = true
		}
	}
	extra := func(b *cfg.Block) weight {
		switch b.Kind {
		case cfg.KindSelectCaseBody:
			if cases[b.Stmt.(*ast.CommClause)] {
				return weight{1, 1, false}
			}
		case cfg.KindRangeBody:
			if slices.Contains(ranges, b.Stmt.(*ast.RangeStmt)) {
				return weight{1, 1, true}
			}
		}
		return weight{}
	}
	if len(recvs) > 0 || len(cases) > 0 || len(ranges) > 0 || len(drainCalls) > 0 {
		p.MinRecv, p.MaxRecv = pathCounts(g, byNode(g, recvs), extra)
		if p.MaxRecv == Unknown {
			p.MinRecv, p.MaxRecv = 0, Unbounded
		}
		p.Drains = drains(f, ranges, drainCalls)
		p.NoRecv, p.NoRecvArg = s.noRecv(f, g, byNode(g, recvs), cases, ranges)
	}
	return p
}

// callee returns the summary of the parameter the argument op flows
// into, or nil when the callee is not known.
func (s *summarizer) callee(op *chanflow.Op) *Param {
	call := op.Node.(*ast.CallExpr)
	if cf := s.flow.CalleeFunc(s.pass.TypesInfo, call); cf != nil {
		if cf.Obj == nil {
			return nil // a function literal called directly
		}
		sum := s.summarize(cf)
		if sum == nil {
			return nil
		}
		for k := range sum.Params {
			if sum.Params[k].Index == op.Arg {
				return &sum.Params[k]
			}
		}
		return nil
	}
	if op.Callee == nil {
		return nil
	}
	return s.res.Param(op.Callee, op.Arg)
}

// inLoopBody reports whether the statement holding the operation op is
// a statement of the body of op's innermost loop.
func inLoopBody(op *chanflow.Op, n ast.Node) bool {
	if len(op.Loops) == 0 {
		return false
	}
	var body *ast.BlockStmt
	switch l := op.Loops[len(op.Loops)-1].(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	if body == nil {
		return false
	}
	for _, st := range body.List {
		if st.Pos() <= n.Pos() && n.End() <= st.End() {
			switch st := st.(type) {
			case *ast.SendStmt, *ast.ExprStmt, *ast.AssignStmt, *ast.ReturnStmt, *ast.DeclStmt:
				return true
			case *ast.DeferStmt, *ast.GoStmt:
				_ = st
			}
			return false
		}
	}
	return false
}

// byNode returns the weight of each node of g that contains some of
// the given operations (a CFG node is a statement or an expression that
// holds the operation's node).
func byNode(g *cfg.CFG, ops map[ast.Node]weight) map[ast.Node]weight {
	out := map[ast.Node]weight{}
	if len(ops) == 0 {
		return out
	}
	for _, b := range g.Blocks {
		for _, n := range b.Nodes {
			for op, w := range ops {
				if n.Pos() <= op.Pos() && op.End() <= n.End() {
					o := out[n]
					o.lo, o.hi = add(o.lo, w.lo), add(o.hi, w.hi)
					o.loop = o.loop || w.loop
					out[n] = o
				}
			}
		}
	}
	return out
}

// add adds two counts, keeping Unknown and Unbounded.
func add(a, b int) int {
	switch {
	case a == Unknown || b == Unknown:
		return Unknown
	case a == Unbounded || b == Unbounded:
		return Unbounded
	}
	return a + b
}

// IsExit reports whether a block without successors returns: the CFG
// ends every path that falls off the end of the body with an implicit
// return; other blocks without successors end in a call that never
// returns or an empty select.
func IsExit(b *cfg.Block) bool {
	if len(b.Succs) > 0 || len(b.Nodes) == 0 {
		return false
	}
	_, ok := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
	return ok
}

// pathCounts returns the fewest operations on a path from the entry of
// g to a return, and the most on one path: Unbounded when an operation
// is repeated by a loop unconditionally, Unknown when an operation on a
// cycle is guarded by a condition inside the loop.
func pathCounts(g *cfg.CFG, nodes map[ast.Node]weight, extra func(*cfg.Block) weight) (lo, hi int) {
	n := len(g.Blocks)
	if n == 0 || !g.Blocks[0].Live {
		return 0, 0
	}
	wlo := make([]int, n)
	whi := make([]int, n)
	for i, b := range g.Blocks {
		if !b.Live {
			continue // unreachable: no weight, or a dead cycle would not settle
		}
		var ws []weight
		if extra != nil {
			ws = append(ws, extra(b))
		}
		for _, nd := range b.Nodes {
			if w, ok := nodes[nd]; ok {
				ws = append(ws, w)
			}
		}
		for _, w := range ws {
			if w.hi == 0 {
				continue
			}
			if b.Live && lazycfg.OnCycle(b) {
				if !w.loop || w.hi == Unknown {
					return 0, Unknown
				}
				hi = Unbounded
			}
			wlo[i] = add(wlo[i], w.lo)
			whi[i] = add(whi[i], w.hi)
		}
		if whi[i] == Unknown {
			return 0, Unknown
		}
		if whi[i] == Unbounded {
			hi = Unbounded
		}
	}
	const inf = 1 << 30
	low := make([]int, n)
	for i, b := range g.Blocks {
		low[i] = inf
		if IsExit(b) {
			low[i] = max(wlo[i], 0)
		}
	}
	for changed := true; changed; {
		changed = false
		for i, b := range g.Blocks {
			for _, s := range b.Succs {
				if low[s.Index] < inf {
					if v := max(wlo[i], 0) + low[s.Index]; v < low[i] {
						low[i] = v
						changed = true
					}
				}
			}
		}
	}
	lo = low[0]
	if hi == Unbounded {
		if lo >= inf {
			lo = 1
		}
		return min(lo, 1), Unbounded
	}
	best := make([]int, n)
	copy(best, whi)
	for changed := true; changed; {
		changed = false
		for i := n - 1; i >= 0; i-- {
			m := 0
			for _, s := range g.Blocks[i].Succs {
				m = max(m, best[s.Index])
			}
			if v := whi[i] + m; v > best[i] {
				best[i] = v
				changed = true
			}
		}
	}
	hi = best[0]
	if lo >= inf {
		lo = hi // never returns
	}
	return lo, hi
}

// drains reports whether f ranges over the channel to its end before
// any return: a range statement of f's body (not nested) that cannot be
// left early, or a call statement of a function that drains it, with
// no return before it.
func drains(f *chanflow.Func, ranges []*ast.RangeStmt, calls []ast.Node) bool {
	var stmts []ast.Node
	for _, rs := range ranges {
		if !chanfacts.CanLeave(f.Body, rs) {
			stmts = append(stmts, rs)
		}
	}
	stmts = append(stmts, calls...)
	for _, rs := range stmts {
		top := false
		for _, st := range f.Body.List {
			if st == rs {
				top = true
			}
			if es, ok := st.(*ast.ExprStmt); ok && ast.Unparen(es.X) == rs {
				top = true
			}
		}
		if !top {
			continue
		}
		early := false
		ast.Inspect(f.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if n.Pos() < rs.Pos() {
					early = true
				}
			case *ast.BranchStmt:
				if n.Tok == token.GOTO {
					early = true
				}
			}
			return !early
		})
		if !early {
			return true
		}
	}
	return false
}

// noRecv returns the select case (described as in messages) through
// which f can return without receiving from the channel: a path from
// the entry to a return that takes another case (or the default) of a
// select that also receives from the channel, and receives nothing.
func (s *summarizer) noRecv(f *chanflow.Func, g *cfg.CFG, recvAt map[ast.Node]weight, cases map[*ast.CommClause]bool, ranges []*ast.RangeStmt) (string, int) {
	if len(cases) == 0 || len(g.Blocks) == 0 {
		return "", -1
	}
	competes := map[ast.Stmt]bool{} // selects with a case on the channel
	for _, b := range g.Blocks {
		if b.Kind == cfg.KindSelectCaseBody && cases[b.Stmt.(*ast.CommClause)] {
			competes[b.Stmt] = true
		}
	}
	selectOf := map[*ast.CommClause]*ast.SelectStmt{}
	for _, b := range g.Blocks {
		if b.Kind == cfg.KindSelectDone {
			sel := b.Stmt.(*ast.SelectStmt)
			for _, cc := range sel.Body.List {
				selectOf[cc.(*ast.CommClause)] = sel
			}
		}
	}
	competing := func(cc *ast.CommClause) *ast.SelectStmt {
		sel := selectOf[cc]
		if sel == nil {
			return nil
		}
		for _, o := range sel.Body.List {
			if cases[o.(*ast.CommClause)] {
				return sel
			}
		}
		return nil
	}
	type state struct {
		b   *cfg.Block
		via string
		arg int
	}
	seen := map[state]bool{}
	stack := []state{{g.Blocks[0], "", -1}}
	for len(stack) > 0 {
		st := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[st] || !st.b.Live {
			continue
		}
		seen[st] = true
		received := false
		for _, n := range st.b.Nodes {
			if recvAt[n].hi != 0 {
				received = true
			}
		}
		if received {
			continue
		}
		if IsExit(st.b) && st.via != "" {
			return st.via, st.arg
		}
		for _, b := range st.b.Succs {
			ns := state{b, st.via, st.arg}
			switch b.Kind {
			case cfg.KindSelectCaseBody:
				cc := b.Stmt.(*ast.CommClause)
				if cases[cc] {
					continue // receives
				}
				if ns.via == "" && competing(cc) != nil {
					arg, ok := s.wayOutArg(f, cc)
					if !ok {
						continue // a case the caller knows nothing of
					}
					ns.via, ns.arg = describeComm(cc), arg
				}
			case cfg.KindSelectAfterCase:
				cc := b.Stmt.(*ast.CommClause)
				sel := selectOf[cc]
				if sel == nil {
					break
				}
				last, hasDefault := lastCase(sel)
				if cc == last {
					if !hasDefault {
						continue // a select without default takes a case
					}
					if ns.via == "" && competing(cc) != nil {
						ns.via = "default"
					}
				}
			case cfg.KindRangeBody:
				if slices.Contains(ranges, b.Stmt.(*ast.RangeStmt)) {
					continue // receives
				}
			}
			stack = append(stack, ns)
		}
	}
	return "", -1
}

// wayOutArg classifies the channel a select case waits for, as a way
// for f to return without receiving: a timer (time.After, time.Tick,
// t.C of a timer or ticker) needs nothing from the caller (-1); the
// Done() of a context parameter, or a channel parameter, is the
// parameter's index. Any other channel (a field, a global, a call) is
// not a way out the caller can be said to provide: ok is false.
func (s *summarizer) wayOutArg(f *chanflow.Func, cc *ast.CommClause) (int, bool) {
	info := s.pass.TypesInfo
	var e ast.Expr
	switch c := cc.Comm.(type) {
	case *ast.ExprStmt:
		e = c.X
	case *ast.AssignStmt:
		if len(c.Rhs) == 1 {
			e = c.Rhs[0]
		}
	}
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return -1, false
	}
	param := func(x ast.Expr) (int, bool) {
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok {
			return -1, false
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok {
			return -1, false
		}
		params := f.Obj.Signature().Params()
		for i := range params.Len() {
			if params.At(i) == v {
				return i, true
			}
		}
		return -1, false
	}
	switch x := ast.Unparen(u.X).(type) {
	case *ast.CallExpr:
		sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
		if !ok {
			return -1, false
		}
		fn, ok := info.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil {
			return -1, false
		}
		if fn.Pkg().Path() == "time" && (fn.Name() == "After" || fn.Name() == "Tick") {
			return -1, true
		}
		if fn.Name() == "Done" && len(x.Args) == 0 {
			return param(sel.X)
		}
	case *ast.SelectorExpr:
		if x.Sel.Name == "C" {
			if n := NamedOf(info.TypeOf(x.X)); n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" {
				return -1, true
			}
		}
	case *ast.Ident:
		return param(x)
	}
	return -1, false
}

// lastCase returns the last communication case of sel, and whether sel
// has a default.
func lastCase(sel *ast.SelectStmt) (last *ast.CommClause, hasDefault bool) {
	for _, cc := range sel.Body.List {
		cc := cc.(*ast.CommClause)
		if cc.Comm == nil {
			hasDefault = true
		} else {
			last = cc
		}
	}
	return last, hasDefault
}

// describeComm renders the channel of a select case for messages:
// "time.After", "ctx.Done()", "t.C", "done".
func describeComm(clause *ast.CommClause) string {
	var e ast.Expr
	switch s := clause.Comm.(type) {
	case nil:
		return "default"
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	case *ast.SendStmt:
		return "send on " + types.ExprString(s.Chan)
	}
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return "other"
	}
	x := ast.Unparen(u.X)
	if call, ok := x.(*ast.CallExpr); ok {
		if len(call.Args) == 0 {
			return types.ExprString(call.Fun) + "()"
		}
		return types.ExprString(call.Fun)
	}
	return types.ExprString(x)
}

// maxWhen returns the condition under which f sends the most: the
// condition of the first if statement of f (outside function literals)
// whose then branch holds some of the sends while others are outside
// the if statement, when that condition is a comparison or a boolean
// over f's parameters ("err != nil"); "" otherwise.
func maxWhen(info *types.Info, f *chanflow.Func, sends []ast.Node) string {
	within := func(n ast.Node, outer ast.Node) bool { return outer.Pos() <= n.Pos() && n.End() <= outer.End() }
	found := ""
	ast.Inspect(f.Body, func(n ast.Node) bool {
		if found != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			in, out := false, false
			for _, s := range sends {
				switch {
				case within(s, n.Body):
					in = true
				case !within(s, n):
					out = true
				}
			}
			if in && out && n.Init == nil && paramsOnly(info, f, n.Cond) {
				found = types.ExprString(n.Cond)
			}
		}
		return true
	})
	if len(found) > 40 {
		return ""
	}
	return found
}

// paramsOnly reports whether e refers to no variable other than the
// parameters of f, and calls nothing.
func paramsOnly(info *types.Info, f *chanflow.Func, e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr, *ast.FuncLit:
			ok = false
		case *ast.Ident:
			if v, isVar := info.Uses[n].(*types.Var); isVar {
				if !isParam(f, v) {
					ok = false
				}
			}
		}
		return ok
	})
	return ok
}

func isParam(f *chanflow.Func, v *types.Var) bool {
	sig := f.Obj.Signature()
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == v {
			return true
		}
	}
	return sig.Recv() == v
}
