package timerleak

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Closed-world fields.
//
// A timer held in an unexported field of a struct type of this package
// is only touched by this package (and its tests). If every receive from
// its channel and every Stop made through the field is followed at once
// by a new value for the field (a new timer or nil), then the timer the
// field holds was never received from or stopped: under Go 1.23 its Stop
// returns true and a drain after it never runs. A use the pass cannot
// follow (the channel passed on, the timer copied out of the field and
// used elsewhere, a deferred Stop) leaves the field's history unknown:
// the drain is then not reported either, since the pass cannot say why
// it would block. Only a receive or Stop through the field that is not
// followed by a new value shows a path on which the drain blocks.

// A fieldVerdict is what the package shows of a timer field's history.
type fieldVerdict int

const (
	fieldOpen    fieldVerdict = iota // not a closed-world field: its history is outside
	fieldClean                       // every receive and Stop is followed by a new value
	fieldUnknown                     // a use the pass cannot follow
	fieldUsed                        // a receive or Stop not followed by a new value: event
)

// fieldHistory judges the timer field f (see above) and, for fieldUsed,
// returns the receive or Stop that shows it.
func (a *checker) fieldHistory(f *types.Var) (fieldVerdict, ast.Node) {
	if f.Exported() || f.Pkg() != a.pass.Pkg || !f.IsField() {
		return fieldOpen, nil
	}
	if v, ok := a.fieldMemo[f]; ok {
		return v.verdict, v.at
	}
	verdict, at := fieldClean, ast.Node(nil)
	info := a.pass.TypesInfo
	worse := func(v fieldVerdict, n ast.Node) {
		if v > verdict {
			verdict, at = v, n
		}
	}
	for _, file := range a.pass.Files {
		var stack []ast.Node
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if s, ok := info.Selections[sel]; !ok || s.Obj() != f {
				return true
			}
			// The ancestors of sel, parentheses skipped.
			up := func(k int) ast.Node {
				for i := len(stack) - 2; i >= 0; i-- {
					if _, ok := stack[i].(*ast.ParenExpr); ok {
						continue
					}
					if k == 0 {
						return stack[i]
					}
					k--
				}
				return nil
			}
			switch p := up(0).(type) {
			case *ast.SelectorExpr:
				call, _ := up(1).(*ast.CallExpr)
				switch {
				case p.Sel.Name == "Reset" && call != nil:
				case p.Sel.Name == "Stop" && call != nil:
					if _, deferred := up(2).(*ast.DeferStmt); deferred || !a.followedByNewValue(stack, sel) {
						worse(fieldUsed, call)
					}
				case p.Sel.Name == "C":
					if u, ok := up(1).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
						if !a.followedByNewValue(stack, sel) {
							worse(fieldUsed, u)
						}
					} else {
						worse(fieldUnknown, p) // the channel goes elsewhere
					}
				default:
					worse(fieldUnknown, p)
				}
			case *ast.AssignStmt:
				for i, l := range p.Lhs {
					if ast.Unparen(l) != ast.Expr(sel) {
						continue
					}
					if len(p.Lhs) != len(p.Rhs) || !newValue(info, p.Rhs[i]) {
						worse(fieldUnknown, p)
					}
					return true
				}
				worse(fieldUnknown, p) // copied out
			case *ast.BinaryExpr:
				if p.Op != token.EQL && p.Op != token.NEQ {
					worse(fieldUnknown, p)
				}
			default:
				worse(fieldUnknown, sel)
			}
			return true
		})
	}
	if a.fieldMemo == nil {
		a.fieldMemo = make(map[*types.Var]fieldMemo)
	}
	a.fieldMemo[f] = fieldMemo{verdict, at}
	return verdict, at
}

type fieldMemo struct {
	verdict fieldVerdict
	at      ast.Node
}

// newValue reports whether e is a new timer (time.NewTimer, AfterFunc)
// or nil.
func newValue(info *types.Info, e ast.Expr) bool {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		_, isNil := info.Uses[id].(*types.Nil)
		return isNil
	}
	ctor := isTimerCtor(info, e)
	return ctor == "NewTimer" || ctor == "AfterFunc"
}

// followedByNewValue reports whether the statement holding the last
// node of stack is followed, before any other control flow, by an
// assignment of a new value to the same field chain as sel. The search
// leaves blocks, if statements and case clauses upward, but not loops
// or functions.
func (a *checker) followedByNewValue(stack []ast.Node, sel *ast.SelectorExpr) bool {
	want := types.ExprString(sel)
	info := a.pass.TypesInfo
	// Find the innermost statement list holding an ancestor.
	for i := len(stack) - 1; i > 0; i-- {
		var list []ast.Stmt
		switch p := stack[i-1].(type) {
		case *ast.BlockStmt:
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			if p.Comm == stack[i] {
				list = append([]ast.Stmt{p.Comm}, p.Body...)
			} else {
				list = p.Body
			}
		case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit, *ast.FuncDecl, *ast.DeferStmt, *ast.GoStmt:
			return false
		default:
			continue
		}
		st, ok := stack[i].(ast.Stmt)
		if !ok {
			continue
		}
		at := -1
		for k, s := range list {
			if s == st {
				at = k
			}
		}
		if at < 0 {
			continue
		}
		for _, s := range list[at+1:] {
			switch s := s.(type) {
			case *ast.AssignStmt:
				for k, l := range s.Lhs {
					if types.ExprString(ast.Unparen(l)) == want && len(s.Lhs) == len(s.Rhs) && newValue(info, s.Rhs[k]) {
						return true
					}
				}
			case *ast.ExprStmt, *ast.IncDecStmt, *ast.DeclStmt, *ast.EmptyStmt:
			default:
				return false // other control flow first
			}
		}
		// The end of the list: go on after the statement that owns it.
	}
	return false
}
