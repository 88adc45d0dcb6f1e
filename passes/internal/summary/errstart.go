package summary

import (
	"go/ast"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/cfg"
)

// errGuarded reports whether f, whose last result is an error (its
// only one, for a start method; the second, for a constructor), starts the goroutine of the go statement goStmt on exactly the
// paths that return a nil error: every return reached without passing
// goStmt returns something other than nil, and every return reached
// after it returns nil.
//
//	func (w *Worker) Start() error {
//		if err := w.open(); err != nil {
//			return err // not started
//		}
//		go w.loop()
//		return nil // started
//	}
//
// A caller that returns on the error may then skip the stop method;
// one that goes on must call it.
func (s *summarizer) errGuarded(f *chanflow.Func, goStmt ast.Stmt) bool {
	res := f.Obj.Signature().Results()
	if res.Len() == 0 || !isErrorType(res.At(res.Len()-1).Type()) || res.At(0).Name() != "" {
		return false
	}
	last := res.Len() - 1
	g := s.cfgs.Func(f.Node)
	if g == nil || len(g.Blocks) == 0 {
		return false
	}
	var goBlock *cfg.Block
	for _, b := range g.Blocks {
		for _, n := range b.Nodes {
			if n == goStmt {
				goBlock = b
			}
		}
	}
	if goBlock == nil {
		return false
	}
	info := s.pass.TypesInfo
	// returnsNil reports whether the exit block b returns the nil
	// identifier (true), something else (false); ok is false for a
	// return of no value or an implicit one.
	returnsNil := func(b *cfg.Block) (isNil, ok bool) {
		ret, isRet := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
		if !isRet || len(ret.Results) != res.Len() {
			return false, false
		}
		return isNilIdent(info, ret.Results[last]), true
	}
	walk := func(from *cfg.Block, avoid *cfg.Block, wantNil bool) bool {
		seen := map[*cfg.Block]bool{}
		stack := []*cfg.Block{from}
		for len(stack) > 0 {
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[b] || !b.Live || b == avoid {
				continue
			}
			seen[b] = true
			if IsExit(b) {
				isNil, ok := returnsNil(b)
				if !ok || isNil != wantNil {
					return false
				}
				continue
			}
			stack = append(stack, b.Succs...)
		}
		return true
	}
	if goBlock == g.Blocks[0] {
		return false // dominates: not a guarded start
	}
	// After the go statement: the rest of its block, then on.
	for _, n := range goBlock.Nodes {
		if ret, ok := n.(*ast.ReturnStmt); ok && (len(ret.Results) != res.Len() || !isNilIdent(info, ret.Results[last])) {
			return false
		}
	}
	if IsExit(goBlock) {
		if isNil, ok := returnsNil(goBlock); !ok || !isNil {
			return false
		}
	}
	for _, b := range goBlock.Succs {
		if !walk(b, nil, true) {
			return false
		}
	}
	// Around it: from the entry, never through the go statement's block.
	return walk(g.Blocks[0], goBlock, false)
}

// isNilIdent reports whether e is the predeclared nil.
func isNilIdent(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, ok = info.Uses[id].(*types.Nil)
	return ok
}

// isErrorType reports whether t is the predeclared error.
func isErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}
