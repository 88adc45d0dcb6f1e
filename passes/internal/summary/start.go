package summary

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// A candidate is a start method before its stop methods are known.
type candidate struct {
	f      *chanflow.Func
	named  *types.Named
	fields map[*types.Var]bool // the fields whose receive ends the goroutine
	// closeOnly: fields that end it only when closed (range, v, ok := <-f)
	closeOnly map[*types.Var]bool
	maybe     bool // starts the goroutine on some paths only
	errGuard  bool // starts it on the paths that return a nil error only
	ctor      bool // a constructor that starts the goroutine of the value it returns
	// failing: a constructor that can return an error after starting
	// the goroutine (see Failing); goStmt starts it, v holds the value
	failing bool
	goStmt  *ast.GoStmt
	v       *types.Var
}

// starts finds the start methods of the package, their stop methods,
// and the Stays and Fresh summaries of the types that have them.
func (s *summarizer) starts() {
	var cands []*candidate
	for _, f := range s.flow.Funcs {
		if c := s.startCandidate(f); c != nil {
			cands = append(cands, c)
		} else if c := s.ctorCandidate(f); c != nil { // ctor.go
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		return
	}
	// Every use of the fields, classified.
	fields := map[*types.Var]*fieldUses{}
	for _, c := range cands {
		for v := range c.fields {
			fields[v] = &fieldUses{}
		}
	}
	s.fieldUses(fields)
	types_ := map[*types.Named]bool{}
	for _, c := range cands {
		var stops []string
		field, closed := "", false
		ok := true
		for v := range c.fields {
			u := fields[v]
			if u.escapes {
				ok = false
				break
			}
			for m, kinds := range u.stoppers {
				if !kinds.close && c.closeOnly[v] {
					continue // sends do not end a range or a v, ok receive
				}
				if m == c.f.Obj || kinds.inGo {
					ok = false // the start method, or a goroutine, stops it
					break
				}
				if !slices.Contains(stops, m.Name()) {
					stops = append(stops, m.Name())
				}
			}
			hasClose := false
			for _, kinds := range u.stoppers {
				hasClose = hasClose || kinds.close
			}
			if len(u.stoppers) == 0 {
				continue // nothing sends on it or closes it
			}
			if field == "" || hasClose && !closed || hasClose == closed && v.Name() < field {
				field, closed = v.Name(), hasClose
			}
		}
		if !ok || len(stops) == 0 {
			continue
		}
		stops = s.callers(c.named, stops)
		slices.Sort(stops)
		if c.failing {
			s.res.Failing = append(s.res.Failing, &Failing{Func: c.f, Go: c.goStmt, Var: c.v, Field: field, Stops: stops})
			continue
		}
		sum := s.res.local[c.f.Obj]
		if sum == nil {
			sum = new(Summary)
			s.res.local[c.f.Obj] = sum
		}
		sum.Start = &Start{Field: field, Stops: stops, Maybe: c.maybe, Err: c.errGuard, New: c.ctor}
		types_[c.named] = true
	}
	for n := range types_ {
		s.stays(n)
		s.fresh(n)
	}
}

// startCandidate returns the candidate of a method that starts, on
// every path, a goroutine that returns only after receiving from an
// unexported channel field of the receiver.
func (s *summarizer) startCandidate(f *chanflow.Func) *candidate {
	if f.Obj == nil || len(f.Gos) == 0 {
		return nil
	}
	recv := f.Obj.Signature().Recv()
	if recv == nil || recv.Name() == "" || recv.Name() == "_" {
		return nil
	}
	named := NamedOf(recv.Type())
	if named == nil || named.Obj().Pkg() != s.pass.Pkg {
		return nil
	}
	for _, g := range f.Gos {
		var body *chanflow.Func
		var rv *types.Var
		switch {
		case g.Lit != nil:
			body, rv = g.Lit, recv
		case g.Callee != nil:
			sel, ok := ast.Unparen(g.Stmt.Call.Fun).(*ast.SelectorExpr)
			if !ok || !isIdentOf(s.pass.TypesInfo, sel.X, recv) {
				continue
			}
			body = s.flow.DeclOf(g.Callee)
			if body == nil || body.Obj == nil || NamedOf(body.Obj.Signature().Recv().Type()) != named {
				continue
			}
			rv = body.Obj.Signature().Recv()
		}
		if body == nil || rv == nil {
			continue
		}
		if len(g.Loops) > 0 {
			continue
		}
		// A start method that starts the goroutine on some paths only
		// is one when it has no results: the caller cannot tell which
		// path it took, so it must stop the value as if it started.
		// With results (an error, say), a caller that returns on the
		// error may rightly skip the stop.
		maybe := !dominates(s.cfgs.Func(f.Node), g.Stmt)
		errGuard := false
		if maybe && f.Obj.Signature().Results().Len() > 0 {
			// Unless the method starts the goroutine on exactly
			// the paths that return a nil error (errstart.go).
			if !s.errGuarded(f, g.Stmt) {
				continue
			}
			maybe, errGuard = false, true
		}
		s.ctxStop = s.ctxCancels(f, recv, named) // cancel.go
		if g.Lit == nil {
			s.ctxStop = s.fieldCtxOnly(s.ctxStop)
		}
		c := s.waits(body, rv, named)
		s.ctxStop = nil
		if c != nil {
			c.f = f
			c.maybe = maybe
			c.errGuard = errGuard
			return c
		}
	}
	return nil
}

// isIdentOf reports whether e is an identifier that denotes v.
func isIdentOf(info *types.Info, e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == v
}

// fieldOf returns the unexported channel field of named that e selects
// on rv (rv.f), or nil.
func (s *summarizer) fieldOf(e ast.Expr, rv *types.Var, named *types.Named) *types.Var {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || !isIdentOf(s.pass.TypesInfo, sel.X, rv) {
		return nil
	}
	selection := s.pass.TypesInfo.Selections[sel]
	if selection == nil || selection.Kind() != types.FieldVal || len(selection.Index()) != 1 {
		return nil
	}
	v := selection.Obj().(*types.Var).Origin()
	if v.Exported() || v.Pkg() != s.pass.Pkg {
		return nil
	}
	if _, ok := v.Type().Underlying().(*types.Chan); !ok {
		return nil
	}
	return v
}

// recvField returns the field a receive expression <-rv.f receives
// from, or nil.
func (s *summarizer) recvField(e ast.Expr, rv *types.Var, named *types.Named) *types.Var {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return nil
	}
	if v := s.doneCancel(u.X, rv); v != nil { // cancel.go
		return v
	}
	return s.fieldOf(u.X, rv, named)
}

// waits returns a candidate when every path of body that returns
// first receives from a field of rv, and lists those fields.
func (s *summarizer) waits(body *chanflow.Func, rv *types.Var, named *types.Named) *candidate {
	g := s.cfgs.Func(body.Node)
	if g == nil || len(g.Blocks) == 0 {
		return nil
	}
	c := &candidate{named: named, fields: map[*types.Var]bool{}, closeOnly: map[*types.Var]bool{}}
	// The graph evaluates the communications of a select before it,
	// in the block that leads to its cases: those are not plain
	// receives, their case is.
	comms := map[ast.Node]bool{}
	for _, b := range g.Blocks {
		if b.Kind == cfg.KindSelectCaseBody {
			comms[b.Stmt.(*ast.CommClause).Comm] = true
		}
	}
	// cut returns the field whose receive the block is, or nil.
	cut := func(b *cfg.Block) (*types.Var, bool) {
		switch b.Kind {
		case cfg.KindSelectCaseBody:
			cc := b.Stmt.(*ast.CommClause)
			switch comm := cc.Comm.(type) {
			case *ast.ExprStmt:
				if v := s.recvField(comm.X, rv, named); v != nil {
					return v, false
				}
			case *ast.AssignStmt:
				if len(comm.Rhs) == 1 {
					if v := s.recvField(comm.Rhs[0], rv, named); v != nil {
						return v, len(comm.Lhs) == 2
					}
				}
			}
		case cfg.KindRangeDone:
			if rs, ok := b.Stmt.(*ast.RangeStmt); ok {
				if v := s.fieldOf(rs.X, rv, named); v != nil {
					return v, true
				}
			}
		}
		for _, n := range b.Nodes {
			if comms[n] {
				continue
			}
			found := (*types.Var)(nil)
			ast.Inspect(n, func(x ast.Node) bool {
				if _, ok := x.(*ast.FuncLit); ok || found != nil {
					return false
				}
				if e, ok := x.(ast.Expr); ok {
					if v := s.recvField(e, rv, named); v != nil {
						found = v
					}
				}
				return true
			})
			if found != nil {
				return found, false
			}
		}
		return nil, false
	}
	// From the entry, no return may be reached without a cut.
	isCut := map[*cfg.Block]*types.Var{}
	closeOnly := map[*cfg.Block]bool{}
	for _, b := range g.Blocks {
		if v, co := cut(b); v != nil {
			isCut[b] = v
			closeOnly[b] = co
		}
	}
	if len(isCut) == 0 {
		return nil
	}
	reach := func(from *cfg.Block, skipFrom bool) bool {
		seen := map[*cfg.Block]bool{}
		stack := []*cfg.Block{from}
		first := true
		for len(stack) > 0 {
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[b] || !b.Live {
				continue
			}
			seen[b] = true
			if isCut[b] != nil && !(first && skipFrom) {
				continue
			}
			first = false
			if IsExit(b) {
				return true
			}
			stack = append(stack, b.Succs...)
		}
		return false
	}
	if reach(g.Blocks[0], false) {
		return nil // a return without a receive from a field
	}
	for b, v := range isCut {
		if b.Live && reach(b, true) {
			c.fields[v] = true
			if closeOnly[b] {
				c.closeOnly[v] = true
			}
		}
	}
	if len(c.fields) == 0 {
		return nil
	}
	return c
}

// fieldUses classifies the uses of a stop field.
type fieldUses struct {
	escapes  bool                     // a use that is not an operation on the channel
	stoppers map[*types.Func]stopKind // methods that close or send on rv.f
}

type stopKind struct {
	close bool // closes (else sends)
	inGo  bool // in a goroutine the method starts
}

// fieldUses classifies every use of the given fields in the package.
func (s *summarizer) fieldUses(fields map[*types.Var]*fieldUses) {
	info := s.pass.TypesInfo
	decls := map[ast.Decl]bool{}
	// A use of a field is the selector of x.f or the key of T{f: v}:
	// only those with the name of one of the fields are looked up.
	names := make(map[string]bool, len(fields))
	for v := range fields {
		names[v.Name()] = true
	}
	s.scope.EachNode([]ast.Node{(*ast.SelectorExpr)(nil), (*ast.KeyValueExpr)(nil)}, func(n, _ ast.Node) {
		var id *ast.Ident
		switch n := n.(type) {
		case *ast.SelectorExpr:
			id = n.Sel
		case *ast.KeyValueExpr:
			id, _ = n.Key.(*ast.Ident)
		}
		if id == nil || !names[id.Name] {
			return
		}
		if v, ok := info.Uses[id].(*types.Var); ok && fields[v.Origin()] != nil {
			v = v.Origin()
			if d := DeclAt(s.pass.Files, id.Pos()); d != nil {
				decls[d] = true
			} else {
				fields[v].escapes = true
			}
		}
	})
	for d := range decls {
		var recv *types.Var
		var method *types.Func
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
			method, _ = info.Defs[fd.Name].(*types.Func)
			if method != nil {
				recv = method.Signature().Recv()
			}
		}
		var stack []ast.Node
		ast.Inspect(d, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			stack = append(stack, n)
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			v, _ := info.Uses[id].(*types.Var)
			if v == nil {
				return true
			}
			u := fields[v.Origin()]
			if u == nil {
				return true
			}
			s.classify(u, stack, method, recv)
			return true
		})
	}
}

// classify records the use of a field at the top of stack.
func (s *summarizer) classify(u *fieldUses, stack []ast.Node, method *types.Func, recv *types.Var) {
	info := s.pass.TypesInfo
	id := stack[len(stack)-1]
	parent := func(i int) ast.Node { // i-th ancestor of id, stepping over parentheses
		k := len(stack) - 1
		for ; i > 0 && k > 0; i-- {
			k--
			for k > 0 {
				if _, ok := stack[k].(*ast.ParenExpr); !ok {
					break
				}
				k--
			}
		}
		return stack[k]
	}
	p := parent(1)
	if kv, ok := p.(*ast.KeyValueExpr); ok && kv.Key == id {
		if !s.freshChan(kv.Key.(*ast.Ident), kv.Value) {
			u.escapes = true // T{f: c}: a channel from elsewhere, which others may close
		}
		return // T{f: make(chan T)}
	}
	sel, ok := p.(*ast.SelectorExpr)
	if !ok || sel.Sel != id {
		u.escapes = true
		return
	}
	inGo := false
	for _, n := range stack {
		if g, ok := n.(*ast.GoStmt); ok {
			_ = g
			inGo = true
		}
	}
	gp := parent(2)
	stop := func(close bool) {
		if method == nil || !isIdentOf(info, sel.X, recv) {
			u.escapes = true // a function, or another value of the type
			return
		}
		if u.stoppers == nil {
			u.stoppers = map[*types.Func]stopKind{}
		}
		k := u.stoppers[method]
		k.close = k.close || close
		k.inGo = k.inGo || inGo
		u.stoppers[method] = k
	}
	switch gp := gp.(type) {
	case *ast.CallExpr:
		if ast.Unparen(gp.Fun) == sel {
			if fv, isVar := info.Uses[sel.Sel].(*types.Var); isVar && isFuncType(fv.Type()) {
				stop(true) // rv.cancel(): a cancel field (cancel.go)
				return
			}
		}
		if fun, ok := ast.Unparen(gp.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[fun].(*types.Builtin); ok {
				switch b.Name() {
				case "close":
					stop(true)
					return
				case "len", "cap":
					return
				}
			}
		}
	case *ast.SendStmt:
		if ast.Unparen(gp.Chan) == sel {
			stop(false)
			return
		}
	case *ast.UnaryExpr:
		if gp.Op == token.ARROW {
			return
		}
	case *ast.RangeStmt:
		if ast.Unparen(gp.X) == sel {
			return
		}
	case *ast.AssignStmt:
		for i, l := range gp.Lhs {
			if ast.Unparen(l) == sel {
				var v ast.Expr
				if len(gp.Rhs) == len(gp.Lhs) {
					v = gp.Rhs[i]
				}
				if !s.freshChan(sel.Sel, v) {
					u.escapes = true // rv.f = c: a channel from elsewhere
				}
				return // rv.f = make(...)
			}
		}
	case *ast.BinaryExpr:
		return // rv.f == nil
	}
	u.escapes = true
}

// freshChan reports whether v, the value stored in the field used at
// id, leaves the field's channel to the package: a make call or nil. A
// channel from anywhere else (a parameter, a call) may be closed or
// received from by code the package does not see. Fields that are not
// channels are not judged here: it reports true.
func (s *summarizer) freshChan(id *ast.Ident, v ast.Expr) bool {
	f, ok := s.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return true
	}
	if _, isChan := f.Type().Underlying().(*types.Chan); !isChan {
		return true
	}
	switch v := ast.Unparen(v).(type) {
	case *ast.CallExpr:
		fun, ok := ast.Unparen(v.Fun).(*ast.Ident)
		if !ok {
			return false
		}
		b, ok := s.pass.TypesInfo.Uses[fun].(*types.Builtin)
		return ok && b.Name() == "make"
	case *ast.Ident:
		return s.pass.TypesInfo.Types[v].IsNil()
	}
	return false
}

// DeclAt returns the top-level declaration of files that contains pos.
func DeclAt(files []*ast.File, pos token.Pos) ast.Decl {
	for _, f := range files {
		if f.FileStart <= pos && pos < f.FileEnd {
			i, found := slices.BinarySearchFunc(f.Decls, pos, func(d ast.Decl, p token.Pos) int {
				switch {
				case d.End() <= p:
					return -1
				case d.Pos() > p:
					return 1
				}
				return 0
			})
			if found {
				return f.Decls[i]
			}
			return nil
		}
	}
	return nil
}

// callers adds to stops the methods of named that call a stop method
// on their receiver, until nothing changes.
func (s *summarizer) callers(named *types.Named, stops []string) []string {
	for changed := true; changed; {
		changed = false
		for i := range named.NumMethods() {
			m := named.Method(i)
			if slices.Contains(stops, m.Name()) {
				continue
			}
			d := DeclOf(s.pass, m)
			if d == nil || d.Body == nil {
				continue
			}
			recv := m.Signature().Recv()
			calls := false
			ast.Inspect(d.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.GoStmt, *ast.FuncLit:
					return false
				case *ast.CallExpr:
					if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && isIdentOf(s.pass.TypesInfo, sel.X, recv) && slices.Contains(stops, sel.Sel.Name) {
						if fn, ok := s.pass.TypesInfo.Uses[sel.Sel].(*types.Func); ok && fn.Signature().Recv() != nil {
							calls = true
						}
					}
				}
				return !calls
			})
			if calls {
				stops = append(stops, m.Name())
				changed = true
			}
		}
	}
	return stops
}

// stays records the methods of named whose receiver does not escape:
// every use of it selects a field or calls a method that stays.
func (s *summarizer) stays(named *types.Named) {
	info := s.pass.TypesInfo
	type method struct {
		fn    *types.Func
		calls []string
		ok    bool
	}
	var ms []*method
	byName := map[string]*method{}
	for i := range named.NumMethods() {
		fn := named.Method(i)
		m := &method{fn: fn}
		ms = append(ms, m)
		byName[fn.Name()] = m
		d := DeclOf(s.pass, fn)
		recv := fn.Signature().Recv()
		if d == nil || d.Body == nil || recv == nil || recv.Name() == "" || recv.Name() == "_" {
			m.ok = d != nil && d.Body != nil && recv != nil // an unnamed receiver cannot escape
			continue
		}
		m.ok = true
		var stack []ast.Node
		ast.Inspect(d.Body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			stack = append(stack, n)
			id, ok := n.(*ast.Ident)
			if !ok || info.Uses[id] != recv {
				return true
			}
			k := len(stack) - 2
			for k >= 0 {
				if _, ok := stack[k].(*ast.ParenExpr); !ok {
					break
				}
				k--
			}
			sel, ok := stack[k].(*ast.SelectorExpr)
			if k < 0 || !ok || ast.Unparen(sel.X) != id {
				m.ok = false
				return true
			}
			selection := info.Selections[sel]
			if selection == nil {
				m.ok = false
				return true
			}
			switch selection.Kind() {
			case types.FieldVal:
			case types.MethodVal:
				call, ok := stack[k-1].(*ast.CallExpr)
				if k < 1 || !ok || call.Fun != sel || len(selection.Index()) != 1 {
					m.ok = false // a method value, or a promoted method
					return true
				}
				if _, ok := stack[max(k-2, 0)].(*ast.GoStmt); ok {
					m.ok = false
					return true
				}
				m.calls = append(m.calls, sel.Sel.Name)
			default:
				m.ok = false
			}
			return true
		})
	}
	for changed := true; changed; {
		changed = false
		for _, m := range ms {
			if !m.ok {
				continue
			}
			for _, c := range m.calls {
				if o := byName[c]; o == nil || !o.ok {
					m.ok = false
					changed = true
					break
				}
			}
		}
	}
	for _, m := range ms {
		if !m.ok {
			continue
		}
		sum := s.res.local[m.fn]
		if sum == nil {
			sum = new(Summary)
			s.res.local[m.fn] = sum
		}
		sum.Stays = true
	}
}

// fresh records the functions of the package whose first result is a
// new value of named (or a pointer to one) that nothing else holds:
// every return yields nil, &T{...}, new(T), or a local variable
// initialised so whose other uses select fields.
func (s *summarizer) fresh(named *types.Named) {
	info := s.pass.TypesInfo
	scope := s.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		fn, ok := scope.Lookup(name).(*types.Func)
		if !ok || fn.Signature().Results().Len() == 0 || fn.Signature().TypeParams().Len() > 0 {
			continue
		}
		rt := fn.Signature().Results().At(0).Type()
		if NamedOf(rt) != named {
			continue
		}
		d := DeclOf(s.pass, fn)
		if d == nil || d.Body == nil {
			continue
		}
		if s.returnsFresh(info, d, named) {
			sum := s.res.local[fn]
			if sum == nil {
				sum = new(Summary)
				s.res.local[fn] = sum
			}
			sum.Fresh = true
		}
	}
}

// IsNew reports whether e makes a new value of named: &T{...}, T{...},
// new(T).
func IsNew(info *types.Info, e ast.Expr, named *types.Named) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		return NamedOf(info.TypeOf(e)) == named
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "new" && len(e.Args) == 1 {
				return NamedOf(info.TypeOf(e.Args[0])) == named
			}
		}
	}
	return false
}

func (s *summarizer) returnsFresh(info *types.Info, d *ast.FuncDecl, named *types.Named) bool {
	ok := true
	var vars []*types.Var
	ast.Inspect(d.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				ok = false // named results
				return false
			}
			r := ast.Unparen(n.Results[0])
			switch {
			case isNil(info, r), IsNew(info, r, named):
			default:
				id, isID := r.(*ast.Ident)
				v, isVar := info.Uses[id].(*types.Var)
				if !isID || !isVar || v.Parent() == nil || v.Parent() == s.pass.Pkg.Scope() {
					ok = false
					break
				}
				if !slices.Contains(vars, v) {
					vars = append(vars, v)
				}
			}
		}
		return true
	})
	if !ok {
		return false
	}
	for _, v := range vars {
		if !LocalFresh(info, d.Body, v, named, nil) {
			return false
		}
	}
	return true
}

// isNil reports whether e is the predeclared nil.
func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, ok = info.Uses[id].(*types.Nil)
	return ok
}

// LocalFresh reports whether v, a local variable of body, is assigned
// once, in its definition, a new value of named (IsNew, or a zero value
// "var v T"), or the first result of a call of a function for which
// isFresh reports true, and every other use of v in body selects a
// field of it (v.f, also as an assignment's target) or is returned.
func LocalFresh(info *types.Info, body *ast.BlockStmt, v *types.Var, named *types.Named, isFresh func(*ast.CallExpr) bool) bool {
	defs := 0
	ok := true
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		if !ok {
			return true
		}
		id, isID := n.(*ast.Ident)
		if !isID {
			return true
		}
		if info.Defs[id] == v {
			defs++
			switch p := stack[len(stack)-2].(type) {
			case *ast.AssignStmt:
				if len(p.Lhs) != len(p.Rhs) {
					if len(p.Rhs) == 1 && p.Lhs[0] == id && isFresh != nil {
						if call, isCall := ast.Unparen(p.Rhs[0]).(*ast.CallExpr); isCall && isFresh(call) {
							return true
						}
					}
					ok = false
					return true
				}
				for i, l := range p.Lhs {
					if l == id {
						r := p.Rhs[i]
						call, isCall := ast.Unparen(r).(*ast.CallExpr)
						if !IsNew(info, r, named) && !(isCall && isFresh != nil && isFresh(call)) {
							ok = false
						}
					}
				}
			case *ast.ValueSpec:
				if len(p.Values) == 0 {
					if NamedOf(v.Type()) != named || types.Unalias(v.Type()) != v.Type() && false {
						ok = false
					}
					if _, isPtr := v.Type().(*types.Pointer); isPtr {
						ok = false // var p *T is nil
					}
					return true
				}
				if len(p.Values) != len(p.Names) {
					ok = false
					return true
				}
				for i, nm := range p.Names {
					if nm == id && !IsNew(info, p.Values[i], named) {
						ok = false
					}
				}
			default:
				ok = false
			}
			return true
		}
		if info.Uses[id] != v {
			return true
		}
		k := len(stack) - 2
		for k >= 0 {
			if _, isParen := stack[k].(*ast.ParenExpr); !isParen {
				break
			}
			k--
		}
		switch p := stack[k].(type) {
		case *ast.SelectorExpr:
			if sel := info.Selections[p]; sel != nil && sel.Kind() == types.FieldVal && ast.Unparen(p.X) == id {
				if u, isU := stack[k-1].(*ast.UnaryExpr); isU && u.Op == token.AND {
					ok = false // &v.f
				}
				return true
			}
		case *ast.ReturnStmt:
			return true
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if l == id && p.Tok == token.ASSIGN {
					ok = false // reassigned
				}
			}
		}
		ok = false
		return true
	})
	return ok && defs == 1
}

var _ = typeutil.StaticCallee
