package lockleak

import (
	"go/ast"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/astindex"
)

// A guarded Wait.
//
// A Wait outside a loop blocks forever when the Signal it needs came
// before it: nothing records a wakeup. That cannot happen when the
// goroutine, holding the lock since before, has just checked the state
// the signaller changes, and the signaller changes it under the same
// lock before it signals:
//
//	q.mu.Lock()
//	defer q.mu.Unlock()
//	if len(q.items) == 0 {
//		q.cond.Wait() // a Put's append happens before this check or after the Wait starts
//	}
//
// Without a loop, a wakeup still does not mean the condition holds (a
// Broadcast, another consumer first), which is a bug of another kind:
// the goroutine goes on, it does not block. The rule of a Wait outside
// a loop reports only the Wait that may miss its wakeup.

// guardedWait reports whether the Wait call at c, on the condition
// variable x (a field of an unexported struct field chain rooted at a
// variable), is guarded: in its function, a Lock or RLock on a value
// rooted at the same variable comes before the Wait with no Unlock in
// between (other than on a path that returns), the Wait is in the body
// of an if statement whose condition reads a field of that variable, or
// follows one whose body returns; and every Signal and Broadcast of the
// field in the package follows, in its function, a Lock or RLock on a
// value rooted at the variable it reaches the field through.
func (ck *checker) guardedWait(c astindex.Cursor, x ast.Expr, fn ast.Node) bool {
	info := ck.pass.TypesInfo
	root, field := rootField(info, x)
	if root == nil || field == nil || field.Exported() || field.Pkg() != ck.pass.Pkg {
		return false
	}
	call := c.Node()
	guard := ast.Node(nil)
	for p := c.Parent(); p.Node() != nil && p.Node() != fn; p = p.Parent() {
		switch n := p.Node().(type) {
		case *ast.IfStmt:
			if within(call, n.Body) && readsFieldOf(info, n.Cond, root) {
				guard = n
			}
		case *ast.BlockStmt:
			for _, st := range n.List {
				if st.End() > call.Pos() {
					break
				}
				if is, ok := st.(*ast.IfStmt); ok && readsFieldOf(info, is.Cond, root) && endsInReturn(is.Body) {
					guard = is
				}
			}
		}
		if _, ok := p.Node().(*ast.FuncLit); ok {
			return false
		}
	}
	if guard == nil {
		return false
	}
	// The lock: taken before the guard, not let go before the Wait.
	locked := false
	ok := true
	ast.Inspect(fn, func(n ast.Node) bool {
		if !ok {
			return false
		}
		if lit, isLit := n.(*ast.FuncLit); isLit && lit != fn {
			return false
		}
		if _, isDefer := n.(*ast.DeferStmt); isDefer {
			return false // a deferred unlock runs at the return
		}
		if is, isIf := n.(*ast.IfStmt); isIf && is.End() <= call.Pos() && endsInReturn(is.Body) {
			return false // an Unlock on a path that returns does not reach the Wait
		}
		ce, isCall := n.(*ast.CallExpr)
		if !isCall || ce.Pos() >= call.Pos() {
			return true
		}
		name, recv := lockCall(ce)
		if recv == nil || rootOfExpr(info, recv) != root {
			return true
		}
		switch name {
		case "Lock", "RLock":
			if ce.Pos() < guard.Pos() {
				locked = true
			}
		case "Unlock", "RUnlock":
			ok = false
		}
		return true
	})
	if !ok || !locked {
		return false
	}
	return ck.signalsLocked(field)
}

// signalsLocked reports whether the condition variable field's uses
// are all known (condUses: Wait, Signal, Broadcast, its L, a NewCond on
// a mutex of its owner) and every Signal and Broadcast comes, in its
// function, after a Lock or RLock on a value rooted at the variable the
// field is reached through.
func (ck *checker) signalsLocked(field *types.Var) bool {
	if v, ok := ck.signalMemo[field]; ok {
		return v
	}
	if ck.signalMemo == nil {
		ck.signalMemo = make(map[*types.Var]bool)
	}
	info := ck.pass.TypesInfo
	_, signals, ok := ck.condUses(field)
	for _, d := range signals {
		if !ok {
			break
		}
		sel, isSel := ast.Unparen(d.call.Fun).(*ast.SelectorExpr)
		root := (*types.Var)(nil)
		if isSel {
			root = rootOfExpr(info, sel.X)
		}
		locked := false
		if root != nil {
			ast.Inspect(bodyOf(d.fn), func(n ast.Node) bool {
				if lit, isLit := n.(*ast.FuncLit); isLit && lit != d.fn {
					return false
				}
				if ce, isCall := n.(*ast.CallExpr); isCall && ce.Pos() < d.call.Pos() {
					if name, recv := lockCall(ce); recv != nil && (name == "Lock" || name == "RLock") && rootOfExpr(info, recv) == root {
						locked = true
					}
				}
				return !locked
			})
		}
		ok = locked
	}
	ck.signalMemo[field] = ok
	return ok
}

func bodyOf(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// lockCall returns the method name and receiver of a call x.Lock(),
// x.Unlock(), x.RLock() or x.RUnlock() (by name: any lock of the value
// counts), or nil.
func lockCall(ce *ast.CallExpr) (string, ast.Expr) {
	sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr)
	if !ok || len(ce.Args) != 0 {
		return "", nil
	}
	switch sel.Sel.Name {
	case "Lock", "RLock", "Unlock", "RUnlock":
		return sel.Sel.Name, sel.X
	}
	return "", nil
}

// rootField returns the variable at the root of the selector chain x
// and the field x selects last, or nils.
func rootField(info *types.Info, x ast.Expr) (*types.Var, *types.Var) {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return nil, nil
	}
	f, _ := s.Obj().(*types.Var)
	return rootOfExpr(info, sel), f
}

// rootOfExpr returns the variable at the root of a chain of field
// selections (and dereferences), or nil.
func rootOfExpr(info *types.Info, x ast.Expr) *types.Var {
	for {
		switch e := ast.Unparen(x).(type) {
		case *ast.Ident:
			v, _ := info.Uses[e].(*types.Var)
			return v
		case *ast.SelectorExpr:
			if s := info.Selections[e]; s == nil || s.Kind() != types.FieldVal {
				return nil
			}
			x = e.X
		case *ast.StarExpr:
			x = e.X
		default:
			return nil
		}
	}
}

// readsFieldOf reports whether e reads a field of a value rooted at v.
func readsFieldOf(info *types.Info, e ast.Expr, v *types.Var) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if s := info.Selections[sel]; s != nil && s.Kind() == types.FieldVal && rootOfExpr(info, sel) == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// endsInReturn reports whether the block's last statement is a return.
func endsInReturn(b *ast.BlockStmt) bool {
	if b == nil || len(b.List) == 0 {
		return false
	}
	_, ok := b.List[len(b.List)-1].(*ast.ReturnStmt)
	return ok
}
