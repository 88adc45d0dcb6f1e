package wgdone

import (
	"go/ast"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/wgflow"
)

// fieldOf returns the struct field that the WaitGroup receiver e
// selects (s.wg, o.inner.wg), or nil for a local or a parameter.
func fieldOf(info *types.Info, e ast.Expr) *types.Var {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	if !ok || !v.IsField() {
		return nil
	}
	return v.Origin()
}

// helperDone reports whether the goroutine calls (also from a nested
// function literal) a function of the package that calls a method of
// the same WaitGroup field (its Done, say), in its body or its
// literals, itself or through the functions of the package it calls in
// turn (three levels down): a helper such as
//
//	func (s *Server) finish() { s.wg.Done() }
//
// reaches the field through its own receiver, under another name, so
// the goroutine's path through it may well call Done. A WaitGroup that
// is not a field reaches a helper only as an argument, which
// handedOver already sees.
func (ck *check) helperDone() bool {
	field := fieldOf(ck.pass.TypesInfo, ck.dones[0].Recv)
	if field == nil {
		return false
	}
	seen := map[*chanflow.Func]bool{ck.f: true}
	var calls func(f *chanflow.Func, depth int) bool
	calls = func(f *chanflow.Func, depth int) bool {
		found := false
		ast.Inspect(f.Body, func(n ast.Node) bool {
			if found {
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			callee := ck.flow.CalleeFunc(ck.pass.TypesInfo, call)
			if callee == nil || seen[callee] || callee.Body == nil {
				return true
			}
			seen[callee] = true
			for _, c := range ck.wgs.Calls {
				if c.Kind != wgflow.Wait && callee.Encloses(c.Func) && fieldOf(ck.pass.TypesInfo, c.Recv) == field {
					found = true
					return false
				}
			}
			if depth < 3 && calls(callee, depth+1) {
				found = true
			}
			return !found
		})
		return found
	}
	return calls(ck.f, 0)
}
