package sendleak

import (
	"go/ast"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// maxPanicDepth bounds the calls followed to find a panic (see
// canPanic).
const maxPanicDepth = 3

// afterPanic reports whether the operation n of the goroutine literal
// f (a send, or a call of a helper that sends) may never run because
// the goroutine expects to end in a panic before it: f defers, at the
// top level of its body, a function literal that calls recover and
// discards its result (defer func() { recover() }()), and every path
// from the entry of f to n passes, after that defer, a call of a
// function of the package that can panic (see canPanic). The goroutine
// may then leave through the recovered panic instead of reaching n,
// and the check cannot say that it blocks there. A recover whose value
// is used (logged, re-panicked, reported) guards against the
// unexpected: it says nothing of where the goroutine ends.
func (ch *checker) afterPanic(f *chanflow.Func, n ast.Node) bool {
	lit, ok := f.Node.(*ast.FuncLit)
	if !ok {
		return false
	}
	d := discardedRecover(ch.pass.TypesInfo, lit.Body, f.Defers)
	if d == nil {
		return false // the common case: no cost beyond this
	}
	g := ch.funcCFG(f)
	if g == nil || len(g.Blocks) == 0 {
		return false
	}
	// The node of the CFG that holds n: the smallest that contains it.
	target, at := (*cfg.Block)(nil), -1
	for _, b := range g.Blocks {
		for i, x := range b.Nodes {
			if x.Pos() <= n.Pos() && n.End() <= x.End() && (target == nil || x.End()-x.Pos() < target.Nodes[at].End()-target.Nodes[at].Pos()) {
				target, at = b, i
			}
		}
	}
	if target == nil {
		return false
	}
	// panics returns the index of the first node of b, before limit,
	// that calls a function that can panic after the defer, or -1.
	panics := func(b *cfg.Block, limit int) int {
		for i, x := range b.Nodes {
			if i >= limit {
				break
			}
			if x.Pos() > d.End() && ch.callsPanicker(x) {
				return i
			}
		}
		return -1
	}
	// A path from the entry that reaches n without such a call?
	seen := make(map[*cfg.Block]bool)
	work := []*cfg.Block{g.Blocks[0]}
	seen[g.Blocks[0]] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if b == target {
			if panics(b, at) < 0 {
				return false
			}
			continue
		}
		if panics(b, len(b.Nodes)) >= 0 {
			continue // every path through b has called it
		}
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return true
}

// discardedRecover returns the defer statement at the top level of body
// (one of defers) whose function literal calls recover only to discard
// its result: recover() as a statement, or _ = recover(). Any other use
// of recover's value in it makes it nil.
//
//	defer func() { recover() }()
func discardedRecover(info *types.Info, body *ast.BlockStmt, defers []*ast.DeferStmt) *ast.DeferStmt {
	for _, d := range defers {
		top := false
		for _, s := range body.List {
			if s == d {
				top = true
			}
		}
		if !top {
			continue
		}
		lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
		if !ok || len(d.Call.Args) != 0 {
			continue
		}
		discarded, used := 0, 0
		var stack []ast.Node
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			if _, ok := n.(*ast.FuncLit); ok {
				stack = stack[:len(stack)-1]
				return false // not called by the deferred function itself
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || !isBuiltin(info, call.Fun, "recover") {
				return true
			}
			switch p := stack[len(stack)-2].(type) {
			case *ast.ExprStmt:
				discarded++
				return true
			case *ast.AssignStmt:
				if len(p.Lhs) == 1 && len(p.Rhs) == 1 {
					if id, ok := p.Lhs[0].(*ast.Ident); ok && id.Name == "_" {
						discarded++
						return true
					}
				}
			}
			used++
			return true
		})
		if discarded > 0 && used == 0 {
			return d
		}
	}
	return nil
}

// isBuiltin reports whether fun names the built-in function name.
func isBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// callsPanicker reports whether the CFG node x calls (outside function
// literals, go and defer statements) a function of the package that can
// panic.
func (ch *checker) callsPanicker(x ast.Node) bool {
	switch x.(type) {
	case *ast.GoStmt, *ast.DeferStmt:
		return false // runs elsewhere, or later
	}
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if fn := typeutil.StaticCallee(ch.pass.TypesInfo, n); fn != nil && ch.canPanic(fn, 0, nil) {
				found = true
			}
		}
		return !found
	})
	return found
}

// canPanic reports whether the function fn of the package calls panic
// in its body (outside function literals), or calls a function of the
// package that does, up to maxPanicDepth calls away.
func (ch *checker) canPanic(fn *types.Func, depth int, busy map[*types.Func]bool) bool {
	fn = fn.Origin()
	if fn.Pkg() != ch.pass.Pkg {
		return false
	}
	if depth == 0 {
		if p, ok := ch.panics[fn]; ok {
			return p
		}
		busy = make(map[*types.Func]bool)
	}
	decl := ch.declOf(fn)
	if decl == nil || busy[fn] {
		return false
	}
	busy[fn] = true
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if isBuiltin(ch.pass.TypesInfo, n.Fun, "panic") {
				found = true
			} else if depth < maxPanicDepth {
				if c := typeutil.StaticCallee(ch.pass.TypesInfo, n); c != nil && ch.canPanic(c, depth+1, busy) {
					found = true
				}
			}
		}
		return !found
	})
	if depth == 0 {
		if ch.panics == nil {
			ch.panics = make(map[*types.Func]bool)
		}
		ch.panics[fn] = found
	}
	return found
}
