package waitclose

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

// checkTwice reports a close of ch that can run after another close of
// ch on one path of the function both are in: two closes in sequence, a
// close in a loop, or a close together with a deferred close.
//
// A path is cut where it reassigns ch, sends on it (which panics after
// the first close), receives from it or compares it
// (select { case <-ch: default: close(ch) }, if ch != nil), or mentions
// a variable assigned right after the first close (close(ch); closed =
// true ... if !closed).
func (a *checker) checkTwice(ch *chanflow.Chan) {
	var funcs []*chanflow.Func
	byFunc := make(map[*chanflow.Func][]*ast.CallExpr)
	inLoop := make(map[*chanflow.Func]bool) // a close of ch in a loop of the function
	for _, op := range ch.OpsOf(chanflow.Close) {
		if byFunc[op.Func] == nil {
			funcs = append(funcs, op.Func)
		}
		byFunc[op.Func] = append(byFunc[op.Func], op.Node.(*ast.CallExpr))
		inLoop[op.Func] = inLoop[op.Func] || len(op.Loops) > 0
	}
	for _, f := range funcs {
		calls := byFunc[f]
		if len(calls) == 1 && !inLoop[f] && !lazycfg.HasGoto(f.Body, false) {
			continue // one close, which no path reaches twice: no need for the graph
		}
		g := a.cfgOf(f)
		if g == nil {
			continue
		}
		// The node of each close: its statement, or its defer statement.
		type site struct {
			call  *ast.CallExpr
			block *cfg.Block
			index int
		}
		var sites []site
		for _, b := range g.Blocks {
			if !b.Live {
				continue
			}
			for i, n := range b.Nodes {
				for _, call := range calls {
					if contains(n, call) && !inLit(n, call) {
						sites = append(sites, site{call, b, i})
					}
				}
			}
		}
		isClose := func(n ast.Node) *ast.CallExpr {
			for _, s := range sites {
				if s.block.Nodes[s.index] == n {
					return s.call
				}
			}
			return nil
		}
		for _, s := range sites {
			guards := map[string]bool{}
			if _, deferred := s.block.Nodes[s.index].(*ast.DeferStmt); !deferred {
				guards = a.guards(s.block.Nodes[s.index+1:])
			}
			conds := conditionsOver(f.Body, s.call)
			cut := func(n ast.Node) bool { return conds[n] || a.cutsTwice(ch, guards, n) }
			second := a.findAfter(s.block, s.index, isClose, cut, func(b *cfg.Block) bool { return a.rangesOver(ch, b) })
			if second == nil || a.reported[second] {
				continue
			}
			a.report(second, catTwice,
				fmt.Sprintf("%s may be closed twice on one path (close of a closed channel panics)", ch.Name()),
				[]analysis.RelatedInformation{{Pos: s.call.Pos(), End: s.call.End(), Message: fmt.Sprintf("%s is first closed here", ch.Name())}})
		}
	}
}

// conditionsOver returns the control-flow nodes of the conditions that
// the call depends on within body: the conditions of the enclosing if
// statements (not loops: a loop condition holds again), the expressions of the enclosing switch case and
// the communication of the enclosing select case. A path that evaluates
// one of them again (a loop back to a guarded close) is assumed not to
// take the same branch: the guard usually changes (if ticks == n).
func conditionsOver(body *ast.BlockStmt, call *ast.CallExpr) map[ast.Node]bool {
	conds := make(map[ast.Node]bool)
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if _, ok := n.(*ast.FuncLit); ok || !contains(n, call) {
			return false
		}
		stack = append(stack, n)
		if n != ast.Node(call) {
			return true
		}
		for i, p := range stack {
			var child ast.Node
			if i+1 < len(stack) {
				child = stack[i+1]
			}
			switch p := p.(type) {
			case *ast.IfStmt:
				if child == p.Body || child == p.Else {
					conds[p.Cond] = true
				}
			case *ast.CaseClause:
				for _, e := range p.List {
					conds[e] = true
				}
			case *ast.CommClause:
				if p.Comm != nil && child != p.Comm {
					conds[p.Comm] = true
				}
			}
		}
		return false
	})
	return conds
}

// inLit reports whether inner lies in a function literal within n.
func inLit(n, inner ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if lit, ok := x.(*ast.FuncLit); ok && contains(lit, inner) {
			found = true
		}
		return !found
	})
	return found
}

// findAfter walks forward from just after node i of block b and returns
// the close call of the first close node it reaches before a cut.
func (a *checker) findAfter(b *cfg.Block, i int, isClose func(ast.Node) *ast.CallExpr, cut func(ast.Node) bool, cutBlock func(*cfg.Block) bool) *ast.CallExpr {
	seen := make(map[*cfg.Block]bool)
	var walk func(b *cfg.Block, i int) *ast.CallExpr
	walk = func(b *cfg.Block, i int) *ast.CallExpr {
		if i == 0 && cutBlock(b) {
			return nil
		}
		for _, n := range b.Nodes[i:] {
			if c := isClose(n); c != nil {
				return c
			}
			if cut(n) {
				return nil
			}
		}
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				if c := walk(s, 0); c != nil {
					return c
				}
			}
		}
		return nil
	}
	return walk(b, i+1)
}

// guards returns the variables and fields (rendered) assigned by the
// nodes that follow a close in its block.
func (a *checker) guards(after []ast.Node) map[string]bool {
	gs := make(map[string]bool)
	for _, n := range after {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				gs[types.ExprString(l)] = true
			}
		}
	}
	return gs
}

// cutsTwice reports whether node n ends a search for a second close:
// it assigns, receives from or compares ch, or mentions a guard.
func (a *checker) cutsTwice(ch *chanflow.Chan, guards map[string]bool, n ast.Node) bool {
	info := a.pass.TypesInfo
	isCh := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && (info.Uses[id] == ch.Var || info.Defs[id] == ch.Var)
	}
	if id, ok := n.(*ast.Ident); ok && isCh(id) {
		return true // the key or value of a range statement
	}
	cut := false
	ast.Inspect(n, func(x ast.Node) bool {
		if cut {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if isCh(l) {
					cut = true
				}
			}
		case *ast.ValueSpec:
			for _, name := range x.Names {
				if isCh(name) {
					cut = true
				}
			}
		case *ast.UnaryExpr:
			if x.Op == token.ARROW && isCh(x.X) {
				cut = true
			}
		case *ast.SendStmt:
			if isCh(x.Chan) {
				cut = true // a send on the closed channel panics first
			}
		case *ast.BinaryExpr:
			if isCh(x.X) || isCh(x.Y) {
				cut = true
			}
		case *ast.Ident, *ast.SelectorExpr:
			if guards[types.ExprString(x.(ast.Expr))] {
				cut = true
			}
		}
		return !cut
	})
	return cut
}

// rangesOver reports whether b is the head of a range loop that assigns
// ch on each iteration (for _, ch := range chans).
func (a *checker) rangesOver(ch *chanflow.Chan, b *cfg.Block) bool {
	if b.Kind != cfg.KindRangeLoop {
		return false
	}
	rng, ok := b.Stmt.(*ast.RangeStmt)
	if !ok {
		return false
	}
	for _, e := range []ast.Expr{rng.Key, rng.Value} {
		if id, ok := e.(*ast.Ident); ok {
			if obj := a.pass.TypesInfo.ObjectOf(id); obj == ch.Var {
				return true
			}
		}
	}
	return false
}
