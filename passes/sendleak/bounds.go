package sendleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
)

// Bounds.
//
// Counts are intervals: a loop's trip count, a slice's length and a
// goroutine's sends have an upper bound when the code shows one, and
// none ("unknown") otherwise. The path search compares the upper bound
// of what is sent with what is received plus the buffer: when the
// bound fits, nothing can block.

// tripBound returns an upper bound of the number of iterations of loop
// in body: its constant trip count ("for i := 0; i < 3; i++" whose body
// does not assign i, "range 3", a range over an array), or the length
// bound of a local slice it ranges over (see maxLen).
func (ch *checker) tripBound(loop ast.Stmt, body *ast.BlockStmt) (int64, bool) {
	info := ch.pass.TypesInfo
	if l, ok := loop.(*ast.ForStmt); ok {
		if _, _, ok := countedFor(l); !ok {
			return 0, false
		}
		i := l.Init.(*ast.AssignStmt).Lhs[0].(*ast.Ident)
		v, _ := info.Defs[i].(*types.Var)
		if v == nil || assignedBetween(info, l.Body, v, l.Body.Pos(), l.Body.End()) {
			return 0, false // the body moves the counter
		}
	}
	if n, ok := ch.tripCount(loop); ok {
		return n, true
	}
	rs, ok := loop.(*ast.RangeStmt)
	if !ok {
		return 0, false
	}
	id, ok := ast.Unparen(rs.X).(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return 0, false
	}
	return ch.maxLen(v, body, rs)
}

// maxLen returns an upper bound of the length of the local slice v when
// the loop at is reached: v is declared empty (var v []T, v := []T{},
// make([]T, 0[, c])) or with a composite literal of k elements, and
// every other assignment in body is "v = append(v, e1, ..., en)" before
// at and outside at, in loops with a trip bound or in none. Its address
// is not taken and no function literal assigns it.
func (ch *checker) maxLen(v *types.Var, body *ast.BlockStmt, at ast.Stmt) (int64, bool) {
	info := ch.pass.TypesInfo
	if _, ok := v.Type().Underlying().(*types.Slice); !ok || !(body.Pos() <= v.Pos() && v.Pos() < body.End()) {
		return 0, false
	}
	if ch.lenBusy[v] {
		return 0, false // slices bounded by each other
	}
	if ch.lenBusy == nil {
		ch.lenBusy = make(map[*types.Var]bool)
	}
	ch.lenBusy[v] = true
	defer delete(ch.lenBusy, v)
	var (
		total int64
		ok    = true
		def   = false
		loops []ast.Stmt
	)
	initial := func(e ast.Expr) (int64, bool) {
		switch e := ast.Unparen(e).(type) {
		case *ast.CompositeLit:
			for _, el := range e.Elts {
				if _, ok := el.(*ast.KeyValueExpr); ok {
					return 0, false // indexed elements: the length is the largest index
				}
			}
			return int64(len(e.Elts)), true
		case *ast.CallExpr:
			if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && id.Name == "make" && len(e.Args) >= 2 {
				if _, isB := info.Uses[id].(*types.Builtin); isB {
					n, ok := chanflow.ConstInt(info, e.Args[1])
					return n, ok
				}
			}
		}
		return 0, false
	}
	mult := func() (int64, bool) {
		m := int64(1)
		for _, l := range loops {
			n, ok := ch.tripBound(l, body)
			if !ok || n > 1<<20 {
				return 0, false
			}
			m *= n
		}
		return m, true
	}
	isV := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && (info.Uses[id] == v || info.Defs[id] == v)
	}
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if !ok || n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			if assignedBetween(info, n.Body, v, n.Pos(), n.End()) {
				ok = false
			}
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, n.(ast.Stmt))
			for _, c := range children(n) {
				ast.Inspect(c, visit)
			}
			loops = loops[:len(loops)-1]
			return false
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] != v {
					continue
				}
				def = true
				if len(n.Values) == 0 {
					continue // var v []T
				}
				k, good := initial(n.Values[i])
				if !good || len(n.Values) != len(n.Names) {
					ok = false
				}
				total += k
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if !isV(l) {
					continue
				}
				if len(n.Lhs) != len(n.Rhs) {
					ok = false
					return false
				}
				if n.Tok == token.DEFINE && info.Defs[l.(*ast.Ident)] == v {
					def = true
					k, good := initial(n.Rhs[i])
					if !good {
						ok = false
					}
					total += k
					continue
				}
				call, isCall := ast.Unparen(n.Rhs[i]).(*ast.CallExpr)
				if !isCall || n.Tok != token.ASSIGN || call.Ellipsis.IsValid() || len(call.Args) < 1 || !isV(call.Args[0]) {
					ok = false
					return false
				}
				if id, isID := ast.Unparen(call.Fun).(*ast.Ident); !isID || id.Name != "append" {
					ok = false
					return false
				} else if _, isB := info.Uses[id].(*types.Builtin); !isB {
					ok = false
					return false
				}
				if at.Pos() <= n.Pos() && n.Pos() < at.End() {
					ok = false // appended to while ranged over
					return false
				}
				if n.Pos() > at.Pos() && len(loops) == 0 {
					continue // after the loop, and not in a loop that comes back to it
				}
				m, good := mult()
				if !good {
					ok = false
					return false
				}
				total += m * int64(len(call.Args)-1)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && isV(n.X) {
				ok = false
			}
		}
		return true
	}
	ast.Inspect(body, visit)
	if !ok || !def {
		return 0, false
	}
	return total, true
}

// children returns the direct parts of a loop statement.
func children(n ast.Node) []ast.Node {
	var out []ast.Node
	add := func(x ast.Node) {
		switch x := x.(type) {
		case nil:
		case ast.Expr:
			if x != nil {
				out = append(out, x)
			}
		case ast.Stmt:
			if x != nil {
				out = append(out, x)
			}
		}
	}
	switch n := n.(type) {
	case *ast.ForStmt:
		if n.Init != nil {
			add(n.Init)
		}
		if n.Cond != nil {
			add(n.Cond)
		}
		if n.Post != nil {
			add(n.Post)
		}
		add(n.Body)
	case *ast.RangeStmt:
		if n.Key != nil {
			add(n.Key)
		}
		if n.Value != nil {
			add(n.Value)
		}
		add(n.X)
		add(n.Body)
	}
	return out
}

// capGuarded reports whether the send s on c, in the body of lit, is
// followed at once by "if len(c) == K { ...; return }" (or >=), where K
// is c's capacity expression or cap(c): the goroutine returns once the
// buffer is full, so, as long as it is the only sender, it never sends
// into a full buffer and never blocks.
func (ch *checker) capGuarded(c *chanflow.Chan, lit *chanflow.Func, s *ast.SendStmt) bool {
	if c.Cap == nil {
		return false
	}
	info := ch.pass.TypesInfo
	capText := types.ExprString(ast.Unparen(c.Cap))
	isC := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == c.Var
	}
	isBuiltin := func(e ast.Expr, name string) (*ast.CallExpr, bool) {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return nil, false
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok || id.Name != name {
			return nil, false
		}
		_, b := info.Uses[id].(*types.Builtin)
		return call, b
	}
	guard := func(st ast.Stmt) bool {
		ifs, ok := st.(*ast.IfStmt)
		if !ok || ifs.Init != nil || len(ifs.Body.List) == 0 {
			return false
		}
		if _, ok := ifs.Body.List[len(ifs.Body.List)-1].(*ast.ReturnStmt); !ok {
			return false
		}
		cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
		if !ok || cond.Op != token.EQL && cond.Op != token.GEQ {
			return false
		}
		lenCall, ok := isBuiltin(cond.X, "len")
		if !ok || !isC(lenCall.Args[0]) {
			return false
		}
		if capCall, ok := isBuiltin(cond.Y, "cap"); ok && isC(capCall.Args[0]) {
			return true
		}
		return types.ExprString(ast.Unparen(cond.Y)) == capText
	}
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		var list []ast.Stmt
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		}
		for i, st := range list {
			if st == ast.Stmt(s) && i+1 < len(list) && guard(list[i+1]) {
				found = true
			}
		}
		return true
	})
	return found
}
