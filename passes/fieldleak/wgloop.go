package fieldleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/fieldflow"
	"golang.org/x/tools/go/analysis"
)

// waitInLoop reports the Wait of a WaitGroup in the body of the loop
// that starts the counted goroutine, when that goroutine cannot finish
// before the loop does something it only does after the Wait:
//
//	for _, v := range vs {
//		wg.Add(1)
//		go func() { defer wg.Done(); <-ch }()
//		wg.Wait() // never returns
//		ch <- v
//	}
//
// The shape, strictly: the go statement calls a function literal and is
// a statement of the body of its only enclosing loop in its function F
// (which has no goto or labels); a positive constant Add on the
// WaitGroup precedes it and a Wait follows it in that body; the
// literal begins with defer statements, one of them wg.Done(), and its
// first other statement is a receive from, or a send on an unbuffered,
// channel ch; and nothing else touches the WaitGroup (a local variable
// used only there, or a field in the closed world whose Done calls are
// that one). ch is a local made in view or a channel field in the
// closed world, and every operation that could complete the
// goroutine's (a send or close for a receive, a receive for a send)
// is in F itself, after the Wait and inside the loop body. The first
// such operation can then only run after some Wait has returned, which
// needs a goroutine to finish, which needs such an operation first:
// the Wait never returns.
func (ck *checker) waitInLoop(g *chanflow.Go) {
	if g.Lit == nil || len(g.Loops) != 1 {
		return
	}
	info := ck.pass.TypesInfo
	loop := g.Loops[0]
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	if body == nil {
		return
	}
	at := -1
	for i, s := range body.List {
		if s == g.Stmt {
			at = i
		}
	}
	if at < 0 {
		return
	}
	// The literal: leading defers, one of them X.Done(); then the
	// blocking operation.
	lit := g.Lit.Body
	var wgExpr ast.Expr
	var first ast.Stmt
	for _, s := range lit.List {
		d, ok := s.(*ast.DeferStmt)
		if !ok {
			first = s
			break
		}
		if x, ok := wgCall(d.Call, "Done"); ok && wgExpr == nil {
			wgExpr = x
		}
	}
	if wgExpr == nil || first == nil {
		return
	}
	chExpr, isSend := blockingOp(first)
	if chExpr == nil {
		return
	}
	// Add before the go statement, Wait after it, in the loop body.
	var add, wait *ast.CallExpr
	for _, s := range body.List[:at] {
		if es, ok := s.(*ast.ExprStmt); ok {
			if call, ok := es.X.(*ast.CallExpr); ok {
				if x, ok := wgCall(call, "Add"); ok && sameWG(info, x, wgExpr) && len(call.Args) == 1 {
					if n, ok := chanflow.ConstInt(info, call.Args[0]); ok && n > 0 {
						add = call
					}
				}
			}
		}
	}
	for _, s := range body.List[at+1:] {
		if es, ok := s.(*ast.ExprStmt); ok && wait == nil {
			if call, ok := es.X.(*ast.CallExpr); ok {
				if x, ok := wgCall(call, "Wait"); ok && sameWG(info, x, wgExpr) {
					wait = call
				}
			}
		}
	}
	if add == nil || wait == nil || hasGotoOrLabel(g.Func.Body) || !ck.wgOnlyHere(g, wgExpr, lit) {
		return
	}
	// Every operation that could complete the goroutine's.
	var peers []ast.Node
	ok := true
	switch ch := ast.Unparen(chExpr).(type) {
	case *ast.Ident:
		v, _ := info.Uses[ch].(*types.Var)
		c := ck.flow.ChanOf(v)
		if v == nil || c == nil || c.Param || c.Make == nil || c.Assigns != 1 || isSend && !c.Unbuffered(info) {
			return
		}
		for _, op := range c.Ops {
			switch op.Kind {
			case chanflow.Send, chanflow.SelectSend, chanflow.Close:
				if !isSend {
					peers = append(peers, op.Node)
					ok = ok && op.Func == g.Func
				}
			case chanflow.Recv, chanflow.SelectRecv, chanflow.Range:
				if isSend {
					peers = append(peers, op.Node)
					ok = ok && op.Func == g.Func
				}
			case chanflow.Other:
				if _, call := op.Node.(*ast.CallExpr); call {
					return // len or cap
				}
			default:
				return // passed, returned, stored: out of view
			}
		}
	case *ast.SelectorExpr:
		v, _ := info.Uses[ch.Sel].(*types.Var)
		if v == nil {
			return
		}
		f := ck.fields.FieldOf(v)
		if f == nil || f.Kind != fieldflow.Chan || !f.Closed() || f.RecvOnly.IsValid() || isSend && !f.Unbuffered() {
			return
		}
		for _, op := range f.Ops {
			switch op.Kind {
			case fieldflow.Send, fieldflow.SelectSend, fieldflow.Close:
				if !isSend {
					peers = append(peers, op.Node)
					ok = ok && op.Func == g.Func.Node
				}
			case fieldflow.Recv, fieldflow.SelectRecv, fieldflow.Range:
				if isSend {
					peers = append(peers, op.Node)
					ok = ok && op.Func == g.Func.Node
				}
			}
		}
	default:
		return
	}
	if !ok || len(peers) == 0 {
		return
	}
	for _, p := range peers {
		if p.Pos() < wait.End() || p.End() > body.End() {
			return
		}
	}
	need := "a send on or close of"
	if isSend {
		need = "a receive from"
	}
	ck.report(analysis.Diagnostic{
		Pos:      wait.Pos(),
		End:      wait.End(),
		Category: CategoryWaitInLoop,
		Message: fmt.Sprintf("%s never returns: the goroutine it waits for needs %s %s, which the loop does only after the Wait (possible goroutine leak); wait after the loop, or do that before the Wait",
			expr(wait.Fun), need, expr(chExpr)),
		Related: []analysis.RelatedInformation{
			{Pos: first.Pos(), End: first.End(), Message: "the goroutine blocks here"},
			{Pos: peers[0].Pos(), End: peers[0].End(), Message: "the loop does it only here, after the Wait"},
		},
	})
}

// wgCall returns X for a call X.name() of a method of sync.WaitGroup.
func wgCall(call *ast.CallExpr, name string) (ast.Expr, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return nil, false
	}
	return sel.X, true
}

// sameWG reports whether x and y denote the same WaitGroup: the same
// local variable, or the same field of the same variable.
func sameWG(info *types.Info, x, y ast.Expr) bool {
	x, y = ast.Unparen(x), ast.Unparen(y)
	switch x := x.(type) {
	case *ast.Ident:
		y, ok := y.(*ast.Ident)
		return ok && info.Uses[x] != nil && info.Uses[x] == info.Uses[y] && isWaitGroup(info.TypeOf(x))
	case *ast.SelectorExpr:
		y, ok := y.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		xb, ok1 := ast.Unparen(x.X).(*ast.Ident)
		yb, ok2 := ast.Unparen(y.X).(*ast.Ident)
		return ok1 && ok2 && info.Uses[xb] != nil && info.Uses[xb] == info.Uses[yb] &&
			info.Uses[x.Sel] != nil && info.Uses[x.Sel] == info.Uses[y.Sel] && isWaitGroup(info.TypeOf(x))
	}
	return false
}

func isWaitGroup(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "WaitGroup"
}

// wgOnlyHere reports whether the WaitGroup x is touched only by calls
// of Add with a positive constant, Wait, and the Done deferred in lit:
// a local variable of the go statement's function, every use of which
// is such a call there, or a field in the closed world.
func (ck *checker) wgOnlyHere(g *chanflow.Go, x ast.Expr, lit *ast.BlockStmt) bool {
	info := ck.pass.TypesInfo
	dones := 0
	okCall := func(name string, call *ast.CallExpr, in ast.Node) bool {
		switch name {
		case "Wait":
			return true
		case "Add":
			if len(call.Args) != 1 {
				return false
			}
			n, ok := chanflow.ConstInt(info, call.Args[0])
			return ok && n > 0
		case "Done":
			dones++
			return in == ast.Node(lit)
		}
		return false
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		v, _ := info.Uses[x].(*types.Var)
		if v == nil || v.Pos() < g.Func.Body.Pos() || v.Pos() >= g.Func.Body.End() {
			return false // declared outside the function: used elsewhere too
		}
		// Every use of v is in the go statement's function (locals are
		// scoped); each must be X.m(...) with an allowed m.
		good := true
		var stack []ast.Node
		ast.Inspect(g.Func.Body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			id, ok := n.(*ast.Ident)
			if !ok || info.Uses[id] != v {
				return true
			}
			if len(stack) < 3 {
				good = false
				return true
			}
			sel, ok1 := stack[len(stack)-2].(*ast.SelectorExpr)
			call, ok2 := stack[len(stack)-3].(*ast.CallExpr)
			if !ok1 || !ok2 || sel.X != id || call.Fun != sel {
				good = false
				return true
			}
			var in ast.Node
			for i := len(stack) - 1; i >= 0; i-- {
				if fl, ok := stack[i].(*ast.FuncLit); ok {
					in = fl.Body
					break
				}
			}
			if !okCall(sel.Sel.Name, call, in) {
				good = false
			}
			return true
		})
		return good && dones == 1
	case *ast.SelectorExpr:
		v, _ := info.Uses[x.Sel].(*types.Var)
		if v == nil {
			return false
		}
		f := ck.fields.FieldOf(v)
		if f == nil || f.Kind != fieldflow.WaitGroup || !f.Closed() {
			return false
		}
		for _, op := range f.Ops {
			if op.Kind != fieldflow.Call {
				return false
			}
			var in ast.Node
			if fl, ok := op.Func.(*ast.FuncLit); ok {
				in = fl.Body
			}
			if !okCall(op.Method, op.Node.(*ast.CallExpr), in) {
				return false
			}
		}
		return dones == 1
	}
	return false
}

// blockingOp returns the channel of a statement that is a receive
// (<-ch, v := <-ch, v = <-ch) or a send (ch <- v), and whether it is a
// send.
func blockingOp(s ast.Stmt) (ast.Expr, bool) {
	var e ast.Expr
	switch s := s.(type) {
	case *ast.SendStmt:
		return s.Chan, true
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 && len(s.Lhs) == 1 {
			e = s.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X, false
	}
	return nil, false
}

// hasGotoOrLabel reports whether body has a goto or a labelled
// statement.
func hasGotoOrLabel(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.LabeledStmt:
			found = true
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				found = true
			}
		}
		return !found
	})
	return found
}
