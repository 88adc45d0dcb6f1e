package sendleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

// maxStates bounds the path search of one channel; beyond it the pass
// gives up silently.
const maxStates = 20000

// An abandonment is a path of the receiver that stops receiving while a
// sender can still be blocked.
type abandonment struct {
	recvd  int             // values received on the path (saturated)
	clause *ast.CommClause // the last select case taken instead of receiving from c, if any
	inLoop bool            // the path entered a loop that receives from c
	at     ast.Node        // the return statement (synthetic at the closing brace when F falls off its end), or the make of c
	remade bool            // the path makes a new channel, dropping the old one
	failed bool            // the path marked the test failed first
	helper *helperCall     // the receiving helper the path lets return without receiving, if any
}

// effectiveLoops returns the loops around the go statement that do not
// also contain the make of c: only those start several goroutines on
// the same channel.
func effectiveLoops(g *chanflow.Go, c *chanflow.Chan) []ast.Stmt {
	var ls []ast.Stmt
	for _, l := range g.Loops {
		if l.Pos() <= c.Make.Pos() && c.Make.End() <= l.End() {
			continue
		}
		ls = append(ls, l)
	}
	return ls
}

// funcCFG returns the control-flow graph of f.
func (ch *checker) funcCFG(f *chanflow.Func) *cfg.CFG {
	return ch.cfgs.Func(f.Node)
}

// A contribution is what passing a sender's go statement adds to the
// values owed to F.
type contribution struct {
	n         int  // values, when not unbounded
	unbounded bool // more values than any buffer
	once      bool // count the loop's goroutines on its first iteration only
}

// checkReceiver checks that F receives enough values from c on every
// path that returns after the senders are started.
func (ch *checker) checkReceiver(c *chanflow.Chan, ss []*sender, recvCalls []*chanflow.Op) {
	info := ch.pass.TypesInfo
	F := c.Decl
	for _, s := range ss {
		if s.max == unknown {
			return // the sends depend on values we do not follow
		}
	}
	recvs := c.OpsOf(chanflow.Recv, chanflow.SelectRecv, chanflow.Range)
	recvs = append(recvs, recvCalls...) // their loops receive

	// The buffer.
	capK := 0
	if c.Cap != nil {
		k, ok := chanflow.ConstInt(info, c.Cap)
		if !ok {
			// A computed capacity: we cannot compare it with the
			// sends. (When it is len(xs) for one goroutine per
			// element of xs, it is also large enough.)
			return
		}
		capK = int(k)
	}
	if capK > 0 {
		for _, s := range ss {
			if s.max == unbounded {
				// Sends repeated by a loop without a known bound,
				// into a buffer sized for some count: that the count
				// exceeds the buffer cannot be shown.
				return
			}
		}
	}

	// What each go statement adds to the values owed, and how many
	// goroutines start in all (for messages).
	m := ch.newModel(F, c, ss, recvs)
	for _, op := range recvCalls {
		m.helpers = append(m.helpers, &helperCall{call: op.Node.(*ast.CallExpr), callee: op.Callee, p: ch.sums.Param(op.Callee, op.Arg)})
	}
	nG := 0
	var loops []ast.Stmt // effective loops of a single sender
	for i, s := range ss {
		ls := effectiveLoops(s.g, c)
		if len(ss) == 1 {
			loops = ls
		}
		var k contribution
		switch {
		case s.max == unbounded:
			k.unbounded = true
		case len(ls) == 0:
			k.n = s.max // one goroutine per execution of the go statement
		case len(ls) == 1 && m.receivesIn(ls[0]):
			k.n = s.max // one goroutine per iteration, received in the iteration
		default:
			// A loop that only starts goroutines: count them all on
			// its first iteration. Each can send max values, but for
			// precision all but one are counted at their minimum:
			// "the last one signals" sends only once in all.
			k.once = true
			n, ok := int64(0), false
			if len(ls) == 1 {
				n, ok = ch.tripBound(ls[0], F.Body)
			}
			switch {
			case ok:
				k.n = s.max + int(max(n-1, 0))*s.min
			case s.min > 0:
				k.unbounded = true
			default:
				k.n = s.max
			}
		}
		if nG != unbounded {
			switch {
			case len(ls) == 0:
				nG++
			case len(ls) == 1:
				if n, ok := ch.tripCount(ls[0]); ok {
					nG += int(n)
				} else {
					nG = unbounded
				}
			default:
				nG = unbounded
			}
		}
		key := ast.Node(s.g.Stmt)
		if call := ch.groupCall[s.g]; call != nil {
			key = nodeHolding(ch.funcCFG(F), call)
			if key == nil {
				return
			}
		}
		m.contrib[key] = k
		m.index[key] = uint(i)
		m.byIndex = append(m.byIndex, k)
	}
	for d, from := range ch.settlers(c, ss) {
		for _, op := range d.Ops {
			if op.Func != F {
				continue
			}
			switch op.Kind {
			case chanflow.SelectRecv:
				m.settleCase[op.Clause] = from
			case chanflow.Recv:
				m.settleRecv = append(m.settleRecv, settleOp{op.Node, from})
			}
		}
	}
	if len(ss) > 64 {
		return
	}

	g := ch.funcCFG(F)
	if g == nil {
		return
	}
	a := m.search(g, capK)
	if a == nil {
		return
	}
	ch.reportAbandon(c, ss, a, nG, loops)
}

// model is what the path search knows of F's receives on c.
type model struct {
	ch        *checker
	F         *chanflow.Func
	c         *chanflow.Chan
	recvs     []*chanflow.Op
	recvAt    map[ast.Node]int         // CFG node -> plain receives on c in it
	helpers   []*helperCall            // calls of helpers that receive from c
	helperAt  map[ast.Node]*helperCall // CFG node -> the helper call in it
	caseRecv  map[*ast.CommClause]bool // select cases receiving from c
	competes  map[*ast.SelectStmt]bool // selects with a case receiving from c
	selectOf  map[*ast.CommClause]*ast.SelectStmt
	switchOf  map[*ast.CaseClause]*ast.SwitchStmt
	rangeOver map[ast.Stmt]bool // for v := range c
	recvLoops map[ast.Stmt]bool // loops receiving from c, without a sender go statement
	recvVars  map[types.Object]bool
	okVars    map[types.Object]bool // the ok of "v, ok := <-c"
	contrib   map[ast.Node]contribution
	index     map[ast.Node]uint // sender number, for pathState.spawned
	makeNode  ast.Node          // the CFG node holding the make of c
	byIndex   []contribution    // contributions by sender number

	// Receives in F that tell that a sender owes nothing more (see
	// exclusiveSignals): select cases, and plain receives (by the CFG
	// node that holds them, once the graph is known).
	counters   map[ast.Expr]bool // see countsRecvs
	settleCase map[*ast.CommClause][]uint
	settleRecv []settleOp
	settleAt   map[ast.Node][][]uint
}

// A settleOp is a plain receive in F that settles one of the senders
// numbered in from.
type settleOp struct {
	recv ast.Node
	from []uint
}

// settle records that one of the senders numbered in from, started on
// the path and not settled yet, owes nothing more: the one that owes
// the most, since the pass cannot tell which.
func (m *model) settle(st *pathState, from []uint) {
	best, found := uint(0), false
	for _, i := range from {
		if st.spawned&(1<<i) == 0 || st.settled&(1<<i) != 0 {
			continue // not started yet on this path, or settled
		}
		if !found || m.byIndex[i].unbounded || !m.byIndex[best].unbounded && m.byIndex[i].n > m.byIndex[best].n {
			best, found = i, true
		}
	}
	if !found {
		return
	}
	st.settled |= 1 << best
	k := m.byIndex[best]
	switch {
	case len(m.byIndex) == 1:
		st.drain()
	case !k.unbounded && !st.unb:
		st.owed = max(0, st.owed-k.n)
	}
}

func (ch *checker) newModel(F *chanflow.Func, c *chanflow.Chan, ss []*sender, recvs []*chanflow.Op) *model {
	info := ch.pass.TypesInfo
	m := &model{
		ch: ch, F: F, c: c, recvs: recvs,
		recvAt:    map[ast.Node]int{},
		caseRecv:  map[*ast.CommClause]bool{},
		competes:  map[*ast.SelectStmt]bool{},
		selectOf:  map[*ast.CommClause]*ast.SelectStmt{},
		switchOf:  map[*ast.CaseClause]*ast.SwitchStmt{},
		rangeOver: map[ast.Stmt]bool{},
		recvLoops: map[ast.Stmt]bool{},
		recvVars:  map[types.Object]bool{},
		okVars:    map[types.Object]bool{},
		contrib:   map[ast.Node]contribution{},
		index:     map[ast.Node]uint{},

		settleCase: map[*ast.CommClause][]uint{},
		settleAt:   map[ast.Node][][]uint{},
	}
	for _, op := range recvs {
		switch op.Kind {
		case chanflow.SelectRecv:
			m.caseRecv[op.Clause] = true
			m.competes[op.Select] = true
		case chanflow.Range:
			rs := op.Node.(*ast.RangeStmt)
			m.rangeOver[rs] = true
			m.recvLoops[rs] = true
			for _, e := range []ast.Expr{rs.Key, rs.Value} {
				if id, ok := e.(*ast.Ident); ok && id != nil {
					m.recvVars[objOf(info, id)] = true
				}
			}
		}
		for _, l := range op.Loops {
			m.recvLoops[l] = true
		}
	}
	for l := range m.recvLoops {
		for _, s := range ss {
			if l.Pos() <= s.g.Stmt.Pos() && s.g.Stmt.End() <= l.End() {
				delete(m.recvLoops, l)
			}
		}
	}
	isRecvOfC := func(e ast.Expr) bool {
		u, ok := ast.Unparen(e).(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW {
			return false
		}
		id, ok := ast.Unparen(u.X).(*ast.Ident)
		return ok && info.Uses[id] == c.Var
	}
	ast.Inspect(F.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			for _, cc := range n.Body.List {
				m.selectOf[cc.(*ast.CommClause)] = n
			}
		case *ast.SwitchStmt:
			for _, cc := range n.Body.List {
				m.switchOf[cc.(*ast.CaseClause)] = n
			}
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && isRecvOfC(n.Rhs[0]) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						m.recvVars[objOf(info, id)] = true
						if i == 1 {
							m.okVars[objOf(info, id)] = true
						}
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 && isRecvOfC(n.Values[0]) {
				for i, id := range n.Names {
					m.recvVars[objOf(info, id)] = true
					if i == 1 {
						m.okVars[objOf(info, id)] = true
					}
				}
			}
		}
		if n != nil && c.Make.Pos() >= n.Pos() && c.Make.End() <= n.End() {
			switch n.(type) {
			case *ast.AssignStmt, *ast.ValueSpec:
				m.makeNode = n
			}
		}
		return true
	})
	delete(m.recvVars, nil)
	delete(m.okVars, nil)
	return m
}

// objOf returns the object an identifier defines or uses.
func objOf(info *types.Info, id *ast.Ident) types.Object {
	if obj := info.Defs[id]; obj != nil {
		return obj
	}
	return info.Uses[id]
}

// receivesIn reports whether F receives from c inside loop.
func (m *model) receivesIn(loop ast.Stmt) bool {
	for _, op := range m.recvs {
		if loop.Pos() <= op.Ident.Pos() && op.Ident.Pos() < loop.End() {
			return true
		}
	}
	return false
}

// refsRecv reports whether a condition (or the init statement of an if
// or switch) tests a received value: it mentions a variable assigned
// from a receive on c, or receives itself.
// countsRecvs reports whether cond reads a local variable that a
// select case receiving from c changes, and that no timeout or
// cancellation case changes: a counter of what the loop received, on
// c among others ("case <-a: done++; case <-b: done++", then "if done
// == 2").
func (m *model) countsRecvs(cond ast.Expr) bool {
	if v, ok := m.counters[cond]; ok {
		return v
	}
	if m.counters == nil {
		m.counters = make(map[ast.Expr]bool)
	}
	v := m.countsRecvsOnce(cond)
	m.counters[cond] = v
	return v
}

func (m *model) countsRecvsOnce(cond ast.Expr) bool {
	info := m.ch.pass.TypesInfo
	vars := make(map[*types.Var]bool)
	ast.Inspect(cond, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && !v.IsField() && v.Parent() != v.Pkg().Scope() {
				vars[v] = true
			}
		}
		return true
	})
	if len(vars) == 0 {
		return false
	}
	changes := func(body []ast.Stmt) map[*types.Var]bool {
		out := make(map[*types.Var]bool)
		for _, st := range body {
			ast.Inspect(st, func(n ast.Node) bool {
				var lhs []ast.Expr
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.IncDecStmt:
					lhs = []ast.Expr{n.X}
				case *ast.AssignStmt:
					lhs = n.Lhs
				}
				for _, l := range lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok {
						if v, ok := info.Uses[id].(*types.Var); ok && vars[v] {
							out[v] = true
						}
					}
				}
				return true
			})
		}
		return out
	}
	counted := make(map[*types.Var]bool)
	for clause := range m.selectOf {
		if m.ch.isTimeout(clause) || m.cancelCase(clause) {
			for v := range changes(clause.Body) {
				vars[v] = false // the counter also moves when the loop gives up
			}
		}
	}
	for clause := range m.selectOf {
		if m.caseRecv[clause] {
			for v := range changes(clause.Body) {
				counted[v] = true
			}
		}
	}
	for v := range counted {
		if vars[v] {
			return true
		}
	}
	return false
}

func (m *model) refsRecv(cond ast.Node) bool {
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if m.recvVars[m.ch.pass.TypesInfo.Uses[n]] {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && m.ch.pass.TypesInfo.Uses[id] == m.c.Var {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// closedBranch reports whether taking the given branch of an if
// statement on cond means that c is closed: the then branch of "!ok"
// or "ok == false", the else branch of "ok" or "ok == true", where ok
// comes from "v, ok := <-c". Every value sent was then received.
func (m *model) closedBranch(cond ast.Expr, then bool) bool {
	isOk := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && m.okVars[m.ch.pass.TypesInfo.Uses[id]]
	}
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		return e.Op == token.NOT && isOk(e.X) && then
	case *ast.Ident:
		return isOk(e) && !then
	case *ast.BinaryExpr:
		if !isOk(e.X) {
			return false
		}
		b, ok := ast.Unparen(e.Y).(*ast.Ident)
		if !ok || (b.Name != "true" && b.Name != "false") {
			return false
		}
		isFalse := b.Name == "false"
		switch e.Op {
		case token.EQL:
			return then == isFalse
		case token.NEQ:
			return then != isFalse
		}
	}
	return false
}

// countRecvs sets recvAt (and settleAt) for the nodes of g.
func (m *model) countRecvs(g *cfg.CFG) {
	m.helperAt = map[ast.Node]*helperCall{}
	for _, b := range g.Blocks {
		for _, n := range b.Nodes {
			for _, h := range m.helpers {
				if n.Pos() <= h.call.Pos() && h.call.End() <= n.End() {
					m.helperAt[n] = h
				}
			}
		}
	}
	for _, so := range m.settleRecv {
		for _, b := range g.Blocks {
			for _, n := range b.Nodes {
				if n.Pos() <= so.recv.Pos() && so.recv.End() <= n.End() {
					m.settleAt[n] = append(m.settleAt[n], so.from)
				}
			}
		}
	}
	plain := m.c.OpsOf(chanflow.Recv)
	if len(plain) == 0 {
		return
	}
	for _, b := range g.Blocks {
		for _, n := range b.Nodes {
			for _, op := range plain {
				if n.Pos() <= op.Ident.Pos() && op.Ident.Pos() < n.End() {
					m.recvAt[n]++
				}
			}
		}
	}
}

// lastCaseWithoutDefault reports whether clause is the last case of a
// select that has no default: the CFG's path past it is infeasible.
func (m *model) lastCaseWithoutDefault(clause *ast.CommClause) bool {
	sel := m.selectOf[clause]
	if sel == nil {
		return false
	}
	var last *ast.CommClause
	for _, cc := range sel.Body.List {
		cc := cc.(*ast.CommClause)
		if cc.Comm == nil {
			return false // default
		}
		last = cc
	}
	return last == clause
}

// isExit reports whether a block without successors returns from F.
// The CFG ends every path that falls off the end of the body with a
// synthetic return at the closing brace; a block that ends otherwise
// stops in a call that never returns or in an empty select.
func (m *model) isExit(b *cfg.Block) (ret *ast.ReturnStmt, ok bool) {
	if len(b.Nodes) == 0 {
		return nil, false
	}
	ret, ok = b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
	return ret, ok
}

// inRecvLoop reports whether n lies in a loop that receives from c.
func (m *model) inRecvLoop(n ast.Node) bool {
	for l := range m.recvLoops {
		if l.Pos() <= n.Pos() && n.End() <= l.End() {
			return true
		}
	}
	return false
}

// pathState is a point of the search: a position in a block and what
// the path has done so far.
type pathState struct {
	block   *cfg.Block
	idx     int
	owed    int    // values sent (or that can be) and not received, saturated
	unb     bool   // owed is unbounded
	spawned uint64 // senders in loops already counted
	recvd   int    // values received, saturated
	clause  *ast.CommClause
	inLoop  bool   // entered a loop that receives from c
	guard   bool   // the last branch taken in a receive loop tested a received value
	failed  bool   // the path marked the test failed (t.Errorf, t.Fatal, ...)
	settled uint64 // senders known to owe nothing more (exclusive signals)
	helper  *helperCall
}

// owes reports whether the path owes more values than the buffer holds.
func (st *pathState) owes(capK int) bool { return st.unb || st.owed > capK }

// receive records one receive on the path.
func (st *pathState) receive() {
	if !st.unb && st.owed > 0 {
		st.owed--
	}
	st.recvd = min(st.recvd+1, 4)
	st.clause = nil
	st.helper = nil
}

// drain records that every value sent so far was received.
func (st *pathState) drain() {
	st.owed, st.unb = 0, false
}

// search walks g from F's entry and returns the first path, preferring
// one through a timeout case, that drops c (returns, or makes a new
// channel in its place) owing more values than the buffer holds.
//
// The state of a path counts the values owed: passing a sender's go
// statement adds its contribution, each receive takes one away. A loop
// that receives from c and runs to its end, and a branch that finds c
// closed (!ok), drain it. Returns from inside a receive loop count only
// when the branch that led there tested a received value, as in "if err
// := <-errc; err != nil { return err }"; a counter that reaches zero
// ("if active == 0 { return }") is taken to mean everything was received.
func (m *model) search(g *cfg.CFG, capK int) *abandonment {
	m.countRecvs(g)
	if len(g.Blocks) == 0 || !g.Blocks[0].Live {
		return nil
	}
	sat := capK + 4

	type key struct {
		b       int32
		idx     int
		owed    int
		unb     bool
		spawned uint64
		recvd   int
		clause  *ast.CommClause
		inLoop  bool
		guard   bool
		failed  bool
		settled uint64
		helper  *helperCall
	}
	seen := map[key]bool{}
	var queue []pathState
	push := func(st pathState) {
		k := key{st.block.Index, st.idx, st.owed, st.unb, st.spawned, st.recvd, st.clause, st.inLoop, st.guard, st.failed, st.settled, st.helper}
		if !seen[k] {
			seen[k] = true
			queue = append(queue, st)
		}
	}
	var found, timeout *abandonment
	record := func(st *pathState, at ast.Node, remade bool) {
		if st.inLoop && st.recvd > 0 && st.clause == nil && st.helper == nil && !st.guard && !remade {
			return // left a receive loop on a condition we cannot relate to the senders
		}
		if st.failed && !m.ch.cfg.TestFailPaths {
			return // the test has already failed on this path (package testfail)
		}
		a := &abandonment{recvd: st.recvd, clause: st.clause, inLoop: st.inLoop, at: at, remade: remade, failed: st.failed, helper: st.helper}
		if found == nil {
			found = a
		}
		if timeout == nil && a.clause != nil && m.ch.isTimeout(a.clause) {
			timeout = a
		}
	}
	push(pathState{block: g.Blocks[0]})
	for len(queue) > 0 {
		if len(seen) > maxStates {
			return nil // too many paths: give up
		}
		st := queue[0]
		queue = queue[1:]
		b := st.block
		for i := st.idx; i < len(b.Nodes); i++ {
			n := b.Nodes[i]
			if n == m.makeNode {
				if st.owes(capK) {
					record(&st, n, true)
				}
				st = pathState{block: st.block, idx: st.idx}
			}
			if k, ok := m.contrib[n]; ok {
				bit := uint64(1) << m.index[n]
				switch {
				case k.once && st.spawned&bit != 0:
					// counted on the loop's first iteration
				case k.unbounded:
					st.unb = true
				default:
					st.owed = min(st.owed+k.n, sat)
				}
				st.spawned |= bit
			}
			for range m.recvAt[n] {
				st.receive()
			}
			if h := m.helperAt[n]; h != nil {
				if h.p.NoRecv != "" && m.ch.wayOutLive(h) {
					// The helper can return through another case
					// without receiving: follow that path too.
					alt := st
					alt.idx = i + 1
					alt.helper = h
					alt.clause = nil
					push(alt)
				}
				if h.p.Drains || h.p.MaxRecv == unbounded {
					st.drain() // taken to receive every value
					st.recvd = min(st.recvd+1, 4)
					st.clause, st.helper = nil, nil
				} else {
					for range h.p.MaxRecv {
						st.receive()
					}
				}
			}
			for _, from := range m.settleAt[n] {
				m.settle(&st, from)
			}
			if !st.failed && m.ch.fail.Marks(n) {
				st.failed = true
			}
		}
		if len(b.Succs) == 0 {
			if ret, ok := m.isExit(b); ok && st.owes(capK) {
				record(&st, ret, false)
			} else if !ok && st.failed && len(b.Nodes) > 0 && m.ch.fail.Marks(b.Nodes[len(b.Nodes)-1]) && st.owes(capK) {
				record(&st, b.Nodes[len(b.Nodes)-1], false) // t.Fatal and the like end the test
			}
			continue
		}
		for _, s := range b.Succs {
			if !s.Live {
				continue
			}
			ns := st
			ns.block, ns.idx = s, 0
			if (b.Kind == cfg.KindForLoop && s.Kind == cfg.KindForDone || b.Kind == cfg.KindRangeLoop && s.Kind == cfg.KindRangeDone) &&
				b.Stmt == s.Stmt && m.recvLoops[s.Stmt] {
				ns.drain() // a receive loop ran to its end: assume it received every value
			}
			switch s.Kind {
			case cfg.KindSelectCaseBody:
				clause := s.Stmt.(*ast.CommClause)
				if m.caseRecv[clause] {
					ns.receive()
				} else if m.competes[m.selectOf[clause]] || m.cancelCase(clause) { // cancel.go
					ns.clause = clause
				}
				if from := m.settleCase[clause]; from != nil {
					m.settle(&ns, from)
				}
			case cfg.KindSelectAfterCase:
				if m.lastCaseWithoutDefault(s.Stmt.(*ast.CommClause)) {
					continue // a select without default always takes a case
				}
			case cfg.KindRangeBody:
				if m.rangeOver[s.Stmt] {
					ns.receive()
				}
				if m.recvLoops[s.Stmt] {
					ns.inLoop = true
				}
			case cfg.KindForBody:
				if m.recvLoops[s.Stmt] {
					ns.inLoop = true
				}
			case cfg.KindIfThen, cfg.KindIfElse, cfg.KindIfDone:
				ifs := s.Stmt.(*ast.IfStmt)
				if len(b.Nodes) == 0 || b.Nodes[len(b.Nodes)-1] != ifs.Cond {
					break // the jump from the end of a branch to IfDone
				}
				if m.closedBranch(ifs.Cond, s.Kind == cfg.KindIfThen) {
					ns.drain()
				}
				if m.inRecvLoop(ifs) {
					ns.guard = m.refsRecv(ifs.Cond) || ifs.Init != nil && m.refsRecv(ifs.Init) || s.Kind == cfg.KindIfThen && m.testsCancel(ifs) // cancel.go
					if !ns.guard && s.Kind == cfg.KindIfThen && endsInReturn(ifs.Body.List) && m.countsRecvs(ifs.Cond) {
						// "if done == n { return }" with done++ in the
						// case receiving c: a counter of the values
						// received ends the loop, taken to mean every
						// value was received (as a receive loop that
						// runs to its end).
						ns.drain()
					}
				}
			case cfg.KindSwitchCaseBody:
				cc, ok := s.Stmt.(*ast.CaseClause)
				sw := m.switchOf[cc]
				if !ok || sw == nil || !m.inRecvLoop(sw) {
					break
				}
				ns.guard = sw.Init != nil && m.refsRecv(sw.Init) || sw.Tag != nil && m.refsRecv(sw.Tag)
				for _, e := range cc.List {
					ns.guard = ns.guard || m.refsRecv(e)
				}
				if cc.List == nil { // default: the other cases test what it does not
					for _, other := range sw.Body.List {
						for _, e := range other.(*ast.CaseClause).List {
							ns.guard = ns.guard || m.refsRecv(e)
						}
					}
				}
			}
			push(ns)
		}
	}
	if timeout != nil {
		return timeout
	}
	return found
}

// reportAbandon reports the blocked send and the path of the receiver
// that abandons it.
func (ch *checker) reportAbandon(c *chanflow.Chan, ss []*sender, a *abandonment, nG int, loops []ast.Stmt) {
	F := c.Decl
	fname, name := F.Name(), c.Name()
	s := ss[0]
	// via is the helper whose call is reported, when the goroutine
	// sends through one.
	var via *helperCall
	for _, h := range s.calls {
		if h.call == s.pos {
			via = h
		}
	}
	var cat, why string
	switch {
	case a.helper != nil:
		h := a.helper
		hname := h.name(ch.pass.Pkg)
		cat = CategoryEarlyReturn
		if isTimeoutDesc(h.p.NoRecv) {
			cat = CategoryTimeout
		}
		if a.recvd == 0 {
			why = fmt.Sprintf("%s can return without receiving from %s: %s returns on %s without receiving", fname, name, hname, h.p.NoRecv)
		} else {
			why = fmt.Sprintf("%s can return before receiving every value: %s returns on %s without receiving", fname, hname, h.p.NoRecv)
		}
	case a.clause != nil:
		cat = CategoryEarlyReturn
		if ch.isTimeout(a.clause) {
			cat = CategoryTimeout
		}
		switch {
		case a.remade:
			why = fmt.Sprintf("%s can leave the %s case and make a new %s without receiving", fname, describeComm(a.clause), name)
		case a.recvd == 0:
			why = fmt.Sprintf("%s can return from the %s case without receiving", fname, describeComm(a.clause))
		default:
			why = fmt.Sprintf("%s can return from the %s case before receiving every value", fname, describeComm(a.clause))
		}
	case a.remade && a.recvd == 0:
		cat = CategoryEarlyReturn
		why = fmt.Sprintf("%s can make a new %s without receiving from the old one", fname, name)
	case a.recvd == 0:
		cat = CategoryEarlyReturn
		why = fmt.Sprintf("%s can return before receiving from %s", fname, name)
	case a.inLoop:
		cat = CategoryEarlyReturn
		why = fmt.Sprintf("%s can return from its receive loop before receiving every value", fname)
	case len(ss) > 1 || len(loops) > 0:
		cat = CategoryNCast
		if nG == unbounded {
			why = fmt.Sprintf("a goroutine is started per loop iteration but %s receives only %s", fname, plural(a.recvd))
		} else {
			why = fmt.Sprintf("%d goroutines send on %s but %s receives only %s", nG, name, fname, plural(a.recvd))
		}
	case via != nil:
		cat = CategoryDoubleSend
		sends := "sends in a loop"
		if s.max != unbounded {
			sends = "sends " + plural(s.max)
			if s.max == via.p.MaxSend && via.p.MaxWhen != "" {
				sends += " when " + via.p.MaxWhen
			}
		}
		why = fmt.Sprintf("%s %s, but %s receives %s", via.name(ch.pass.Pkg), sends, fname, plural(a.recvd))
	default:
		cat = CategoryDoubleSend
		sends := "sends in a loop"
		switch {
		case s.max != unbounded && s.approx:
			sends = "can send up to " + plural(s.max)
		case s.max != unbounded:
			sends = "can send " + plural(s.max)
		}
		why = fmt.Sprintf("the goroutine %s but %s receives only %s", sends, fname, plural(a.recvd))
	}

	d := analysis.Diagnostic{
		Pos:      s.pos.Pos(),
		End:      s.pos.End(),
		Category: cat,
	}
	where := name
	if via != nil {
		where = fmt.Sprintf("%s in %s (called here)", name, via.name(ch.pass.Pkg))
	}
	// Related: where the receiver gives up.
	switch {
	case a.helper != nil:
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: a.helper.call.Pos(), End: a.helper.call.End(),
			Message: fmt.Sprintf("%s can stop receiving from %s in this call", a.helper.name(ch.pass.Pkg), name),
		})
	case a.clause != nil:
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: a.clause.Pos(), End: a.clause.Colon + 1,
			Message: fmt.Sprintf("%s stops receiving from %s in this case", fname, name),
		})
	case a.remade:
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: c.Make.Pos(), End: c.Make.End(),
			Message: fmt.Sprintf("a new %s is made here", name),
		})
	case a.at != nil && a.failed && !isReturn(a.at):
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: a.at.Pos(), End: a.at.End(),
			Message: fmt.Sprintf("%s fails the test and stops here", fname),
		})
	case a.at != nil && a.at.Pos() != F.Body.Rbrace:
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: a.at.Pos(), End: a.at.Pos() + token.Pos(len("return")),
			Message: fmt.Sprintf("%s returns here", fname),
		})
	default: // falls off the end
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: F.Body.Rbrace, End: F.Body.Rbrace + 1,
			Message: fmt.Sprintf("%s returns here", fname),
		})
	}

	// The fix: a buffer for every value that can be abandoned.
	hint := ""
	if fix, capText := ch.bufferFix(c, ss, loops); fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		hint = fmt.Sprintf("; buffer %s with capacity %s", name, capText)
	}
	if a.failed {
		why += " after marking the test failed"
	}
	hint = deadHint(ss, fname) + ch.waiterHint(F, ss) + hint
	d.Message = fmt.Sprintf("goroutine may block forever sending on %s: %s (possible goroutine leak)%s", where, why, hint)
	ch.r.Report(d)
}

// bufferFix returns the fix that makes c large enough for every send:
// capacity 1 for one goroutine that sends at most once, len(xs) (or n)
// for one goroutine per element of xs (per iteration of "range n" or
// "for i := 0; i < n; i++") that sends at most once. It returns nil
// when no buffer is certain to suffice.
func (ch *checker) bufferFix(c *chanflow.Chan, ss []*sender, loops []ast.Stmt) (*analysis.SuggestedFix, string) {
	if len(ss) != 1 || ss[0].max != 1 || !c.Unbuffered(ch.pass.TypesInfo) {
		return nil, ""
	}
	var text string
	switch len(loops) {
	case 0:
		text = "1"
	case 1:
		if ch.newModel(c.Decl, c, ss, c.OpsOf(chanflow.Recv, chanflow.SelectRecv, chanflow.Range)).receivesIn(loops[0]) {
			return nil, "" // one goroutine per iteration, received in the iteration
		}
		text = ch.tripCountText(c, loops[0])
		if text == "" {
			return nil, ""
		}
	default:
		return nil, ""
	}
	var edit analysis.TextEdit
	if c.Cap != nil {
		edit = analysis.TextEdit{Pos: c.Cap.Pos(), End: c.Cap.End(), NewText: []byte(text)}
	} else {
		if c.Make.Ellipsis.IsValid() {
			return nil, ""
		}
		edit = analysis.TextEdit{Pos: c.Make.Rparen, End: c.Make.Rparen, NewText: []byte(", " + text)}
	}
	return &analysis.SuggestedFix{
		Message:   "Buffer the channel with capacity " + text,
		TextEdits: []analysis.TextEdit{edit},
	}, text
}

// tripCountText returns the source of an expression, valid at the make
// of c, that counts the iterations of loop: len(xs) for "range xs" over
// a slice, array, map or string, n for "range n" or "for i := 0; i < n;
// i++". xs and n must be variables declared before the make and not
// assigned between the make and the loop.
func (ch *checker) tripCountText(c *chanflow.Chan, loop ast.Stmt) string {
	info := ch.pass.TypesInfo
	var x ast.Expr
	useLen := false
	switch l := loop.(type) {
	case *ast.RangeStmt:
		x = l.X
		t := info.TypeOf(x)
		if t == nil {
			return ""
		}
		switch u := t.Underlying().(type) {
		case *types.Slice, *types.Array, *types.Map:
			useLen = true
		case *types.Basic:
			if u.Info()&types.IsString != 0 {
				useLen = true // len counts bytes, at least the runes ranged over
			} else if u.Info()&types.IsInteger == 0 {
				return ""
			}
		default:
			return ""
		}
	case *ast.ForStmt:
		lo, hi, ok := countedFor(l)
		if !ok {
			return ""
		}
		if n, ok := chanflow.ConstInt(info, lo); !ok || n != 0 {
			return ""
		}
		x = hi
	default:
		return ""
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return ""
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pos() >= c.Make.Pos() {
		return "" // not a variable declared before the make
	}
	if assignedBetween(info, c.Decl.Body, v, c.Make.End(), loop.Pos()) {
		return ""
	}
	if useLen {
		return "len(" + id.Name + ")"
	}
	return id.Name
}

// assignedBetween reports whether v is assigned, or has its address
// taken, in body between the positions from and to.
func assignedBetween(info *types.Info, body *ast.BlockStmt, v *types.Var, from, to token.Pos) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		if n.End() < from || n.Pos() > to {
			return false
		}
		var lhs []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			lhs = n.Lhs
		case *ast.IncDecStmt:
			lhs = []ast.Expr{n.X}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				lhs = []ast.Expr{n.X}
			}
		}
		for _, l := range lhs {
			if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.Uses[id] == v && id.Pos() >= from && id.Pos() <= to {
				found = true
			}
		}
		return true
	})
	return found
}

// isReturn reports whether n is a return statement.
func isReturn(n ast.Node) bool {
	_, ok := n.(*ast.ReturnStmt)
	return ok
}

// isTimeoutDesc reports whether a select case, as summary describes
// it, waits for a deadline or a cancellation: "ctx.Done()",
// "time.After", "t.C".
func isTimeoutDesc(d string) bool {
	return strings.HasSuffix(d, ".Done()") || d == "time.After" || d == "time.Tick" || strings.HasSuffix(d, ".C")
}

// nodeHolding returns the node of g that holds the call (the statement
// of a WaitGroup.Go or errgroup.Group.Go call), or nil.
func nodeHolding(g *cfg.CFG, call *ast.CallExpr) ast.Node {
	if g == nil {
		return nil
	}
	for _, b := range g.Blocks {
		for _, n := range b.Nodes {
			if n.Pos() <= call.Pos() && call.End() <= n.End() {
				return n
			}
		}
	}
	return nil
}

// wayOutLive reports whether the case through which the receiving
// helper h can return without receiving can fire, as far as the call
// tells: not when it waits for the Done of context.Background() or
// context.TODO(), nor for a channel made by the caller that nothing
// closes or sends on.
func (ch *checker) wayOutLive(h *helperCall) bool {
	i := h.p.NoRecvArg
	if i < 0 {
		return true // a timer or a default
	}
	if i >= len(h.call.Args) {
		return false
	}
	arg := ast.Unparen(h.call.Args[i])
	info := ch.pass.TypesInfo
	if call, ok := arg.(*ast.CallExpr); ok {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if fn, ok := info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "context" &&
				(fn.Name() == "Background" || fn.Name() == "TODO") {
				return false
			}
		}
		return true
	}
	id, ok := arg.(*ast.Ident)
	if !ok {
		return true
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return true
	}
	c := ch.res.ChanOf(v)
	if c == nil || c.Param || c.Make == nil {
		return true
	}
	for _, op := range c.Ops {
		switch op.Kind {
		case chanflow.Close, chanflow.Send, chanflow.SelectSend, chanflow.Escape, chanflow.Return:
			return true
		case chanflow.Arg:
			if op.Node != ast.Node(h.call) {
				return true // another call may close it
			}
		}
	}
	return false // nothing makes it ready
}
