package callleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/summary"
	"golang.org/x/tools/go/analysis"
)

// checkFutures checks every call of a function that returns a future
// (summary.Future) whose goroutine blocks when nobody receives: the
// caller drops the result, or stops waiting for it in a select that
// returns from a timeout or cancellation case.
func (ch *checker) checkFutures(futures []*types.Func) {
	set := map[*types.Func]bool{}
	for _, fn := range futures {
		set[fn] = true
	}
	ids := map[*ast.Ident]bool{}
	for id, obj := range ch.pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && set[fn.Origin()] {
			ids[id] = true
		}
	}
	if len(ids) == 0 {
		return
	}
	reported := map[*types.Func]bool{} // in-package futures: one report at the send
	for _, s := range ch.sites(ids) {
		if ch.skip(s.call.Pos()) {
			continue
		}
		if _, body := s.enclosingFunc(); body == nil {
			continue // a package-level initialiser: runs once
		}
		fn := calleeOf(ch.pass.TypesInfo, s.call)
		if fn == nil {
			continue
		}
		fn = fn.Origin()
		fut := ch.sums.Of(fn).Future
		if reported[fn] {
			continue
		}
		if how, at := ch.dropped(s, fut); how != "" {
			ch.reportFuture(s, fn, fut, how, at, CategoryDropped)
			reported[fn] = fut.Send() != nil
			continue
		}
		if clause := ch.abandoned(s, fut); clause != nil {
			ch.reportFuture(s, fn, fut, fmt.Sprintf("stops waiting for it in the %s case", describeComm(clause)), clause, CategoryAbandoned)
			reported[fn] = fut.Send() != nil
			continue
		}
		if recv := ch.receivesOnce(s, fut); recv != nil {
			ch.reportFuture(s, fn, fut, "receives from it once", recv, CategoryShort)
			reported[fn] = fut.Send() != nil
		}
	}
}

// dropped reports how the site discards the future: "drops" for a call
// statement or "_ =", and the node to point at.
func (ch *checker) dropped(s *site, fut *summary.Future) (string, ast.Node) {
	parent := s.stack[len(s.stack)-2]
	switch p := parent.(type) {
	case *ast.ExprStmt:
		return "drops it", p
	case *ast.GoStmt, *ast.DeferStmt:
		return "drops it", p
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 || ast.Unparen(p.Rhs[0]) != s.call {
			return "", nil
		}
		if fut.Result >= len(p.Lhs) {
			return "", nil
		}
		if id, ok := p.Lhs[fut.Result].(*ast.Ident); ok && id.Name == "_" {
			return "assigns it to _", p
		}
	}
	return "", nil
}

// abandoned returns the case through which the caller stops waiting
// for the future: the call is received from directly as a select case
// ("case v := <-fetch(x):"), or assigned to a local variable whose only
// use is such a case; another case of the select waits for a timeout
// or a cancellation and its body ends in a return.
func (ch *checker) abandoned(s *site, fut *summary.Future) *ast.CommClause {
	recv := ch.recvOf(s, fut)
	if recv == nil {
		return nil
	}
	// The select whose case receives recv.
	_, body := s.enclosingFunc()
	var sel *ast.SelectStmt
	var own *ast.CommClause
	ast.Inspect(body, func(n ast.Node) bool {
		if sel != nil {
			return false
		}
		if st, ok := n.(*ast.SelectStmt); ok {
			for _, cc := range st.Body.List {
				cc := cc.(*ast.CommClause)
				if commRecv(cc) == recv {
					sel, own = st, cc
				}
			}
		}
		return true
	})
	if sel == nil {
		return nil
	}
	for _, cc := range sel.Body.List {
		cc := cc.(*ast.CommClause)
		if cc == own || !ch.isTimeout(cc) || len(cc.Body) == 0 {
			continue
		}
		if _, ok := cc.Body[len(cc.Body)-1].(*ast.ReturnStmt); ok {
			return cc
		}
	}
	return nil
}

// recvOf returns the one receive from the future of the site: the call
// is received from directly ("<-fetch(x)"), or assigned to a local
// variable whose only use is such a receive; nil otherwise.
func (ch *checker) recvOf(s *site, fut *summary.Future) *ast.UnaryExpr {
	info := ch.pass.TypesInfo
	if fut.Result != 0 || ch.sums == nil {
		return nil
	}
	var recv *ast.UnaryExpr // the receive from the future
	parent := s.stack[len(s.stack)-2]
	switch p := parent.(type) {
	case *ast.UnaryExpr:
		if p.Op == token.ARROW {
			recv = p
		}
	case *ast.AssignStmt:
		if len(p.Lhs) != 1 || len(p.Rhs) != 1 || p.Tok != token.DEFINE {
			return nil
		}
		id, ok := p.Lhs[0].(*ast.Ident)
		if !ok {
			return nil
		}
		v, ok := info.Defs[id].(*types.Var)
		if !ok {
			return nil
		}
		_, body := s.enclosingFunc()
		recv = onlyRecv(info, body, v)
	}
	return recv
}

// sameLoops reports whether the loops and function literals of body
// that hold recv all hold call too.
func sameLoops(body *ast.BlockStmt, call *ast.CallExpr, recv *ast.UnaryExpr) bool {
	ok := true
	holds := func(n, x ast.Node) bool { return n.Pos() <= x.Pos() && x.End() <= n.End() }
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit:
			if holds(n, recv) && !holds(n, call) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// receivesOnce returns the receive of a caller that takes one value
// from a future whose goroutines send more than one value plus the
// buffer, a known number of times: the others block forever.
//
//	func race(a, b string) <-chan string {
//		ch := make(chan string)
//		go func() { ch <- get(a) }()
//		go func() { ch <- get(b) }()
//		return ch
//	}
//
//	return <-race(a, b) // the slower goroutine blocks for ever
func (ch *checker) receivesOnce(s *site, fut *summary.Future) *ast.UnaryExpr {
	if fut.MaxSend == summary.Unbounded || fut.MaxSend <= 1+fut.Cap {
		return nil
	}
	recv := ch.recvOf(s, fut)
	if recv == nil {
		return nil
	}
	if _, body := s.enclosingFunc(); !sameLoops(body, s.call, recv) {
		return nil // received in a loop, or in a function literal
	}
	return recv
}

// onlyRecv returns the receive <-v when it is the only use of v in
// body, or nil.
func onlyRecv(info *types.Info, body *ast.BlockStmt, v *types.Var) *ast.UnaryExpr {
	var recv *ast.UnaryExpr
	n := 0
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && x.Op == token.ARROW && info.Uses[id] == v {
				recv = x
			}
		case *ast.Ident:
			if info.Uses[x] == v {
				n++
			}
		}
		return true
	})
	if n != 1 {
		return nil
	}
	return recv
}

// commRecv returns the receive expression of a case "case <-x:" or
// "case v := <-x:".
func commRecv(cc *ast.CommClause) *ast.UnaryExpr {
	var e ast.Expr
	switch s := cc.Comm.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	}
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return nil
	}
	return u
}

// isTimeout reports whether a select case waits for a deadline or a
// cancellation: time.After(d), x.Done() of a context, t.C of a timer.
func (ch *checker) isTimeout(cc *ast.CommClause) bool {
	u := commRecv(cc)
	if u == nil {
		return false
	}
	info := ch.pass.TypesInfo
	switch x := ast.Unparen(u.X).(type) {
	case *ast.CallExpr:
		fn := calleeOf(info, x)
		if fn == nil || fn.Pkg() == nil {
			return false
		}
		if fn.Pkg().Path() == "time" && fn.Name() == "After" {
			return true
		}
		if fn.Name() == "Done" && fn.Pkg().Path() == "context" {
			return true
		}
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && fn.Name() == "Done" {
			return isContext(info.TypeOf(sel.X))
		}
	case *ast.SelectorExpr:
		if x.Sel.Name != "C" {
			return false
		}
		n := summary.NamedOf(info.TypeOf(x.X))
		return n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && (n.Obj().Name() == "Timer" || n.Obj().Name() == "Ticker")
	}
	return false
}

// isContext reports whether t is context.Context or implements it.
func isContext(t types.Type) bool {
	if t == nil {
		return false
	}
	ms := types.NewMethodSet(t)
	for _, name := range []string{"Deadline", "Done", "Err", "Value"} {
		if ms.Lookup(nil, name) == nil {
			return false
		}
	}
	return true
}

// describeComm renders the channel of a select case.
func describeComm(cc *ast.CommClause) string {
	u := commRecv(cc)
	if u == nil {
		return "default"
	}
	if call, ok := ast.Unparen(u.X).(*ast.CallExpr); ok {
		if len(call.Args) == 0 {
			return types.ExprString(call.Fun) + "()"
		}
		return types.ExprString(call.Fun)
	}
	return types.ExprString(u.X)
}

// reportFuture reports a future whose goroutine blocks because the
// caller does not receive: at the send when the function is of this
// package (with a suggested buffer when one value is sent), else at the
// call.
func (ch *checker) reportFuture(s *site, fn *types.Func, fut *summary.Future, how string, at ast.Node, cat string) {
	fname, _ := s.enclosingFunc()
	caller := funcName(fname, s.stack)
	callee := summary.Describe(fn, ch.pass.Pkg)
	sends := "sends in a loop"
	if fut.MaxSend != summary.Unbounded {
		sends = "sends " + plural(fut.MaxSend)
	}
	who := "the goroutine"
	if fut.Goroutines > 1 {
		who = fmt.Sprintf("its %d goroutines", fut.Goroutines)
		sends = strings.Replace(sends, "sends", "send", 1)
	}
	if fut.Cap > 0 {
		sends += fmt.Sprintf(" but its buffer holds %d", fut.Cap)
	}
	related := analysis.RelatedInformation{Pos: at.Pos(), End: at.End(), Message: fmt.Sprintf("%s %s here", caller, how)}
	if cc, ok := at.(*ast.CommClause); ok {
		related.End = cc.Colon + 1
	}
	if send := fut.Send(); send != nil {
		d := analysis.Diagnostic{
			Pos:      send.Pos(),
			End:      send.End(),
			Category: cat,
			Message: fmt.Sprintf("goroutine may block forever sending on %s: %s returns %s to %s, which %s, and %s %s (possible goroutine leak)",
				fut.Name, callee, fut.Name, caller, how, who, sends),
			Related: []analysis.RelatedInformation{related},
		}
		if mk := fut.Make(); mk != nil && fut.Cap == 0 && fut.MaxSend == 1 && len(mk.Args) == 1 && !mk.Ellipsis.IsValid() {
			d.Message += fmt.Sprintf("; buffer %s with capacity 1", fut.Name)
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "Buffer the channel with capacity 1",
				TextEdits: []analysis.TextEdit{{Pos: mk.Rparen, End: mk.Rparen, NewText: []byte(", 1")}},
			}}
		}
		ch.r.Report(d)
		return
	}
	ch.r.Report(analysis.Diagnostic{
		Pos:      s.call.Pos(),
		End:      s.call.End(),
		Category: cat,
		Message: fmt.Sprintf("%s returns a channel fed by %s with no way out; %s %s, so %s blocks forever (possible goroutine leak)",
			callee, fed(fut, sends), caller, how, blocked(fut)),
		Related: []analysis.RelatedInformation{related},
	})
}

// fed describes the goroutines of a future for messages: "a goroutine
// that sends once", "2 goroutines that send twice".
func fed(fut *summary.Future, sends string) string {
	if fut.Goroutines > 1 {
		return fmt.Sprintf("%d goroutines that %s", fut.Goroutines, sends)
	}
	return "a goroutine that " + sends
}

// blocked names what blocks: "the goroutine", "a goroutine".
func blocked(fut *summary.Future) string {
	if fut.Goroutines > 1 {
		return "a goroutine"
	}
	return "the goroutine"
}

// plural spells a count of times.
func plural(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}
