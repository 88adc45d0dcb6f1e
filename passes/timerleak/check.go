package timerleak

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/astindex"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// checkFunc runs every check on the function at cur (a FuncDecl or a
// FuncLit); nested function literals are checked on their own.
func (a *checker) checkFunc(cur astindex.Cursor, file *ast.File, sem semantics) {
	info := a.pass.TypesInfo
	var (
		body *ast.BlockStmt
		name string
	)
	switch fn := cur.Node().(type) {
	case *ast.FuncDecl:
		if fn.Body == nil {
			return // declared without body (assembly, linkname)
		}
		body, name = fn.Body, fn.Name.Name
	case *ast.FuncLit:
		body, name = fn.Body, "the function literal"
	}
	sites := a.drainSites(body)
	// The remaining checks concern asynchronous timers only, and not in
	// main or init: returning from main ends the process; init runs once.
	async := sem == semPre123 && a.importsTime && !isMainOrInit(a.pass, cur.Node())
	if len(sites) == 0 && !async {
		return // nothing to check: do not build the graph
	}

	g := a.cfgs.Func(cur.Node())
	if g == nil || len(g.Blocks) == 0 {
		return
	}
	fi := newFuncInfo(info, g, body)

	for _, site := range sites {
		a.checkDrain(cur, fi, site, body, sem)
	}

	if !async {
		return
	}
	a.checkTimers(fi, body)
	a.checkAfterInLoop(cur)
	a.checkTick(cur, fi, name)
}

// isMainOrInit reports whether n declares main.main or an init function.
func isMainOrInit(pass *analysis.Pass, n ast.Node) bool {
	decl, ok := n.(*ast.FuncDecl)
	if !ok || decl.Recv != nil {
		return false
	}
	return decl.Name.Name == "init" || decl.Name.Name == "main" && pass.Pkg.Name() == "main"
}

// inspectFunc calls f for each node of body, not entering nested
// function literals.
func inspectFunc(body *ast.BlockStmt, f func(n ast.Node) bool) {
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		return f(n)
	})
}

// ---- drains ----------------------------------------------------------

// A drainSite is a blocking receive from K.C right after K.Stop():
//
//	if !t.Stop() { <-t.C }   // conditional: ifStmt is set
//	t.Stop(); <-t.C          // unconditional
type drainSite struct {
	k        ref
	stop     *ast.CallExpr
	stopNode ast.Node // the CFG node holding the Stop: the if condition or the ExprStmt
	drain    ast.Stmt
	recv     *ast.UnaryExpr
	ifStmt   *ast.IfStmt
	gated    bool // "if cond && !t.Stop()": cond tracks state the pass cannot follow
}

// drainSites finds the Stop-then-drain sites of body.
func (a *checker) drainSites(body *ast.BlockStmt) []drainSite {
	info := a.pass.TypesInfo
	var sites []drainSite
	list := func(stmts []ast.Stmt) {
		for i := 0; i+1 < len(stmts); i++ {
			es, ok := stmts[i].(*ast.ExprStmt)
			if !ok {
				continue
			}
			k, stop, ok := timerMethod(info, es.X, "Stop", false)
			if !ok {
				continue
			}
			if recv := blockingDrain(info, stmts[i+1], k); recv != nil {
				sites = append(sites, drainSite{k: k, stop: stop, stopNode: es, drain: stmts[i+1], recv: recv})
			}
		}
	}
	inspectFunc(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			list(n.List)
		case *ast.CaseClause:
			list(n.Body)
		case *ast.CommClause:
			list(n.Body)
		case *ast.IfStmt:
			// The body runs only when Stop returned false: the condition
			// is "!t.Stop()" or ends with "&& !t.Stop()".
			cond := ast.Unparen(n.Cond)
			for {
				b, ok := cond.(*ast.BinaryExpr)
				if !ok || b.Op != token.LAND {
					break
				}
				cond = ast.Unparen(b.Y)
			}
			not, ok := cond.(*ast.UnaryExpr)
			if !ok || not.Op != token.NOT {
				break
			}
			k, stop, ok := timerMethod(info, not.X, "Stop", false)
			if !ok {
				break
			}
			for _, st := range n.Body.List {
				if recv := blockingDrain(info, st, k); recv != nil {
					sites = append(sites, drainSite{k: k, stop: stop, stopNode: n.Cond, drain: st, recv: recv, ifStmt: n, gated: !isNot(n.Cond)})
					break
				}
			}
		}
		return true
	})
	return sites
}

// blockingDrain returns the receive of st if st is a blocking receive
// from K.C: "<-t.C", "v = <-t.C", "v := <-t.C" or a select whose only
// clause receives from t.C.
func blockingDrain(info *types.Info, st ast.Stmt, k ref) *ast.UnaryExpr {
	var e ast.Expr
	switch st := st.(type) {
	case *ast.ExprStmt:
		e = st.X
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			e = st.Rhs[0]
		}
	case *ast.SelectStmt:
		if len(st.Body.List) != 1 {
			return nil // another case or a default: not blocking on t.C alone
		}
		cc := st.Body.List[0].(*ast.CommClause)
		if cc.Comm == nil {
			return nil
		}
		if u := commRecv(cc.Comm); u != nil {
			if kk, ok := chanOf(info, u.X); ok && kk == k {
				return u
			}
		}
		return nil
	}
	if kk, u, ok := recvOf(info, e); ok && kk == k {
		return u
	}
	return nil
}

// received describes an earlier receive from K.C (or, under Go 1.23
// semantics, an earlier Stop of K) that may precede a drain.
type received struct {
	recv     ast.Node // the receive, the select clause's communication, or the Stop call
	inSelect bool     // the receive is a select case
	stopped  bool     // it is a Stop of the timer, not a receive
	outside  bool     // the timer's history is outside the function: recv is the function or the assignment
	later    bool     // it follows the drain in the source: a previous loop iteration
	self     bool     // it is the drain (or its Stop) itself, in a previous loop iteration
	deferred bool     // the drain is deferred and runs after the receive
}

// A history records the events of one timer that may be the last to
// precede a point: state i > 0 names events[i-1].
type history struct {
	events  []ast.Node
	sel     map[ast.Node]bool // receives in select cases
	stops   map[ast.Node]bool // Stop calls
	outside map[ast.Node]bool // the timer came from outside the function here
}

func newHistory() *history {
	return &history{sel: make(map[ast.Node]bool), stops: make(map[ast.Node]bool), outside: make(map[ast.Node]bool)}
}

// id returns the state naming n.
func (h *history) id(n ast.Node) int {
	for i, r := range h.events {
		if r == n {
			return i + 1
		}
	}
	h.events = append(h.events, n)
	return len(h.events)
}

// recvFlow returns a flow that tracks, for the timer k, which receive
// from k.C (numbered in h) may be the last one on the path, or 0.
// Reset, a new timer and unknown uses clear the state.
//
// With stops (Go 1.23 semantics), a Stop of k counts too, since Stop
// then returns false after a receive or a Stop alike, and an assignment
// of k from anything but a timer constructor sets the state to
// "outside": the timer's history is not visible.
func recvFlow(fi *funcInfo, k ref, h *history, stops bool) *flow {
	return &flow{
		fi: fi,
		k:  k,
		enter: func(b *cfg.Block, s int) int {
			if u := fi.caseRecv(b, k); u != nil {
				h.sel[u] = true
				return h.id(u)
			}
			return s
		},
		step: func(ev event, s int) int {
			switch ev.kind {
			case evRecv:
				return h.id(ev.node)
			case evStop:
				if stops {
					h.stops[ev.node] = true
					return h.id(ev.node)
				}
				return s // stopping does not undo a receive
			case evDeferStop:
				return s
			case evAssign:
				if stops {
					h.outside[ev.node] = true
					return h.id(ev.node)
				}
			}
			return 0 // Reset, a new timer or unknown use
		},
	}
}

// outsideTimer reports whether the timer k of the function with the
// given body comes from outside it: a parameter, a receiver, a captured
// or global variable, or a field of one.
func outsideTimer(k ref, body *ast.BlockStmt) bool {
	return !(body.Pos() <= k.root.Pos() && k.root.Pos() < body.End())
}

// priorRecv reports a receive from K.C (with stops, also a Stop of K,
// or the timer's arrival from outside) that may precede site's Stop in
// its own function, or nil.
func (a *checker) priorRecv(cur astindex.Cursor, fi *funcInfo, site drainSite, body *ast.BlockStmt, stops bool) *received {
	h := newHistory()
	f := recvFlow(fi, site.k, h, stops)
	s0 := 0
	if stops && outsideTimer(site.k, body) {
		s0 = h.id(cur.Node())
		h.outside[cur.Node()] = true
	}
	// A concrete receive or Stop is preferred over the outside, then
	// the earliest in the source.
	found := 0
	better := func(s int) bool {
		if found == 0 {
			return true
		}
		n, m := h.events[s-1], h.events[found-1]
		if h.outside[n] != h.outside[m] {
			return h.outside[m]
		}
		return n.Pos() < m.Pos()
	}
	f.before = func(n ast.Node, s int) {
		if n != site.stopNode || s == 0 {
			return
		}
		if site.gated && a.gateCleared(body, site, h.events[s-1]) {
			// "case <-t.C: running = false" ... "if running && !t.Stop()":
			// the flag the gate tests says the value was taken.
			return
		}
		if site.gated && (h.events[s-1] == site.stop || h.events[s-1] == site.recv) {
			// "if cond && !t.Stop()" stopped t in a previous
			// iteration: cond usually tracks what happened since
			// (if activeConns == 0), and does not hold again before
			// a Reset. Assume it does not.
			return
		}
		if better(s) {
			found = s
		}
	}
	f.run(s0)
	if found == 0 {
		return nil
	}
	r := h.events[found-1]
	if h.outside[r] {
		return &received{recv: r, outside: true}
	}
	return &received{
		recv:     r,
		inSelect: h.sel[r],
		stopped:  h.stops[r],
		later:    r.Pos() > site.stop.Pos(),
		self:     r == site.recv || r == site.stop,
	}
}

// gateCleared reports whether the receive r from the timer's channel
// sets a flag that the drain's gate needs: r is the communication of a
// select case whose body assigns false to a local boolean v, v is a
// conjunct of the gate ("if v && !t.Stop()"), and every other
// assignment of v sets it false or stands next to a Reset of the timer.
// After the receive the gate is false until the timer runs again: the
// drain cannot follow it.
//
//	case <-timer.C:
//		timerRunning = false
//	...
//	if timerRunning && !timer.Stop() {
//		<-timer.C
//	}
func (a *checker) gateCleared(body *ast.BlockStmt, site drainSite, r ast.Node) bool {
	info := a.pass.TypesInfo
	flags := make(map[*types.Var]bool)
	var conjuncts func(e ast.Expr)
	conjuncts = func(e ast.Expr) {
		switch e := ast.Unparen(e).(type) {
		case *ast.BinaryExpr:
			if e.Op == token.LAND {
				conjuncts(e.X)
				conjuncts(e.Y)
			}
		case *ast.Ident:
			if v, ok := info.Uses[e].(*types.Var); ok && !v.IsField() && types.Identical(v.Type(), types.Typ[types.Bool]) &&
				body.Pos() <= v.Pos() && v.Pos() < body.End() {
				flags[v] = true
			}
		}
	}
	conjuncts(site.ifStmt.Cond)
	if len(flags) == 0 {
		return false
	}
	// The select case whose communication is r.
	var clause *ast.CommClause
	ast.Inspect(body, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CommClause); ok && cc.Comm != nil && cc.Comm.Pos() <= r.Pos() && r.End() <= cc.Comm.End() {
			clause = cc
		}
		return clause == nil
	})
	if clause == nil {
		return false
	}
	// Every other assignment of v sets it false, or sets it next to a
	// Reset of the timer (the timer runs again), and v is neither
	// addressed nor used in a function literal.
	isFalse := func(e ast.Expr) bool {
		c, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[c] == types.Universe.Lookup("false")
	}
	isReset := func(st ast.Stmt) bool {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			return false
		}
		k, _, ok := timerMethod(info, es.X, "Reset", false)
		return ok && k == site.k
	}
	sound := func(v *types.Var) bool {
		ok := true
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			if !ok {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				if mentions(info, n, v) {
					ok = false
				}
				return false
			case *ast.UnaryExpr:
				if id, isID := ast.Unparen(n.X).(*ast.Ident); isID && n.Op == token.AND && info.Uses[id] == v {
					ok = false
				}
			case *ast.IncDecStmt:
				if id, isID := ast.Unparen(n.X).(*ast.Ident); isID && info.Uses[id] == v {
					ok = false
				}
			case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
				var list []ast.Stmt
				switch b := n.(type) {
				case *ast.BlockStmt:
					list = b.List
				case *ast.CaseClause:
					list = b.Body
				case *ast.CommClause:
					list = b.Body
				}
				for i, st := range list {
					as, isAs := st.(*ast.AssignStmt)
					if !isAs {
						continue
					}
					for j, l := range as.Lhs {
						id, isID := ast.Unparen(l).(*ast.Ident)
						if !isID || info.Uses[id] != v {
							continue
						}
						if len(as.Lhs) == len(as.Rhs) && isFalse(as.Rhs[j]) {
							continue
						}
						if i > 0 && isReset(list[i-1]) || i+1 < len(list) && isReset(list[i+1]) {
							continue
						}
						ok = false
					}
				}
			}
			return true
		}
		ast.Inspect(body, visit)
		return ok
	}
	for v := range flags {
		cleared := false
		for _, st := range clause.Body {
			if as, ok := st.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
				if id, ok := ast.Unparen(as.Lhs[0]).(*ast.Ident); ok && info.Uses[id] == v && isFalse(as.Rhs[0]) {
					cleared = true
				}
			}
		}
		if cleared && sound(v) {
			return true
		}
	}
	return false
}

// deferredRecv handles a drain in a deferred function literal,
//
//	defer func() { if !t.Stop() { <-t.C } }()
//
// which runs when the enclosing function returns: it reports a receive
// from K.C (with stops, also a Stop of K) in the enclosing function
// that may precede such a return after the defer statement ran, or nil.
// ok is false when the drain is not in such a literal, or the timer is
// the literal's own.
func (a *checker) deferredRecv(cur astindex.Cursor, site drainSite, stops bool) (rcv *received, ok bool) {
	lit, ok := cur.Node().(*ast.FuncLit)
	if !ok {
		return nil, false
	}
	call, ok := cur.Parent().Node().(*ast.CallExpr)
	if !ok || ast.Unparen(call.Fun) != lit {
		return nil, false
	}
	deferStmt, ok := cur.Parent().Parent().Node().(*ast.DeferStmt)
	if !ok {
		return nil, false
	}
	if site.k.root.Pos() >= lit.Pos() && site.k.root.Pos() < lit.End() {
		return nil, false // the timer is the closure's own
	}
	var g *cfg.CFG
	var body *ast.BlockStmt
	encl := enclosingFunc(cur)
	switch fn := encl.(type) {
	case *ast.FuncDecl:
		g, body = a.cfgs.FuncDecl(fn), fn.Body
	case *ast.FuncLit:
		g, body = a.cfgs.FuncLit(fn), fn.Body
	}
	if g == nil || body == nil || len(g.Blocks) == 0 {
		return nil, false
	}
	fi := newFuncInfo(a.pass.TypesInfo, g, body)
	h := newHistory()
	inner := recvFlow(fi, site.k, h, stops)
	s0 := 0
	if stops && outsideTimer(site.k, body) {
		s0 = h.id(encl)
		h.outside[encl] = true
	}
	// State: event number << 1 | whether the defer statement ran.
	f := &flow{
		fi: fi,
		k:  site.k,
		enter: func(b *cfg.Block, s int) int {
			return inner.enter(b, s>>1)<<1 | s&1
		},
		step: func(ev event, s int) int {
			if ev.node == deferStmt || ev.node == lit {
				return s | 1 // our defer statement: the closure's use of t is no escape
			}
			return inner.step(ev, s>>1)<<1 | s&1
		},
	}
	found := 0
	f.exit = func(b *cfg.Block, ret *ast.ReturnStmt, s int) {
		if s&1 == 0 || s>>1 == 0 {
			return
		}
		if found == 0 || h.outside[h.events[found-1]] && !h.outside[h.events[s>>1-1]] {
			found = s >> 1
		}
	}
	f.run(s0 << 1)
	if found == 0 {
		return nil, true
	}
	r := h.events[found-1]
	if h.outside[r] {
		return &received{recv: r, outside: true, deferred: true}, true
	}
	return &received{recv: r, inSelect: h.sel[r], stopped: h.stops[r], deferred: true}, true
}

// checkDrain reports site when its drain can block forever: when a path
// exists on which t.C may already have been received, or, under Go 1.23
// semantics, the timer stopped, with no Reset in between, or the timer
// comes from outside the function. Since Go 1.23 Stop returns false only
// in those cases, so a drain of a timer created here that nothing
// received or stopped cannot run, and is no leak.
func (a *checker) checkDrain(cur astindex.Cursor, fi *funcInfo, site drainSite, body *ast.BlockStmt, sem semantics) {
	stops := sem == semGo123
	if stops && site.ifStmt == nil {
		// "t.Stop(); <-t.C": after Stop nothing is sent on t.C, whatever
		// Stop returned.
		a.r.Report(analysis.Diagnostic{
			Pos:            site.drain.Pos(),
			End:            site.drain.End(),
			Category:       CategoryDrain,
			Message:        fmt.Sprintf("blocking drain of %s.C after %s blocks forever since Go 1.23: after Stop no value is sent on %s.C, and Stop leaves no stale value (delete the drain)", a.srcText(ast.Unparen(site.recv.X).(*ast.SelectorExpr).X), a.srcText(site.stop), a.srcText(ast.Unparen(site.recv.X).(*ast.SelectorExpr).X)),
			SuggestedFixes: a.deleteDrainFix(site),
		})
		return
	}
	var rcv *received
	if !site.gated || stops {
		rcv = a.priorRecv(cur, fi, site, body, stops)
		if rcv == nil || rcv.outside {
			if d, ok := a.deferredRecv(cur, site, stops); ok {
				rcv = d // the enclosing function decides
			}
		}
	}
	var fieldEvent ast.Node // for a closed-world field: a receive or Stop with no new timer after it
	if rcv != nil && rcv.outside && site.k.path != "" {
		if f := fieldOfTimer(a.pass.TypesInfo, site.recv); f != nil {
			switch v, at := a.fieldHistory(f); v {
			case fieldClean:
				rcv = nil // the timer in the field was never received or stopped
			case fieldUnknown:
				return // its history is unknown: the pass cannot say why the drain would block
			case fieldUsed:
				fieldEvent = at
			}
		}
	}
	if rcv == nil {
		if stops && a.deadDrains {
			d := analysis.Diagnostic{
				Pos:      site.drain.Pos(),
				End:      site.drain.End(),
				Category: CategoryDeadDrain,
				Message: fmt.Sprintf("this drain of %s.C never runs since Go 1.23 (not a leak): nothing received from %s.C or stopped the timer before, so %s returns true; delete it",
					a.srcText(ast.Unparen(site.recv.X).(*ast.SelectorExpr).X), a.srcText(ast.Unparen(site.recv.X).(*ast.SelectorExpr).X), a.srcText(site.stop)),
				SuggestedFixes: a.deleteDrainFix(site),
			}
			a.r.Report(d)
		}
		return // no path on which the drain blocks
	}
	t := a.srcText(ast.Unparen(site.recv.X).(*ast.SelectorExpr).X)
	stop := a.srcText(site.stop)
	var why string
	var related []analysis.RelatedInformation
	switch {
	case rcv.outside:
		// handled below
	case rcv.self && rcv.stopped:
		why = fmt.Sprintf("this Stop may already have stopped %s in a previous loop iteration, with no Reset since", t)
	case rcv.self:
		why = fmt.Sprintf("this drain may already have received %s.C in a previous loop iteration", t)
	case rcv.deferred && rcv.stopped:
		why = fmt.Sprintf("%s may already have been stopped before this deferred drain runs", t)
	case rcv.deferred && rcv.inSelect:
		why = fmt.Sprintf("%s.C may already have been received by a select case before this deferred drain runs", t)
	case rcv.deferred:
		why = fmt.Sprintf("%s.C may already have been received before this deferred drain runs", t)
	case rcv.later && rcv.stopped:
		why = fmt.Sprintf("%s may already have been stopped in a previous loop iteration", t)
	case rcv.later && rcv.inSelect:
		why = fmt.Sprintf("%s.C may already have been received by a select case in a previous loop iteration", t)
	case rcv.later:
		why = fmt.Sprintf("%s.C may already have been received in a previous loop iteration", t)
	case rcv.stopped:
		why = fmt.Sprintf("%s may already have been stopped above", t)
	case rcv.inSelect:
		why = fmt.Sprintf("%s.C may already have been received by the select above", t)
	default:
		why = fmt.Sprintf("%s.C may already have been received above", t)
	}
	if !rcv.self && !rcv.outside {
		msg := "earlier receive from " + t + ".C"
		if rcv.stopped {
			msg = "earlier stop of " + t
		}
		related = append(related, analysis.RelatedInformation{Pos: rcv.recv.Pos(), End: rcv.recv.End(), Message: msg})
	}
	d := analysis.Diagnostic{
		Pos:     site.drain.Pos(),
		End:     site.drain.End(),
		Related: related,
	}
	if sem == semGo123 {
		d.Category = CategoryDrain
		if rcv.outside {
			from := t + " comes from outside this function"
			switch n := rcv.recv.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
			default:
				from = t + " is assigned a timer made elsewhere"
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: n.Pos(), End: n.End(), Message: "assigned here"})
			}
			d.Message = fmt.Sprintf("blocking drain of %s.C after %s blocks forever since Go 1.23 if %s.C was received or the timer stopped before: %s, so its history is not visible here (Stop returns false only in those cases, and leaves no stale value: delete the drain)", t, stop, t, from)
			if fieldEvent != nil {
				d.Message = fmt.Sprintf("blocking drain of %s.C after %s can block forever since Go 1.23: elsewhere the package receives from the field's timer or stops it without storing a new timer in the field, so Stop may return false here (and leaves no stale value: delete the drain)", t, stop)
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: fieldEvent.Pos(), End: fieldEvent.End(), Message: "received or stopped here, and kept in the field"})
			}
		} else {
			d.Message = fmt.Sprintf("blocking drain of %s.C after %s can block forever: %s (since Go 1.23, Stop leaves no stale value: delete the drain)", t, stop, why)
		}
		d.SuggestedFixes = a.deleteDrainFix(site)
	} else {
		d.Category = CategoryDrainReceived
		d.Message = fmt.Sprintf("blocking drain of %s.C after %s can block forever: %s (make the drain non-blocking)", t, stop, why)
		d.SuggestedFixes = a.nonBlockingDrainFix(site, t)
	}
	a.r.Report(d)
}

// fieldOfTimer returns the field holding the timer of the receive
// <-X.f.C, or nil if the timer is not a field.
func fieldOfTimer(info *types.Info, recv *ast.UnaryExpr) *types.Var {
	c, ok := ast.Unparen(recv.X).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	x, ok := ast.Unparen(c.X).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s, ok := info.Selections[x]
	if !ok || s.Kind() != types.FieldVal {
		return nil
	}
	f, _ := s.Obj().(*types.Var)
	return f
}

// drainDeletable reports whether deleting the drain statement keeps the
// program valid: it declares nothing and assigns only to _.
func drainDeletable(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.ExprStmt:
		return true
	case *ast.AssignStmt:
		for _, l := range st.Lhs {
			if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
				return false
			}
		}
		return st.Tok == token.ASSIGN
	case *ast.SelectStmt:
		cc := st.Body.List[0].(*ast.CommClause)
		_, isExpr := cc.Comm.(*ast.ExprStmt)
		return isExpr && len(cc.Body) == 0
	}
	return false
}

// deleteDrainFix deletes the drain: the whole "if !t.Stop() { <-t.C }"
// becomes "t.Stop()" when the drain is all the if does.
func (a *checker) deleteDrainFix(site drainSite) []analysis.SuggestedFix {
	if !drainDeletable(site.drain) {
		return nil
	}
	if ifs := site.ifStmt; ifs != nil && ifs.Init == nil && ifs.Else == nil && len(ifs.Body.List) == 1 &&
		isNot(ifs.Cond) && !hasComments(a.pass, ifs) {
		return []analysis.SuggestedFix{{
			Message:   "Delete the drain",
			TextEdits: []analysis.TextEdit{{Pos: ifs.Pos(), End: ifs.End(), NewText: []byte(a.srcText(site.stop))}},
		}}
	}
	pos, end := a.stmtLineRange(site.drain)
	return []analysis.SuggestedFix{{
		Message:   "Delete the drain",
		TextEdits: []analysis.TextEdit{{Pos: pos, End: end}},
	}}
}

// hasComments reports whether a comment lies within n.
func hasComments(pass *analysis.Pass, n ast.Node) bool {
	for _, f := range pass.Files {
		if f.FileStart <= n.Pos() && n.End() <= f.FileEnd {
			for _, cg := range f.Comments {
				if n.Pos() <= cg.Pos() && cg.End() <= n.End() {
					return true
				}
			}
		}
	}
	return false
}

// nonBlockingDrainFix replaces the drain with
//
//	select {
//	case <-t.C:
//	default:
//	}
func (a *checker) nonBlockingDrainFix(site drainSite, t string) []analysis.SuggestedFix {
	if !drainDeletable(site.drain) {
		return nil
	}
	indent := a.lineIndent(site.drain.Pos())
	text := fmt.Sprintf("select {\n%scase <-%s.C:\n%sdefault:\n%s}", indent, t, indent, indent)
	return []analysis.SuggestedFix{{
		Message:   "Make the drain non-blocking",
		TextEdits: []analysis.TextEdit{{Pos: site.drain.Pos(), End: site.drain.End(), NewText: []byte(text)}},
	}}
}

// ---- timers before Go 1.23 ----------------------------------------------

// A timerDef is a local variable assigned a new timer in this function.
type timerDef struct {
	v     *types.Var
	ctor  string // NewTimer, NewTicker or AfterFunc
	call  *ast.CallExpr
	stmt  ast.Stmt // the defining statement, if it is an assignment
	fixOK bool     // "defer v.Stop()" may be inserted after stmt
}

// checkTimers follows the timers created in body (see run).
func (a *checker) checkTimers(fi *funcInfo, body *ast.BlockStmt) {
	info := a.pass.TypesInfo
	var defs []*timerDef
	assigns := make(map[*types.Var]int) // assignments of each variable
	inLoop := 0
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			inLoop++
			ast.Inspect(n, func(m ast.Node) bool {
				if m == n {
					return true
				}
				return visit(m)
			})
			inLoop--
			return false
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				v, ok := info.Defs[id].(*types.Var)
				if !ok {
					v, ok = info.Uses[id].(*types.Var)
				}
				if !ok || v == nil {
					continue
				}
				assigns[v]++
				if len(n.Lhs) != len(n.Rhs) {
					continue
				}
				if ctor := isTimerCtor(info, n.Rhs[i]); ctor != "" {
					defs = append(defs, &timerDef{
						v: v, ctor: ctor, call: ast.Unparen(n.Rhs[i]).(*ast.CallExpr), stmt: n,
						fixOK: inLoop == 0 && n.Tok == token.DEFINE && len(n.Lhs) == 1 && ctor != "AfterFunc",
					})
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				v, _ := info.Defs[id].(*types.Var)
				if v == nil {
					continue
				}
				assigns[v]++
				if len(n.Names) == len(n.Values) {
					if ctor := isTimerCtor(info, n.Values[i]); ctor != "" {
						defs = append(defs, &timerDef{v: v, ctor: ctor, call: ast.Unparen(n.Values[i]).(*ast.CallExpr)})
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if v, ok := info.Uses[id].(*types.Var); ok {
						assigns[v] += 2 // address taken: may be assigned anywhere
					}
				}
			}
		}
		return true
	}
	ast.Inspect(body, visit)

	byVar := make(map[*types.Var][]*timerDef)
	var order []*types.Var
	for _, d := range defs {
		if d.v.Parent() == nil || !(body.Pos() <= d.v.Pos() && d.v.Pos() < body.End()) {
			continue // a parameter, named result, global or captured variable: may be handled elsewhere
		}
		if byVar[d.v] == nil {
			order = append(order, d.v)
		}
		byVar[d.v] = append(byVar[d.v], d)
	}
	for _, v := range order {
		ds := byVar[v]
		if escapes(fi.info, body, ref{root: v}) {
			continue // handled where we cannot see: silent
		}
		if len(ds) == 1 && assigns[v] == 1 {
			// only then is "defer v.Stop()" right after the definition correct
		} else {
			for _, d := range ds {
				d.fixOK = false
			}
		}
		a.checkUnstopped(fi, ref{root: v}, ds)
		if !stopResultUsed(info, body, ref{root: v}) {
			a.checkReset(fi, ref{root: v}, ds)
		}
	}
}

// checkUnstopped reports the timers of defs (all assigned to k) that
// may still be pending on some path to a return of the function.
//
// State: 0 untracked (handled or escaped), else def number << 1 | pending.
func (a *checker) checkUnstopped(fi *funcInfo, k ref, defs []*timerDef) {
	defID := func(n ast.Node) int {
		for i, d := range defs {
			if d.call == n {
				return i + 1
			}
		}
		return 0
	}
	isTimer := func(s int) bool { return s != 0 && defs[s>>1-1].ctor == "NewTimer" }
	leaks := make(map[int]*ast.ReturnStmt)
	f := &flow{
		fi: fi,
		k:  k,
		enter: func(b *cfg.Block, s int) int {
			if fi.caseRecv(b, k) != nil && isTimer(s) {
				return s &^ 1 // fired and received
			}
			return s
		},
		step: func(ev event, s int) int {
			switch ev.kind {
			case evDef:
				if id := defID(ev.node); id != 0 {
					return id<<1 | 1
				}
				return 0
			case evStop:
				return s &^ 1
			case evReset:
				if s != 0 {
					return s | 1
				}
				return 0
			case evRecv:
				if isTimer(s) {
					return s &^ 1
				}
				return s
			}
			return 0 // deferred Stop, escape or reassignment: handled
		},
		exit: func(b *cfg.Block, ret *ast.ReturnStmt, s int) {
			if s&1 != 0 && leaks[s>>1] == nil {
				leaks[s>>1] = ret
			}
		},
	}
	f.run(0)
	for i, d := range defs {
		ret := leaks[i+1]
		if ret == nil {
			continue
		}
		kind := map[string]string{"NewTimer": "timer", "NewTicker": "ticker", "AfterFunc": "timer"}[d.ctor]
		name := d.v.Name()
		diag := analysis.Diagnostic{
			Pos:      d.call.Pos(),
			End:      d.call.End(),
			Category: CategoryUnstopped,
		}
		switch d.ctor {
		case "AfterFunc":
			diag.Message = fmt.Sprintf("timer %s is not stopped on all paths (its function still runs after this function returns, and before Go 1.23 the timer is not collected until then): stop it on every path", name)
		case "NewTicker":
			diag.Message = fmt.Sprintf("ticker %s is not stopped on all paths (ticker leak before Go 1.23): add defer %s.Stop()", name, name)
		default:
			diag.Message = fmt.Sprintf("%s %s is not stopped on all paths (possible timer leak before Go 1.23): add defer %s.Stop()", kind, name, name)
		}
		end := ret.End()
		if a.pass.Fset.File(ret.Pos()) != a.pass.Fset.File(end) {
			end = ret.Pos() // synthetic return at the closing brace
		}
		diag.Related = []analysis.RelatedInformation{{Pos: ret.Pos(), End: end, Message: "this return may be reached with " + name + " pending"}}
		if d.fixOK && d.stmt != nil {
			indent := a.lineIndent(d.stmt.Pos())
			diag.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Add defer %s.Stop()", name),
				TextEdits: []analysis.TextEdit{{Pos: a.afterLine(d.stmt), End: a.afterLine(d.stmt), NewText: fmt.Appendf(nil, "\n%sdefer %s.Stop()", indent, name)}},
			}}
		}
		a.r.Report(diag)
	}
}

// Reset states of a time.NewTimer timer before Go 1.23.
const (
	rsUntracked = iota
	rsArmed     // running; nothing yet waited for it
	rsRaced     // running, and a select or non-blocking receive took another way: t.C may hold a value
	rsStopped   // stopped after a race: t.C may hold a value from before the Stop
	rsClean     // t.C holds no value, as far as the program can tell
)

// checkReset reports t.Reset calls on NewTimer timers whose channel may
// still hold an unreceived value: before Go 1.23 the stale value is
// delivered after the Reset, as if the new duration had already passed.
func (a *checker) checkReset(fi *funcInfo, k ref, defs []*timerDef) {
	isNewTimer := make(map[ast.Node]bool)
	for _, d := range defs {
		isNewTimer[d.call] = d.ctor == "NewTimer"
	}
	bad := make(map[*ast.CallExpr]bool)
	var order []*ast.CallExpr
	f := &flow{
		fi: fi,
		k:  k,
		enter: func(b *cfg.Block, s int) int {
			if s == rsUntracked {
				return s
			}
			if fi.caseRecv(b, k) != nil {
				return rsClean
			}
			// Another clause of a select that could receive from t.C.
			if cc, ok := b.Stmt.(*ast.CommClause); ok && b.Kind == cfg.KindSelectCaseBody && s == rsArmed {
				if sel := fi.clauseSel[cc]; sel != nil && fi.selectRecvs(sel, k) {
					return rsRaced
				}
			}
			if sel := fi.defaultPath[b]; sel != nil && fi.selectRecvs(sel, k) {
				switch s {
				case rsStopped:
					return rsClean // the non-blocking drain found t.C empty after Stop
				case rsArmed:
					return rsRaced
				}
			}
			return s
		},
		step: func(ev event, s int) int {
			switch ev.kind {
			case evDef:
				if isNewTimer[ev.node] {
					return rsArmed
				}
				return rsUntracked
			case evStop:
				switch s {
				case rsRaced:
					return rsStopped
				case rsArmed:
					return rsClean // nothing raced with it: assume it had not fired
				}
				return s
			case evRecv:
				if s != rsUntracked {
					return rsClean
				}
				return s
			case evReset:
				if s == rsRaced || s == rsStopped {
					call := ev.node.(*ast.CallExpr)
					if !bad[call] {
						bad[call] = true
						order = append(order, call)
					}
				}
				if s != rsUntracked {
					return rsArmed
				}
				return s
			case evDeferStop:
				return s
			}
			return rsUntracked
		},
		edge: func(b *cfg.Block, i int, s int) int {
			if s == rsUntracked || len(b.Nodes) == 0 || len(b.Succs) != 2 {
				return s
			}
			// Succs[0] is taken when the condition is true.
			if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok && stoppedWhen(fi.info, cond, k, i == 0) {
				return rsClean // Stop returned true: the timer had not fired
			}
			return s
		},
	}
	f.run(rsUntracked)
	for _, call := range order {
		t := a.srcText(ast.Unparen(call.Fun).(*ast.SelectorExpr).X)
		a.r.Report(analysis.Diagnostic{
			Pos:      call.Pos(),
			End:      call.End(),
			Category: CategoryReset,
			Message: fmt.Sprintf("%s.Reset may deliver a stale value: %s may have fired while another case was taken, leaving %s.C unreceived (before Go 1.23, stop and drain %s first)",
				t, t, t, t),
		})
	}
}

// checkAfterInLoop reports time.After calls in a select, in a loop,
// that has another case: each time that case is taken, the timer lives
// on until it fires (before Go 1.23).
//
//	for {
//		select {
//		case <-time.After(d):
//		case v := <-ch:       // leaves a running timer behind
//		}
//	}
func (a *checker) checkAfterInLoop(cur astindex.Cursor) {
	info := a.pass.TypesInfo
	for curSel := range cur.Preorder((*ast.SelectStmt)(nil), (*ast.FuncLit)(nil)) {
		sel, ok := curSel.Node().(*ast.SelectStmt)
		if !ok || enclosingFunc(curSel) != cur.Node() {
			continue // nested literals are checked on their own
		}
		loop := enclosingLoop(curSel)
		if loop == nil || a.boundedLoop(loop.stmt, cur.Node()) {
			continue // a bounded loop leaves a bounded number of timers, each collected when it fires
		}
		for _, s := range sel.Body.List {
			cc := s.(*ast.CommClause)
			if cc.Comm == nil {
				continue
			}
			u := commRecv(cc.Comm)
			if u == nil {
				continue
			}
			call, ok := ast.Unparen(u.X).(*ast.CallExpr)
			if !ok || !isTimeFunc(info, call, "After") {
				continue
			}
			// Another case that may continue the loop leaves the timer
			// running; one that always leaves the loop leaves at most
			// one, as a select outside any loop would.
			var other *ast.CommClause
			for _, s2 := range sel.Body.List {
				if s2 != cc && !a.leavesLoop(s2.(*ast.CommClause).Body, loop) {
					other = s2.(*ast.CommClause)
					break
				}
			}
			if other == nil {
				continue // the timer is always received, or the loop ends
			}
			a.r.Report(analysis.Diagnostic{
				Pos:      call.Pos(),
				End:      call.End(),
				Category: CategoryAfterInLoop,
				Message:  "time.After in a loop leaves a running timer behind each time another case is taken (possible timer leak before Go 1.23): create one timer before the loop and Reset it",
				Related:  []analysis.RelatedInformation{{Pos: other.Pos(), End: other.Colon + 1, Message: "another case"}},
			})
		}
	}
}

// A loopRef is the innermost loop around a statement, with its label.
type loopRef struct {
	stmt       ast.Stmt   // *ast.ForStmt or *ast.RangeStmt
	labelIdent *ast.Ident // the loop's label, or nil
}

// enclosingLoop returns the innermost for or range statement around cur
// in its own function, or nil.
func enclosingLoop(cur astindex.Cursor) *loopRef {
	for c := range cur.Parent().Enclosing() {
		switch n := c.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			l := &loopRef{stmt: n.(ast.Stmt)}
			if ls, ok := c.Parent().Node().(*ast.LabeledStmt); ok {
				l.labelIdent = ls.Label
			}
			return l
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
	}
	return nil
}

// boundedLoop reports whether loop, in the function fn, runs a number
// of times fixed before it starts: a range over an array or a constant
// integer, "for i := lo; i < hi; i++" with constant bounds and a counter
// the body does not assign, or a range over a local slice variable
// defined once by a composite literal and never assigned again.
func (a *checker) boundedLoop(loop ast.Stmt, fn ast.Node) bool {
	info := a.pass.TypesInfo
	var body *ast.BlockStmt
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body = fn.Body
	case *ast.FuncLit:
		body = fn.Body
	}
	if body == nil {
		return false
	}
	// assigned reports whether v is assigned (or has its address taken)
	// in n other than by its definition.
	assigned := func(n ast.Node, v *types.Var) bool {
		found := false
		ast.Inspect(n, func(x ast.Node) bool {
			var lhs []ast.Expr
			switch x := x.(type) {
			case *ast.AssignStmt:
				lhs = x.Lhs
			case *ast.IncDecStmt:
				lhs = []ast.Expr{x.X}
			case *ast.UnaryExpr:
				if x.Op == token.AND {
					lhs = []ast.Expr{x.X}
				}
			}
			for _, l := range lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.Uses[id] == v {
					found = true
				}
			}
			return !found
		})
		return found
	}
	switch l := loop.(type) {
	case *ast.RangeStmt:
		t := info.TypeOf(l.X)
		if t == nil {
			return false
		}
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		switch u := t.Underlying().(type) {
		case *types.Array:
			return true
		case *types.Basic:
			tv := info.Types[l.X]
			return u.Info()&types.IsInteger != 0 && tv.Value != nil
		case *types.Slice:
			id, ok := ast.Unparen(l.X).(*ast.Ident)
			if !ok {
				return false
			}
			v, ok := info.Uses[id].(*types.Var)
			if !ok || !(body.Pos() <= v.Pos() && v.Pos() < body.End()) || assigned(body, v) {
				return false
			}
			lit := false
			ast.Inspect(body, func(x ast.Node) bool {
				switch x := x.(type) {
				case *ast.ValueSpec:
					for i, name := range x.Names {
						if info.Defs[name] == v && len(x.Values) == len(x.Names) {
							_, lit = ast.Unparen(x.Values[i]).(*ast.CompositeLit)
						}
					}
				case *ast.AssignStmt:
					for i, l := range x.Lhs {
						if id, ok := l.(*ast.Ident); ok && info.Defs[id] == v && len(x.Lhs) == len(x.Rhs) {
							_, lit = ast.Unparen(x.Rhs[i]).(*ast.CompositeLit)
						}
					}
				}
				return true
			})
			return lit
		}
	case *ast.ForStmt:
		init, ok1 := l.Init.(*ast.AssignStmt)
		cond, ok2 := l.Cond.(*ast.BinaryExpr)
		post, ok3 := l.Post.(*ast.IncDecStmt)
		if !ok1 || !ok2 || !ok3 || init.Tok != token.DEFINE || len(init.Lhs) != 1 || len(init.Rhs) != 1 ||
			cond.Op != token.LSS || post.Tok != token.INC {
			return false
		}
		i, ok := init.Lhs[0].(*ast.Ident)
		ci, ok4 := ast.Unparen(cond.X).(*ast.Ident)
		pi, ok5 := ast.Unparen(post.X).(*ast.Ident)
		if !ok || !ok4 || !ok5 || ci.Name != i.Name || pi.Name != i.Name {
			return false
		}
		v, _ := info.Defs[i].(*types.Var)
		if v == nil || assigned(l.Body, v) {
			return false
		}
		return info.Types[init.Rhs[0]].Value != nil && info.Types[cond.Y].Value != nil
	}
	return false
}

// leavesLoop reports whether the statements, run to their end, always
// leave loop: they end with a return, a "break L" or "goto" out of it
// (L labelling loop), a panic or a call that never returns, or an if
// whose branches all do so.
func (a *checker) leavesLoop(stmts []ast.Stmt, loop *loopRef) bool {
	if len(stmts) == 0 {
		return false
	}
	switch st := stmts[len(stmts)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return st.Tok == token.BREAK && st.Label != nil && loop.labelIdent != nil && st.Label.Name == loop.labelIdent.Name
	case *ast.BlockStmt:
		return a.leavesLoop(st.List, loop)
	case *ast.IfStmt:
		if st.Else == nil || !a.leavesLoop(st.Body.List, loop) {
			return false
		}
		switch e := st.Else.(type) {
		case *ast.BlockStmt:
			return a.leavesLoop(e.List, loop)
		case *ast.IfStmt:
			return a.leavesLoop([]ast.Stmt{e}, loop)
		}
	case *ast.ExprStmt:
		call, ok := ast.Unparen(st.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if _, ok := a.pass.TypesInfo.Uses[id].(*types.Builtin); ok {
				return id.Name == "panic"
			}
		}
		fn, ok := typeutil.Callee(a.pass.TypesInfo, call).(*types.Func)
		return ok && a.cfgs.NoReturn(fn)
	}
	return false
}

// checkTick reports time.Tick calls in a function that can return:
// before Go 1.23 the ticker can never be stopped or collected.
func (a *checker) checkTick(cur astindex.Cursor, fi *funcInfo, name string) {
	ret := fi.canReturn()
	if ret == nil {
		return // the function never returns: the ticker lives as long as it must
	}
	info := a.pass.TypesInfo
	for c := range cur.Preorder((*ast.CallExpr)(nil), (*ast.FuncLit)(nil)) {
		call, ok := c.Node().(*ast.CallExpr)
		if !ok || !isTimeFunc(info, call, "Tick") || enclosingFunc(c) != cur.Node() {
			continue
		}
		if len(call.Args) == 1 && nonPositive(info, call.Args[0]) {
			continue // time.Tick(d) with d <= 0 returns nil and starts nothing
		}
		end := ret.End()
		if a.pass.Fset.File(ret.Pos()) != a.pass.Fset.File(end) {
			end = ret.Pos()
		}
		a.r.Report(analysis.Diagnostic{
			Pos:      call.Pos(),
			End:      call.End(),
			Category: CategoryTick,
			Message:  fmt.Sprintf("time.Tick leaks its ticker when %s returns (before Go 1.23 an unstopped ticker is never collected): use time.NewTicker and defer its Stop", name),
			Related:  []analysis.RelatedInformation{{Pos: ret.Pos(), End: end, Message: "the function can return here"}},
		})
	}
}

// enclosingFunc returns the innermost FuncDecl or FuncLit around cur.
func enclosingFunc(cur astindex.Cursor) ast.Node {
	if c, ok := cur.Parent().Innermost((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)); ok {
		return c.Node()
	}
	return nil
}

// escapes reports whether the timer variable k is used in body other
// than by its definitions, Stop, Reset and receives from k.C: passed to
// a call, returned, stored, captured by a function literal, or its
// address or channel taken. Such a timer may be handled out of sight.
func escapes(info *types.Info, body *ast.BlockStmt, k ref) bool {
	for _, ev := range timerEvents(info, body, k, false) {
		if ev.kind == evOther || ev.kind == evAssign {
			return true
		}
	}
	return false
}

// nonPositive reports whether e is a constant <= 0.
func nonPositive(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	return constant.Sign(tv.Value) <= 0
}

// stoppedWhen reports whether cond evaluating to outcome implies that
// K.Stop() was called and returned true, as in "if t.Stop() {...}",
// the else branch of "if !t.Stop() {...}" or "if ok && t.Stop() {...}".
func stoppedWhen(info *types.Info, cond ast.Expr, k ref, outcome bool) bool {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return stoppedWhen(info, e.X, k, !outcome)
		}
	case *ast.BinaryExpr:
		switch {
		case e.Op == token.LAND && outcome, e.Op == token.LOR && !outcome:
			return stoppedWhen(info, e.X, k, outcome) || stoppedWhen(info, e.Y, k, outcome)
		}
	case *ast.CallExpr:
		if kk, _, ok := timerMethod(info, e, "Stop", false); ok && kk == k {
			return outcome
		}
	}
	return false
}

// stopResultUsed reports whether body looks at the result of K.Stop(),
// as in "if n == 0 && !t.Stop() { <-t.C }". Such code manages the
// channel's state by rules the pass cannot follow (counters, flags), so
// its Resets are not checked.
func stopResultUsed(info *types.Info, body *ast.BlockStmt, k ref) bool {
	bare := make(map[ast.Node]bool)
	used := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ExprStmt:
			bare[ast.Unparen(n.X)] = true
		case *ast.DeferStmt:
			bare[n.Call] = true
		case *ast.GoStmt:
			bare[n.Call] = true
		case *ast.CallExpr:
			if kk, call, ok := timerMethod(info, n, "Stop", false); ok && kk == k && !bare[call] {
				used = true
			}
		}
		return !used
	})
	return used
}

// isNot reports whether e is a negation "!x".
func isNot(e ast.Expr) bool {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	return ok && u.Op == token.NOT
}
