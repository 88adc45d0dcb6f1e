package sendleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/wgflow"
)

// A select that sends on c and waits for the Done of a context has a
// way out only if something cancels that context. The context of an
// errgroup (errgroup.WithContext) is cancelled when a function passed
// to Go returns an error, when Wait returns (after every function has
// returned), or when its parent is cancelled; a context derived from
// context.Background() or context.TODO() by values alone is never
// cancelled. A receiver F that made the group and stops receiving
// early, while no worker has failed, leaves the workers blocked on
// their send: nothing will ever close the Done they wait for.
//
//	g, ctx := errgroup.WithContext(parent)
//	for _, u := range urls {
//		g.Go(func() error {
//			select {
//			case results <- fetch(ctx, u): // blocks for ever after F returns
//			case <-ctx.Done():             // fires only if a worker fails
//				return ctx.Err()
//			}
//			return nil
//		})
//	}
//	for r := range results {
//		if r.bad { return errBad }        // nobody cancels ctx
//	}
//
// The parent may be a parameter of F: the caller's context outlives
// the call, and F's workers outlive F. It is live (the select has a
// way out) when F cancels the parent or any context of the chain
// (with or without defer: the cancel function is used at all), when
// the chain has a deadline (context.WithTimeout, WithDeadline), or when
// it starts anywhere but a parameter of F, context.Background() or
// context.TODO(). Outside an errgroup, only a chain from Background or
// TODO is dead: the caller is free to cancel a parameter.

// deadWayOut returns the context whose Done is the only other case
// (besides the send) of the select of op, a send in a goroutine
// literal started by F, when nothing cancels that context while F's
// goroutines wait: "ctx". It returns "" when the select has a way out.
func (ch *checker) deadWayOut(op *chanflow.Op, F *chanflow.Func) string {
	if op.Kind != chanflow.SelectSend || op.Select == nil || op.Func == nil {
		return ""
	}
	info := ch.pass.TypesInfo
	dead := ""
	for _, cc := range op.Select.Body.List {
		cc := cc.(*ast.CommClause)
		if cc == op.Clause {
			continue
		}
		x := ctxDoneOf(info, commChan(cc))
		if x == nil {
			return "" // a default, a timer, another channel
		}
		v, ok := info.Uses[x].(*types.Var)
		if !ok || !ch.deadCtx(F, v, false, 0) {
			return ""
		}
		dead = x.Name
	}
	if dead == "" || ch.mayFailAfter(op, dead) {
		return ""
	}
	return dead
}

// ctxDoneOf returns the identifier x of "x.Done()", with x a context.
func ctxDoneOf(info *types.Info, e ast.Expr) *ast.Ident {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Done" {
		return nil
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok || !isContext(info.TypeOf(id)) {
		return nil
	}
	return id
}

// mayFailAfter reports whether the goroutine of op can return a
// non-nil error after the send (any return but "return nil", and
// those in a case on name.Done()): in an errgroup that cancels the
// group's context, which may be what makes F stop receiving.
func (ch *checker) mayFailAfter(op *chanflow.Op, name string) bool {
	lit, ok := op.Func.Node.(*ast.FuncLit)
	if !ok {
		return true
	}
	if lit.Type.Results == nil || len(lit.Type.Results.List) == 0 {
		return false // sync.WaitGroup.Go, a go statement
	}
	inLoop := len(op.Loops) > 0
	info := ch.pass.TypesInfo
	fails := false
	var inDone []*ast.CommClause
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if x := ctxDoneOf(info, commChan(n)); x != nil && x.Name == name {
				inDone = append(inDone, n)
			}
		case *ast.ReturnStmt:
			if !inLoop && n.Pos() < op.Node.Pos() {
				return true // before the send
			}
			for _, cc := range inDone {
				if cc.Pos() <= n.Pos() && n.End() <= cc.End() {
					return true // after the context was cancelled
				}
			}
			if len(n.Results) == 1 {
				if id, ok := ast.Unparen(n.Results[0]).(*ast.Ident); ok {
					if _, isNil := info.Uses[id].(*types.Nil); isNil {
						return true
					}
				}
			}
			fails = true
		}
		return !fails
	})
	return fails
}

// deadCtx reports whether the context variable v, as seen by F, is
// never cancelled while F's goroutines wait (see above). group tells
// whether the chain from the select's context to v went through
// errgroup.WithContext.
func (ch *checker) deadCtx(F *chanflow.Func, v *types.Var, group bool, depth int) bool {
	if depth > 8 {
		return false
	}
	body := F.Body
	param := isParamOf(ch.pass.TypesInfo, F.Node, v)
	if !param && (v.Pos() < body.Pos() || v.Pos() >= body.End()) {
		return false // declared outside F
	}
	def, idx, n := ch.definition(body, v)
	switch {
	case param && n == 0:
		return group // the caller's context
	case n != 1 || def == nil:
		return false // reassigned, or defined from several values
	}
	if param {
		// "g, ctx := errgroup.WithContext(ctx)" assigns the parameter:
		// the ctx on the right is the caller's.
		if call, ok := ast.Unparen(def).(*ast.CallExpr); ok && len(call.Args) > 0 {
			if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); ok && ch.pass.TypesInfo.Uses[id] == v {
				fn := calledFunc(ch.pass.TypesInfo, call)
				if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "golang.org/x/sync/errgroup" && fn.Name() == "WithContext" && idx == 1 {
					return true
				}
				if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" && fn.Name() == "WithValue" && idx == 0 {
					return group
				}
				return false
			}
		}
	}
	call, ok := ast.Unparen(def).(*ast.CallExpr)
	if !ok {
		if id, ok := ast.Unparen(def).(*ast.Ident); ok {
			if u, ok := ch.pass.TypesInfo.Uses[id].(*types.Var); ok {
				return ch.deadCtx(F, u, group, depth+1)
			}
		}
		return false
	}
	fn := calledFunc(ch.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch path := fn.Pkg().Path(); {
	case path == "golang.org/x/sync/errgroup" && fn.Name() == "WithContext" && idx == 1 && len(call.Args) == 1:
		return ch.deadExpr(F, call.Args[0], true, depth+1)
	case path != "context":
		return false
	}
	switch fn.Name() {
	case "Background", "TODO", "WithoutCancel":
		return idx == 0
	case "WithValue":
		return idx == 0 && len(call.Args) == 3 && ch.deadExpr(F, call.Args[0], group, depth+1)
	}
	return false // WithCancel and the like: F holds a cancel function
}

// deadExpr is deadCtx for an expression.
func (ch *checker) deadExpr(F *chanflow.Func, e ast.Expr, group bool, depth int) bool {
	info := ch.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		return ok && ch.deadCtx(F, v, group, depth)
	case *ast.CallExpr:
		fn := calledFunc(info, e)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "context" {
			return false
		}
		switch fn.Name() {
		case "Background", "TODO", "WithoutCancel":
			return true
		case "WithValue":
			return len(e.Args) == 3 && ch.deadExpr(F, e.Args[0], group, depth+1)
		}
	}
	return false
}

// definition returns the value assigned to v where it is defined in
// body, its index among the results of a multi-value call (0 for a
// single value), and the number of assignments to v in body.
func (ch *checker) definition(body *ast.BlockStmt, v *types.Var) (def ast.Expr, idx, n int) {
	info := ch.pass.TypesInfo
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			for i, l := range x.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok || objOf(info, id) != v {
					continue
				}
				n++
				switch {
				case len(x.Lhs) == len(x.Rhs):
					def, idx = x.Rhs[i], 0
				case len(x.Rhs) == 1:
					def, idx = x.Rhs[0], i
				}
			}
		case *ast.ValueSpec:
			for i, id := range x.Names {
				if info.Defs[id] != v {
					continue
				}
				n++
				switch {
				case len(x.Values) == len(x.Names):
					def, idx = x.Values[i], 0
				case len(x.Values) == 1:
					def, idx = x.Values[0], i
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && x.Op == token.AND && info.Uses[id] == v {
				n += 2 // address taken
			}
		}
		return true
	})
	return def, idx, n
}

// isParamOf reports whether v is a parameter of the function fn (a
// declaration or a literal).
func isParamOf(info *types.Info, fn ast.Node, v *types.Var) bool {
	var ft *ast.FuncType
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		ft = fn.Type
	case *ast.FuncLit:
		ft = fn.Type
	}
	if ft == nil || ft.Params == nil {
		return false
	}
	for _, f := range ft.Params.List {
		for _, id := range f.Names {
			if info.Defs[id] == v {
				return true
			}
		}
	}
	return false
}

// calledFunc returns the function or method a call statically calls.
func calledFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	}
	if id == nil {
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

// deadHint explains, for messages, why the select of a sender is no
// way out.
func deadHint(ss []*sender, fname string) string {
	for _, s := range ss {
		if s.deadCtx != "" {
			return "; its select on " + s.deadCtx + ".Done() is no way out: nothing cancels " + s.deadCtx +
				" when " + fname + " returns (derive it from a context that " + fname + " cancels with defer)"
		}
	}
	return ""
}

// waiterHint names, for messages, the goroutine of F that waits for
// the blocked workers of a group (go func() { g.Wait(); close(c) }()):
// it blocks with them.
func (ch *checker) waiterHint(F *chanflow.Func, ss []*sender) string {
	if ch.wgs == nil {
		return ""
	}
	for _, s := range ss {
		call := ch.groupCall[s.g]
		if call == nil {
			continue
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		key := types.ExprString(wgflow.Strip(sel.X))
		for _, w := range ch.wgs.Calls {
			if w.Kind != wgflow.Wait || w.Key != key || w.Defer != nil || w.Func == nil || w.Func.Go == nil || w.Func.Go.Func != F {
				continue
			}
			return "; the goroutine waiting in " + key + ".Wait() blocks with them"
		}
	}
	return ""
}
