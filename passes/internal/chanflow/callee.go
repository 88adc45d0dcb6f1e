package chanflow

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// CalleeFunc returns the body of the function that call invokes, when
// this package declares it: a function literal called directly
// (func(...) {...}(...), including go and defer statements), or a
// function or method declared in the package (generic instances map to
// their declaration). It returns nil for dynamic calls and for
// functions of other packages.
func (r *Result) CalleeFunc(info *types.Info, call *ast.CallExpr) *Func {
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return r.funcOf[lit]
	}
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		return nil
	}
	return r.DeclOf(fn)
}

// DeclOf returns the Func of a function or method declared in this
// package (the declaration of a generic instance), or nil.
func (r *Result) DeclOf(fn *types.Func) *Func {
	return r.declOf[fn.Origin()]
}

// ParamChan returns the Chan of the parameter of f that receives the
// argument at index i of a call, or nil when that parameter is not a
// modelled channel variable (unnamed, blank, variadic, or not a
// channel).
func (r *Result) ParamChan(f *Func, i int) *Chan {
	sig, ok := r.signature(f)
	if !ok {
		return nil
	}
	params := sig.Params()
	if i >= params.Len() || (sig.Variadic() && i >= params.Len()-1) {
		return nil
	}
	return r.chanOf[params.At(i)]
}

func (r *Result) signature(f *Func) (*types.Signature, bool) {
	if f.Obj != nil {
		return f.Obj.Signature(), true
	}
	if r.info == nil {
		return nil, false
	}
	tv, ok := r.info.Types[f.Node.(*ast.FuncLit)]
	if !ok {
		return nil, false
	}
	sig, ok := tv.Type.(*types.Signature)
	return sig, ok
}
