package sendleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/analysis"
)

// stopNames are the names of channel parameters taken as a way to stop
// a generator.
var stopNames = map[string]bool{"done": true, "quit": true, "stop": true, "cancel": true}

// checkGenerator checks a channel that F returns: the shape
//
//	func Gen(ctx context.Context) <-chan T {
//		out := make(chan T)
//		go func() {
//			for ... {
//				out <- v // ignores ctx
//			}
//		}()
//		return out
//	}
//
// The goroutines may also be several, or started in a loop, when the
// channel is unbuffered: then every one of them can block.
//
// The caller is the receiver; it is expected to stop receiving when ctx
// is done (or done is closed), and then the goroutine blocks forever.
func (ch *checker) checkGenerator(c *chanflow.Chan, ss []*sender, returns []*chanflow.Op) {
	info := ch.pass.TypesInfo
	F := c.Decl
	if len(c.OpsOf(chanflow.Recv, chanflow.SelectRecv, chanflow.Range)) > 0 {
		return // F receives too: not a plain generator
	}
	// Several goroutines, or goroutines started in a loop, feed the
	// channel: their sends cannot be counted, but on an unbuffered
	// channel every one of them blocks once the caller stops receiving.
	many := len(ss) != 1 || len(effectiveLoops(ss[0].g, c)) > 0
	s := ss[0]
	var sig *types.Signature
	if F.Obj != nil {
		sig = F.Obj.Signature()
	} else {
		sig, _ = info.TypeOf(F.Node.(*ast.FuncLit)).(*types.Signature)
	}
	if sig == nil {
		return
	}
	// The way to stop: a context or a done channel parameter.
	var stop string
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if isContext(p.Type()) && p.Name() != "" && p.Name() != "_" {
			stop = p.Name() + ".Done()"
			break
		}
		if t, ok := p.Type().Underlying().(*types.Chan); ok && t.Dir() != types.SendOnly && stopNames[p.Name()] {
			stop = p.Name()
			break
		}
	}
	if stop == "" {
		return // the caller has no way to stop the generator but to drain it
	}
	// Every return hands c out as a receive-only channel.
	for _, op := range returns {
		ret := op.Node.(*ast.ReturnStmt)
		idx := -1
		for i, r := range ret.Results {
			if id, ok := ast.Unparen(r).(*ast.Ident); ok && id == op.Ident {
				idx = i
			}
		}
		if idx < 0 || idx >= sig.Results().Len() {
			return
		}
		t, ok := sig.Results().At(idx).Type().Underlying().(*types.Chan)
		if !ok || t.Dir() != types.RecvOnly {
			return
		}
	}
	capK := int64(0)
	if c.Cap != nil {
		k, ok := chanflow.ConstInt(info, c.Cap)
		if !ok {
			return // a computed buffer
		}
		capK = k
	}
	if (many || s.max == unknown) && capK > 0 {
		return // a buffer, and sends we cannot count
	}
	if !many && s.max >= 0 && int64(s.max) <= capK {
		return // the buffer holds every value
	}
	fname, name := F.Name(), c.Name()
	hint := fmt.Sprintf("select on %s in the sender", stop)
	var (
		fix     *analysis.SuggestedFix
		capText string
	)
	if !many {
		fix, capText = ch.bufferFix(c, ss, nil)
	}
	if fix != nil {
		hint = fmt.Sprintf("buffer %s with capacity %s or %s", name, capText, hint)
	}
	d := analysis.Diagnostic{
		Pos:      s.pos.Pos(),
		End:      s.pos.End(),
		Category: CategoryGenerator,
		Message: fmt.Sprintf("goroutine may block forever sending on %s: the send does not select on %s, so it blocks if the caller of %s stops receiving (possible goroutine leak); %s",
			name, stop, fname, hint),
		Related: []analysis.RelatedInformation{{
			Pos: returns[0].Node.Pos(), End: returns[0].Node.Pos() + token.Pos(len("return")),
			Message: fmt.Sprintf("%s hands %s to its caller here", fname, name),
		}},
	}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	ch.r.Report(d)
}
