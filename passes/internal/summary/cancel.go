package summary

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
)

// A start method may end its goroutine through a context rather than a
// channel: it derives a context from context.Background() (or TODO)
// whose cancel function it keeps only in an unexported field of the
// receiver, and the goroutine returns only after that context is done.
// The methods that call the field are the stop methods.
//
//	func (w *Worker) Start() {
//		ctx, cancel := context.WithCancel(context.Background())
//		w.cancel = cancel
//		go func() {
//			for {
//				select {
//				case <-ctx.Done():
//					return
//				case j := <-w.jobs:
//					w.do(j)
//				}
//			}
//		}()
//	}
//
//	func (w *Worker) Stop() { w.cancel() }
//
// The context may also be a field ("w.ctx, w.cancel =
// context.WithCancel(context.Background())"), which a goroutine started
// as a method of the receiver can wait for. A context derived from a
// parameter is not followed: the caller may cancel it.

// ctxCancels returns the contexts of the start method f whose only
// cancel function is an unexported field of the receiver rv, mapped to
// that field: a local variable, or a field of the receiver.
func (s *summarizer) ctxCancels(f *chanflow.Func, rv *types.Var, named *types.Named) map[types.Object]*types.Var {
	info := s.pass.TypesInfo
	var out map[types.Object]*types.Var
	cancelField := func(e ast.Expr) *types.Var {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok || !isIdentOf(info, sel.X, rv) {
			return nil
		}
		selection := info.Selections[sel]
		if selection == nil || selection.Kind() != types.FieldVal || len(selection.Index()) != 1 {
			return nil
		}
		v := selection.Obj().(*types.Var).Origin()
		if v.Exported() || v.Pkg() != s.pass.Pkg || !isFuncType(v.Type()) {
			return nil
		}
		return v
	}
	for _, st := range f.Body.List {
		as, ok := st.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 || !s.cancelRoot(as.Rhs[0]) {
			continue
		}
		// The cancel function: the field itself, or a local variable
		// whose only use stores it in the field.
		field := cancelField(as.Lhs[1])
		if id, ok := as.Lhs[1].(*ast.Ident); ok && field == nil {
			v, _ := objOfIdent(info, id).(*types.Var)
			if v == nil {
				continue
			}
			field = s.storedOnlyIn(f.Body, v, cancelField)
		}
		if field == nil {
			continue
		}
		var ctx types.Object
		switch l := ast.Unparen(as.Lhs[0]).(type) {
		case *ast.Ident:
			ctx = objOfIdent(info, l)
		case *ast.SelectorExpr:
			if sel := info.Selections[l]; sel != nil && sel.Kind() == types.FieldVal && isIdentOf(info, l.X, rv) && len(sel.Index()) == 1 {
				if v := sel.Obj().(*types.Var).Origin(); !v.Exported() && v.Pkg() == s.pass.Pkg {
					ctx = v
				}
			}
		}
		if ctx == nil {
			continue
		}
		if out == nil {
			out = map[types.Object]*types.Var{}
		}
		out[ctx] = field
	}
	return out
}

// fieldCtxOnly keeps the contexts that are fields: a goroutine started
// as a method sees no local variable of the start method.
func (s *summarizer) fieldCtxOnly(m map[types.Object]*types.Var) map[types.Object]*types.Var {
	for ctx := range m {
		if v, ok := ctx.(*types.Var); !ok || !v.IsField() {
			delete(m, ctx)
		}
	}
	return m
}

// cancelRoot reports whether e is context.WithCancel (or
// WithCancelCause) of context.Background() or context.TODO().
func (s *summarizer) cancelRoot(e ast.Expr) bool {
	info := s.pass.TypesInfo
	isCtxFunc := func(call *ast.CallExpr, names ...string) bool {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		fn, ok := info.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "context" {
			return false
		}
		for _, n := range names {
			if fn.Name() == n {
				return true
			}
		}
		return false
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || !isCtxFunc(call, "WithCancel", "WithCancelCause") {
		return false
	}
	parent, ok := ast.Unparen(call.Args[0]).(*ast.CallExpr)
	return ok && len(parent.Args) == 0 && isCtxFunc(parent, "Background", "TODO")
}

// storedOnlyIn returns the field that the only use of v in body (a
// function literal's too) stores it in ("rv.cancel = cancel"), or nil.
func (s *summarizer) storedOnlyIn(body *ast.BlockStmt, v *types.Var, field func(ast.Expr) *types.Var) *types.Var {
	info := s.pass.TypesInfo
	uses := 0
	var stored *types.Var
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if info.Uses[n] == v {
				uses++
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 && n.Tok == token.ASSIGN {
				if id, ok := ast.Unparen(n.Rhs[0]).(*ast.Ident); ok && info.Uses[id] == v {
					stored = field(n.Lhs[0])
				}
			}
		}
		return true
	})
	if uses != 1 {
		return nil
	}
	return stored
}

// doneCancel returns the cancel field of the context whose Done e is
// ("ctx.Done()", "rv.ctx.Done()"), when the start method being examined
// keeps that context's only cancel function in a field; nil otherwise.
func (s *summarizer) doneCancel(e ast.Expr, rv *types.Var) *types.Var {
	if len(s.ctxStop) == 0 {
		return nil
	}
	info := s.pass.TypesInfo
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Done" {
		return nil
	}
	var ctx types.Object
	switch x := ast.Unparen(sel.X).(type) {
	case *ast.Ident:
		ctx = info.Uses[x]
	case *ast.SelectorExpr:
		if selection := info.Selections[x]; selection != nil && selection.Kind() == types.FieldVal && isIdentOf(info, x.X, rv) {
			ctx = selection.Obj().(*types.Var).Origin()
		}
	}
	if ctx == nil {
		return nil
	}
	return s.ctxStop[ctx]
}

// isFuncType reports whether t is a function type (context.CancelFunc).
func isFuncType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// objOfIdent returns the object an identifier defines or uses.
func objOfIdent(info *types.Info, id *ast.Ident) types.Object {
	if obj := info.Defs[id]; obj != nil {
		return obj
	}
	return info.Uses[id]
}
