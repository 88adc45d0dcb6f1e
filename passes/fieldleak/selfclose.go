package fieldleak

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/analysis"
)

// CategorySelfClose is the category of a receive from a channel whose
// only close is deferred by the function that waits on it.
const CategorySelfClose = "selfclose"

// selfClose reports a receive from, or a range over, the local channel
// c in its own function F, when c's only close is F's own deferred
// close(c) and nothing sends on it: the deferred close runs when F
// returns, F cannot return while it waits, and no other code can wake
// it. The receive blocks forever.
//
// In view: c is made once in F (not a parameter); every close of c is
// "defer close(c)" directly in F; nothing sends on c (in F or in any
// literal); c is not stored, aliased or converted (Escape); c is
// passed to calls only as a receive-only channel (<-chan T), through
// which no code can send or close; a return of c hands it over only
// once F has returned. The receive is directly in F's body (not in a
// literal, which may run elsewhere), outside select: a select with
// another case has another way on.
func (ck *checker) selfClose(c *chanflow.Chan) {
	if c.Param || c.Make == nil || c.Assigns != 1 || c.Decl == nil {
		return
	}
	f := c.Decl
	var closes, waits []*chanflow.Op
	for _, op := range c.Ops {
		switch op.Kind {
		case chanflow.Close:
			if op.Func != f || !deferred(f, op.Node) {
				return // closed elsewhere, or on a path of its own
			}
			closes = append(closes, op)
		case chanflow.Recv, chanflow.Range:
			if op.Func == f {
				waits = append(waits, op)
			}
		case chanflow.SelectRecv, chanflow.Other:
		case chanflow.Return:
			if op.Func != f {
				return // a literal hands it out while F runs
			}
		case chanflow.Arg:
			if !ck.recvOnlyArg(op) {
				return // a callee that may send on it or close it
			}
		default:
			return // a send, or an escape: another goroutine may wake it
		}
	}
	if len(closes) == 0 {
		return // never closed: not this rule's (rangeleak, unshared)
	}
	for _, w := range waits {
		what := "receive from " + c.Name()
		if w.Kind == chanflow.Range {
			what = "range over " + c.Name()
		}
		who := f.Name()
		if f.Go != nil {
			who = "the goroutine"
		}
		ck.report(analysis.Diagnostic{
			Pos:      w.Node.Pos(),
			End:      w.Node.End(),
			Category: CategorySelfClose,
			Message: fmt.Sprintf("%s blocks forever: its only close is deferred by %s, which cannot return while it waits, and nothing sends on %s (possible goroutine leak); close %s where the wait should end, or wait on another channel",
				what, who, c.Name(), c.Name()),
			Related: []analysis.RelatedInformation{{Pos: closes[0].Node.Pos(), End: closes[0].Node.End(), Message: fmt.Sprintf("%s is closed only here, when %s returns", c.Name(), who)}},
		})
	}
}

// deferred reports whether call is the call of a defer statement
// directly in f.
func deferred(f *chanflow.Func, call ast.Node) bool {
	for _, d := range f.Defers {
		if d.Call == call {
			return true
		}
	}
	return false
}

// recvOnlyArg reports whether the channel of op (an Arg) is passed to a
// parameter of receive-only channel type: the callee can only receive.
func (ck *checker) recvOnlyArg(op *chanflow.Op) bool {
	call, ok := op.Node.(*ast.CallExpr)
	if !ok {
		return false
	}
	sig, ok := ck.pass.TypesInfo.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok || call.Ellipsis.IsValid() {
		return false
	}
	params := sig.Params()
	var t types.Type
	switch {
	case op.Arg < params.Len()-1 || op.Arg == params.Len()-1 && !sig.Variadic():
		t = params.At(op.Arg).Type()
	case sig.Variadic() && params.Len() > 0 && op.Arg >= params.Len()-1:
		s, ok := params.At(params.Len() - 1).Type().Underlying().(*types.Slice)
		if !ok {
			return false
		}
		t = s.Elem()
	default:
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	return ok && ch.Dir() == types.RecvOnly
}
