package fieldleak

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/wgflow"
	"golang.org/x/tools/go/analysis"
)

// localWaitGroups reports Wait on a local sync.WaitGroup variable that
// is added to with a positive constant count while nothing calls its
// Done or Go: the waitgroup rule, for a local variable. A local is a
// closed world of its own when every use of it, in the function that
// declares it and its literals, is a call of its Add or Wait method:
// its address is never taken or passed, so no code elsewhere can call
// Done. Then the counter never falls back to zero, and Wait blocks
// forever.
//
//	var wg sync.WaitGroup
//	for range n {
//		wg.Add(1)
//		go func() { work() }() // no wg.Done()
//	}
//	wg.Wait()
func (ck *checker) localWaitGroups(wgs *wgflow.Result) {
	type group struct {
		adds, waits []*wgflow.Call
		other       bool
	}
	var order []*types.Var
	groups := make(map[*types.Var]*group)
	for _, c := range wgs.Calls {
		id, ok := c.Recv.(*ast.Ident)
		if !ok || c.Group {
			continue
		}
		v, ok := ck.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || v.IsField() || v.Parent() == nil || v.Parent() == ck.pass.Pkg.Scope() || !isWaitGroup(v.Type()) {
			continue // a field, a global, or a pointer that may be shared
		}
		g := groups[v]
		if g == nil {
			g = &group{}
			groups[v] = g
			order = append(order, v)
		}
		switch c.Kind {
		case wgflow.Add:
			g.adds = append(g.adds, c)
		case wgflow.Wait:
			g.waits = append(g.waits, c)
		default:
			g.other = true // Done or Go
		}
	}
	for _, v := range order {
		g := groups[v]
		if g.other || len(g.adds) == 0 || len(g.waits) == 0 {
			continue
		}
		positive := true
		for _, a := range g.adds {
			n, ok := int64(0), len(a.Call.Args) == 1
			if ok {
				n, ok = chanflow.ConstInt(ck.pass.TypesInfo, a.Call.Args[0])
			}
			if !ok || n <= 0 {
				positive = false // Add(-1) is a Done; Add(n) with n unknown may be one
			}
		}
		if !positive {
			continue
		}
		outer := g.waits[0].Func
		for outer != nil && outer.Parent != nil {
			outer = outer.Parent
		}
		if outer == nil || outer.Body == nil || !ck.onlyAddWait(outer.Node, v, g.adds, g.waits) {
			continue
		}
		w := g.waits[0]
		ck.report(analysis.Diagnostic{
			Pos:      w.Call.Pos(),
			End:      w.Call.End(),
			Category: CategoryWaitGroup,
			Message: fmt.Sprintf("%s.Wait blocks forever: %s.Add is called but nothing calls %s.Done (possible goroutine leak)",
				w.Key, w.Key, w.Key),
			Related: []analysis.RelatedInformation{{Pos: g.adds[0].Call.Pos(), End: g.adds[0].Call.End(), Message: "the count is added here"}},
		})
	}
}

// onlyAddWait reports whether every use of v in fn (the function that
// declares it, with its literals) is the receiver of one of the calls
// adds and waits, and v is declared in fn.
func (ck *checker) onlyAddWait(fn ast.Node, v *types.Var, adds, waits []*wgflow.Call) bool {
	if v.Pos() < fn.Pos() || v.Pos() >= fn.End() {
		return false // declared elsewhere: a parameter of an outer scope, say
	}
	recvs := make(map[ast.Expr]bool, len(adds)+len(waits))
	for _, c := range adds {
		recvs[c.Recv] = true
	}
	for _, c := range waits {
		recvs[c.Recv] = true
	}
	ok := true
	ast.Inspect(fn, func(n ast.Node) bool {
		if id, isID := n.(*ast.Ident); isID && ck.pass.TypesInfo.Uses[id] == v && !recvs[id] {
			ok = false // passed, stored, its address taken, a method value
		}
		return ok
	})
	return ok
}
