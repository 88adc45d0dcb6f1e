package fieldleak

import (
	"fmt"
	"go/ast"
	"slices"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/fieldflow"
	"github.com/leakvet/leakvet/passes/internal/summary"
	"golang.org/x/tools/go/analysis"
)

// deadLocals reports the waits on local channels that nothing can send
// on or close (the unserviced rule for locals): a receive from such a
// channel, a range over it, or a select whose every case receives from
// one (or from a dead field), with no default, blocks forever.
//
// A local channel is dead when it is made once in its function F (not
// a parameter, assigned once) and every use of it is a receive, a
// range, a comparison or len and cap, or an argument of a call whose
// callee's summary (summary.Param, of this package or imported as a
// fact) says that it neither sends on the parameter (no blocking send,
// no send with a way out), nor closes it, nor lets it escape (stores
// it, hands it to code without a summary, uses it in a goroutine it
// starts or a literal). A callee without a summary, a dynamic call, a
// variadic parameter, a conversion, a store, a return or a capture by
// a literal that is not a wait keep the channel out: someone else may
// have it.
//
// The wait is reported when it runs whenever its code runs: directly in
// F, or in a goroutine literal started in F (through go literals
// only); a range in such a goroutine is rangeleak's. It is not reported
// in an init function, a package-level initializer or main.main, nor,
// in package main, where it runs once per process (see lifetimes): a
// program may block its main goroutine, or one it starts once, on
// purpose.
func (ck *checker) deadLocals() {
	var dead map[*chanflow.Chan][]*chanflow.Op // the dead channels and the calls they are passed to
	for _, c := range ck.flow.Chans {
		if calls, ok := ck.deadLocal(c); ok {
			if dead == nil {
				dead = make(map[*chanflow.Chan][]*chanflow.Op)
			}
			dead[c] = calls
		}
	}
	if dead == nil {
		return
	}
	// The select cases that receive from a dead local.
	deadCase := make(map[*ast.CommClause]bool)
	for c := range dead {
		for _, op := range c.OpsOf(chanflow.SelectRecv) {
			deadCase[op.Clause] = true
		}
	}
	for _, c := range ck.flow.Chans {
		calls, ok := dead[c]
		if !ok {
			continue
		}
		for _, op := range c.Ops {
			what := "receive from " + c.Name()
			switch op.Kind {
			case chanflow.Recv:
			case chanflow.Range:
				if op.Func != c.Decl {
					continue // a goroutine's range: rangeleak's
				}
				what = "range over " + c.Name()
			case chanflow.SelectRecv:
				if op.Select == nil || op.Clause != op.Select.Body.List[0] || !ck.deadSelect(op.Select, deadCase) {
					continue // another way out, or reported at the first case
				}
				what = "select"
			default:
				continue
			}
			if ck.done[op.Node] || !ck.waitRuns(op, c) {
				continue
			}
			ck.done[op.Node] = true
			ck.report(ck.deadLocalDiagnostic(what, op, c, calls))
		}
	}
}

// deadLocalDiagnostic is the report of the wait op on the dead local
// channel c, whose only other uses are the calls.
func (ck *checker) deadLocalDiagnostic(what string, op *chanflow.Op, c *chanflow.Chan, calls []*chanflow.Op) analysis.Diagnostic {
	why := "no other code can have it"
	if len(calls) > 0 {
		var names []string
		for _, call := range calls {
			name := summary.Describe(call.Callee, ck.pass.Pkg)
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
		verb := "is passed"
		if len(calls) > 1 {
			verb = "is only passed"
		}
		why = fmt.Sprintf("it %s to %s, which neither sends on it, closes it nor keeps it", verb, strings.Join(names, ", "))
		if len(calls) == 1 {
			why = fmt.Sprintf("its only other use passes it to %s, which neither sends on it, closes it nor keeps it", names[0])
		}
	}
	d := analysis.Diagnostic{
		Pos:      op.Node.Pos(),
		End:      op.Node.End(),
		Category: CategoryUnserviced,
		Message: fmt.Sprintf("%s blocks forever: nothing can send on or close %s, %s (possible goroutine leak); send on or close %s where the wait should end, or wait on another channel",
			what, c.Name(), why, c.Name()),
		Related: []analysis.RelatedInformation{{Pos: c.Make.Pos(), End: c.Make.End(), Message: fmt.Sprintf("%s is made here", c.Name())}},
	}
	for _, call := range calls {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: call.Node.Pos(), End: call.Node.End(), Message: fmt.Sprintf("%s is passed here", c.Name())})
	}
	return d
}

// deadLocal reports whether the local channel c is dead (see
// deadLocals), with the calls it is passed to, in order.
func (ck *checker) deadLocal(c *chanflow.Chan) ([]*chanflow.Op, bool) {
	if c.Param || c.Make == nil || c.Assigns != 1 || c.Decl == nil {
		return nil, false
	}
	var calls []*chanflow.Op
	waits := 0
	for _, op := range c.Ops {
		switch op.Kind {
		case chanflow.Recv, chanflow.SelectRecv, chanflow.Range:
			waits++
		case chanflow.Other:
		case chanflow.Arg:
			if !ck.quietArg(op) {
				return nil, false
			}
			calls = append(calls, op)
		default:
			return nil, false // a send, a close, or an escape
		}
	}
	return calls, waits > 0
}

// quietArg reports whether the call of op (an Arg) neither sends on,
// closes nor keeps the channel, by its callee's summary.
func (ck *checker) quietArg(op *chanflow.Op) bool {
	call, ok := op.Node.(*ast.CallExpr)
	if !ok || op.Callee == nil || call.Ellipsis.IsValid() {
		return false
	}
	if op.Callee.Signature().Variadic() && op.Arg >= op.Callee.Signature().Params().Len()-1 {
		return false
	}
	sums := ck.pass.ResultOf[summary.Analyzer].(*summary.Result)
	p := sums.Param(op.Callee, op.Arg)
	return p != nil && !p.Escapes && !p.Closes && p.MaxSend == 0 && !p.SendsOut
}

// deadSelect reports whether every case of sel receives from a dead
// local (a case of deadCase) or a dead field, with no default.
func (ck *checker) deadSelect(sel *ast.SelectStmt, deadCase map[*ast.CommClause]bool) bool {
	for _, s := range sel.Body.List {
		cc := s.(*ast.CommClause)
		if deadCase[cc] {
			continue
		}
		op := ck.fields.ClauseOp(cc)
		if op == nil || op.Kind != fieldflow.SelectRecv || !dead(op.Field) {
			return false
		}
	}
	return true
}

// waitRuns reports whether the wait op on c runs whenever the code
// around it runs, and blocks per request: it is in c's function F, or
// in a goroutine literal started in F (through go literals only); F is
// not an init function, a package-level initializer or main.main; in
// package main, the wait may run more than once per process.
func (ck *checker) waitRuns(op *chanflow.Op, c *chanflow.Chan) bool {
	for f := op.Func; f != c.Decl; f = f.Parent {
		if f == nil || f.Go == nil {
			return false
		}
	}
	if ck.inLifetimeFunc(c.Decl.Node) {
		return false
	}
	if ck.pass.Pkg.Name() != "main" {
		return true
	}
	top := c.Decl
	for top.Parent != nil {
		top = top.Parent
	}
	if top.Obj != nil && top.Obj.Name() == "main" && top.Obj.Signature().Recv() == nil {
		return false
	}
	return !ck.model().onceAt(op.Node)
}
