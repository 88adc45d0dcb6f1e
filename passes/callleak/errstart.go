package callleak

import (
	"go/ast"
	"go/token"
	"go/types"
)

// errBranch returns the if statement that tests the error of an
// error-guarded start call (summary.Start.Err: the goroutine runs
// exactly when the start returns nil) right after it, so that its then
// branch, where nothing was started, needs no stop:
//
//	if err := w.Start(); err != nil { ... }
//	err := w.Start()          // or err = w.Start()
//	if err != nil { ... }
//	if w.Start() != nil { ... }
//
// It returns nil for any other use of the result.
func errBranch(info *types.Info, s *site) *ast.IfStmt {
	n := len(s.stack)
	if n < 3 {
		return nil
	}
	// isErrTest reports whether cond is "x != nil" with x the error
	// (an identifier denoting v, or the call itself).
	isErrTest := func(cond ast.Expr, v types.Object) bool {
		be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
		if !ok || be.Op != token.NEQ {
			return false
		}
		x, y := ast.Unparen(be.X), ast.Unparen(be.Y)
		if isNil(info, x) {
			x, y = y, x
		}
		if !isNil(info, y) {
			return false
		}
		if v == nil {
			return x == ast.Expr(s.call)
		}
		id, ok := x.(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	switch p := s.stack[n-2].(type) {
	case *ast.BinaryExpr: // if w.Start() != nil
		if ifs, ok := s.stack[n-3].(*ast.IfStmt); ok && ifs.Cond == ast.Expr(p) && isErrTest(p, nil) {
			return ifs
		}
	case *ast.AssignStmt:
		if len(p.Lhs) != 1 || len(p.Rhs) != 1 {
			return nil
		}
		id, ok := p.Lhs[0].(*ast.Ident)
		if !ok {
			return nil
		}
		v := info.Defs[id]
		if v == nil {
			v = info.Uses[id]
		}
		if v == nil {
			return nil
		}
		if ifs, ok := s.stack[n-3].(*ast.IfStmt); ok && ifs.Init == ast.Stmt(p) {
			if isErrTest(ifs.Cond, v) {
				return ifs
			}
			return nil
		}
		// The statement that follows the assignment in its block.
		blk, ok := s.stack[n-3].(*ast.BlockStmt)
		if !ok {
			return nil
		}
		for i, st := range blk.List {
			if st == ast.Stmt(p) && i+1 < len(blk.List) {
				if ifs, ok := blk.List[i+1].(*ast.IfStmt); ok && ifs.Init == nil && isErrTest(ifs.Cond, v) {
					return ifs
				}
			}
		}
	}
	return nil
}

// isNil reports whether e is the predeclared nil.
func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, ok = info.Uses[id].(*types.Nil)
	return ok
}
