package callleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/summary"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

// checkStarts checks every call of a start method on a value that the
// calling function made itself.
func (ch *checker) checkStarts(starts []*types.Func) {
	set := map[*types.Func]bool{}
	for _, fn := range starts {
		set[fn] = true
	}
	ids := map[*ast.Ident]bool{}
	for sel, selection := range ch.pass.TypesInfo.Selections {
		if selection.Kind() != types.MethodVal {
			continue
		}
		if fn, ok := selection.Obj().(*types.Func); ok && set[fn.Origin()] {
			ids[sel.Sel] = true
		}
	}
	if len(ids) == 0 {
		return
	}
	done := map[*types.Var]bool{}
	for _, s := range ch.sites(ids) {
		ch.checkStart(s, set, done)
	}
}

// uses is what a function does with a fresh value.
type uses struct {
	escapes bool       // a use the contract does not follow
	stops   []ast.Node // calls of a stop method, not deferred, not in a literal, and returns of the value
	handoff bool       // some return hands the value to the caller
	hidden  bool       // a stop call that is deferred or in a function literal
}

// checkStart checks the start call of one site: v.Start() with v a
// local variable of the enclosing function, assigned once a new value.
func (ch *checker) checkStart(s *site, starts map[*types.Func]bool, done map[*types.Var]bool) {
	info := ch.pass.TypesInfo
	if ch.skip(s.call.Pos()) {
		return
	}
	sel, ok := ast.Unparen(s.call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	x, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return
	}
	v, ok := info.Uses[x].(*types.Var)
	if !ok || done[v] {
		return
	}
	fn := calleeOf(info, s.call)
	if fn == nil {
		return
	}
	sum := ch.sums.Of(fn)
	if sum == nil || sum.Start == nil {
		return
	}
	named := summary.NamedOf(fn.Signature().Recv().Type())
	if summary.NamedOf(v.Type()) != named {
		return // an embedded type's start method: not followed
	}
	fnNode, body := s.enclosingFunc()
	if body == nil || ch.isMainMain(fnNode) {
		return
	}
	done[v] = true
	if !ch.fresh(body, v, named) {
		return
	}
	u := ch.usesOf(body, v, starts, sum.Start.Stops, nil)
	if u.escapes || u.hidden {
		return
	}
	g := ch.cfgs.Func(fnNode)
	if g == nil {
		return
	}
	var failed *ast.IfStmt // the branch on the start's error, for an error-guarded start
	if sum.Start.Err {
		if failed = errBranch(info, s); failed == nil {
			return // the error is not tested right after: not followed (errstart.go)
		}
	}
	ret := pathWithout(g, s.call, u.stops, failed)
	if ret == nil {
		return
	}
	stop := pickStop(sum.Start.Stops)
	recv := x.Name
	fname := funcName(fnNode, s.stack)
	var stops []string
	for _, st := range sum.Start.Stops {
		stops = append(stops, recv+"."+st)
	}
	d := analysis.Diagnostic{
		Pos:      s.call.Pos(),
		End:      s.call.End(),
		Category: CategoryNoStop,
		Message: fmt.Sprintf("%s.%s %s a goroutine that only %s ends, but %s can return without calling it (possible goroutine leak); %s",
			recv, fn.Name(), startVerb(sum.Start), orList(stops), fname, stopHint(recv, stop, u.handoff)),
	}
	at, end := ret.Pos(), ret.Pos()+token.Pos(len("return"))
	what := returnsHere(fname, recv, stops, u.handoff)
	if ret.Return == body.Rbrace {
		at, end = body.Rbrace, body.Rbrace+1
	}
	d.Related = []analysis.RelatedInformation{{Pos: at, End: end, Message: what}}
	ch.r.Report(d)
}

// stopHint is the fix the message suggests: a deferred stop, or, when
// some return hands the value to the caller (who then owns its
// goroutine), a stop before each return that does not.
func stopHint(recv, stop string, handoff bool) string {
	if handoff {
		return fmt.Sprintf("call %s.%s before each return that does not return %s", recv, stop, recv)
	}
	return fmt.Sprintf("call %s.%s on every path, e.g. defer %s.%s()", recv, stop, recv, stop)
}

// returnsHere is the message of the related position of the return
// that leaves the goroutine running.
func returnsHere(fname, recv string, stops []string, handoff bool) string {
	if handoff {
		return fmt.Sprintf("%s returns here without calling %s or returning %s", fname, orList(stops), recv)
	}
	return fmt.Sprintf("%s returns here without calling %s", fname, orList(stops))
}

// startVerb is the verb of the message: "starts", or "may start" for a
// start method that starts its goroutine on some paths only.
func startVerb(st *summary.Start) string {
	if st.Maybe {
		return "may start"
	}
	return "starts"
}

// pickStop returns the stop method to suggest: Stop, Close, Shutdown,
// or the first.
func pickStop(stops []string) string {
	for _, s := range []string{"Stop", "Close", "Shutdown", "stop", "close"} {
		if slices.Contains(stops, s) {
			return s
		}
	}
	return stops[0]
}

// orList spells a list: "a", "a or b", "a, b or c".
func orList(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// funcName names the enclosing function for messages.
func funcName(fn ast.Node, stack []ast.Node) string {
	if d, ok := fn.(*ast.FuncDecl); ok {
		if d.Recv != nil && len(d.Recv.List) == 1 {
			t := d.Recv.List[0].Type
			if st, ok := t.(*ast.StarExpr); ok {
				t = st.X
			}
			switch tt := t.(type) {
			case *ast.IndexExpr:
				t = tt.X
			case *ast.IndexListExpr:
				t = tt.X
			}
			if id, ok := t.(*ast.Ident); ok {
				return id.Name + "." + d.Name.Name
			}
		}
		return d.Name.Name
	}
	for _, n := range stack {
		if d, ok := n.(*ast.FuncDecl); ok {
			return "the function literal in " + funcName(d, nil)
		}
	}
	return "the function literal"
}

// fresh reports whether v, a local variable of body, is defined there
// once, as a new value of named: &T{...}, T{...}, new(T), "var v T",
// or the first result of a fresh constructor.
func (ch *checker) fresh(body *ast.BlockStmt, v *types.Var, named *types.Named) bool {
	info := ch.pass.TypesInfo
	if v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return false // a parameter, a captured variable, a global
	}
	isFresh := func(call *ast.CallExpr) bool {
		fn := calleeOf(info, call)
		if fn == nil {
			return false
		}
		s := ch.sums.Of(fn)
		return s != nil && s.Fresh
	}
	ok, defs := false, 0
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, isID := ast.Unparen(l).(*ast.Ident)
				if !isID || (info.Defs[id] != v && info.Uses[id] != v) {
					continue
				}
				defs++
				switch {
				case len(n.Lhs) == len(n.Rhs):
					r := n.Rhs[i]
					call, isCall := ast.Unparen(r).(*ast.CallExpr)
					ok = summary.IsNew(info, r, named) || isCall && isFresh(call)
				case len(n.Rhs) == 1 && i == 0:
					call, isCall := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
					ok = isCall && isFresh(call)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.Defs[id] != v {
					continue
				}
				defs++
				switch {
				case len(n.Values) == 0:
					_, isPtr := v.Type().Underlying().(*types.Pointer)
					ok = !isPtr
				case len(n.Values) == len(n.Names):
					r := n.Values[i]
					call, isCall := ast.Unparen(r).(*ast.CallExpr)
					ok = summary.IsNew(info, r, named) || isCall && isFresh(call)
				case len(n.Values) == 1 && i == 0:
					call, isCall := ast.Unparen(n.Values[0]).(*ast.CallExpr)
					ok = isCall && isFresh(call)
				}
			}
		}
		return true
	})
	return ok && defs == 1
}

// inLit reports whether stack holds a function literal.
func inLit(stack []ast.Node) bool {
	return slices.ContainsFunc(stack, func(n ast.Node) bool {
		_, ok := n.(*ast.FuncLit)
		return ok
	})
}

// usesOf classifies the uses of v in body.
//
// The uses inside skip (the go statement that starts the goroutine, for
// a constructor that starts it itself) are not classified.
func (ch *checker) usesOf(body *ast.BlockStmt, v *types.Var, starts map[*types.Func]bool, stops []string, skip ast.Node) *uses {
	info := ch.pass.TypesInfo
	u := &uses{}
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if skip != nil && n == skip {
			return false
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] != v {
			return true
		}
		k := len(stack) - 2
		for k > 0 {
			if _, paren := stack[k].(*ast.ParenExpr); !paren {
				break
			}
			k--
		}
		if as, ok := stack[k].(*ast.AssignStmt); ok && slices.Contains(as.Lhs, ast.Expr(id)) {
			return true // the definition, counted by fresh
		}
		if ret, ok := stack[k].(*ast.ReturnStmt); ok && !inLit(stack[:k]) {
			// Returned as it is: the caller owns the goroutine from
			// this return on, as after a stop on this path; the other
			// paths still need a stop.
			u.stops = append(u.stops, ret)
			u.handoff = true
			return true
		}
		sel, ok := stack[k].(*ast.SelectorExpr)
		if !ok || ast.Unparen(sel.X) != id {
			u.escapes = true // returned, passed, stored, captured as a value
			return true
		}
		selection := info.Selections[sel]
		if selection == nil {
			u.escapes = true
			return true
		}
		switch selection.Kind() {
		case types.FieldVal:
			if un, ok := stack[k-1].(*ast.UnaryExpr); ok && un.Op == token.AND {
				u.escapes = true // &v.f
			}
			return true
		case types.MethodVal:
		default:
			u.escapes = true
			return true
		}
		call, ok := stack[k-1].(*ast.CallExpr)
		if !ok || call.Fun != sel || len(selection.Index()) != 1 {
			u.escapes = true // a method value, or a promoted method
			return true
		}
		if _, ok := stack[k-2].(*ast.GoStmt); ok {
			u.escapes = true
			return true
		}
		m := selection.Obj().(*types.Func).Origin()
		switch {
		case slices.Contains(stops, m.Name()):
			hidden := false
			for _, p := range stack[:k-1] {
				switch p.(type) {
				case *ast.FuncLit, *ast.DeferStmt:
					hidden = true
				}
			}
			if _, ok := stack[k-2].(*ast.DeferStmt); ok {
				hidden = true
			}
			if hidden {
				u.hidden = true
			} else {
				u.stops = append(u.stops, call)
			}
		case starts[m]:
		default:
			if s := ch.sums.Of(m); s == nil || !s.Stays {
				u.escapes = true // the method may keep v
			}
		}
		return true
	})
	return u
}

// pathWithout returns the return statement of a path of g from the
// node holding call to a return that passes no node holding one of
// stops, nor the then branch of failed (where the start returned an
// error), or nil.
func pathWithout(g *cfg.CFG, call *ast.CallExpr, stops []ast.Node, failed *ast.IfStmt) *ast.ReturnStmt {
	holds := func(n ast.Node, c ast.Node) bool { return n.Pos() <= c.Pos() && c.End() <= n.End() }
	stopped := func(n ast.Node) bool {
		for _, s := range stops {
			if holds(n, s) {
				return true
			}
		}
		return false
	}
	type pos struct {
		b   *cfg.Block
		idx int
	}
	var start *pos
	for _, b := range g.Blocks {
		for i, n := range b.Nodes {
			if b.Live && holds(n, call) {
				start = &pos{b, i}
			}
		}
	}
	if start == nil {
		return nil
	}
	// The rest of the start block, then its successors, breadth first.
	for _, n := range start.b.Nodes[start.idx+1:] {
		if stopped(n) {
			return nil
		}
	}
	if stopped(start.b.Nodes[start.idx]) {
		return nil
	}
	if summary.IsExit(start.b) {
		return start.b.Nodes[len(start.b.Nodes)-1].(*ast.ReturnStmt)
	}
	seen := map[*cfg.Block]bool{}
	queue := slices.Clone(start.b.Succs)
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		if seen[b] || !b.Live {
			continue
		}
		seen[b] = true
		if slices.ContainsFunc(b.Nodes, stopped) {
			continue
		}
		if failed != nil && b.Kind == cfg.KindIfThen && b.Stmt == failed {
			continue // the start failed: nothing to stop
		}
		if summary.IsExit(b) {
			return b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
		}
		queue = append(queue, b.Succs...)
	}
	return nil
}
