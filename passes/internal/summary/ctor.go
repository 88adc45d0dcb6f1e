package summary

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
)

// A constructor may start the goroutine itself: it makes a new value
// of its package's type, starts (on every path) a goroutine that ends
// only after receiving from an unexported field of that value, and
// returns the value. Its caller owns the goroutine as it would after
// calling a start method: the stop methods of the type must be called.
//
//	func NewPoller() *Poller {
//		p := &Poller{quit: make(chan struct{})}
//		go p.loop() // returns only after <-p.quit
//		return p
//	}
//
// Such a function gets a Start summary with New set.

// A Failing is a constructor that starts the goroutine of the value it
// makes, as one with a Start summary does, but can then return an
// error without the value: on such a path nothing but the constructor
// itself can stop the goroutine.
//
//	func NewServer(addr string) (*Server, error) {
//		s := &Server{quit: make(chan struct{})}
//		go s.loop() // returns only after <-s.quit
//		if err := s.listen(addr); err != nil {
//			return nil, err // the loop runs forever
//		}
//		return s, nil
//	}
type Failing struct {
	Func  *chanflow.Func
	Go    *ast.GoStmt // the go statement that starts the goroutine
	Var   *types.Var  // the local variable holding the new value
	Field string      // the field channel the goroutine waits on to return
	Stops []string    // the methods that close or send on it, sorted
}

// ctorCandidate returns the candidate of a constructor that starts the
// goroutine itself, or nil: a function (not a method, not generic)
// whose one result (or first of two, the second an error) is of a
// named type of the package, every return of which returns the same
// local variable (or nil with an error), defined once as a new value
// (&T{...}, T{...}, new(T)) and otherwise only used to select fields or
// to start the goroutine.
func (s *summarizer) ctorCandidate(f *chanflow.Func) *candidate {
	if f.Obj == nil || len(f.Gos) == 0 {
		return nil
	}
	sig := f.Obj.Signature()
	if sig.Recv() != nil || sig.TypeParams().Len() > 0 {
		return nil
	}
	// One result, or a result and an error: then the goroutine runs
	// exactly when the error is nil (errGuarded), or always.
	withErr := sig.Results().Len() == 2 && isErrorType(sig.Results().At(1).Type())
	if sig.Results().Len() != 1 && !withErr {
		return nil
	}
	named := NamedOf(sig.Results().At(0).Type())
	if named == nil || named.Obj().Pkg() != s.pass.Pkg {
		return nil
	}
	info := s.pass.TypesInfo
	v := s.returnedNew(f, named, sig.Results().Len())
	if v == nil {
		return nil
	}
	g0 := s.cfgs.Func(f.Node)
	for _, g := range f.Gos {
		if len(g.Loops) > 0 {
			continue
		}
		guarded, failing := false, false
		switch {
		case !dominates(g0, g.Stmt):
			if !withErr || !s.errGuarded(f, g.Stmt) {
				continue
			}
			guarded = true
		case withErr && !s.nilErrors(f):
			// It can fail after starting: the caller cannot tell, and
			// the goroutine of a value returned as nil with an error
			// is the constructor's own to stop (see Failing).
			failing = true
		}
		var body *chanflow.Func
		rv := v
		switch {
		case g.Lit != nil:
			body = g.Lit
		case g.Callee != nil:
			sel, ok := ast.Unparen(g.Stmt.Call.Fun).(*ast.SelectorExpr)
			if !ok || !isIdentOf(info, sel.X, v) {
				continue
			}
			body = s.flow.DeclOf(g.Callee)
			if body == nil || body.Obj == nil || body.Obj.Signature().Recv() == nil || NamedOf(body.Obj.Signature().Recv().Type()) != named {
				continue
			}
			rv = body.Obj.Signature().Recv()
		}
		if body == nil || rv == nil {
			continue
		}
		s.ctxStop = s.ctxCancels(f, v, named)
		if g.Lit == nil {
			s.ctxStop = s.fieldCtxOnly(s.ctxStop)
		}
		c := s.waits(body, rv, named)
		s.ctxStop = nil
		if c != nil && failing {
			c.f, c.failing, c.goStmt, c.v = f, true, g.Stmt, v
			return c
		}
		if c != nil {
			c.f = f
			c.ctor = true
			c.errGuard = guarded || withErr
			return c
		}
	}
	return nil
}

// returnedNew returns the local variable that every return of f (a
// declared function) returns, when it is defined once as a new value
// of named and its other uses outside the goroutines f starts select
// fields, are returned, or start a goroutine (go v.m()); nil otherwise.
func (s *summarizer) returnedNew(f *chanflow.Func, named *types.Named, results int) *types.Var {
	info := s.pass.TypesInfo
	var v *types.Var
	ok := true
	ast.Inspect(f.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != results {
				ok = false
				return false
			}
			if results == 2 && isNilIdent(info, n.Results[0]) {
				return true // nil, err
			}
			id, isID := ast.Unparen(n.Results[0]).(*ast.Ident)
			if !isID {
				ok = false
				return false
			}
			u, isVar := info.Uses[id].(*types.Var)
			if !isVar || v != nil && u != v {
				ok = false
				return false
			}
			v = u
		}
		return ok
	})
	if !ok || v == nil || v.Pos() < f.Body.Pos() || v.Pos() >= f.Body.End() {
		return nil
	}
	defs := 0
	var stack []ast.Node
	ast.Inspect(f.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		if !ok {
			return true
		}
		id, isID := n.(*ast.Ident)
		if !isID {
			return true
		}
		if info.Defs[id] == v {
			defs++
			as, isAssign := stack[len(stack)-2].(*ast.AssignStmt)
			if !isAssign || len(as.Lhs) != 1 || len(as.Rhs) != 1 || !IsNew(info, as.Rhs[0], named) {
				ok = false
			}
			return true
		}
		if info.Uses[id] != v {
			return true
		}
		k := len(stack) - 2
		for k > 0 {
			if _, paren := stack[k].(*ast.ParenExpr); !paren {
				break
			}
			k--
		}
		switch p := stack[k].(type) {
		case *ast.ReturnStmt:
			return true
		case *ast.SelectorExpr:
			sel := info.Selections[p]
			if sel == nil || ast.Unparen(p.X) != ast.Expr(id) {
				break
			}
			if sel.Kind() == types.FieldVal {
				if u, isU := stack[k-1].(*ast.UnaryExpr); isU && u.Op == token.AND {
					break // &v.f
				}
				return true
			}
			if sel.Kind() == types.MethodVal && k >= 2 {
				if call, isCall := stack[k-1].(*ast.CallExpr); isCall && call.Fun == ast.Expr(p) {
					if _, isGo := stack[k-2].(*ast.GoStmt); isGo {
						return true // go v.loop()
					}
				}
			}
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if ast.Unparen(l) == ast.Expr(id) {
					ok = false // assigned again
					return true
				}
			}
		}
		if inGoLit(stack) {
			return true // used by the goroutine it starts
		}
		ok = false
		return true
	})
	if !ok || defs != 1 {
		return nil
	}
	return v
}

// inGoLit reports whether the top of stack is inside a function
// literal started by a go statement.
func inGoLit(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 2; i-- {
		if lit, ok := stack[i].(*ast.FuncLit); ok {
			if call, ok := stack[i-1].(*ast.CallExpr); ok && call.Fun == ast.Expr(lit) {
				_, isGo := stack[i-2].(*ast.GoStmt)
				return isGo
			}
			return false
		}
	}
	return false
}

// nilErrors reports whether every return of f (outside function
// literals) returns the nil identifier as its last result.
func (s *summarizer) nilErrors(f *chanflow.Func) bool {
	ok := true
	ast.Inspect(f.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 0 || !isNilIdent(s.pass.TypesInfo, n.Results[len(n.Results)-1]) {
				ok = false
			}
		}
		return ok
	})
	return ok
}
