package lockleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
)

// condWaits reports c.Wait() on a sync.Cond that nothing in the package
// signals or broadcasts: the waiting goroutine blocks forever.
//
// A condition variable is identified by its last variable: a field of
// a struct type (every value of the type), a package-level variable or
// a local variable. Only those the package alone can reach count: an
// unexported field of a type of the package, an unexported
// package-level variable, a local variable; and only if every use of
// it is a call of its Wait, Signal or Broadcast, an access to its L,
// or an assignment of sync.NewCond(...) or a sync.Cond literal. Any
// other use (its address passed or stored, a method value) may hand it
// to code that signals it.
//
// Signal and Broadcast calls are found in the declarations that scope
// lists as calling them, and the Wait calls in the same declarations
// (they call Lock too, since Wait needs the lock held).
func (ck *checker) condWaits() {
	sc := ck.pass.ResultOf[scope.Analyzer].(*scope.Result)
	info := ck.pass.TypesInfo
	type wait struct {
		call *ast.CallExpr
		sel  *ast.SelectorExpr
	}
	var waits []wait
	var order []types.Object
	waitsOf := make(map[types.Object][]wait)
	signalled := make(map[types.Object]bool)
	for _, d := range sc.LockDecls {
		ast.Inspect(d, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			name := condMethod(info, sel)
			if name == "" {
				return true
			}
			obj := condObj(info, sel.X)
			if obj == nil {
				return true
			}
			switch name {
			case "Wait":
				if waitsOf[obj] == nil {
					order = append(order, obj)
				}
				w := wait{call, sel}
				waits = append(waits, w)
				waitsOf[obj] = append(waitsOf[obj], w)
			case "Signal", "Broadcast":
				signalled[obj] = true
			}
			return true
		})
	}
	var candidates []types.Object
	for _, obj := range order {
		if !signalled[obj] && ck.closedCond(obj) {
			candidates = append(candidates, obj)
		}
	}
	if len(candidates) == 0 {
		return
	}
	escapes := ck.condEscapes(candidates)
	for _, obj := range candidates {
		if escapes[obj] {
			continue
		}
		for _, w := range waitsOf[obj] {
			if ck.ignoreTests && report.IsTestFile(ck.pass, w.call.Pos()) {
				continue
			}
			name := types.ExprString(w.sel.X)
			ck.r.Report(analysis.Diagnostic{
				Pos:      w.call.Pos(),
				End:      w.call.End(),
				Category: catCond,
				Message: fmt.Sprintf("%s.Wait blocks forever: nothing in the package calls Signal or Broadcast on %s (goroutine leak)",
					name, obj.Name()),
			})
		}
	}
}

// condMethod returns the name of the sync.Cond method that sel selects
// (Wait, Signal or Broadcast), or "".
func condMethod(info *types.Info, sel *ast.SelectorExpr) string {
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || len(s.Index()) != 1 {
		return "" // embedded conds are exported fields: outside the rule
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || !isCond(fn.Signature().Recv().Type()) {
		return ""
	}
	switch fn.Name() {
	case "Wait", "Signal", "Broadcast":
		return fn.Name()
	}
	return ""
}

// isCond reports whether t is sync.Cond or *sync.Cond.
func isCond(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Cond"
}

// condObj returns the variable that names the condition variable x: a
// field for s.cond, the variable for c; nil for anything else.
func condObj(info *types.Info, x ast.Expr) types.Object {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		if v, ok := info.Uses[x].(*types.Var); ok {
			return v
		}
	case *ast.SelectorExpr:
		if v, ok := info.Uses[x.Sel].(*types.Var); ok {
			return v
		}
	case *ast.StarExpr:
		return condObj(info, x.X)
	}
	return nil
}

// closedCond reports whether only this package can reach obj.
func (ck *checker) closedCond(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	if !ok || v.Pkg() != ck.pass.Pkg {
		return false
	}
	if v.IsField() {
		return !v.Exported() && !v.Embedded()
	}
	if v.Parent() == ck.pass.Pkg.Scope() {
		return !v.Exported()
	}
	return true // a local variable
}

// condEscapes walks the package for the uses of the candidates and
// returns those used other than by the calls and assignments that keep
// them in the package's hands.
func (ck *checker) condEscapes(cands []types.Object) map[types.Object]bool {
	info := ck.pass.TypesInfo
	want := make(map[types.Object]bool)
	for _, c := range cands {
		want[c] = true
	}
	esc := make(map[types.Object]bool)
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
			obj := info.Uses[id]
			if obj == nil {
				obj = info.Defs[id]
			}
			if !want[obj] || esc[obj] {
				return true
			}
			if !ck.condUseOK(id, stack) {
				esc[obj] = true
			}
			return true
		})
	}
	return esc
}

// condUseOK reports whether the use id (with its ancestors in stack,
// id last) is a method call, an access to L, a definition, or an
// assignment of a new condition variable.
func (ck *checker) condUseOK(id *ast.Ident, stack []ast.Node) bool {
	info := ck.pass.TypesInfo
	i := len(stack) - 1
	var e ast.Expr = id
	if i > 0 {
		if sel, ok := stack[i-1].(*ast.SelectorExpr); ok && sel.Sel == id {
			e = sel // s.cond
			i--
		}
	}
	if i == 0 {
		return false
	}
	switch p := stack[i-1].(type) {
	case *ast.SelectorExpr: // cond.Wait, cond.L
		if p.X != e {
			return false
		}
		if p.Sel.Name == "L" {
			return true
		}
		if i >= 2 {
			if call, ok := stack[i-2].(*ast.CallExpr); ok && call.Fun == p && condMethod(info, p) != "" {
				return true
			}
		}
		return false
	case *ast.KeyValueExpr: // T{cond: sync.NewCond(&mu)}
		return p.Key == e && newCond(info, p.Value)
	case *ast.AssignStmt:
		for j, l := range p.Lhs {
			if l == e {
				return len(p.Lhs) == len(p.Rhs) && newCond(info, p.Rhs[j])
			}
		}
		return false
	case *ast.ValueSpec:
		for j, n := range p.Names {
			if n == id {
				return len(p.Values) == 0 || j < len(p.Values) && newCond(info, p.Values[j])
			}
		}
		return false
	case *ast.Field:
		return true // the declaration of the field
	}
	return false
}

// newCond reports whether e makes a new condition variable:
// sync.NewCond(...), sync.Cond{...} or &sync.Cond{...}.
func newCond(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = u.X
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		return isCond(info.TypeOf(e))
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
			fn, ok := info.Uses[sel.Sel].(*types.Func)
			return ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync" && fn.Name() == "NewCond"
		}
	}
	return false
}

// heldCond reports c.Wait() called while holding a mutex M other than
// c.L, when every Signal and Broadcast of that condition variable (an
// unexported field of a type of the package) is in a function that
// locks M of the same value at the top level of its body before the
// call. Wait releases c.L only: M stays held, and no goroutine can get
// past M to wake the waiter.
//
// c.L must be known: every assignment of the field is
// x.c = sync.NewCond(&x.m) with the same x, and M is not x.m.
func (ck *checker) heldCond(f *lockset.Func, op *lockset.ChanOp) {
	fv, owner, ok := ck.chanField(op.Chan)
	if !ok {
		return
	}
	held := heldOn(f, op, owner)
	if len(held) == 0 {
		return
	}
	lfield, signals, ok := ck.condUses(fv)
	if !ok || len(signals) == 0 {
		return
	}
	for _, l := range held {
		if lockField(l) == lfield {
			continue // c.L itself: Wait releases it
		}
		var related []analysis.RelatedInformation
		var names []string
		all := true
		for _, s := range signals {
			lds, ok := ck.lockedFirstAt(s, l, op.Held[l.Key], 0)
			if !ok {
				all = false
				break
			}
			for _, ld := range lds {
				names = appendName(names, ld.g.Name)
				related = append(related,
					analysis.RelatedInformation{Pos: ld.pos, Message: fmt.Sprintf("%s locks %s%s here", ld.g.Name, ld.name, through(ld.via))},
					analysis.RelatedInformation{Pos: ld.d.call.Pos(), End: ld.d.call.End(), Message: "before this " + ld.d.what("wake-up", "wakes it")})
			}
		}
		if !all {
			continue
		}
		related = append([]analysis.RelatedInformation{{Pos: op.HeldAt[l.Key], Message: l.Name + " is locked here"}}, related...)
		call := op.Node.(*ast.CallExpr)
		ck.r.Report(analysis.Diagnostic{
			Pos:      call.Pos(),
			End:      call.End(),
			Category: catWait,
			Message: fmt.Sprintf("%s holds %s while waiting on %s, which releases only its own lock; every function that wakes it (%s) locks %s first (possible deadlock): unlock %s before waiting",
				f.Name, l.Name, types.ExprString(op.Chan), strings.Join(names, ", "), lockField(l), l.Name),
			Related: related,
		})
		return
	}
}

// condUses classifies the uses of the condition variable field fv: the
// name of the field that is its L, and its Signal and Broadcast calls;
// ok is false if any use is something else (the variable escapes) or
// its L is not known.
func (ck *checker) condUses(fv *types.Var) (lfield string, signals []done, ok bool) {
	info := ck.pass.TypesInfo
	bad := false
	for _, file := range ck.pass.Files {
		var stack []ast.Node
		ast.Inspect(file, func(n ast.Node) bool {
			if bad {
				return false
			}
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			id, isID := n.(*ast.Ident)
			if !isID || !sameField(info.Uses[id], fv) {
				return true
			}
			i := len(stack) - 1
			sel, isSel := stack[i-1].(*ast.SelectorExpr)
			if !isSel || sel.Sel != id || i < 3 {
				bad = true
				return true
			}
			switch p := stack[i-2].(type) {
			case *ast.SelectorExpr:
				if p.X != sel {
					bad = true
				} else if p.Sel.Name == "L" {
					// c.L.Lock(), c.L = ...: the lock itself
				} else if call, isCall := stack[i-3].(*ast.CallExpr); isCall && call.Fun == p {
					switch condMethod(info, p) {
					case "Wait":
					case "Signal", "Broadcast":
						d := done{call: call}
						for j := i - 3; j >= 0; j-- {
							if _, ok := stack[j].(*ast.FuncLit); ok {
								d.fn = stack[j]
								break
							}
							if _, ok := stack[j].(*ast.FuncDecl); ok {
								d.fn = stack[j]
								break
							}
						}
						if d.fn == nil {
							bad = true
						}
						signals = append(signals, d)
					default:
						bad = true
					}
				} else {
					bad = true
				}
			case *ast.AssignStmt:
				j := indexOf(p.Lhs, sel)
				if j < 0 || len(p.Lhs) != len(p.Rhs) {
					bad = true
					break
				}
				lf, ok := ck.newCondOn(p.Rhs[j], sel.X)
				if !ok || lfield != "" && lf != lfield {
					bad = true
					break
				}
				lfield = lf
			default:
				bad = true
			}
			return true
		})
	}
	return lfield, signals, !bad && lfield != ""
}

// newCondOn returns m if e is sync.NewCond(&x.m) with x the same path
// as owner.
func (ck *checker) newCondOn(e, owner ast.Expr) (string, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || !newCond(ck.pass.TypesInfo, call) {
		return "", false
	}
	u, ok := ast.Unparen(call.Args[0]).(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return "", false
	}
	sel, ok := ast.Unparen(u.X).(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	k1, ok1 := ck.model.KeyOf(sel.X)
	k2, ok2 := ck.model.KeyOf(owner)
	if !ok1 || !ok2 || k1 != k2 {
		return "", false
	}
	return sel.Sel.Name, true
}
