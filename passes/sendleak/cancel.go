package sendleak

import (
	"go/ast"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/summary"
)

// Cancellation asymmetry: the receiver gives up on a cancellation (a
// context's Done, a timer, a stop channel) while the producer, or a
// helper it calls, goes on sending without one. The receive loop may
// be F's own (paths.go follows its select cases and the branches that
// test the cancellation), or a helper F hands the channel to:
//
//	go produce(ch, xs)        // sends len(xs) values, no way out
//	return collect(ctx, ch)   // returns on ctx.Done() without receiving
//
// Such a helper is otherwise taken to receive every value, which the
// pass cannot weigh against a producer whose sends it cannot count; the
// path through its cancellation case receives nothing more, whatever
// the count.

// cancellable reports whether every helper F passes c to receives
// until c is closed (it drains c, or receives in a loop) and can
// return through a case that needs nothing from c, other than a
// default (a timer, a context's Done, a stop channel): then the paths of F
// that go through those cases abandon any sender that is not done, and
// the senders' counts need not be known.
func (ch *checker) cancellable(recvCalls []*chanflow.Op) bool {
	for _, op := range recvCalls {
		p := ch.sums.Param(op.Callee, op.Arg)
		if p == nil || p.NoRecv == "" || p.NoRecv == "default" || !(p.Drains || p.MaxRecv == summary.Unbounded) {
			return false // a poll that returns when nothing is ready is no cancellation
		}
	}
	return true
}

// cancelCase reports whether a select case of F that does not compete
// with a receive from c waits for a cancellation (a context's Done, a
// timer) inside a loop that receives from c: a non-blocking check of
// the context in a range loop, or a forwarder's select on its output
// and ctx.Done(). Taking it gives up on c as a competing case would.
//
//	for v := range ch {
//		select {
//		case out <- v:
//		case <-ctx.Done():
//			return ctx.Err() // the producer of ch blocks
//		}
//	}
//
// Only a case that ends in a return gives up: one that drops a value on
// a timer and goes on with the loop does not.
func (m *model) cancelCase(clause *ast.CommClause) bool {
	sel := m.selectOf[clause]
	return sel != nil && m.inRecvLoop(sel) && m.ch.isTimeout(clause) && endsInReturn(clause.Body)
}

// endsInReturn reports whether a list of statements ends in a return:
// a case or a branch that gives up, rather than one that goes on with
// the loop (a dropped message, a logged cancellation).
func endsInReturn(list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	_, ok := list[len(list)-1].(*ast.ReturnStmt)
	return ok
}

// testsCancel reports whether an if statement (its condition or its
// init) calls the Err method of a context, and its then branch ends in
// a return: "if ctx.Err() != nil { return }", "if err := ctx.Err(); err
// != nil { return err }". Returning from such a branch inside a receive
// loop gives up on the channel for a reason that has nothing to do with
// the values received, like a select on ctx.Done(). (The caller asks
// only for the then branch.)
func (m *model) testsCancel(ifs *ast.IfStmt) bool {
	if !endsInReturn(ifs.Body.List) {
		return false
	}
	info := m.ch.pass.TypesInfo
	found := false
	for _, n := range []ast.Node{ifs.Init, ifs.Cond} {
		if n == nil {
			continue
		}
		ast.Inspect(n, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Err" && len(x.Args) == 0 && isContext(info.TypeOf(sel.X)) {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// summarySends returns, for a goroutine started as "go f(c)" whose
// function has no SendsFact (it sends through a helper rather than
// itself), a SendsFact made from f's summary when the summary says f
// only sends on that parameter, through its helpers included:
//
//	func worker(ch chan<- int, xs []int) { produce(ch, xs) }
//	go worker(ch, xs)
func (ch *checker) summarySends(op *chanflow.Op) *SendsFact {
	p := ch.sums.Param(op.Callee, op.Arg)
	if p == nil || !p.Sends() || p.MaxSend == summary.Unknown || p.MaxSend == 0 {
		return nil
	}
	return &SendsFact{Params: []ParamSends{{Index: op.Arg, Name: p.Name, Min: p.MinSend, Max: p.MaxSend}}}
}
