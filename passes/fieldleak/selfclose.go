package fieldleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/fieldflow"
	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// CategorySelfClose is the category of a receive from a channel whose
// only close is deferred by the function that waits on it.
const CategorySelfClose = "selfclose"

// selfClose reports a receive from, or a range over, the local channel
// c in its own function F, when c's only close is F's own deferred
// close(c) and nothing sends on it: the deferred close runs when F
// returns, F cannot return while it waits, and no other code can wake
// it. The receive blocks forever.
//
// In view: c is made once in F (not a parameter); every close of c is
// "defer close(c)" directly in F; nothing sends on c (in F or in any
// literal); c is not stored, aliased or converted (Escape); c is
// passed to calls only as a receive-only channel (<-chan T), through
// which no code can send or close; a return of c hands it over only
// once F has returned. The receive is directly in F's body (not in a
// literal, which may run elsewhere), outside select: a select with
// another case has another way on.
func (ck *checker) selfClose(c *chanflow.Chan) {
	if c.Param || c.Make == nil || c.Assigns != 1 || c.Decl == nil {
		return
	}
	f := c.Decl
	var closes, waits []*chanflow.Op
	for _, op := range c.Ops {
		switch op.Kind {
		case chanflow.Close:
			if op.Func != f || !deferred(f, op.Node) {
				return // closed elsewhere, or on a path of its own
			}
			closes = append(closes, op)
		case chanflow.Recv, chanflow.Range:
			if op.Func == f {
				waits = append(waits, op)
			}
		case chanflow.SelectRecv, chanflow.Other:
		case chanflow.Return:
			if op.Func != f {
				return // a literal hands it out while F runs
			}
		case chanflow.Arg:
			if !ck.recvOnlyArg(op) {
				return // a callee that may send on it or close it
			}
		default:
			return // a send, or an escape: another goroutine may wake it
		}
	}
	if len(closes) == 0 {
		return // never closed: not this rule's (rangeleak, unshared)
	}
	// Another variable of F that can only hold c (or nil): its waits
	// are c's.
	for _, v := range ck.flow.Chans {
		if v == c || v.Decl != f || v.Param || !ck.onlyHolds(v, c, 0) {
			continue
		}
		for _, op := range v.Ops {
			switch op.Kind {
			case chanflow.Recv, chanflow.Range:
				if op.Func == f {
					waits = append(waits, op)
				}
			case chanflow.SelectRecv, chanflow.Other:
			case chanflow.Arg:
				if !ck.recvOnlyArg(op) {
					return
				}
			default:
				return // sent on, closed, or let out: c with it
			}
		}
	}
	for _, w := range waits {
		name := w.Chan.Name()
		what := "receive from " + name
		if w.Kind == chanflow.Range {
			what = "range over " + name
		}
		alias := ""
		if w.Chan != c {
			alias = fmt.Sprintf("%s can only hold %s (or nil), and ", name, c.Name())
		}
		who := f.Name()
		if f.Go != nil {
			who = "the goroutine"
		}
		ck.report(analysis.Diagnostic{
			Pos:      w.Node.Pos(),
			End:      w.Node.End(),
			Category: CategorySelfClose,
			Message: fmt.Sprintf("%s blocks forever: %sits only close is deferred by %s, which cannot return while it waits, and nothing sends on %s (possible goroutine leak); close %s where the wait should end, or wait on another channel",
				what, alias, who, c.Name(), c.Name()),
			Related: []analysis.RelatedInformation{{Pos: closes[0].Node.Pos(), End: closes[0].Node.End(), Message: fmt.Sprintf("%s is closed only here, when %s returns", c.Name(), who)}},
		})
	}
}

// deferred reports whether call is the call of a defer statement
// directly in f.
func deferred(f *chanflow.Func, call ast.Node) bool {
	for _, d := range f.Defers {
		if d.Call == call {
			return true
		}
	}
	return false
}

// recvOnlyArg reports whether the channel of op (an Arg) is passed to a
// parameter of receive-only channel type: the callee can only receive.
func (ck *checker) recvOnlyArg(op *chanflow.Op) bool {
	call, ok := op.Node.(*ast.CallExpr)
	if !ok {
		return false
	}
	ft := ck.pass.TypesInfo.TypeOf(call.Fun)
	if ft == nil {
		return false // a builtin
	}
	sig, ok := ft.Underlying().(*types.Signature)
	if !ok || call.Ellipsis.IsValid() {
		return false
	}
	params := sig.Params()
	var t types.Type
	switch {
	case op.Arg < params.Len()-1 || op.Arg == params.Len()-1 && !sig.Variadic():
		t = params.At(op.Arg).Type()
	case sig.Variadic() && params.Len() > 0 && op.Arg >= params.Len()-1:
		s, ok := params.At(params.Len() - 1).Type().Underlying().(*types.Slice)
		if !ok {
			return false
		}
		t = s.Elem()
	default:
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	return ok && ch.Dir() == types.RecvOnly
}

// maxHops bounds the calls onlyHolds follows back from a parameter.
const maxHops = 3

// onlyHolds reports whether the local channel variable v can hold no
// other channel than c (or nil): every assignment to it, in its
// function and its literals, assigns c, nil, or a variable that only
// holds c. A parameter of a function literal holds what the literal is
// called with: the literal must be passed to one static call of a
// function W of the package, whose parameter receiving it W only
// calls, passing in that place W's own parameter (never assigned in
// W), which the call of W binds to an expression that only holds c.
// The literal runs only within that call of W.
func (ck *checker) onlyHolds(v *chanflow.Chan, c *chanflow.Chan, hops int) bool {
	if v.Decl == nil || v.Decl.Body == nil {
		return false
	}
	info := ck.pass.TypesInfo
	ok, seen := true, false
	ast.Inspect(v.Decl.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, isID := ast.Unparen(l).(*ast.Ident)
				if !isID || info.ObjectOf(id) != v.Var {
					continue
				}
				seen = true
				if len(n.Lhs) != len(n.Rhs) || n.Tok != token.ASSIGN && n.Tok != token.DEFINE || !ck.exprHolds(v.Decl, n.Rhs[i], c, hops) {
					ok = false
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.Defs[id] != v.Var {
					continue
				}
				seen = true
				if len(n.Values) != 0 && (len(n.Values) != len(n.Names) || !ck.exprHolds(v.Decl, n.Values[i], c, hops)) {
					ok = false
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, isID := e.(*ast.Ident); isID && info.ObjectOf(id) == v.Var {
					ok = false
				}
			}
		}
		return ok
	})
	return ok && seen
}

// exprHolds reports whether e, in the function fn, can only be the
// channel c or nil (see onlyHolds).
func (ck *checker) exprHolds(fn *chanflow.Func, e ast.Expr, c *chanflow.Chan, hops int) bool {
	info := ck.pass.TypesInfo
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	switch obj := info.ObjectOf(id).(type) {
	case *types.Nil:
		return true
	case *types.Var:
		if obj == c.Var {
			return true
		}
		if hops >= maxHops {
			return false
		}
		if v := ck.flow.ChanOf(obj); v != nil && !v.Param {
			return ck.onlyHolds(v, c, hops+1)
		}
		return ck.paramHolds(fn, obj, c, hops+1)
	}
	return false
}

// paramHolds reports whether p, a parameter of a function literal
// enclosed by fn, can only be c or nil (see onlyHolds).
func (ck *checker) paramHolds(fn *chanflow.Func, p *types.Var, c *chanflow.Chan, hops int) bool {
	info := ck.pass.TypesInfo
	lit, k := ck.litOfParam(fn, p)
	if lit == nil {
		return false
	}
	// The one use of the literal: an argument of a static call.
	var call *ast.CallExpr
	argIdx, uses := -1, 0
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if ce, ok := n.(*ast.CallExpr); ok {
			for i, a := range ce.Args {
				if ast.Unparen(a) == lit {
					call, argIdx = ce, i
					uses++
				}
			}
		}
		return true
	})
	if uses != 1 || call.Ellipsis.IsValid() {
		return false // called in place, stored, or passed twice
	}
	callee := typeutil.StaticCallee(info, call)
	if callee == nil {
		return false
	}
	w := ck.flow.DeclOf(callee)
	if w == nil || w.Body == nil || callee.Signature().Variadic() {
		return false
	}
	params := callee.Signature().Params()
	if argIdx >= params.Len() {
		return false
	}
	wp := params.At(argIdx)
	// In W, the parameter is only called, and each call passes at
	// position k a parameter of W that W never assigns.
	ok := true
	ast.Inspect(w.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if id, isID := ast.Unparen(n.Fun).(*ast.Ident); isID && info.Uses[id] == wp {
				if k >= len(n.Args) {
					ok = false
					return false
				}
				aid, isID := ast.Unparen(n.Args[k]).(*ast.Ident)
				j := -1
				if isID {
					j = paramIndex(params, info.Uses[aid])
				}
				if j < 0 || assigned(info, w.Body, params.At(j)) || !ck.exprHolds(fn, call.Args[j], c, hops) {
					ok = false
					return false
				}
				for _, a := range n.Args {
					ast.Inspect(a, func(m ast.Node) bool { return visitUse(m, info, wp, &ok) })
				}
				return false
			}
		case *ast.Ident:
			if info.Uses[n] == wp {
				ok = false // used otherwise than called
			}
		}
		return ok
	})
	return ok
}

// visitUse clears ok when m uses v.
func visitUse(m ast.Node, info *types.Info, v *types.Var, ok *bool) bool {
	if id, isID := m.(*ast.Ident); isID && info.Uses[id] == v {
		*ok = false
	}
	return *ok
}

// litOfParam returns the function literal enclosed by fn that declares
// the parameter p, and p's index.
func (ck *checker) litOfParam(fn *chanflow.Func, p *types.Var) (*ast.FuncLit, int) {
	for _, f := range ck.flow.Funcs {
		lit, ok := f.Node.(*ast.FuncLit)
		if !ok || f == fn || !fn.Encloses(f) || lit.Type.Params == nil {
			continue
		}
		k := 0
		for _, field := range lit.Type.Params.List {
			if len(field.Names) == 0 {
				k++
				continue
			}
			for _, name := range field.Names {
				if ck.pass.TypesInfo.Defs[name] == p {
					return lit, k
				}
				k++
			}
		}
	}
	return nil, -1
}

// paramIndex returns the index of obj among params, or -1.
func paramIndex(params *types.Tuple, obj types.Object) int {
	for i := range params.Len() {
		if params.At(i) == obj {
			return i
		}
	}
	return -1
}

// assigned reports whether v is assigned, or has its address taken,
// in body.
func assigned(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
					found = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// selfCloseField applies selfClose to the channel field f in the closed
// world: nothing in the package sends on it, and its every close is
// "defer close(x.f)" at the top level of one function F. A receive
// from x.f (the same x, never assigned in F) that is a statement at
// the top level of F's body, with no return, goto or call that may end
// the goroutine before it, blocks forever: every run of F on x waits
// there before it can return and close x.f, and no other code can.
func (ck *checker) selfCloseField(f *fieldflow.Field) {
	if f.Kind != fieldflow.Chan || !f.Closed() || len(f.OpsOf(fieldflow.Send, fieldflow.SelectSend)) > 0 {
		return
	}
	closes := f.OpsOf(fieldflow.Close)
	if len(closes) == 0 {
		return
	}
	info := ck.pass.TypesInfo
	fn := closes[0].Func
	var body *ast.BlockStmt
	switch n := fn.(type) {
	case *ast.FuncDecl:
		body = n.Body
	case *ast.FuncLit:
		body = n.Body
	}
	if body == nil || lazycfg.HasGoto(body, true) {
		return
	}
	var base types.Object
	for _, cl := range closes {
		if cl.Func != fn || !topDefer(body, cl.Node) {
			return // closed elsewhere, or not by a deferred call
		}
		obj := baseOf(info, cl.Expr)
		if obj == nil || base != nil && obj != base {
			return
		}
		base = obj
	}
	if v, ok := base.(*types.Var); !ok || assigned(info, body, v) {
		return // another object may be closed than waited on
	}
	for _, op := range f.OpsOf(fieldflow.Recv, fieldflow.Range) {
		if op.Func != fn || baseOf(info, op.Expr) != base {
			continue
		}
		for _, s := range body.List {
			if !waitStmt(s, op.Node) {
				if hasReturn(info, s) {
					break // F may return before it waits
				}
				continue
			}
			what := "receive from " + expr(op.Expr)
			if op.Kind == fieldflow.Range {
				what = "range over " + expr(op.Expr)
			}
			who := ck.funcName(fn)
			if who == "" {
				who = "the function literal"
			}
			ck.report(analysis.Diagnostic{
				Pos:      op.Node.Pos(),
				End:      op.Node.End(),
				Category: CategorySelfClose,
				Message: fmt.Sprintf("%s blocks forever: its only close is deferred by %s, which cannot return while it waits, and nothing in the package sends on %s (possible goroutine leak); close %s where the wait should end, or wait on another channel",
					what, who, expr(op.Expr), expr(op.Expr)),
				Related: []analysis.RelatedInformation{
					{Pos: closes[0].Node.Pos(), End: closes[0].Node.End(), Message: fmt.Sprintf("%s is closed only here, when %s returns", expr(closes[0].Expr), who)},
					ck.declared(f),
				},
			})
			break
		}
	}
}

// topDefer reports whether call is the call of a defer statement at the
// top level of body.
func topDefer(body *ast.BlockStmt, call ast.Node) bool {
	for _, s := range body.List {
		if d, ok := s.(*ast.DeferStmt); ok && d.Call == call {
			return true
		}
	}
	return false
}

// waitStmt reports whether the statement s is the receive or range
// node: <-x.f, v := <-x.f, v = <-x.f, for range x.f.
func waitStmt(s ast.Stmt, node ast.Node) bool {
	switch s := s.(type) {
	case *ast.ExprStmt:
		return ast.Unparen(s.X) == node
	case *ast.AssignStmt:
		return len(s.Rhs) == 1 && ast.Unparen(s.Rhs[0]) == node
	case *ast.RangeStmt:
		return s == node
	}
	return false
}

// baseOf returns the variable x of a selector x.f, or nil.
func baseOf(info *types.Info, e ast.Expr) types.Object {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil
	}
	return info.Uses[id]
}
