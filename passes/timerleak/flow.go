package timerleak

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// A ref names a timer: a variable, or a chain of field selections from
// one (s.timer, s.conn.t). Two expressions with equal refs denote the
// same timer as long as no prefix of the chain is reassigned.
type ref struct {
	root *types.Var
	path string // ".f.g" after the root; "" for the variable itself
}

// refOf returns the ref of e, if e is a variable or a field chain.
func refOf(info *types.Info, e ast.Expr) (ref, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			v, ok = info.Defs[e].(*types.Var)
		}
		if !ok || v == nil {
			return ref{}, false
		}
		return ref{root: v}, true
	case *ast.SelectorExpr:
		sel, ok := info.Selections[e]
		if !ok || sel.Kind() != types.FieldVal {
			return ref{}, false
		}
		r, ok := refOf(info, e.X)
		if !ok {
			return ref{}, false
		}
		r.path += "." + e.Sel.Name
		return r, true
	case *ast.StarExpr:
		return refOf(info, e.X)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return refOf(info, e.X)
		}
	}
	return ref{}, false
}

// freshField returns the part of the value e that the field chain path
// (".f.g", after the variable or field e is assigned to) selects, when e
// is made on the spot: e itself for an empty path, otherwise the
// element of a struct composite literal (or its address) for each field
// in turn. It returns nil when e is anything else, or the literal leaves
// the field out (a promoted field included).
//
//	l := &logger{timeout: time.NewTimer(d)}   // l.timeout is a new timer
func freshField(info *types.Info, e ast.Expr, path string) ast.Expr {
	for path != "" {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		lit, ok := e.(*ast.CompositeLit)
		if !ok {
			return nil
		}
		st, ok := info.TypeOf(lit).Underlying().(*types.Struct)
		if !ok {
			return nil
		}
		name, rest := path[1:], ""
		if i := strings.IndexByte(name, '.'); i >= 0 {
			name, rest = name[:i], name[i:]
		}
		var v ast.Expr
		for i, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
					v = kv.Value
				}
			} else if i < st.NumFields() && st.Field(i).Name() == name {
				v = elt
			}
		}
		if v == nil {
			return nil
		}
		e, path = v, rest
	}
	return e
}

// prefixOf reports whether p is k or a prefix of its field chain.
func (p ref) prefixOf(k ref) bool {
	if p.root != k.root || len(p.path) > len(k.path) || k.path[:len(p.path)] != p.path {
		return false
	}
	return len(p.path) == len(k.path) || k.path[len(p.path)] == '.'
}

// isTimeType reports whether t is time.<name> or a pointer to it.
func isTimeType(t types.Type, name string) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == "time" && obj.Name() == name
}

// timerMethod matches K.<name>(...) where K is a *time.Timer (or a
// *time.Ticker when ticker is set) and returns K and the call.
func timerMethod(info *types.Info, e ast.Expr, name string, ticker bool) (ref, *ast.CallExpr, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return ref{}, nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return ref{}, nil, false
	}
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return ref{}, nil, false
	}
	if !isTimeType(s.Recv(), "Timer") && !(ticker && isTimeType(s.Recv(), "Ticker")) {
		return ref{}, nil, false
	}
	k, ok := refOf(info, sel.X)
	return k, call, ok
}

// chanOf matches K.C where K is a *time.Timer or *time.Ticker.
func chanOf(info *types.Info, e ast.Expr) (ref, bool) {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "C" {
		return ref{}, false
	}
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return ref{}, false
	}
	if !isTimeType(s.Recv(), "Timer") && !isTimeType(s.Recv(), "Ticker") {
		return ref{}, false
	}
	return refOf(info, sel.X)
}

// recvOf matches the receive <-K.C.
func recvOf(info *types.Info, e ast.Expr) (ref, *ast.UnaryExpr, bool) {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return ref{}, nil, false
	}
	k, ok := chanOf(info, u.X)
	return k, u, ok
}

// isTimeFunc reports whether call statically calls the function
// time.<name>.
func isTimeFunc(info *types.Info, call *ast.CallExpr, name string) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == name &&
		fn.Type().(*types.Signature).Recv() == nil
}

// commRecv returns the receive of a select clause's communication, if
// it is one: "case <-x:", "case v := <-x:", "case v, ok = <-x:".
func commRecv(comm ast.Stmt) *ast.UnaryExpr {
	var e ast.Expr
	switch comm := comm.(type) {
	case *ast.ExprStmt:
		e = comm.X
	case *ast.AssignStmt:
		if len(comm.Rhs) == 1 {
			e = comm.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u
	}
	return nil
}

// eventKind classifies what a node does to a timer K.
type eventKind int

const (
	evRecv      eventKind = iota // <-K.C
	evStop                       // K.Stop()
	evDeferStop                  // defer K.Stop()
	evReset                      // K.Reset(d)
	evDef                        // K = time.NewTimer(...) (and NewTicker, AfterFunc)
	evAssign                     // K or a prefix of K is assigned something else
	evOther                      // any other use of K's root: escape or unknown effect
)

// An event is one thing a node does to a timer.
type event struct {
	kind eventKind
	node ast.Node // the receive, call, or defining call
}

// timerEvents returns, in evaluation order, what node does to the timer
// k. Function literals are opaque: a reference to k's root inside one is
// reported as evOther. Receives in a select communication are left out
// when inComm is set: they happen in the clause's body block.
//
// For a field chain k, a use of the root only counts as evOther when it
// may change the timer: an assignment to a prefix of k, or a prefix of
// k passed to a call or used as a method receiver.
func timerEvents(info *types.Info, node ast.Node, k ref, inComm bool) []event {
	var evs []event
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if mentions(info, n, k.root) {
				evs = append(evs, event{evOther, n})
			}
			return false
		case *ast.DeferStmt:
			if kk, call, ok := timerMethod(info, n.Call, "Stop", true); ok && kk == k {
				evs = append(evs, event{evDeferStop, call})
			} else if k.path == "" && mentions(info, n, k.root) {
				evs = append(evs, event{evOther, n}) // deferred use: assume handled
			}
			return false // the deferred call runs at return
		case *ast.AssignStmt:
			for _, rhs := range n.Rhs {
				ast.Inspect(rhs, visit)
			}
			for i, lhs := range n.Lhs {
				lk, ok := refOf(info, lhs)
				if !ok || !lk.prefixOf(k) {
					ast.Inspect(lhs, visit)
					continue
				}
				if len(n.Lhs) == len(n.Rhs) {
					if v := freshField(info, n.Rhs[i], k.path[len(lk.path):]); v != nil && isTimerCtor(info, v) != "" {
						evs = append(evs, event{evDef, ast.Unparen(v)})
						continue
					}
				}
				evs = append(evs, event{evAssign, lhs})
			}
			return false
		case *ast.ValueSpec:
			if len(n.Values) == 0 {
				return false // var t *time.Timer: the zero value
			}
			for _, v := range n.Values {
				ast.Inspect(v, visit)
			}
			for i, id := range n.Names {
				if lk, ok := refOf(info, id); ok && lk.prefixOf(k) {
					if len(n.Names) == len(n.Values) {
						if v := freshField(info, n.Values[i], k.path[len(lk.path):]); v != nil && isTimerCtor(info, v) != "" {
							evs = append(evs, event{evDef, ast.Unparen(v)})
							continue
						}
					}
					evs = append(evs, event{evAssign, id})
				}
			}
			return false
		case *ast.UnaryExpr:
			if kk, u, ok := recvOf(info, n); ok && kk == k {
				if !inComm {
					evs = append(evs, event{evRecv, u})
				}
				return false
			}
		case *ast.RangeStmt:
			if kk, ok := chanOf(info, n.X); ok && kk == k {
				// "for range K.C" receives; only the body matters here.
				for _, c := range []ast.Node{n.Key, n.Value, n.Body} {
					if c != nil {
						ast.Inspect(c, visit)
					}
				}
				return false
			}
		case *ast.CallExpr:
			if kk, call, ok := timerMethod(info, n, "Stop", true); ok && kk == k {
				evs = append(evs, event{evStop, call})
				return false
			}
			if kk, call, ok := timerMethod(info, n, "Reset", true); ok && kk == k {
				for _, arg := range call.Args {
					ast.Inspect(arg, visit)
				}
				evs = append(evs, event{evReset, call})
				return false
			}
			if k.path != "" {
				// Receiver or argument that is a prefix of k: the callee
				// may reset or replace the timer.
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodVal {
						if rk, ok := refOf(info, sel.X); ok && rk.prefixOf(k) {
							evs = append(evs, event{evOther, n})
						}
					}
				}
				for _, arg := range n.Args {
					if ak, ok := refOf(info, arg); ok && ak.prefixOf(k) {
						evs = append(evs, event{evOther, n})
					}
				}
			}
		case *ast.SelectorExpr:
			if kk, ok := chanOf(info, n); ok && kk == k && k.path == "" {
				// K.C used other than in a receive: the channel escapes.
				evs = append(evs, event{evOther, n})
				return false
			}
		case *ast.Ident:
			if k.path == "" && info.Uses[n] == k.root {
				evs = append(evs, event{evOther, n})
			}
		}
		return true
	}
	ast.Inspect(node, visit)
	return evs
}

// mentions reports whether v is referenced within n.
func mentions(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// isTimerCtor returns "NewTimer", "NewTicker" or "AfterFunc" if e calls
// that constructor of package time, else "".
func isTimerCtor(info *types.Info, e ast.Expr) string {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return ""
	}
	for _, name := range []string{"NewTimer", "NewTicker", "AfterFunc"} {
		if isTimeFunc(info, call, name) {
			return name
		}
	}
	return ""
}

// funcInfo is what the flow analyses of one function share.
type funcInfo struct {
	info *types.Info
	g    *cfg.CFG
	// comms are the communications of the function's select clauses:
	// the CFG evaluates them before the select, but a receive in one
	// only happens in the clause's body block.
	comms map[ast.Stmt]bool
	// tickVars are the local variables assigned, once and for good,
	// a channel that is never closed (see neverCloses).
	tickVars map[*types.Var]bool
	// clauseSel maps each select clause to its select.
	clauseSel map[*ast.CommClause]*ast.SelectStmt
	// rangeXs are the operands of the function's range statements.
	rangeXs map[ast.Expr]bool
	// defaultPath maps the block through which control reaches the
	// default clause of a select to that select.
	defaultPath map[*cfg.Block]*ast.SelectStmt
}

// newFuncInfo prepares the flow analyses of the function with body body.
func newFuncInfo(info *types.Info, g *cfg.CFG, body *ast.BlockStmt) *funcInfo {
	fi := &funcInfo{info: info, g: g, comms: make(map[ast.Stmt]bool), rangeXs: make(map[ast.Expr]bool), clauseSel: make(map[*ast.CommClause]*ast.SelectStmt), defaultPath: make(map[*cfg.Block]*ast.SelectStmt)}
	lastCase := make(map[*ast.CommClause]*ast.SelectStmt)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt:
			fi.rangeXs[n.X] = true
		case *ast.SelectStmt:
			var last *ast.CommClause
			hasDefault := false
			for _, s := range n.Body.List {
				cc := s.(*ast.CommClause)
				fi.clauseSel[cc] = n
				if cc.Comm == nil {
					hasDefault = true
					continue
				}
				fi.comms[cc.Comm] = true
				last = cc
			}
			if hasDefault && last != nil {
				lastCase[last] = n
			}
		}
		return true
	})
	fi.tickVars = tickVars(info, body)
	for _, b := range g.Blocks {
		if b.Kind == cfg.KindSelectAfterCase {
			if cc, ok := b.Stmt.(*ast.CommClause); ok && lastCase[cc] != nil {
				fi.defaultPath[b] = lastCase[cc]
			}
		}
	}
	return fi
}

// caseRecv returns the receive from K.C that entering block b performs:
// b is the body of a select clause "case <-K.C:" or of a loop
// "for range K.C".
func (fi *funcInfo) caseRecv(b *cfg.Block, k ref) ast.Node {
	if b.Kind == cfg.KindRangeBody {
		if rs, ok := b.Stmt.(*ast.RangeStmt); ok {
			if kk, ok := chanOf(fi.info, rs.X); ok && kk == k {
				return rs.X
			}
		}
		return nil
	}
	if b.Kind != cfg.KindSelectCaseBody {
		return nil
	}
	cc, ok := b.Stmt.(*ast.CommClause)
	if !ok || cc.Comm == nil {
		return nil
	}
	u := commRecv(cc.Comm)
	if u == nil {
		return nil
	}
	if kk, ok := chanOf(fi.info, u.X); ok && kk == k {
		return u
	}
	return nil
}

// selectRecvs reports whether sel has a clause receiving from K.C.
func (fi *funcInfo) selectRecvs(sel *ast.SelectStmt, k ref) bool {
	for _, s := range sel.Body.List {
		cc := s.(*ast.CommClause)
		if cc.Comm == nil {
			continue
		}
		if u := commRecv(cc.Comm); u != nil {
			if kk, ok := chanOf(fi.info, u.X); ok && kk == k {
				return true
			}
		}
	}
	return false
}

// A flow is a forward may-analysis over one function's CFG for one
// timer. States are small non-negative integers whose meaning is the
// analysis's; the walk visits each (block, state) pair once, so every
// state reachable at a point is seen there.
type flow struct {
	fi *funcInfo
	k  ref
	// enter is applied when control enters block b (select clauses).
	enter func(b *cfg.Block, s int) int
	// step applies one event to the state.
	step func(ev event, s int) int
	// edge refines the state on the i'th edge out of b (conditions).
	edge func(b *cfg.Block, i int, s int) int
	// before observes the state before node n (optional).
	before func(n ast.Node, s int)
	// exit observes the state at a return block's end (optional).
	exit func(b *cfg.Block, ret *ast.ReturnStmt, s int)
}

// run walks the CFG from its entry in state s0.
func (f *flow) run(s0 int) {
	type key struct {
		b *cfg.Block
		s int
	}
	seen := make(map[key]bool)
	work := []key{{f.fi.g.Blocks[0], s0}}
	for len(work) > 0 {
		kb := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[kb] {
			continue
		}
		seen[kb] = true
		b, s := kb.b, kb.s
		if f.enter != nil {
			s = f.enter(b, s)
		}
		for _, n := range b.Nodes {
			if f.before != nil {
				f.before(n, s)
			}
			if x, ok := n.(ast.Expr); ok && f.fi.rangeXs[x] {
				if kk, ok := chanOf(f.fi.info, x); ok && kk == f.k {
					continue // "for range K.C": each body entry receives
				}
			}
			inComm := false
			if st, ok := n.(ast.Stmt); ok {
				inComm = f.fi.comms[st]
			}
			for _, ev := range timerEvents(f.fi.info, n, f.k, inComm) {
				s = f.step(ev, s)
			}
		}
		if ret := b.Return(); ret != nil && f.exit != nil {
			f.exit(b, ret, s)
		}
		for i, succ := range f.fi.succs(b) {
			ns := s
			if f.edge != nil {
				ns = f.edge(b, i, s)
			}
			work = append(work, key{succ, ns})
		}
	}
}

// succs returns the feasible successors of b: the exit of a loop
// ranging over a channel that is never closed (time.Tick(d), t.C of a
// timer or ticker) is left out.
func (fi *funcInfo) succs(b *cfg.Block) []*cfg.Block {
	if b.Kind == cfg.KindRangeLoop && len(b.Succs) == 2 {
		if rs, ok := b.Stmt.(*ast.RangeStmt); ok && fi.neverCloses(rs.X) {
			return b.Succs[:1] // the body
		}
	}
	return b.Succs
}

// neverCloses reports whether x is a channel that is never closed:
// time.Tick(d), the C of a timer or ticker, or a local variable
// assigned one of those once and never again.
func (fi *funcInfo) neverCloses(x ast.Expr) bool {
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		v, _ := fi.info.Uses[id].(*types.Var)
		return v != nil && fi.tickVars[v]
	}
	return tickChan(fi.info, x)
}

// tickChan reports whether x is time.Tick(d) or the C of a timer or
// ticker.
func tickChan(info *types.Info, x ast.Expr) bool {
	if call, ok := ast.Unparen(x).(*ast.CallExpr); ok && isTimeFunc(info, call, "Tick") {
		return true
	}
	_, ok := chanOf(info, x)
	return ok
}

// canReturn returns a reachable return of the function, or nil.
func (fi *funcInfo) canReturn() *ast.ReturnStmt {
	seen := make(map[*cfg.Block]bool)
	work := []*cfg.Block{fi.g.Blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if ret := b.Return(); ret != nil {
			return ret
		}
		work = append(work, fi.succs(b)...)
	}
	return nil
}

// tickVars returns the variables of body assigned exactly once, by a
// definition whose value is a channel that is never closed, and whose
// address is not taken.
func tickVars(info *types.Info, body *ast.BlockStmt) map[*types.Var]bool {
	count := make(map[*types.Var]int)
	good := make(map[*types.Var]bool)
	note := func(id *ast.Ident, rhs ast.Expr, n int) {
		v, ok := info.Defs[id].(*types.Var)
		if !ok {
			v, ok = info.Uses[id].(*types.Var)
		}
		if !ok || v == nil {
			return
		}
		count[v] += n
		if rhs != nil && info.Defs[id] != nil && tickChan(info, rhs) {
			good[v] = true
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok {
					var rhs ast.Expr
					if len(n.Lhs) == len(n.Rhs) {
						rhs = n.Rhs[i]
					}
					note(id, rhs, 1)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				var rhs ast.Expr
				if len(n.Names) == len(n.Values) {
					rhs = n.Values[i]
				}
				note(id, rhs, 1)
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				note(id, nil, 2)
			}
		}
		return true
	})
	out := make(map[*types.Var]bool)
	for v := range good {
		if count[v] == 1 {
			out[v] = true
		}
	}
	return out
}
