package callleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/summary"
	"golang.org/x/tools/go/analysis"
)

// checkCtors checks every call of a constructor that starts the
// goroutine of the value it returns (summary.Start with New): the
// caller owns that goroutine as it would after a start method, and
// must call a stop method on every path.
//
//	p := NewPoller() // its goroutine ends only in p.Stop
//	if err := p.Check(); err != nil {
//		return err // leaks it
//	}
//	p.Stop()
func (ch *checker) checkCtors(starts []*types.Func) {
	set := map[*types.Func]bool{}
	ctors := map[*types.Func]bool{}
	for _, fn := range starts {
		set[fn] = true
		if s := ch.sums.Of(fn); s != nil && s.Start != nil && s.Start.New {
			ctors[fn] = true
		}
	}
	if len(ctors) == 0 {
		return
	}
	ids := map[*ast.Ident]bool{}
	for id, obj := range ch.pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && ctors[fn.Origin()] {
			ids[id] = true
		}
	}
	for _, s := range ch.sites(ids) {
		ch.checkCtor(s, set)
	}
}

// checkCtor checks one call of a starting constructor: "v := NewT()"
// with v a local variable of the enclosing function defined there
// only.
func (ch *checker) checkCtor(s *site, starts map[*types.Func]bool) {
	info := ch.pass.TypesInfo
	if ch.skip(s.call.Pos()) || len(s.stack) < 2 {
		return
	}
	fn := calleeOf(info, s.call)
	if fn == nil {
		return
	}
	sum := ch.sums.Of(fn)
	if sum == nil || sum.Start == nil || !sum.Start.New {
		return
	}
	as, ok := s.stack[len(s.stack)-2].(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != fn.Signature().Results().Len() || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != ast.Expr(s.call) {
		return
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return
	}
	v, ok := info.Defs[id].(*types.Var)
	if !ok {
		return
	}
	fnNode, body := s.enclosingFunc()
	if body == nil || ch.isMainMain(fnNode) || !definedOnce(info, body, v) {
		return
	}
	var failed *ast.IfStmt // "if err != nil" right after "p, err := NewT()"
	if sum.Start.Err {
		if failed = ctorErrBranch(info, s, as); failed == nil {
			return // the error is not tested right after: not followed
		}
	}
	u := ch.usesOf(body, v, starts, sum.Start.Stops, nil)
	if u.escapes || u.hidden {
		return
	}
	g := ch.cfgs.Func(fnNode)
	if g == nil {
		return
	}
	ret := pathWithout(g, s.call, u.stops, failed)
	if ret == nil {
		return
	}
	recv := id.Name
	fname := funcName(fnNode, s.stack)
	stop := pickStop(sum.Start.Stops)
	var stops []string
	for _, st := range sum.Start.Stops {
		stops = append(stops, recv+"."+st)
	}
	d := analysis.Diagnostic{
		Pos:      s.call.Pos(),
		End:      s.call.End(),
		Category: CategoryNoStop,
		Message: fmt.Sprintf("%s starts a goroutine that only %s ends, but %s can return without calling it (possible goroutine leak); %s",
			summary.Describe(fn, ch.pass.Pkg), orList(stops), fname, stopHint(recv, stop, u.handoff)),
	}
	at, end := ret.Pos(), ret.Pos()+token.Pos(len("return"))
	if ret.Return == body.Rbrace {
		at, end = body.Rbrace, body.Rbrace+1
	}
	d.Related = []analysis.RelatedInformation{{Pos: at, End: end, Message: returnsHere(fname, recv, stops, u.handoff)}}
	ch.r.Report(d)
}

// definedOnce reports whether v is assigned exactly once in body (its
// definition) and its address is never taken.
func definedOnce(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	n := 0
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && (info.Defs[id] == v || info.Uses[id] == v) {
					n++
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && x.Op == token.AND && info.Uses[id] == v {
				n += 2
			}
		}
		return true
	})
	return n == 1
}

// ctorErrBranch returns the if statement right after "p, err :=
// NewT()" that tests "err != nil", or nil.
func ctorErrBranch(info *types.Info, s *site, as *ast.AssignStmt) *ast.IfStmt {
	if len(as.Lhs) != 2 || len(s.stack) < 3 {
		return nil
	}
	id, ok := as.Lhs[1].(*ast.Ident)
	if !ok {
		return nil
	}
	errv := info.Defs[id]
	if errv == nil {
		errv = info.Uses[id]
	}
	if errv == nil {
		return nil
	}
	var next ast.Stmt
	switch p := s.stack[len(s.stack)-3].(type) {
	case *ast.IfStmt: // if p, err := NewT(); err != nil
		if p.Init == ast.Stmt(as) {
			next = p
		}
	case *ast.BlockStmt:
		for i, st := range p.List {
			if st == ast.Stmt(as) && i+1 < len(p.List) {
				next = p.List[i+1]
			}
		}
	}
	ifs, ok := next.(*ast.IfStmt)
	if !ok || ifs.Init != nil && ifs.Init != ast.Stmt(as) {
		return nil
	}
	be, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || be.Op != token.NEQ {
		return nil
	}
	x, y := ast.Unparen(be.X), ast.Unparen(be.Y)
	if isNil(info, x) {
		x, y = y, x
	}
	xid, ok := x.(*ast.Ident)
	if !ok || info.Uses[xid] != errv || !isNil(info, y) {
		return nil
	}
	return ifs
}
