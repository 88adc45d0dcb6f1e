package fieldleak

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/analysis"
)

// waitBeforeAll reports the Wait of a local WaitGroup in the body of
// the loop that starts the counted goroutines, when the whole count was
// added before the loop:
//
//	wg.Add(len(items))
//	for _, it := range items {
//		go func() { defer wg.Done(); ... }()
//		wg.Wait() // waits for len(items) Done calls; one goroutine exists
//	}
//
// The first Wait needs as many Done calls as the Add counted, and only
// the goroutines started so far (one) can make them: with two or more
// counted it never returns. The shape, strictly: the go statement is a
// statement of the body of its only enclosing loop, and calls a
// literal whose leading defers include wg.Done(); the Wait follows it
// in that body; the WaitGroup is a local variable of the function, and
// its only other use is one Add, a statement of the block that holds
// the loop, before it, of a constant of at least 2 or of len(x) where
// the loop ranges over x (or counts to len(x)).
func (ck *checker) waitBeforeAll(g *chanflow.Go) {
	if g.Lit == nil || len(g.Loops) != 1 {
		return
	}
	info := ck.pass.TypesInfo
	loop := g.Loops[0]
	var body *ast.BlockStmt
	var over ast.Expr // the collection ranged over, or the bound of i < len(x)
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
		if b, ok := l.Cond.(*ast.BinaryExpr); ok {
			over = b.Y
		}
	case *ast.RangeStmt:
		body, over = l.Body, l.X
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
	// The literal's deferred Done names the WaitGroup.
	var wgExpr ast.Expr
	for _, s := range g.Lit.Body.List {
		d, ok := s.(*ast.DeferStmt)
		if !ok {
			break
		}
		if x, ok := wgCall(d.Call, "Done"); ok && wgExpr == nil {
			wgExpr = x
		}
	}
	id, ok := ast.Unparen(wgExpr).(*ast.Ident)
	if !ok {
		return
	}
	v, _ := info.Uses[id].(*types.Var)
	if v == nil || !isWaitGroup(v.Type()) || v.Pos() < g.Func.Body.Pos() || v.Pos() >= g.Func.Body.End() {
		return // not a local of the function
	}
	var wait *ast.CallExpr
	for _, s := range body.List[at+1:] {
		if es, ok := s.(*ast.ExprStmt); ok && wait == nil {
			if call, ok := es.X.(*ast.CallExpr); ok {
				if x, ok := wgCall(call, "Wait"); ok && sameWG(info, x, wgExpr) {
					wait = call
				}
			}
		}
	}
	if wait == nil {
		return
	}
	// Every use of the variable: the Add before the loop, the Done, the
	// Wait. Anything else (another Add, the address passed on) is out
	// of this rule.
	var add *ast.CallExpr
	uses := 0
	other := false
	ast.Inspect(g.Func.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if x, ok := wgCall(n, "Add"); ok && sameWG(info, x, wgExpr) {
				if add != nil {
					other = true
				}
				add = n
			}
		case *ast.Ident:
			if info.Uses[n] == v {
				uses++
			}
		}
		return true
	})
	if other || add == nil || uses != 3 || add.Pos() >= loop.Pos() || len(add.Args) != 1 || !ck.sameBlockBefore(g.Func.Body, add, loop) {
		return
	}
	counted := ""
	if n, ok := chanflow.ConstInt(info, add.Args[0]); ok {
		if n < 2 {
			return
		}
		counted = fmt.Sprintf("%d goroutines", n)
	} else if call, ok := ast.Unparen(add.Args[0]).(*ast.CallExpr); ok && len(call.Args) == 1 && over != nil && isBuiltin(info, call.Fun, "len") &&
		(types.ExprString(call.Args[0]) == types.ExprString(over) || types.ExprString(call) == types.ExprString(over)) {
		counted = "one goroutine per element of " + types.ExprString(call.Args[0])
	} else {
		return
	}
	name := types.ExprString(wgExpr)
	ck.report(analysis.Diagnostic{
		Pos:      wait.Pos(),
		End:      wait.End(),
		Category: CategoryWaitInLoop,
		Message: fmt.Sprintf("%s.Wait in the loop waits for the %s counted before it, but by the first Wait only one has been started (possible goroutine leak): with two or more it never returns; call %s.Add(1) before each go statement, or wait after the loop",
			name, counted, name),
		Related: []analysis.RelatedInformation{
			{Pos: add.Pos(), End: add.End(), Message: "the whole count is added here, before the loop"},
			{Pos: g.Stmt.Pos(), End: g.Stmt.End(), Message: "one goroutine is started per iteration here"},
		},
	})
}

// sameBlockBefore reports whether call is a statement of the block of
// body that holds loop, before it.
func (ck *checker) sameBlockBefore(body *ast.BlockStmt, call *ast.CallExpr, loop ast.Stmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		b, ok := n.(*ast.BlockStmt)
		if !ok || found {
			return !found
		}
		callAt, loopAt := -1, -1
		for i, s := range b.List {
			if es, ok := s.(*ast.ExprStmt); ok && es.X == call {
				callAt = i
			}
			if s == loop {
				loopAt = i
			}
			if l, ok := s.(*ast.LabeledStmt); ok && l.Stmt == loop {
				loopAt = i
			}
		}
		found = callAt >= 0 && loopAt > callAt
		return !found
	})
	return found
}

// isBuiltin reports whether fun denotes the builtin name.
func isBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}
