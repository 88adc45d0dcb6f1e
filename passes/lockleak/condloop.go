package lockleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
)

// condLoops reports two misuses of c.Wait() on a sync.Cond, found in
// the concurrency-relevant files (a Wait call makes a file relevant):
//
//   - a Wait that no loop of its function encloses: it does not re-check
//     the condition it waits for. A wakeup only says that the condition
//     may have changed, and a Wait that starts after the Signal or
//     Broadcast it needed waits for one that never comes;
//   - a Wait in a loop whose condition reads only local variables of
//     basic types that nothing can change while the loop waits: none is
//     assigned in the loop, captured by a function literal or addressed.
//     Once entered, the loop never ends.
//
// A Wait in a function literal (the caller may loop around it), in a
// function with a goto (a loop the syntax does not show), or in a
// function of the package called inside a loop somewhere in the
// package (a helper that waits once, for its caller's loop) is not
// reported by the first rule.
func (ck *checker) condLoops() {
	sc := ck.pass.ResultOf[scope.Analyzer].(*scope.Result)
	if sc.Index == nil {
		return
	}
	info := ck.pass.TypesInfo
	var loopCalled map[types.Object]bool // functions called inside a loop, built lazily
	for c := range sc.Index.Root().Preorder((*ast.CallExpr)(nil)) {
		call := c.Node().(*ast.CallExpr)
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Wait" || condMethod(info, sel) != "Wait" {
			continue
		}
		if ck.ignoreTests && report.IsTestFile(ck.pass, call.Pos()) {
			continue
		}
		var loop, fn ast.Node
	up:
		for e := range c.Enclosing() {
			switch n := e.Node().(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				if loop == nil {
					loop = n
				}
			case *ast.FuncLit, *ast.FuncDecl:
				fn = n
				break up
			}
		}
		if fn == nil {
			continue
		}
		name := types.ExprString(sel.X)
		if loop == nil {
			decl, ok := fn.(*ast.FuncDecl)
			if !ok || lazycfg.HasGoto(fn, true) {
				continue // a function literal: its caller may loop around it
			}
			if loopCalled == nil {
				loopCalled = ck.calledInLoops()
			}
			if loopCalled[info.Defs[decl.Name]] {
				continue // a helper that waits once, for its caller's loop
			}
			if ck.guardedWait(c, sel.X, fn) {
				continue // no wakeup can come before the Wait: see condguard.go
			}
			ck.r.Report(analysis.Diagnostic{
				Pos:      call.Pos(),
				End:      call.End(),
				Category: catCond,
				Message: fmt.Sprintf("%s.Wait() is not in a loop re-checking its condition: a wakeup (Broadcast, Signal) does not mean the condition holds, and a Wait that starts after it blocks forever (possible goroutine leak): wait in a loop, for !condition { %s.Wait() }",
					name, name),
			})
			continue
		}
		fs, ok := loop.(*ast.ForStmt)
		if !ok || fs.Cond == nil || !within(call, fs.Body) {
			continue
		}
		if v := ck.fixedCond(fs, fn); v != nil {
			ck.r.Report(analysis.Diagnostic{
				Pos:      call.Pos(),
				End:      call.End(),
				Category: catCond,
				Message: fmt.Sprintf("%s.Wait() waits in a loop whose condition cannot change: %s is a local variable that nothing assigns in the loop and no other goroutine can reach, so once entered the loop never ends (goroutine leak): re-check state that the goroutine calling Signal or Broadcast changes",
					name, v.Name()),
				Related: []analysis.RelatedInformation{{Pos: fs.Cond.Pos(), End: fs.Cond.End(), Message: "the condition re-checked after each wakeup"}},
			})
		}
	}
}

func within(n, outer ast.Node) bool { return outer.Pos() <= n.Pos() && n.End() <= outer.End() }

// calledInLoops returns the functions and methods of the package whose
// body may run in a loop of the package: called inside a loop or a
// function literal, or used other than by a call (a method value, a
// function value), anywhere in the package.
func (ck *checker) calledInLoops() map[types.Object]bool {
	info := ck.pass.TypesInfo
	out := make(map[types.Object]bool)
	for _, f := range ck.pass.Files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			fn, ok := info.Uses[id].(*types.Func)
			if !ok || fn.Pkg() != ck.pass.Pkg {
				return true
			}
			// The call whose function id names, if any.
			var e ast.Node = id
			i := len(stack) - 2
			if i >= 0 {
				if sel, isSel := stack[i].(*ast.SelectorExpr); isSel && sel.Sel == id {
					e = sel
					i--
				}
			}
			for i >= 0 {
				if ix, isIx := stack[i].(*ast.IndexExpr); isIx && ix.X == e {
					e = ix
					i--
					continue
				}
				if ix, isIx := stack[i].(*ast.IndexListExpr); isIx && ix.X == e {
					e = ix
					i--
					continue
				}
				if p, isP := stack[i].(*ast.ParenExpr); isP {
					e = p
					i--
					continue
				}
				break
			}
			if i < 0 {
				return true
			}
			if call, isCall := stack[i].(*ast.CallExpr); !isCall || call.Fun != e {
				out[fn.Origin()] = true // a value
				return true
			}
			for j := i - 1; j >= 0; j-- {
				switch stack[j].(type) {
				case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit:
					out[fn.Origin()] = true
					return true
				case *ast.FuncDecl:
					return true
				}
			}
			return true
		})
	}
	return out
}

// fixedCond returns a variable of the loop's condition if the condition
// cannot change while the loop runs: it is made of local variables of
// basic types, constants and operators only, and no variable of it is
// assigned or incremented in the loop (its body and post statement),
// addressed, or used in a function literal anywhere in fn (the
// function that declares it: parameters and variables of enclosing
// functions do not count). The loop must not leave by break, return or
// goto, nor have labels: it can end only when its condition changes.
func (ck *checker) fixedCond(fs *ast.ForStmt, fn ast.Node) *types.Var {
	info := ck.pass.TypesInfo
	vars := make(map[*types.Var]bool)
	var first *types.Var
	ok := true
	ast.Inspect(fs.Cond, func(n ast.Node) bool {
		if !ok || n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.Ident:
			switch o := info.Uses[n].(type) {
			case *types.Const, *types.Nil:
			case *types.Var:
				if o.IsField() || o.Pkg() != ck.pass.Pkg || o.Parent() == nil || o.Parent() == ck.pass.Pkg.Scope() ||
					!within(&ast.Ident{NamePos: o.Pos(), Name: o.Name()}, fn) {
					ok = false
					break
				}
				if _, basic := o.Type().Underlying().(*types.Basic); !basic {
					ok = false
					break
				}
				if first == nil {
					first = o
				}
				vars[o] = true
			default:
				if tv, isConst := info.Types[n]; !isConst || tv.Value == nil {
					ok = false // true, false are constants; anything else is not
				}
			}
		case *ast.UnaryExpr:
			if n.Op != token.NOT && n.Op != token.SUB && n.Op != token.XOR {
				ok = false
			}
		case *ast.BinaryExpr, *ast.ParenExpr, *ast.BasicLit:
		default:
			ok = false
		}
		return ok
	})
	if !ok || first == nil {
		return nil
	}
	// The loop must end only through its condition.
	leaves := false
	ast.Inspect(fs.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.LabeledStmt:
			leaves = true
		case *ast.BranchStmt:
			if n.Tok == token.BREAK || n.Tok == token.GOTO || n.Label != nil {
				leaves = true
			}
		case *ast.CallExpr:
			if id, isID := ast.Unparen(n.Fun).(*ast.Ident); isID {
				if b, isB := info.Uses[id].(*types.Builtin); isB && b.Name() == "panic" {
					leaves = true
				}
			}
		}
		return !leaves
	})
	if leaves {
		return nil
	}
	// No variable changes in the loop, none is shared.
	changed := false
	var stack []ast.Node
	ast.Inspect(fn, func(n ast.Node) bool {
		if changed {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, isID := n.(*ast.Ident)
		if !isID {
			return true
		}
		v, isVar := info.Uses[id].(*types.Var)
		if !isVar || !vars[v] {
			return true
		}
		inLoop := within(id, fs.Body) || fs.Post != nil && within(id, fs.Post)
		for i := len(stack) - 2; i >= 0; i-- {
			if _, lit := stack[i].(*ast.FuncLit); lit && stack[i] != fn {
				changed = true // captured: another goroutine may set it
				return false
			}
			if stack[i] == fn {
				break
			}
		}
		if len(stack) < 2 {
			return true
		}
		switch p := stack[len(stack)-2].(type) {
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				changed = true
			}
		case *ast.SelectorExpr:
			changed = true // a method call on it (x.Set() may take &x)
		case *ast.AssignStmt:
			if inLoop && indexOf(p.Lhs, id) >= 0 {
				changed = true
			}
		case *ast.IncDecStmt:
			if inLoop {
				changed = true
			}
		case *ast.RangeStmt:
			if inLoop && (p.Key == id || p.Value == id) {
				changed = true
			}
		}
		return !changed
	})
	if changed {
		return nil
	}
	return first
}
