package sendleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// maxStates bounds the path search of one channel; beyond it the pass
// gives up silently.
const maxStates = 20000

// An abandonment is a path of the receiver that stops receiving while a
// sender can still be blocked.
type abandonment struct {
	count  int             // values received on the path (saturated)
	clause *ast.CommClause // the last select case taken instead of receiving from c, if any
	inLoop bool            // the path entered a loop that receives from c
	ret    ast.Node        // the return statement, or nil when F falls off its end
	reloop bool            // the path reached the go statement again (a new goroutine or channel)
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
	switch n := f.Node.(type) {
	case *ast.FuncDecl:
		return ch.cfgs.FuncDecl(n)
	case *ast.FuncLit:
		return ch.cfgs.FuncLit(n)
	}
	return nil
}

// checkReceiver checks that F receives enough values from c on every
// path that returns after the senders are started.
func (ch *checker) checkReceiver(c *chanflow.Chan, ss []*sender) {
	info := ch.pass.TypesInfo
	F := c.Decl

	// The sender side: total sends, unbounded if any goroutine sends
	// in a loop or is started in a loop of unknown trip count.
	total, symbolic := 0, false
	nG := 0 // goroutines started, or unbounded
	single := len(ss) == 1
	var loops []ast.Stmt
	if single {
		loops = effectiveLoops(ss[0].g, c)
	}
	for _, s := range ss {
		n := 1
		if ls := effectiveLoops(s.g, c); len(ls) == 1 {
			if k, ok := ch.tripCount(ls[0]); ok {
				n = int(k)
			} else {
				n = unbounded
			}
		} else if len(ls) > 1 {
			n = unbounded
		}
		if n == unbounded || nG == unbounded {
			nG = unbounded
		} else {
			nG += n
		}
		if n == unbounded || s.max == unbounded {
			symbolic = true
			continue
		}
		total += n * s.max
	}

	// The buffer.
	capK := int64(0)
	if c.Cap != nil {
		k, ok := chanflow.ConstInt(info, c.Cap)
		if !ok {
			// A computed capacity: silent unless it is exactly the
			// number of goroutines, each sending once; then too.
			return
		}
		capK = k
	}

	// The receives of F.
	var recvs []*chanflow.Op
	for _, op := range c.OpsOf(chanflow.Recv, chanflow.SelectRecv, chanflow.Range) {
		recvs = append(recvs, op)
	}

	// perInstance: one goroutine per iteration of a loop that also
	// receives; each iteration must receive its goroutine's values.
	perInstance := false
	if single && len(loops) > 0 && len(recvs) > 0 {
		inner := loops[len(loops)-1]
		perInstance = true
		for _, op := range recvs {
			if op.Ident.Pos() < inner.Pos() || op.Ident.Pos() >= inner.End() {
				perInstance = false
			}
		}
	}
	need := unbounded // values F must receive on every path
	switch {
	case perInstance:
		if ss[0].max != unbounded {
			need = ss[0].max - int(capK)
		}
	case !symbolic:
		need = total - int(capK)
	}
	if need != unbounded && need <= 0 {
		return // the buffer holds every value that can be abandoned
	}
	// renew: reaching the go statement again starts a goroutine that
	// is checked on its own (per iteration, or on a fresh channel).
	renew := single && (perInstance || len(loops) == 0)

	g := ch.funcCFG(F)
	if g == nil {
		return
	}
	m := ch.newModel(F, c, ss, recvs)
	a := m.search(g, ss[len(ss)-1].g.Stmt, need, renew)
	if a == nil {
		return
	}
	ch.reportAbandon(c, ss, a, nG, perInstance, loops)
}

// model is what the path search knows of F's receives on c.
type model struct {
	ch        *checker
	F         *chanflow.Func
	c         *chanflow.Chan
	recvAt    map[ast.Node]int         // CFG node -> plain receives on c in it
	caseRecv  map[*ast.CommClause]bool // select cases receiving from c
	competes  map[*ast.SelectStmt]bool // selects with a case receiving from c
	selectOf  map[*ast.CommClause]*ast.SelectStmt
	rangeOver map[ast.Stmt]bool // for v := range c
	recvLoops map[ast.Stmt]bool // loops receiving from c, without a sender go statement
	senderGo  map[ast.Node]bool
}

func (ch *checker) newModel(F *chanflow.Func, c *chanflow.Chan, ss []*sender, recvs []*chanflow.Op) *model {
	m := &model{
		ch: ch, F: F, c: c,
		recvAt:    map[ast.Node]int{},
		caseRecv:  map[*ast.CommClause]bool{},
		competes:  map[*ast.SelectStmt]bool{},
		selectOf:  map[*ast.CommClause]*ast.SelectStmt{},
		rangeOver: map[ast.Stmt]bool{},
		recvLoops: map[ast.Stmt]bool{},
		senderGo:  map[ast.Node]bool{},
	}
	for _, s := range ss {
		m.senderGo[s.g.Stmt] = true
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
	ast.Inspect(F.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			for _, cc := range n.Body.List {
				m.selectOf[cc.(*ast.CommClause)] = n
			}
		}
		return true
	})
	return m
}

// countRecvs sets recvAt for the nodes of g.
func (m *model) countRecvs(g *cfg.CFG) {
	var plain []*chanflow.Op
	for _, op := range m.c.OpsOf(chanflow.Recv) {
		plain = append(plain, op)
	}
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

// isExit reports whether a block without successors returns from F,
// rather than ending in a call that never returns.
func (m *model) isExit(b *cfg.Block) (ret ast.Node, ok bool) {
	if len(b.Nodes) == 0 {
		return nil, true
	}
	switch n := b.Nodes[len(b.Nodes)-1].(type) {
	case *ast.ReturnStmt:
		return n, true
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok && !m.mayReturn(call) {
			return nil, false
		}
	}
	return nil, true
}

// mayReturn reports whether a call may return, as the CFG builder saw it.
func (m *model) mayReturn(call *ast.CallExpr) bool {
	info := m.ch.pass.TypesInfo
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return false
		}
	}
	if fn := typeutil.StaticCallee(info, call); fn != nil && m.ch.cfgs.NoReturn(fn) {
		return false
	}
	return true
}

// pathState is a point of the search: a position in a block and what
// the path has done since the go statement.
type pathState struct {
	block  *cfg.Block
	idx    int
	count  int
	clause *ast.CommClause
	inLoop bool
}

// search walks g from the go statement start and returns the first
// path, preferring one through a timeout case, that reaches a return
// (or the go statement again, when renew is set) having received fewer
// than need values (need is unbounded when only a loop that receives
// until it ends can satisfy the senders).
func (m *model) search(g *cfg.CFG, start *ast.GoStmt, need int, renew bool) *abandonment {
	m.countRecvs(g)
	var first *pathState
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			if n == start {
				first = &pathState{block: b, idx: i + 1}
			}
		}
	}
	if first == nil {
		return nil // the go statement is unreachable
	}
	saturate := need
	if need == unbounded {
		saturate = 8
	}
	safe := func(st *pathState) bool { return need != unbounded && st.count >= need && !renew }

	type key struct {
		b      int32
		idx    int
		count  int
		clause *ast.CommClause
		inLoop bool
	}
	seen := map[key]bool{}
	queue := []pathState{*first}
	var found, timeout *abandonment
	record := func(a *abandonment) {
		if found == nil {
			found = a
		}
		if timeout == nil && a.clause != nil && m.ch.isTimeout(a.clause) {
			timeout = a
		}
	}
	push := func(st pathState) {
		k := key{st.block.Index, st.idx, st.count, st.clause, st.inLoop}
		if !seen[k] {
			seen[k] = true
			queue = append(queue, st)
		}
	}
	seen[key{first.block.Index, first.idx, 0, nil, false}] = true
	for len(queue) > 0 {
		if len(seen) > maxStates {
			return nil // too many paths: give up
		}
		st := queue[0]
		queue = queue[1:]
		b := st.block
		stopped := false
		for i := st.idx; i < len(b.Nodes) && !stopped; i++ {
			n := b.Nodes[i]
			if m.senderGo[n] {
				if renew && n == start {
					if st.count < need || need == unbounded {
						record(&abandonment{count: st.count, clause: st.clause, inLoop: st.inLoop, ret: n, reloop: true})
					}
					push(pathState{block: b, idx: i + 1})
				}
				stopped = true // another goroutine starts: checked from there
				break
			}
			if k := m.recvAt[n]; k > 0 {
				st.count = min(st.count+k, saturate)
				st.clause = nil
				if safe(&st) {
					stopped = true
				}
			}
		}
		if stopped {
			continue
		}
		if len(b.Succs) == 0 {
			if ret, ok := m.isExit(b); ok && (need == unbounded || st.count < need) {
				record(&abandonment{count: st.count, clause: st.clause, inLoop: st.inLoop, ret: ret})
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
				continue // a receive loop ran to its end: assume it drained the senders
			}
			switch s.Kind {
			case cfg.KindSelectCaseBody:
				clause := s.Stmt.(*ast.CommClause)
				if m.caseRecv[clause] {
					ns.count = min(ns.count+1, saturate)
					ns.clause = nil
				} else if m.competes[m.selectOf[clause]] {
					ns.clause = clause
				}
			case cfg.KindSelectAfterCase:
				if m.lastCaseWithoutDefault(s.Stmt.(*ast.CommClause)) {
					continue // a select without default always takes a case
				}
			case cfg.KindRangeBody:
				if m.rangeOver[s.Stmt] {
					ns.count = min(ns.count+1, saturate)
					ns.clause = nil
				}
				if m.recvLoops[s.Stmt] {
					ns.inLoop = true
				}
			case cfg.KindForBody:
				if m.recvLoops[s.Stmt] {
					ns.inLoop = true
				}
			}
			if safe(&ns) {
				continue
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
func (ch *checker) reportAbandon(c *chanflow.Chan, ss []*sender, a *abandonment, nG int, perInstance bool, loops []ast.Stmt) {
	F := c.Decl
	fname, name := F.Name(), c.Name()
	s := ss[0]
	var cat, why string
	switch {
	case a.clause != nil && ch.isTimeout(a.clause):
		cat = CategoryTimeout
		if a.count == 0 {
			why = fmt.Sprintf("%s can return from the %s case without receiving", fname, describeComm(a.clause))
		} else {
			why = fmt.Sprintf("%s can return from the %s case before receiving every value", fname, describeComm(a.clause))
		}
		if a.reloop {
			why = fmt.Sprintf("%s can leave the %s case and start another goroutine without receiving", fname, describeComm(a.clause))
		}
	case a.count == 0 && a.clause != nil:
		cat = CategoryEarlyReturn
		why = fmt.Sprintf("%s can return from the %s case without receiving", fname, describeComm(a.clause))
		if a.reloop {
			why = fmt.Sprintf("%s can leave the %s case and start another goroutine without receiving", fname, describeComm(a.clause))
		}
	case a.count == 0 && a.reloop:
		cat = CategoryEarlyReturn
		why = fmt.Sprintf("%s can start another goroutine without receiving from %s", fname, name)
	case a.count == 0:
		cat = CategoryEarlyReturn
		why = fmt.Sprintf("%s can return before receiving from %s", fname, name)
	case a.inLoop:
		cat = CategoryEarlyReturn
		why = fmt.Sprintf("%s can return from its receive loop before receiving every value", fname)
	case !perInstance && (len(ss) > 1 || len(loops) > 0):
		cat = CategoryNCast
		if nG == unbounded {
			why = fmt.Sprintf("a goroutine is started per loop iteration but %s receives only %s", fname, plural(a.count))
		} else {
			why = fmt.Sprintf("%d goroutines send on %s but %s receives only %s", nG, name, fname, plural(a.count))
		}
	default:
		cat = CategoryDoubleSend
		sends := "sends in a loop"
		if s.max != unbounded {
			sends = "can send " + plural(s.max)
		}
		why = fmt.Sprintf("the goroutine %s but %s receives only %s", sends, fname, plural(a.count))
	}

	d := analysis.Diagnostic{
		Pos:      s.pos.Pos(),
		End:      s.pos.End(),
		Category: cat,
	}
	// Related: where the receiver gives up.
	switch {
	case a.clause != nil:
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: a.clause.Pos(), End: a.clause.Colon + 1,
			Message: fmt.Sprintf("%s stops receiving from %s in this case", fname, name),
		})
	case a.reloop:
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: a.ret.Pos(), End: a.ret.Pos() + token.Pos(len("go")),
			Message: "the next goroutine starts here",
		})
	case a.ret != nil:
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: a.ret.Pos(), End: a.ret.Pos() + token.Pos(len("return")),
			Message: fmt.Sprintf("%s returns here", fname),
		})
	default:
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: F.Body.Rbrace, End: F.Body.Rbrace + 1,
			Message: fmt.Sprintf("%s returns here", fname),
		})
	}

	// The fix: a buffer for every value that can be abandoned.
	hint := ""
	if fix, capText := ch.bufferFix(c, ss, loops, perInstance); fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		hint = fmt.Sprintf("; buffer %s with capacity %s", name, capText)
	}
	d.Message = fmt.Sprintf("goroutine may block forever sending on %s: %s (possible goroutine leak)%s", name, why, hint)
	ch.r.Report(d)
}

// bufferFix returns the fix that makes c large enough for every send:
// capacity 1 for one goroutine that sends at most once, len(xs) (or n)
// for one goroutine per element of xs (per iteration of "range n" or
// "for i := 0; i < n; i++") that sends at most once. It returns nil
// when no buffer is certain to suffice.
func (ch *checker) bufferFix(c *chanflow.Chan, ss []*sender, loops []ast.Stmt, perInstance bool) (*analysis.SuggestedFix, string) {
	if len(ss) != 1 || ss[0].max != 1 || perInstance || !c.Unbuffered(ch.pass.TypesInfo) {
		return nil, ""
	}
	var text string
	switch len(loops) {
	case 0:
		text = "1"
	case 1:
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
