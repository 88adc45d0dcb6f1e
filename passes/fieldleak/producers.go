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

// CategoryProducer is the category of a channel field closed by one of
// several goroutines that send on it (waitclose's rule, for fields).
const CategoryProducer = "producer"

// producerClose reports the closes of the channel field f made by one
// of several producers: a goroutine that sends on f and closes it
// unconditionally (at the top level of its body, or deferred there),
// waiting for nothing first, when a go statement in a loop starts it
// on the same object every iteration. The first producer to finish
// closes f under the others: their sends panic, and so does a second
// close.
//
//	for range n {
//		go func() {
//			defer close(s.out) // the first to return closes it
//			s.out <- work()
//		}()
//	}
//
// The model merges the objects of a type, so the producers must share
// one: the field is selected from a variable (the receiver of a method
// started as go x.produce(), or a variable a literal captures) declared
// outside the loop and not assigned in it. A loop that also assigns the
// field makes a new channel per producer: silent.
func (ck *checker) producerClose(f *fieldflow.Field) {
	if !f.Closed() {
		return // a receive-only getter is fine: others cannot send or close
	}
	for _, cl := range f.OpsOf(fieldflow.Close) {
		fn := ck.flow.FuncOf(cl.Func)
		if fn == nil || fn.Body == nil {
			continue
		}
		call := cl.Node.(*ast.CallExpr)
		stmt, deferred := topLevel(fn.Body, call)
		if stmt == nil {
			continue // conditional: the last producer, counted, may close
		}
		if !sendsIn(f, cl.Func) || waitsBefore(ck.pass.TypesInfo, fn.Body, stmt, deferred) {
			continue
		}
		root := rootVar(ck.pass.TypesInfo, cl.Expr)
		if root == nil {
			continue
		}
		for _, g := range ck.startsOf(fn) {
			loop := ck.sharedLoop(g, fn, root, f)
			if loop == nil {
				continue
			}
			ck.report(analysis.Diagnostic{
				Pos:      call.Pos(),
				End:      call.End(),
				Category: CategoryProducer,
				Message: fmt.Sprintf("%s is closed by one of several producers; the others may send on a closed channel (close it once, after all of them are done)",
					expr(cl.Expr)),
				Related: []analysis.RelatedInformation{
					{Pos: g.Stmt.Pos(), End: g.Stmt.Call.Fun.End(), Message: "the producers are started here in a loop, once per iteration"},
					ck.declared(f),
				},
			})
			break
		}
	}
}

// sendsIn reports whether f is sent on directly in fn.
func sendsIn(f *fieldflow.Field, fn ast.Node) bool {
	for _, op := range f.OpsOf(fieldflow.Send, fieldflow.SelectSend) {
		if op.Func == fn {
			return true
		}
	}
	return false
}

// topLevel returns the statement of body's list that is the close
// call, or that defers it, and whether it defers it; nil when the call
// is nested in a conditional or a loop.
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

// waitsBefore reports whether a statement of body that runs before the
// close stmt (every statement, for a deferred close) may wait for the
// other producers: it calls a method named Wait, receives, selects or
// ranges over a channel, or makes a call of an unknown function value
// (waitclose's stance, simplified to stay silent more often).
func waitsBefore(info *types.Info, body *ast.BlockStmt, stmt ast.Stmt, deferred bool) bool {
	for _, s := range body.List {
		if s == stmt && !deferred {
			return false
		}
		if s == stmt {
			continue
		}
		found := false
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.UnaryExpr:
				found = found || n.Op == token.ARROW
			case *ast.SelectStmt:
				found = true
			case *ast.RangeStmt:
				if t := info.TypeOf(n.X); t != nil {
					if _, ok := t.Underlying().(*types.Chan); ok {
						found = true
					}
				}
			case *ast.CallExpr:
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Wait" {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// rootVar returns the variable that a field selector x.f (or x.y.f)
// starts from, or nil.
func rootVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.Ident:
			v, _ := info.Uses[x].(*types.Var)
			return v
		default:
			return nil
		}
	}
}

// startsOf returns the go statements that start fn: its own, for a
// literal; those whose static callee is fn, for a declared function.
func (ck *checker) startsOf(fn *chanflow.Func) []*chanflow.Go {
	if fn.Go != nil {
		return []*chanflow.Go{fn.Go}
	}
	if fn.Obj == nil {
		return nil
	}
	var gs []*chanflow.Go
	for _, g := range ck.flow.Gos {
		if g.Callee != nil && ck.flow.DeclOf(g.Callee) == fn {
			gs = append(gs, g)
		}
	}
	return gs
}

// sharedLoop returns the innermost loop around the go statement g
// whose every iteration starts fn on the same object, or nil: root,
// the variable the close selects the field from, is (for a literal) a
// variable the literal captures, or (for a method) the receiver, and
// the object is a variable declared before the loop and not assigned
// in it. The loop must not assign the field either.
func (ck *checker) sharedLoop(g *chanflow.Go, fn *chanflow.Func, root *types.Var, f *fieldflow.Field) ast.Stmt {
	if len(g.Loops) == 0 {
		return nil
	}
	loop := g.Loops[len(g.Loops)-1]
	info := ck.pass.TypesInfo
	obj := root
	if fn.Go == nil {
		// A method started as go x.m(): the close must select from the
		// receiver, and the object is x.
		recv := fn.Obj.Signature().Recv()
		if recv == nil || recv.Origin() != root.Origin() {
			return nil
		}
		sel, ok := ast.Unparen(g.Stmt.Call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok {
			return nil
		}
		obj, _ = info.Uses[id].(*types.Var)
		if obj == nil {
			return nil
		}
	} else if fn.Node.Pos() <= root.Pos() && root.Pos() < fn.Node.End() {
		return nil // declared in the literal: not shared
	}
	if obj.Pos() >= loop.Pos() && obj.Pos() < loop.End() {
		return nil // declared in the loop: one object per iteration
	}
	if assignedIn(info, loop, obj) {
		return nil
	}
	for _, op := range f.OpsOf(fieldflow.Assign) {
		if loop.Pos() <= op.Node.Pos() && op.Node.End() <= loop.End() {
			return nil // a new channel per iteration
		}
	}
	return loop
}

// assignedIn reports whether v is assigned, or its address taken, in n.
func assignedIn(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.AssignStmt:
			for _, l := range m.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
					found = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(m.X).(*ast.Ident); ok && m.Op == token.AND && info.Uses[id] == v {
				found = true
			}
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(m.X).(*ast.Ident); ok && info.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
}
