package lockleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
)

// A closeSite is a close of a channel field, in the function fn (a
// declaration or literal), deferred or not.
type closeSite struct {
	call     *ast.CallExpr
	fn       ast.Node
	deferred bool
}

// closeUses returns the closes of the channel field fv if nothing in
// the package sends on it: every use is a receive, a range, a close,
// len or cap, or an assignment of a make. Nil otherwise (a send, any
// other use, or a use outside the files of the syntax index).
func (ck *checker) closeUses(fv *types.Var) []closeSite {
	info := ck.pass.TypesInfo
	total := 0
	for _, obj := range info.Uses {
		if sameField(obj, fv) {
			total++
		}
	}
	sc := ck.pass.ResultOf[scope.Analyzer].(*scope.Result)
	var out []closeSite
	found, makes := 0, 0
	for cur := range sc.Index.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if !sameField(info.Uses[id], fv) {
			continue
		}
		found++
		parent := cur.Parent()
		switch p := parent.Node().(type) {
		case *ast.KeyValueExpr:
			if p.Key == id && isMake(info, p.Value) {
				makes++
				continue
			}
		case *ast.SelectorExpr:
			if p.Sel != id {
				return nil
			}
			gp := parent.Parent()
			for {
				if _, ok := gp.Node().(*ast.ParenExpr); !ok {
					break
				}
				gp = gp.Parent()
			}
			switch g := gp.Node().(type) {
			case *ast.UnaryExpr:
				if g.Op == token.ARROW {
					continue
				}
			case *ast.RangeStmt:
				if ast.Unparen(g.X) == p {
					continue
				}
			case *ast.CallExpr:
				id, ok := ast.Unparen(g.Fun).(*ast.Ident)
				if !ok {
					return nil
				}
				b, ok := info.Uses[id].(*types.Builtin)
				if !ok {
					return nil
				}
				switch b.Name() {
				case "len", "cap":
					continue
				case "close":
					c := closeSite{call: g}
					_, c.deferred = gp.Parent().Node().(*ast.DeferStmt)
					for fc := range gp.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
						c.fn = fc.Node()
						break
					}
					if c.fn == nil {
						return nil
					}
					out = append(out, c)
					continue
				}
			case *ast.AssignStmt:
				if len(g.Lhs) == len(g.Rhs) {
					if i := indexOf(g.Lhs, p); i >= 0 && isMake(info, g.Rhs[i]) {
						makes++
						continue
					}
				}
			}
		}
		return nil // a send, or the channel escapes
	}
	if found != total || makes == 0 {
		return nil
	}
	return out
}

// isMake reports whether e is a call of the builtin make.
func isMake(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "make"
}

// heldClose reports a receive from the channel field fv made while
// holding the mutex l of the same value, when nothing sends on the
// channel and every close of it comes after a loop that locks that
// mutex on every iteration: a loop at the top level of the closing
// function, before the close (or anywhere, for a deferred close),
// whose body locks the mutex at its top level (directly or through a
// call of a function that locks it on every path) with no way out of
// the iteration before the lock. An iteration that starts while the
// receiver holds the mutex blocks at the lock, and the close that
// would end the receive never comes. It reports whether it reported.
func (ck *checker) heldClose(f *lockset.Func, op *lockset.ChanOp, l *lockset.Lock, closes []closeSite) bool {
	if len(closes) == 0 {
		return false
	}
	var related []analysis.RelatedInformation
	var names []string
	for _, c := range closes {
		g := ck.model.Model(c.fn)
		if g == nil || g.Skipped {
			return false
		}
		pos, name, via, ok := ck.lockingLoopBefore(g, c, l, op.Held[l.Key])
		if !ok {
			return false
		}
		names = appendName(names, g.Name)
		related = append(related,
			analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf("%s locks %s%s here on every iteration", g.Name, name, through(via))},
			analysis.RelatedInformation{Pos: c.call.Pos(), End: c.call.End(), Message: "before this close"})
	}
	who := names[0]
	if len(names) > 1 {
		who = "each of " + joinNames(names)
	}
	related = append([]analysis.RelatedInformation{{Pos: op.HeldAt[l.Key], Message: l.Name + " is locked here"}}, related...)
	ck.r.Report(analysis.Diagnostic{
		Pos:      op.Node.Pos(),
		End:      op.Node.End(),
		Category: catWait,
		Message: fmt.Sprintf("%s holds %s while receiving from %s, which only a close ends; %s closes it after a loop that locks %s on every iteration, and an iteration under way blocks on %s (possible deadlock): unlock %s first",
			f.Name, l.Name, types.ExprString(op.Chan), who, lockField(l), l.Name, l.Name),
		Related: related,
	})
	return true
}

func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}

// lockingLoopBefore finds, in g, a loop at the top level of its body
// that runs before the close c and locks the mutex of l's field, on the
// value that owns c's channel, at the top level of the loop body before
// any way out of the iteration; in a mode that conflicts with held.
func (ck *checker) lockingLoopBefore(g *lockset.Func, c closeSite, l *lockset.Lock, held lockset.Mode) (token.Pos, string, []*types.Func, bool) {
	if len(c.call.Args) != 1 {
		return token.NoPos, "", nil, false
	}
	sel, ok := ast.Unparen(c.call.Args[0]).(*ast.SelectorExpr)
	if !ok {
		return token.NoPos, "", nil, false
	}
	owner, ok := ck.model.KeyOf(sel.X)
	if !ok || owner.Root == nil {
		return token.NoPos, "", nil, false
	}
	want := owner.Path
	if want != "" {
		want += "."
	}
	want += lockField(l)
	// The statement of the close at the top level of g's body.
	var closeStmt ast.Stmt
	for _, s := range g.Body.List {
		if s.Pos() <= c.call.Pos() && c.call.End() <= s.End() {
			closeStmt = s
		}
	}
	if closeStmt == nil {
		return token.NoPos, "", nil, false
	}
	if !c.deferred {
		if es, ok := closeStmt.(*ast.ExprStmt); !ok || ast.Unparen(es.X) != c.call {
			return token.NoPos, "", nil, false // a close under a condition
		}
	}
	for _, s := range g.Body.List {
		if !c.deferred && s.Pos() >= closeStmt.Pos() {
			break
		}
		body := loopBody(s)
		if body == nil {
			continue
		}
		for i, bs := range body.List {
			for _, a := range g.Acquires {
				k := a.Lock.Key
				if k.Root != owner.Root || k.Path != want || a.Lock.Escapes || a.Lock.Try || !stmtCalls(bs, a.Call) {
					continue
				}
				if a.Mode == lockset.Read && held == lockset.Read {
					continue
				}
				if leaves(body.List[:i]) {
					break
				}
				return a.Call.Pos(), a.Lock.Name, a.Via, true
			}
		}
	}
	return token.NoPos, "", nil, false
}

// leaves reports whether the statements may end the iteration or the
// function (a return, a branch statement, a panic or a goto), or contain
// a function literal.
func leaves(list []ast.Stmt) bool {
	found := false
	for _, s := range list {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ReturnStmt, *ast.BranchStmt, *ast.FuncLit:
				found = true
			case *ast.CallExpr:
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "panic" {
					found = true
				}
			}
			return !found
		})
	}
	return found
}
