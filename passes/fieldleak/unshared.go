package fieldleak

import (
	"fmt"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"golang.org/x/tools/go/analysis"
)

// CategoryUnshared is the category of a send on an unbuffered local
// channel before any other goroutine can have it.
const CategoryUnshared = "unshared"

// unshared reports the first send on the unbuffered local channel c
// that comes before c is shared: made in its function F, sent on
// directly in F, outside any loop, and with no other use of c (a go
// statement, a call, a capture by a function literal, a store, a
// return) before the send in the text of F. Nothing can receive it
// then: the send blocks forever.
//
// The text order is the execution order here: the send is not in a
// loop and F has no goto, so no use written after the send can run
// before it.
func (ck *checker) unshared(c *chanflow.Chan) {
	if c.Param || c.Make == nil || c.Decl == nil || c.Assigns != 1 || !c.Unbuffered(ck.pass.TypesInfo) {
		return
	}
	var first *chanflow.Op
	for _, op := range c.Ops {
		if first == nil || op.Ident.Pos() < first.Ident.Pos() {
			first = op
		}
	}
	if first == nil || first.Kind != chanflow.Send || first.Func != c.Decl || len(first.Loops) > 0 {
		return // the first use shares the channel, or may run more than once
	}
	if first.Ident.Pos() < c.Make.End() {
		return // ch <- <-... within the make's statement: not this shape
	}
	if lazycfg.HasGoto(c.Decl.Body, true) {
		return
	}
	d := analysis.Diagnostic{
		Pos:      first.Node.Pos(),
		End:      first.Node.End(),
		Category: CategoryUnshared,
		Message: fmt.Sprintf("send on %s blocks forever: %s is unbuffered and no other goroutine can have it yet (possible goroutine leak); start the receiver before sending, or buffer %s",
			c.Name(), c.Name(), c.Name()),
		Related: []analysis.RelatedInformation{{Pos: c.Make.Pos(), End: c.Make.End(), Message: fmt.Sprintf("%s is made here, unbuffered", c.Name())}},
	}
	var next *chanflow.Op
	for _, op := range c.Ops {
		if op != first && (next == nil || op.Ident.Pos() < next.Ident.Pos()) {
			next = op
		}
	}
	if next != nil {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: next.Ident.Pos(), End: next.Ident.End(), Message: fmt.Sprintf("%s is used next here", c.Name())})
	}
	ck.report(d)
}
