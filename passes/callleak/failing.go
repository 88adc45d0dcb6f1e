package callleak

import (
	"fmt"
	"go/token"

	"github.com/leakvet/leakvet/passes/internal/summary"
	"golang.org/x/tools/go/analysis"
)

// checkFailing checks a constructor that starts the goroutine of the
// value it makes and can then fail (see summary.Failing): a path from
// the go statement to a return that neither returns the value nor calls
// a stop method on it leaves the goroutine with no owner. Its caller
// gets nil and an error; nothing can ever stop the goroutine.
func (ch *checker) checkFailing(f *summary.Failing) {
	if ch.skip(f.Go.Pos()) || f.Func.Body == nil {
		return
	}
	u := ch.usesOf(f.Func.Body, f.Var, nil, f.Stops, f.Go)
	if u.escapes || u.hidden {
		return
	}
	g := ch.cfgs.Func(f.Func.Node)
	if g == nil {
		return
	}
	ret := pathWithout(g, f.Go.Call, u.stops, nil)
	if ret == nil {
		return
	}
	recv := f.Var.Name()
	fname := f.Func.Obj.Name()
	var stops []string
	for _, st := range f.Stops {
		stops = append(stops, recv+"."+st)
	}
	at, end := ret.Pos(), ret.Pos()+token.Pos(len("return"))
	if ret.Return == f.Func.Body.Rbrace {
		at, end = f.Func.Body.Rbrace, f.Func.Body.Rbrace+1
	}
	ch.r.Report(analysis.Diagnostic{
		Pos:      f.Go.Pos(),
		End:      f.Go.End(),
		Category: CategoryNoStop,
		Message: fmt.Sprintf("%s starts a goroutine that only %s ends, but can return an error without %s (possible goroutine leak); %s",
			fname, orList(stops), recv, stopHint(recv, pickStop(f.Stops), true)),
		Related: []analysis.RelatedInformation{{Pos: at, End: end, Message: returnsHere(fname, recv, stops, true)}},
	})
}
