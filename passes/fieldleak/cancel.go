package fieldleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/fieldflow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// An origin is where a CancelFunc field gets its value: the statement
// ctx, cancel := context.WithCancel(parent) (or ctx, s.cancel = ...).
type origin struct {
	op     *fieldflow.Op   // the assignment of the field
	stmt   *ast.AssignStmt // the WithCancel statement
	fn     ast.Node        // the function of stmt
	ctx    ast.Expr        // the derived context (stmt.Lhs[0])
	parent ast.Expr        // WithCancel's argument
	calls  []ast.Node      // calls of a local cancel variable that the field is assigned
}

// cancel reports a CancelFunc field that nothing calls before a
// goroutine's wait on its context ends, when that context is derived
// from one nobody cancels, while a goroutine waits for it to be done.
//
// The field gets its value from context.WithCancel (or WithCancelCause)
// directly (ctx, s.cancel = context.WithCancel(parent)) or through a
// local variable assigned there, used only to set the field and be
// called (ctx, cancel := context.WithCancel(parent); s.cancel = cancel,
// or T{cancel: cancel}). The parent is context.Background() or TODO(),
// or a parameter of the function, assigned only there, that every
// call of the function passes one of them, when the function has no
// caller outside the package (see callableOutside). A goroutine waits
// for ctx: one the function starts receives from ctx.Done(), or ctx
// is the only value of a context field a goroutine of the package
// receives Done from.
//
// Every call of the field (and of the local) must be where it cannot
// run before that wait ends (see neverFirst): in a function nothing in
// the package calls and no other package can, or after the wait, in
// the waiting function, which runs only as that goroutine. Then the
// first cancel would need an ended wait, which needs a cancel first:
// none ever runs.
func (ck *checker) cancel(f *fieldflow.Field) {
	if f.Escaped.IsValid() {
		return
	}
	var origins []origin
	for _, op := range f.OpsOf(fieldflow.Assign) {
		o, ok := ck.originOf(op)
		if !ok {
			if f.Foreign.IsValid() || op.Value == nil || !isNil(ck.pass.TypesInfo, op.Value) && !isWithCancelCall(ck.pass.TypesInfo, op.Value) {
				return // a value from elsewhere: its cancel may be called there
			}
			continue
		}
		origins = append(origins, o)
	}
	if f.Foreign.IsValid() && len(origins) < len(f.OpsOf(fieldflow.Assign)) {
		return
	}
	var calls []ast.Node
	for _, c := range f.Calls("") {
		calls = append(calls, c.Node)
	}
	for _, o := range origins {
		calls = append(calls, o.calls...)
	}
	for _, o := range origins {
		root, how := ck.rootParent(o)
		if !root {
			continue // the parent may be cancelled by someone else
		}
		wait := ck.waiter(o.ctx, o.fn)
		if wait == nil {
			wait = ck.fieldWaiter(o.ctx)
		}
		if wait == nil {
			continue
		}
		d := analysis.Diagnostic{
			Pos:      o.stmt.Pos(),
			End:      o.stmt.End(),
			Category: CategoryCancel,
			Related:  []analysis.RelatedInformation{{Pos: wait.Pos(), End: wait.End(), Message: "the goroutine waits here"}},
		}
		if o.op.Node != o.stmt {
			d.Pos, d.End = o.op.Node.Pos(), o.op.Node.End()
		}
		name := expr(o.op.Expr)
		if kv, ok := o.op.Node.(*ast.KeyValueExpr); ok {
			name = ck.ownerName(f) + "." + expr(kv.Key)
		}
		if len(calls) == 0 {
			d.Message = fmt.Sprintf("%s is never called: the context it cancels is derived from %s, and a goroutine waits for it to be done (possible goroutine leak); call %s when the %s stops",
				name, how, name, ck.ownerName(f))
			ck.report(d)
			return
		}
		ws, ok := ck.waitSiteOf(wait)
		if !ok {
			continue
		}
		all := true
		for _, c := range calls {
			if !ck.neverFirst(c, ws, make(map[*types.Func]bool)) {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		d.Message = fmt.Sprintf("%s is never called while the goroutine waits: the context it cancels is derived from %s, a goroutine waits for it to be done, and %s is called only in code that nothing runs, or that runs after that wait (possible goroutine leak); call %s when the %s stops",
			name, how, name, name, ck.ownerName(f))
		for _, c := range calls {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: c.Pos(), End: c.End(), Message: "called here, which never runs before the wait ends"})
		}
		ck.report(d)
		return
	}
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

// isWithCancelCall reports whether e is a call of context.WithCancel
// or WithCancelCause: a context done only when its cancel is called
// (or its parent is done). WithTimeout and WithDeadline end on their
// own.
func isWithCancelCall(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := typeutil.StaticCallee(info, call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" && (fn.Name() == "WithCancel" || fn.Name() == "WithCancelCause")
}

// originOf returns the origin of the field's value assigned at op.
func (ck *checker) originOf(op *fieldflow.Op) (origin, bool) {
	info := ck.pass.TypesInfo
	if as, ok := op.Node.(*ast.AssignStmt); ok && len(as.Lhs) != len(as.Rhs) {
		// ctx, s.cancel = context.WithCancel(parent)
		if len(as.Lhs) != 2 || len(as.Rhs) != 1 || !isWithCancelCall(info, as.Rhs[0]) {
			return origin{}, false // WithTimeout, say
		}
		call := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if len(call.Args) == 0 {
			return origin{}, false
		}
		return origin{op: op, stmt: as, fn: op.Func, ctx: as.Lhs[0], parent: call.Args[0]}, true
	}
	// s.cancel = cancel, T{cancel: cancel}
	if op.Value == nil || op.Func == nil {
		return origin{}, false
	}
	id, ok := ast.Unparen(op.Value).(*ast.Ident)
	if !ok {
		return origin{}, false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return origin{}, false
	}
	body := funcBody(op.Func)
	if body == nil || !(body.Pos() <= v.Pos() && v.Pos() < body.End()) {
		return origin{}, false // declared elsewhere (a parameter, say)
	}
	o := origin{op: op, fn: op.Func}
	ok = true
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				lid, isID := ast.Unparen(l).(*ast.Ident)
				if !isID || info.ObjectOf(lid) != v {
					continue
				}
				if o.stmt != nil || i != 1 || len(n.Lhs) != 2 || len(n.Rhs) != 1 || !isWithCancelCall(info, n.Rhs[0]) {
					ok = false // assigned twice, or from elsewhere
					return false
				}
				call := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
				if len(call.Args) == 0 {
					ok = false
					return false
				}
				o.stmt, o.ctx, o.parent = n, n.Lhs[0], call.Args[0]
			}
			for _, r := range n.Rhs {
				if rid, isID := ast.Unparen(r).(*ast.Ident); isID && rid != id && info.Uses[rid] == v {
					ok = false // copied elsewhere
				}
			}
		case *ast.CallExpr:
			if fid, isID := ast.Unparen(n.Fun).(*ast.Ident); isID && info.Uses[fid] == v {
				o.calls = append(o.calls, n)
			}
			for _, a := range n.Args {
				if aid, isID := ast.Unparen(a).(*ast.Ident); isID && info.Uses[aid] == v {
					ok = false // passed along
				}
			}
		case *ast.KeyValueExpr:
			if vid, isID := ast.Unparen(n.Value).(*ast.Ident); isID && vid != id && info.Uses[vid] == v {
				ok = false // stored elsewhere
			}
		case *ast.CompositeLit:
			for _, e := range n.Elts {
				if eid, isID := ast.Unparen(e).(*ast.Ident); isID && info.Uses[eid] == v {
					ok = false
				}
			}
		case *ast.ReturnStmt, *ast.SendStmt, *ast.ValueSpec:
			found := false
			ast.Inspect(n, func(m ast.Node) bool {
				if mid, isID := m.(*ast.Ident); isID && info.Uses[mid] == v {
					found = true
				}
				return !found
			})
			if found {
				ok = false
			}
		}
		return ok
	})
	return o, ok && o.stmt != nil
}

// funcBody returns the body of a *ast.FuncDecl or *ast.FuncLit.
func funcBody(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// rootParent reports whether the parent of o's context is never
// cancelled, and how to name it: context.Background() or TODO(), or a
// parameter of the declared function of o, assigned only by o's
// statement, that every reference to the function (a static call; the
// function has at least one, and no caller outside the package) binds
// to one of them.
func (ck *checker) rootParent(o origin) (bool, string) {
	if ck.isRootContext(o.parent) {
		return true, expr(o.parent)
	}
	info := ck.pass.TypesInfo
	id, ok := ast.Unparen(o.parent).(*ast.Ident)
	if !ok {
		return false, ""
	}
	decl, ok := o.fn.(*ast.FuncDecl)
	if !ok {
		return false, ""
	}
	obj, ok := info.Defs[decl.Name].(*types.Func)
	if !ok {
		return false, ""
	}
	params := obj.Signature().Params()
	k := paramIndex(params, info.Uses[id])
	if k < 0 {
		return false, ""
	}
	p := params.At(k)
	other := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n == o.stmt {
				return true
			}
			for _, l := range n.Lhs {
				if lid, isID := ast.Unparen(l).(*ast.Ident); isID && info.ObjectOf(lid) == p {
					other = true
				}
			}
		case *ast.UnaryExpr:
			if xid, isID := ast.Unparen(n.X).(*ast.Ident); isID && n.Op == token.AND && info.Uses[xid] == p {
				other = true
			}
		}
		return !other
	})
	if other || obj.Signature().Variadic() && k == params.Len()-1 {
		return false, ""
	}
	m := ck.model()
	if m.callableOutside(obj, decl) {
		return false, ""
	}
	refs := m.refsOf(obj)
	if len(refs) == 0 {
		return false, ""
	}
	var arg ast.Expr
	for _, r := range refs {
		call := m.callOf(r)
		if call == nil || k >= len(call.Args) || call.Ellipsis.IsValid() || !ck.isRootContext(call.Args[k]) {
			return false, ""
		}
		arg = call.Args[k]
	}
	return true, fmt.Sprintf("%s, which every call of %s passes as %s", id.Name, obj.Name(), expr(arg))
}

// fieldWaiter returns a receive from Done of a context field, in a
// goroutine of the package, when the field's only assignment in the
// package stores ctx (a local variable): the goroutine waits for ctx.
func (ck *checker) fieldWaiter(ctx ast.Expr) ast.Node {
	info := ck.pass.TypesInfo
	id, ok := ast.Unparen(ctx).(*ast.Ident)
	if !ok {
		return nil
	}
	v := info.ObjectOf(id)
	for _, cf := range ck.fields.Fields {
		if cf.Kind != fieldflow.Context || cf.Escaped.IsValid() {
			continue
		}
		assigns := cf.OpsOf(fieldflow.Assign)
		if len(assigns) != 1 || assigns[0].Value == nil {
			continue
		}
		vid, ok := ast.Unparen(assigns[0].Value).(*ast.Ident)
		if !ok || info.Uses[vid] != v {
			continue
		}
		for _, op := range cf.OpsOf(fieldflow.RecvC, fieldflow.SelectRecvC) {
			if ck.inGoroutine(op.Func) {
				return op.Node
			}
		}
	}
	return nil
}

// A waitSite is where a goroutine waits for the context: in the body
// of fn, whose every run reaches the wait, before the position after.
type waitSite struct {
	fn    ast.Node // *ast.FuncDecl or *ast.FuncLit
	after token.Pos
}

// waitSiteOf returns the wait site of the receive wait: a statement at
// the top level of its function's body (<-ctx.Done(), or an assignment
// of it), with no return (or call that
// may end the goroutine, or goto) before it, in a function literal
// started by a go statement or a declared function whose only
// reference in the package is one go statement (and no other package
// can call it).
func (ck *checker) waitSiteOf(wait ast.Node) (waitSite, bool) {
	m := ck.model()
	path := m.path(wait)
	var fn ast.Node
	var stmt ast.Stmt
	for i := 1; i+1 < len(path) && fn == nil; i++ {
		if _, ok := path[i].(*ast.BlockStmt); !ok {
			continue
		}
		switch p := path[i+1].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			fn = p
			stmt, _ = path[i-1].(ast.Stmt)
		}
	}
	if stmt == nil || !waitStmt(stmt, wait) {
		return waitSite{}, false // the wait may be skipped
	}
	body := funcBody(fn)
	if body == nil || stmt == nil {
		return waitSite{}, false
	}
	for _, s := range body.List {
		if s == stmt {
			break
		}
		if hasReturn(ck.pass.TypesInfo, s) {
			return waitSite{}, false
		}
	}
	switch fn := fn.(type) {
	case *ast.FuncLit:
		f := ck.flow.FuncOf(fn)
		if f == nil || f.Go == nil {
			return waitSite{}, false
		}
	case *ast.FuncDecl:
		obj, ok := ck.pass.TypesInfo.Defs[fn.Name].(*types.Func)
		if !ok || m.callableOutside(obj, fn) {
			return waitSite{}, false
		}
		refs := m.refsOf(obj)
		if len(refs) != 1 || !m.goAt(refs[0]) {
			return waitSite{}, false
		}
	}
	return waitSite{fn: fn, after: stmt.End()}, true
}

// neverFirst reports whether the code at n cannot run before the wait
// at ws has ended: it is after the wait in the waiting function, or in
// a declared function that no other package can call and whose every
// reference in the package is a static call at such a place (none at
// all: nothing runs it). A function literal runs only once the
// function around it has made it, so the position of the literal in
// its declared function counts.
func (ck *checker) neverFirst(n ast.Node, ws waitSite, seen map[*types.Func]bool) bool {
	m := ck.model()
	path := m.path(n)
	var decl *ast.FuncDecl
	for _, p := range path {
		if (p == ws.fn) && n.Pos() >= ws.after {
			return true
		}
		if d, ok := p.(*ast.FuncDecl); ok {
			decl = d
		}
	}
	if decl == nil {
		return false // a package-level initializer runs
	}
	obj, ok := ck.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok {
		return false
	}
	if seen[obj] {
		return true // a cycle of calls that nothing else enters
	}
	seen[obj] = true
	if m.callableOutside(obj, decl) {
		return false
	}
	for _, r := range m.refsOf(obj) {
		if m.callOf(r) == nil && !m.goAt(r) || !ck.neverFirst(r, ws, seen) {
			return false // a function value, called who knows when; or a call that runs
		}
	}
	return true
}

// callOf returns the static call whose function id names (f(), x.m()),
// or nil.
func (l *lifetimes) callOf(id *ast.Ident) *ast.CallExpr {
	path := l.path(id)
	if len(path) < 2 || !l.calledAt(id) {
		return nil
	}
	for _, n := range path[1:] {
		if call, ok := n.(*ast.CallExpr); ok {
			return call
		}
	}
	return nil
}

// goAt reports whether id names the function of a go statement's call.
func (l *lifetimes) goAt(id *ast.Ident) bool {
	call := l.callOf(id)
	if call == nil {
		return false
	}
	path := l.path(call)
	return len(path) > 1 && func() bool { g, ok := path[1].(*ast.GoStmt); return ok && g.Call == call }()
}

// callableOutside reports whether something outside the package's
// code may call fn, declared by decl: the process (main.main, init),
// the test driver (Test, Benchmark, Fuzz and Example functions and
// TestMain of a _test.go file), other packages (an exported function
// or method outside package main), or a call through an interface: an
// unexported method of a name that an interface of the package also
// declares, or, in package main, an exported method whose receiver
// type may reach an interface (see mayReachInterface).
func (l *lifetimes) callableOutside(fn *types.Func, decl *ast.FuncDecl) bool {
	pkg := l.ck.pass.Pkg
	name := fn.Name()
	recv := fn.Signature().Recv()
	if recv == nil {
		if name == "init" || name == "main" && pkg.Name() == "main" {
			return true
		}
		if strings.HasSuffix(l.ck.pass.Fset.Position(decl.Pos()).Filename, "_test.go") {
			for _, p := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
				if strings.HasPrefix(name, p) {
					return true
				}
			}
		}
		return fn.Exported() && pkg.Name() != "main"
	}
	if !fn.Exported() {
		return l.ifaceMethod(name)
	}
	if pkg.Name() != "main" {
		return true
	}
	return l.mayReachInterface(recv.Type())
}

// ifaceMethod reports whether an interface type of the package declares
// or embeds a method named name (an unexported name can only come from
// the package).
func (l *lifetimes) ifaceMethod(name string) bool {
	if l.ifaceNames == nil {
		l.ifaceNames = make(map[string]bool)
		for id, obj := range l.ck.pass.TypesInfo.Defs {
			if f, ok := obj.(*types.Func); ok && id != nil {
				if r := f.Signature().Recv(); r != nil && types.IsInterface(r.Type()) {
					l.ifaceNames[f.Name()] = true
				}
			}
		}
	}
	return l.ifaceNames[name]
}

// mayReachInterface reports whether a value of the receiver type t (T
// or *T) may be converted to an interface, through which another
// package could call its methods: T is embedded in a struct, is a type
// argument, or an expression of type T or *T is used otherwise than as
// the operand of a selector, &, *, or as a value bound to a variable,
// parameter, result, field, element or channel of the same type.
func (l *lifetimes) mayReachInterface(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return true
	}
	named = named.Origin()
	if l.reach == nil {
		l.reach = make(map[*types.Named]bool)
	}
	if r, ok := l.reach[named]; ok {
		return r
	}
	r := l.reaches(named)
	l.reach[named] = r
	return r
}

// reaches computes mayReachInterface for named.
func (l *lifetimes) reaches(named *types.Named) bool {
	info := l.ck.pass.TypesInfo
	is := func(t types.Type) bool {
		if t == nil {
			return false
		}
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		return ok && n.Origin() == named
	}
	for _, inst := range info.Instances {
		for i := range inst.TypeArgs.Len() {
			if is(inst.TypeArgs.At(i)) {
				return true
			}
		}
	}
	found := false
	for _, f := range l.ck.pass.Files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if field, ok := n.(*ast.Field); ok && len(field.Names) == 0 && is(info.TypeOf(field.Type)) {
				if len(stack) > 0 {
					if _, ok := stack[len(stack)-1].(*ast.FieldList); ok && len(stack) > 1 {
						if _, ok := stack[len(stack)-2].(*ast.StructType); ok {
							found = true // embedded: promoted methods
							return false
						}
					}
				}
			}
			if e, ok := n.(ast.Expr); ok && len(stack) > 0 {
				if tv, ok := info.Types[e]; ok && tv.IsValue() && is(tv.Type) && !l.sameTypeUse(e, tv.Type, stack) {
					found = true
					return false
				}
			}
			stack = append(stack, n)
			return true
		})
		if found {
			return true
		}
	}
	return false
}

// sameTypeUse reports whether the expression e of type t, whose
// ancestors are stack (innermost last), is used without a conversion
// to another type (see mayReachInterface).
func (l *lifetimes) sameTypeUse(e ast.Expr, t types.Type, stack []ast.Node) bool {
	info := l.ck.pass.TypesInfo
	same := func(u types.Type) bool { return u != nil && types.Identical(u, t) }
	switch p := stack[len(stack)-1].(type) {
	case *ast.SelectorExpr:
		return p.X == e
	case *ast.ParenExpr, *ast.StarExpr:
		return true // the outer expression is judged itself
	case *ast.UnaryExpr:
		return p.Op == token.AND || p.Op == token.ARROW
	case *ast.ExprStmt, *ast.IncDecStmt:
		return true
	case *ast.CallExpr:
		if p.Fun == e {
			return true
		}
		if tv, ok := info.Types[p.Fun]; ok && tv.IsType() {
			return same(tv.Type)
		}
		ft := info.TypeOf(p.Fun)
		if ft == nil {
			return false // a builtin (append to []any, say)
		}
		sig, ok := ft.Underlying().(*types.Signature)
		if !ok {
			return false // a builtin (append to []any, say)
		}
		for i, a := range p.Args {
			if a != e {
				continue
			}
			ps := sig.Params()
			switch {
			case sig.Variadic() && i >= ps.Len()-1:
				if p.Ellipsis.IsValid() {
					return false
				}
				s, ok := ps.At(ps.Len() - 1).Type().(*types.Slice)
				return ok && same(s.Elem())
			case i < ps.Len():
				return same(ps.At(i).Type())
			}
		}
		return false
	case *ast.AssignStmt:
		for i, r := range p.Rhs {
			if r == e && len(p.Lhs) == len(p.Rhs) {
				return same(info.TypeOf(p.Lhs[i]))
			}
		}
		for _, lhs := range p.Lhs {
			if lhs == e {
				return true
			}
		}
		return false
	case *ast.ValueSpec:
		for i, v := range p.Values {
			if v == e && i < len(p.Names) {
				return same(info.TypeOf(p.Names[i]))
			}
		}
		return false
	case *ast.ReturnStmt:
		var sig *types.Signature
		for i := len(stack) - 1; i >= 0 && sig == nil; i-- {
			switch f := stack[i].(type) {
			case *ast.FuncDecl:
				if obj, ok := info.Defs[f.Name].(*types.Func); ok {
					sig = obj.Signature()
				}
			case *ast.FuncLit:
				sig, _ = info.TypeOf(f).(*types.Signature)
			}
		}
		if sig == nil || sig.Results().Len() != len(p.Results) {
			return false
		}
		for i, r := range p.Results {
			if r == e {
				return same(sig.Results().At(i).Type())
			}
		}
		return false
	case *ast.KeyValueExpr:
		if p.Key == e {
			return false
		}
		if len(stack) < 2 {
			return false
		}
		lit, ok := stack[len(stack)-2].(*ast.CompositeLit)
		if !ok {
			return false
		}
		return l.litElemSame(lit, p.Key, t)
	case *ast.CompositeLit:
		return l.litElemSame(p, nil, t)
	case *ast.SendStmt:
		if p.Value != e {
			return true
		}
		ct := info.TypeOf(p.Chan)
		if ct == nil {
			return false
		}
		ch, ok := ct.Underlying().(*types.Chan)
		return ok && same(ch.Elem())
	case *ast.BinaryExpr:
		return same(info.TypeOf(p.X)) && same(info.TypeOf(p.Y))
	case *ast.RangeStmt:
		return p.X != e
	}
	return false
}

// litElemSame reports whether an element of the composite literal lit
// (with key, or positional when key is nil) has the type t.
func (l *lifetimes) litElemSame(lit *ast.CompositeLit, key ast.Expr, t types.Type) bool {
	info := l.ck.pass.TypesInfo
	lt := info.TypeOf(lit)
	if lt == nil {
		return false
	}
	if p, ok := lt.Underlying().(*types.Pointer); ok {
		lt = p.Elem()
	}
	switch u := lt.Underlying().(type) {
	case *types.Struct:
		if id, ok := key.(*ast.Ident); ok {
			for i := range u.NumFields() {
				if u.Field(i).Name() == id.Name {
					return types.Identical(u.Field(i).Type(), t)
				}
			}
		}
		return false // positional: not followed
	case *types.Slice:
		return types.Identical(u.Elem(), t)
	case *types.Array:
		return types.Identical(u.Elem(), t)
	case *types.Map:
		return types.Identical(u.Elem(), t)
	}
	return false
}

// model returns the package's function references (see lifetimes),
// built on first use.
func (ck *checker) model() *lifetimes {
	if ck.life == nil {
		ck.life = &lifetimes{ck: ck, memo: make(map[*types.Func]int8)}
	}
	return ck.life
}
