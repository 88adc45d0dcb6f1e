package lockleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
	"golang.org/x/tools/go/analysis"
)

// An edge says that the lock class to is acquired while from is held.
type edge struct {
	f                *lockset.Func
	from, to         string // classes
	fromName, toName string // as written
	heldAt, acqAt    token.Pos
	acqEnd           token.Pos
	heldMode         lockset.Mode
	acqMode          lockset.Mode
	guards           map[string]lockset.Mode // the classes of the other locks held at the acquisition
	call             bool                    // the acquisition is through a call
	via              []*types.Func           // for call: the chain of calls
	calls            []token.Pos             // for call: via[i] calls via[i+1] at calls[i]
	site             token.Pos               // for call: the lock call in the last function of via
	fresh            bool                    // for call: the acquired mutex belongs to a value made here
	waits            bool                    // the function waits (a channel operation, wg.Wait) before it takes from
	callersWait      int8                    // 0 unknown, 1 every caller of the function waits before the call, -1 not
	roots            [2]types.Object         // the variables the held and the acquired mutex are reached from
}

// toDesc names the acquired lock, with the calls that take it.
func (e *edge) toDesc() string {
	if !e.call {
		return e.toName
	}
	return e.toName + " (" + strings.TrimPrefix(through(e.via), " ") + ")"
}

// acqRelated returns the related positions of the acquisition of e in
// the function that holds from.
func (e *edge) acqRelated() []analysis.RelatedInformation {
	r := []analysis.RelatedInformation{{Pos: e.acqAt, End: e.acqEnd, Message: fmt.Sprintf("then %s here, while holding %s", e.toDesc(), e.fromName)}}
	if e.call {
		r = append(r, chainRelated(e.via, e.calls)...)
		if e.site.IsValid() {
			r = append(r, analysis.RelatedInformation{Pos: e.site, Message: fmt.Sprintf("%s locks it here", funcName(e.via[len(e.via)-1]))})
		}
	}
	return r
}

// usable reports whether e may take part in a reported cycle or pair
// with the other edges es. A direct acquisition always may. One through
// a call (the callee locks on every path, see lockset.Summary) may
// unless it locks a mutex of a value made in the function (no other
// goroutine can hold it yet); and when any edge of the group is through
// a call, none of their functions may wait (receive, send, wg.Wait)
// before taking the lock it holds: a function that waits for another
// goroutine first may run only after that goroutine is done, an order
// the model does not see. On real code, the pairs through calls found
// before this rule were all ordered that way (a Close that waits for
// the receiving goroutine; a test that waits for its server). The wait
// may also be in the callers of the function: every one of them (see
// callSites) waits before its call.
func (ck *checker) usable(es ...*edge) bool {
	call := false
	for _, e := range es {
		if e.call {
			call = true
			if e.fresh {
				return false
			}
		}
	}
	if !call {
		return true
	}
	for _, e := range es {
		if e.waits || ck.callersWait(e) {
			return false
		}
	}
	return true
}

// callersWait reports whether the function of e is a helper of the
// package every caller of which waits (a channel operation, wg.Wait)
// before calling it.
func (ck *checker) callersWait(e *edge) bool {
	if e.callersWait == 0 {
		e.callersWait = -1
		if ck.everyCallerWaits(e.f) {
			e.callersWait = 1
		}
	}
	return e.callersWait > 0
}

func (ck *checker) everyCallerWaits(f *lockset.Func) bool {
	if f.Obj == nil {
		return false
	}
	if w, ok := ck.callerWaits[f]; ok {
		return w
	}
	w := false
	if sites, ok := ck.callSites(f.Obj); ok && len(sites) > 0 {
		w = true
		for _, cs := range sites {
			g := ck.model.Model(cs.fn)
			if g == nil || g.Skipped || !waitsBefore(g, cs.call.Pos()) {
				w = false
				break
			}
		}
	}
	if ck.callerWaits == nil {
		ck.callerWaits = make(map[*lockset.Func]bool)
	}
	ck.callerWaits[f] = w
	return w
}

// order reports pairs of lock classes acquired in both orders: B while
// holding A in one place, A while holding B in another. Two goroutines
// running both can each hold one and wait for the other. Only modes
// that exclude each other count: two read locks of an RWMutex do not
// (the held one and the one acquired in the other place), a write and
// anything does. Nor does a pair of places that both hold a third lock
// (a gate) in exclusive modes, nor a pair of places that only one
// goroutine can ever run (see confined). An acquisition may be through
// a call of a function that locks on every path, under the conditions
// of usable.
func (ck *checker) order() {
	edges := make(map[[2]string][]*edge)
	for _, f := range ck.model.Funcs {
		if f.Skipped || (ck.ignoreTests && report.IsTestFile(ck.pass, f.Node.Pos())) {
			continue
		}
		for _, a := range f.Acquires {
			to := a.Lock
			if to.Escapes || to.Try || to.Class == "" || a.Before.Held() {
				continue
			}
			for hk, hm := range a.Held {
				from := f.Locks[hk]
				if from == nil || from.Escapes || from.Try || from.Class == "" || from.Class == to.Class {
					continue
				}
				guards := make(map[string]lockset.Mode)
				for gk, gm := range a.Held {
					if g := f.Locks[gk]; g != nil && gk != hk && g.Class != "" && !g.Escapes {
						guards[g.Class] |= gm
					}
				}
				key := [2]string{from.Class, to.Class}
				e := &edge{
					f: f, from: from.Class, to: to.Class, fromName: from.Name, toName: to.Name,
					heldAt: a.HeldAt[hk], acqAt: a.Call.Pos(), acqEnd: a.Call.End(),
					heldMode: hm, acqMode: a.Mode, guards: guards, call: a.Via != nil,
					via: a.Via, calls: a.Calls, site: a.Site,
					roots: [2]types.Object{hk.Root, to.Key.Root},
				}
				if e.call {
					e.fresh = ck.fresh(f, to.Key)
				}
				if ck.fresh(f, hk) && ck.unpublished(f, hk.Root, a.Call) {
					continue // no other goroutine can wait for the held lock: see unpublished
				}
				e.waits = waitsBefore(f, e.heldAt)
				if panicsAfter(ck.pass.TypesInfo, f.Body, a.Call) {
					continue // a misuse check: see panicsAfter
				}
				edges[key] = append(edges[key], e)
			}
		}
	}
	var keys [][2]string
	for k := range edges {
		if k[0] < k[1] {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		back := edges[[2]string{k[1], k[0]}]
		if len(back) == 0 {
			continue
		}
		e1, e2 := ck.conflicting(edges[k], back)
		if e1 == nil {
			continue
		}
		if ck.before(e2.acqAt, e1.acqAt) {
			e1, e2 = e2, e1
		}
		// Report at the later acquisition.
		ck.r.Report(analysis.Diagnostic{
			Pos:      e2.acqAt,
			End:      e2.acqEnd,
			Category: catOrder,
			Message: fmt.Sprintf("%s is locked while %s is held, but %s locks them in the opposite order (possible deadlock): lock them in one order everywhere",
				e2.toDesc(), e2.fromName, e2Name(e1)),
			Related: append(append([]analysis.RelatedInformation{
				{Pos: e2.heldAt, Message: e2.fromName + " is locked here"}},
				e2.siteRelated()...),
				append([]analysis.RelatedInformation{{Pos: e1.heldAt, Message: fmt.Sprintf("%s locks %s here", e1.f.Name, e1.fromName)}},
					e1.acqRelated()...)...),
		})
	}
	ck.cycles(edges)
}

func e2Name(e *edge) string { return e.f.Name }

// before reports whether p comes before q by file name and offset: the
// order of token positions across files depends on the files a driver
// loads (a package and its test variant), and a pair must be reported
// at the same place in both.
func (ck *checker) before(p, q token.Pos) bool {
	pp, qq := ck.pass.Fset.Position(p), ck.pass.Fset.Position(q)
	if pp.Filename != qq.Filename {
		return pp.Filename < qq.Filename
	}
	return pp.Offset < qq.Offset
}

// siteRelated returns, for an acquisition through a call, where the
// callee locks.
func (e *edge) siteRelated() []analysis.RelatedInformation {
	if !e.call {
		return nil
	}
	r := chainRelated(e.via, e.calls)
	if e.site.IsValid() {
		r = append(r, analysis.RelatedInformation{Pos: e.site, Message: fmt.Sprintf("%s locks %s here", funcName(e.via[len(e.via)-1]), e.toName)})
	}
	return r
}

// panicsAfter reports whether every path from call ends in a panic:
// the innermost block around it ends in a call of panic, and nothing
// between leaves the block (return, break, continue, goto). Such code
// checks for a misuse (invalid concurrent Body.Read, net/http): a
// lock it takes on the way is not an order the program follows.
func panicsAfter(info *types.Info, body *ast.BlockStmt, call *ast.CallExpr) bool {
	var list []ast.Stmt
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || n.Pos() > call.Pos() || n.End() < call.End() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		}
		return true
	})
	if len(list) == 0 {
		return false
	}
	last, ok := list[len(list)-1].(*ast.ExprStmt)
	if !ok {
		return false
	}
	pc, ok := ast.Unparen(last.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	if id, ok := ast.Unparen(pc.Fun).(*ast.Ident); !ok {
		return false
	} else if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "panic" {
		return false
	}
	leaves := false
	for _, st := range list {
		if st.End() <= call.Pos() {
			continue
		}
		ast.Inspect(st, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt, *ast.BranchStmt:
				leaves = true
			}
			return !leaves
		})
	}
	return !leaves
}

// waitsBefore reports whether f performs a channel operation or waits
// on a WaitGroup or condition variable before pos (in source order).
func waitsBefore(f *lockset.Func, pos token.Pos) bool {
	for _, op := range f.Ops {
		if op.Node.Pos() < pos {
			return true
		}
	}
	return false
}

// fresh reports whether the mutex k of f belongs to a value that f
// makes: its variable is declared in f and assigned only a composite
// literal (or its address), new(T) or a zero value.
func (ck *checker) fresh(f *lockset.Func, k lockset.Key) bool {
	v, ok := k.Root.(*types.Var)
	if !ok || v.Pos() < f.Body.Pos() || v.Pos() >= f.Body.End() {
		return false // a parameter, the receiver, a global
	}
	made, other := false, false
	info := ck.pass.TypesInfo
	isNew := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		switch e := e.(type) {
		case *ast.CompositeLit:
			return true
		case *ast.CallExpr:
			if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "new" {
					return true
				}
			}
		}
		return false
	}
	ast.Inspect(f.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok || info.ObjectOf(id) != v {
					continue
				}
				if len(n.Lhs) == len(n.Rhs) && isNew(n.Rhs[i]) {
					made = true
				} else {
					other = true
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.ObjectOf(id) != v {
					continue
				}
				switch {
				case len(n.Values) == 0:
					made = true // the zero value
				case len(n.Values) == len(n.Names) && isNew(n.Values[i]):
					made = true
				default:
					other = true
				}
			}
		case *ast.RangeStmt:
			for _, x := range []ast.Expr{n.Key, n.Value} {
				if id, ok := x.(*ast.Ident); ok && info.ObjectOf(id) == v {
					other = true
				}
			}
		}
		return true
	})
	return made && !other
}

// unpublished reports whether the value v (made by f, see fresh) is
// still out of every other goroutine's reach at the acquisition call:
// before it, f uses v only to select its fields and to call its
// methods, never as a value (an argument, an assignment, a send, a
// method value, a go statement's call, a function literal's capture).
// Another goroutine cannot then wait for the lock of v that f holds,
// and the acquisition under it closes no cycle. When a loop around the
// call also encloses v's declaration only partly (v is declared before
// it), a use anywhere in that loop counts: a later iteration comes
// after it. The methods of v are taken not to publish it.
func (ck *checker) unpublished(f *lockset.Func, v types.Object, call *ast.CallExpr) bool {
	info := ck.pass.TypesInfo
	limit := call.Pos()
	ast.Inspect(f.Body, func(n ast.Node) bool {
		if n == nil || n.Pos() > call.Pos() || n.End() < call.End() {
			return false
		}
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if n.Pos() < v.Pos() && n.End() > limit {
				limit = n.End()
			}
		case *ast.FuncLit:
			return false
		}
		return true
	})
	published := false
	var stack []ast.Node
	ast.Inspect(f.Body, func(n ast.Node) bool {
		if published {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if n.Pos() >= limit {
			return false
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] != v {
			return true
		}
		// The use of v: in a function literal, or not the operand of a
		// selector that is a field or a called method.
		for _, p := range stack {
			if _, ok := p.(*ast.FuncLit); ok {
				published = true
				return false
			}
		}
		if len(stack) < 2 {
			published = true
			return false
		}
		sel, ok := stack[len(stack)-2].(*ast.SelectorExpr)
		if !ok || sel.X != id {
			published = true
			return false
		}
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			if len(stack) < 3 {
				published = true
				return false
			}
			c, ok := stack[len(stack)-3].(*ast.CallExpr)
			if !ok || c.Fun != sel {
				published = true // a method value
				return false
			}
			if len(stack) >= 4 {
				if _, ok := stack[len(stack)-4].(*ast.GoStmt); ok {
					published = true // go v.run()
					return false
				}
			}
		}
		return true
	})
	return !published
}

// maxCycle bounds the length of the lock-order cycles searched.
const maxCycle = 5

// cycles reports cycles of three or more lock classes (up to maxCycle),
// A→B→C→A: one goroutine holds A and waits for B, the next holds B and
// waits for C, the last holds C and waits for A. Acquisitions through
// calls count under the same conditions as for pairs (usable, for the
// whole cycle). Each lock acquired must exclude the
// one the next goroutine holds (not two read locks), and no two
// goroutines of the cycle may hold a common class in modes that exclude
// each other (a gate: they cannot all be blocked at once). A cycle two
// of whose classes are also taken in both orders is left to the pair
// rule. Each acquisition must be on its own goroutine (see confined).
// The diagnostic is at the last acquisition, in source order,
// with every hold and acquisition as related positions.
func (ck *checker) cycles(edges map[[2]string][]*edge) {
	succ := make(map[string][]string)
	direct := make(map[[2]string][]*edge) // the usable edges
	for k, es := range edges {
		for _, e := range es {
			if ck.usable(e) {
				direct[k] = append(direct[k], e)
			}
		}
		if len(direct[k]) > 0 {
			succ[k[0]] = append(succ[k[0]], k[1])
		}
	}
	if len(succ) < 3 {
		return
	}
	var classes []string
	for c, ss := range succ {
		classes = append(classes, c)
		sort.Strings(ss)
	}
	sort.Strings(classes)
	// Simple cycles whose least class is the start, found once each.
	var path []string
	on := make(map[string]bool)
	var visit func(start, c string)
	visit = func(start, c string) {
		for _, n := range succ[c] {
			if n == start && len(path) >= 3 {
				ck.cycle(path, direct)
				continue
			}
			if n <= start || on[n] || len(path) == maxCycle {
				continue
			}
			path = append(path, n)
			on[n] = true
			visit(start, n)
			on[n] = false
			path = path[:len(path)-1]
		}
	}
	for _, c := range classes {
		path = append(path[:0], c)
		on[c] = true
		visit(c, c)
		on[c] = false
	}
}

// cycle reports the cycle of classes path (closing back to path[0]) if
// some choice of its edges can deadlock.
func (ck *checker) cycle(path []string, direct map[[2]string][]*edge) {
	n := len(path)
	for i := range n {
		for j := range n {
			if i != j && len(direct[[2]string{path[i], path[j]}]) > 0 && len(direct[[2]string{path[j], path[i]}]) > 0 {
				return // a pair taken in both orders: the pair rule's
			}
		}
	}
	chosen := make([]*edge, n)
	tries := 0
	var pick func(i int) bool
	pick = func(i int) bool {
		if tries++; tries > 256 {
			return false
		}
		if i == n {
			// The last acquisition must exclude the first hold.
			return !(chosen[n-1].acqMode == lockset.Read && chosen[0].heldMode == lockset.Read) && ck.usable(chosen...) && ck.sameSide(chosen...)
		}
		for _, e := range direct[[2]string{path[i], path[(i+1)%n]}] {
			if i > 0 && chosen[i-1].acqMode == lockset.Read && e.heldMode == lockset.Read {
				continue
			}
			ok := true
			for _, p := range chosen[:i] {
				if gated(p, e) || ck.confined(p, e) {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			chosen[i] = e
			if pick(i + 1) {
				return true
			}
		}
		return false
	}
	if !pick(0) {
		return
	}
	last := 0
	for i, e := range chosen {
		if ck.before(chosen[last].acqAt, e.acqAt) {
			last = i
		}
	}
	var related []analysis.RelatedInformation
	var steps []string
	for k := 1; k <= n; k++ {
		e := chosen[(last+k)%n]
		steps = append(steps, fmt.Sprintf("%s locks %s while holding %s", e.f.Name, e.toDesc(), e.fromName))
		if e == chosen[last] {
			related = append(related, analysis.RelatedInformation{Pos: e.heldAt, Message: e.fromName + " is locked here"})
			related = append(related, e.siteRelated()...)
			continue
		}
		related = append(related, analysis.RelatedInformation{Pos: e.heldAt, Message: fmt.Sprintf("%s locks %s here", e.f.Name, e.fromName)})
		related = append(related, e.acqRelated()...)
	}
	e := chosen[last]
	ck.r.Report(analysis.Diagnostic{
		Pos:      e.acqAt,
		End:      e.acqEnd,
		Category: catOrder,
		Message: fmt.Sprintf("%s is locked while %s is held, closing a cycle of %d locks taken in a circular order (possible deadlock): %s; lock them in one order everywhere",
			e.toDesc(), e.fromName, n, strings.Join(steps, ", ")),
		Related: related,
	})
}

// gated reports whether the goroutines at the two acquisitions hold a
// common lock class in modes that exclude each other: they cannot both
// be blocked there at once.
func gated(e1, e2 *edge) bool {
	held := func(e *edge) map[string]lockset.Mode {
		m := make(map[string]lockset.Mode, len(e.guards)+1)
		for c, md := range e.guards {
			m[c] = md
		}
		m[e.from] |= e.heldMode
		return m
	}
	h1, h2 := held(e1), held(e2)
	for c, m1 := range h1 {
		if m2, ok := h2[c]; ok && !(m1 == lockset.Read && m2 == lockset.Read) {
			return true
		}
	}
	return false
}

// sameSide reports whether the acquisitions es are all in test files or
// all outside them. A test that takes the package's locks in an order
// its code does not (to look at state under both, say) deadlocks only
// if the code's opposite order runs at the same time, which only the
// test decides: the tests seen on real code never started it. Orders
// within the code, or within the tests, are judged as before.
func (ck *checker) sameSide(es ...*edge) bool {
	for _, e := range es[1:] {
		if report.IsTestFile(ck.pass, e.f.Node.Pos()) != report.IsTestFile(ck.pass, es[0].f.Node.Pos()) {
			return false
		}
	}
	return true
}

// ownObjects reports whether e1 and e2 are in two different test
// functions that each lock only objects of their own: every mutex of
// both edges is reached from a local variable of its test function
// that holds what the test made (a call's result, a composite
// literal, or a field or element of such a variable), never a
// package-level variable or a parameter. Two tests that run in
// parallel on their own harnesses cannot hold each other's locks: the
// classes of the pair stand for different instances.
func (ck *checker) ownObjects(e1, e2 *edge) bool {
	d1, d2 := ck.testFunc(e1.f.Node.Pos()), ck.testFunc(e2.f.Node.Pos())
	if d1 == nil || d2 == nil || d1 == d2 {
		return false
	}
	for _, c := range []struct {
		e *edge
		d *ast.FuncDecl
	}{{e1, d1}, {e2, d2}} {
		for _, r := range c.e.roots {
			if !ck.madeIn(r, c.d, 0) {
				return false
			}
		}
	}
	return true
}

// testFunc returns the test function (TestXxx in a _test.go file) whose
// declaration holds pos, or nil.
func (ck *checker) testFunc(pos token.Pos) *ast.FuncDecl {
	if !report.IsTestFile(ck.pass, pos) {
		return nil
	}
	for _, f := range ck.pass.Files {
		if pos < f.Pos() || pos >= f.End() {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
				if fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "Test") {
					return fd
				}
				return nil
			}
		}
	}
	return nil
}

// madeIn reports whether v is a local variable of d, assigned once, by
// its definition, from a value the test made: see ownObjects.
func (ck *checker) madeIn(v types.Object, d *ast.FuncDecl, depth int) bool {
	info := ck.pass.TypesInfo
	lv, ok := v.(*types.Var)
	if !ok || lv.IsField() || depth > 4 || v.Pos() < d.Body.Pos() || v.Pos() >= d.Body.End() {
		return false
	}
	var def ast.Expr   // the value v is defined with
	var elems ast.Expr // or the container v ranges over, as its value
	defs, assigns := 0, 0
	ast.Inspect(d.Body, func(n ast.Node) bool {
		if rs, ok := n.(*ast.RangeStmt); ok && rs.Tok == token.DEFINE && rs.Value != nil {
			if id, ok := ast.Unparen(rs.Value).(*ast.Ident); ok && info.Defs[id] == v {
				defs++
				elems = rs.X
			}
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			if vs, ok := n.(*ast.ValueSpec); ok {
				for i, id := range vs.Names {
					if info.Defs[id] == v {
						defs++
						if len(vs.Values) == len(vs.Names) {
							def = vs.Values[i]
						} else if len(vs.Values) == 1 {
							def = vs.Values[0]
						}
					}
				}
			}
			if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND {
				if id, ok := ast.Unparen(u.X).(*ast.Ident); ok && info.Uses[id] == v {
					assigns++ // its address: anything may store in it
				}
			}
			return true
		}
		for i, l := range as.Lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok {
				continue
			}
			switch {
			case info.Defs[id] == v:
				defs++
				if len(as.Lhs) == len(as.Rhs) {
					def = as.Rhs[i]
				} else if len(as.Rhs) == 1 {
					def = as.Rhs[0]
				}
			case info.Uses[id] == v:
				assigns++
			}
		}
		return true
	})
	if defs != 1 || assigns != 0 || def == nil && elems == nil {
		return false // a parameter, or assigned again
	}
	if elems != nil {
		// The value of a range over a literal of the test's own
		// values, or over a field or element of its own variable.
		if lit, ok := ast.Unparen(elems).(*ast.CompositeLit); ok {
			for _, el := range lit.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Value
				}
				if !ck.ownExpr(el, d, depth) {
					return false
				}
			}
			return true
		}
		return ck.ownExpr(elems, d, depth)
	}
	return ck.ownExpr(def, d, depth)
}

// ownExpr reports whether e holds a value the test function d made: a
// call's result, a composite literal, or a field or element of its own
// variable (see madeIn).
func (ck *checker) ownExpr(e ast.Expr, d *ast.FuncDecl, depth int) bool {
	info := ck.pass.TypesInfo
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			if tv, ok := info.Types[x.Fun]; ok && tv.IsType() {
				e = x.Args[0] // a conversion
				continue
			}
			return true // made by the call
		case *ast.CompositeLit:
			return true
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return false
			}
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.SelectorExpr:
			if s := info.Selections[x]; s == nil || s.Kind() != types.FieldVal {
				return false
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.Ident:
			return ck.madeIn(info.Uses[x], d, depth+1)
		default:
			return false
		}
	}
}

// conflicting returns an edge of ab and one of ba whose modes exclude
// each other: a goroutine holding A and waiting for B, another holding
// B and waiting for A, and neither pair of modes both reads.
func (ck *checker) conflicting(ab, ba []*edge) (*edge, *edge) {
	for _, e1 := range ab {
		for _, e2 := range ba {
			if e2.heldMode == lockset.Read && e1.acqMode == lockset.Read {
				continue
			}
			if e1.heldMode == lockset.Read && e2.acqMode == lockset.Read {
				continue
			}
			if !ck.usable(e1, e2) {
				continue // see usable
			}
			if !ck.sameSide(e1, e2) {
				continue // see sameSide
			}
			if ck.ownObjects(e1, e2) {
				continue // see ownObjects
			}
			if ck.confined(e1, e2) {
				continue // one goroutine runs both: see confined
			}
			if guarded(e1, e2) {
				continue // a third lock, held in both places, orders them
			}
			return e1, e2
		}
	}
	return nil, nil
}

// guarded reports whether some lock class is held at both acquisitions,
// in modes that exclude each other: the two cannot run at once.
func guarded(e1, e2 *edge) bool {
	for c, m1 := range e1.guards {
		if m2, ok := e2.guards[c]; ok && !(m1 == lockset.Read && m2 == lockset.Read) {
			return true
		}
	}
	return false
}
