// Package fieldflow computes the field model of a package: every
// operation on every unexported struct field of the package whose type
// is a channel, *time.Ticker, *time.Timer, sync.WaitGroup or
// context.CancelFunc, keyed by the field's *types.Var.
//
// # The closed world
//
// An unexported field of a struct type declared in the package can only
// be named by the package. So the package holds every make, send,
// receive, close, range, Add, Done, Wait, Stop and call there will ever
// be on it, as long as the field's value does not flow anywhere else.
// The model records those operations, and marks the field Escaped when
// its value (or address) flows where the model does not follow:
//
//   - its address is taken (&s.c, &s.wg), other than by a method call
//     on it (s.wg.Add(1));
//   - it is stored elsewhere (in another field, a global, a slice, a
//     map, a composite literal), sent on a channel, or assigned to a
//     local variable that is itself assigned more than once;
//   - it is passed to a function of another package, to a dynamic
//     call, to a variadic parameter or converted (to an interface,
//     say);
//   - it is used with len or cap (a semaphore, whose state the model
//     does not follow);
//   - it is returned, other than by a getter (RecvOnly instead, when
//     the result is a receive-only channel: others can then only
//     receive from it);
//   - it is assigned a value the model did not see made (Foreign):
//     the channel of another object, a parameter, a call's result.
//
// A local channel variable whose only assignment reads the field
// (c := s.c) is the field: its operations are the field's (through the
// channel-flow model, chanflow). So is the channel parameter of a
// function of the package that the field is passed to (go worker(s.c)),
// when the parameter is never reassigned. So is a call t.c() of a
// getter: a method without parameters, with one channel result, whose
// every return statement returns the field (x.c, of any x), nil, or a
// call of another getter of the same field (a chain: return
// t.store.Stopper().quiesce()). An unexported getter's uses must all
// be calls in view: a method value or expression makes the field
// escape. An exported getter, which other packages may call, is one
// only when its result is a receive-only channel: the field is then
// RecvOnly (so is it when a method value of a receive-only getter is
// taken), and an exported getter of a bidirectional channel makes the
// field escape at its return. So is a call x.c() through an
// interface method of the package with the getter's (unexported) name,
// when the getter is the only method of the package with that name and
// its type implements the interface: only types of the package can
// implement such a method, so the call can reach nothing else.
// Otherwise (two methods of that name, a generic getter) the field
// escapes.
//
// # Cost
//
// The model first looks, in the package's type information, for uses
// of such fields; a package without any (most of them) costs one pass
// over info.Uses. Otherwise it visits the selector expressions and
// composite literals of the concurrency-relevant files (scope) and of
// the few other files that name such a field, once.
package fieldflow

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"

	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer computes the *Result of a package. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "fieldflow",
	Doc:        "compute the model of the channel, timer, WaitGroup and cancel fields shared by the leakvet passes",
	URL:        "https://pkg.go.dev/github.com/leakvet/leakvet/passes/internal/fieldflow",
	Requires:   []*analysis.Analyzer{scope.Analyzer, chanflow.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Kind is the type of a modelled field.
type Kind int

const (
	Chan       Kind = iota // a channel
	Ticker                 // *time.Ticker
	Timer                  // *time.Timer
	WaitGroup              // sync.WaitGroup
	CancelFunc             // context.CancelFunc
	Context                // context.Context: only its assignments and Done receives are recorded
)

var kindNames = [...]string{"chan", "ticker", "timer", "waitgroup", "cancel", "context"}

func (k Kind) String() string { return kindNames[k] }

// OpKind classifies an operation on a field.
type OpKind int

const (
	Send        OpKind = iota // s.c <- v, outside a select
	Recv                      // <-s.c, outside a select
	SelectSend                // case s.c <- v:
	SelectRecv                // case <-s.c:, case v := <-s.c:
	Range                     // for v := range s.c
	Close                     // close(s.c)
	Call                      // s.cancel(), or a method call: s.wg.Add(1), s.t.Stop()
	RecvC                     // <-s.t.C or <-s.ctx.Done(), outside a select
	SelectRecvC               // case <-s.t.C:, case <-s.ctx.Done():
	RangeC                    // for range s.t.C
	Assign                    // s.c = v, T{c: v}
)

var opNames = [...]string{"send", "recv", "select-send", "select-recv", "range", "close", "call", "recv-c", "select-recv-c", "range-c", "assign"}

func (k OpKind) String() string { return opNames[k] }

// Result is the field model of one package.
type Result struct {
	Fields []*Field // in order of first use

	fieldOf  map[*types.Var]*Field
	clauseOf map[*ast.CommClause]*Op
}

// FieldOf returns the Field of a field variable (an instance's field
// maps to its origin), or nil.
func (r *Result) FieldOf(v *types.Var) *Field { return r.fieldOf[v.Origin()] }

// ClauseOp returns the receive operation on a modelled field that is
// the communication of the select clause cc, or nil.
func (r *Result) ClauseOp(cc *ast.CommClause) *Op { return r.clauseOf[cc] }

// A Field is an unexported field of a struct type of the package.
type Field struct {
	Var  *types.Var
	Kind Kind
	Ops  []*Op

	// Escaped is the position where the field's value flows out of the
	// model (see the package documentation), or token.NoPos.
	Escaped token.Pos
	// RecvOnly is the position where the field's value is returned as
	// a receive-only channel, or token.NoPos: other code may receive
	// from it, but not send on it or close it.
	RecvOnly token.Pos
	// Foreign is the position of an assignment of a value the model
	// did not see made, or token.NoPos.
	Foreign token.Pos
	// Makes are the make calls assigned to a channel field.
	Makes []*ast.CallExpr
	// Caps are the constant capacities of Makes; -1 where not constant.
	Caps []int64
}

// Name returns the name of the field.
func (f *Field) Name() string { return f.Var.Name() }

// Closed reports whether the field is in the closed world: its value
// does not escape and every value assigned to it was made in view.
func (f *Field) Closed() bool { return f.Escaped == token.NoPos && f.Foreign == token.NoPos }

// Unbuffered reports whether the field is a channel that every make
// assigned to it leaves unbuffered, and is made at least once.
func (f *Field) Unbuffered() bool {
	if len(f.Makes) == 0 {
		return false
	}
	for _, c := range f.Caps {
		if c != 0 {
			return false
		}
	}
	return true
}

// OpsOf returns the operations of the given kinds.
func (f *Field) OpsOf(kinds ...OpKind) []*Op {
	var ops []*Op
	for _, op := range f.Ops {
		if slices.Contains(kinds, op.Kind) {
			ops = append(ops, op)
		}
	}
	return ops
}

// Calls returns the calls of the named method on the field (name "" for
// calls of a function-typed field itself).
func (f *Field) Calls(name string) []*Op {
	var ops []*Op
	for _, op := range f.Ops {
		if op.Kind == Call && op.Method == name {
			ops = append(ops, op)
		}
	}
	return ops
}

// An Op is one operation on a field.
type Op struct {
	Kind  OpKind
	Field *Field
	// Expr denotes the field: a selector (s.c), the key of a composite
	// literal, or a local variable or parameter that is the field.
	Expr ast.Expr
	// Node is the operation: *ast.SendStmt, *ast.UnaryExpr,
	// *ast.RangeStmt, *ast.CallExpr, *ast.AssignStmt or
	// *ast.KeyValueExpr.
	Node   ast.Node
	Method string          // for Call: the method called, "" for a call of the field
	Value  ast.Expr        // for Assign: the value assigned, if single
	Func   ast.Node        // the innermost *ast.FuncDecl or *ast.FuncLit, or nil
	Clause *ast.CommClause // for SelectSend, SelectRecv and SelectRecvC
	Select *ast.SelectStmt // likewise
	Defer  bool            // a deferred call
}

// String formats an op for tests and debugging.
func (op *Op) String() string {
	s := op.Kind.String() + " " + op.Field.Name()
	if op.Method != "" {
		s += "." + op.Method
	}
	return s
}

// String formats a field for tests and debugging.
func (f *Field) String() string {
	s := fmt.Sprintf("%s %s", f.Kind, f.Name())
	if f.Escaped.IsValid() {
		s += " escaped"
	}
	if f.RecvOnly.IsValid() {
		s += " recv-only"
	}
	if f.Foreign.IsValid() {
		s += " foreign"
	}
	return s
}

// kindOf returns the kind of an unexported field of pkg with a modelled
// type.
func kindOf(pkg *types.Package, v *types.Var) (Kind, bool) {
	if !v.IsField() || v.Exported() || v.Pkg() != pkg {
		return 0, false
	}
	t := types.Unalias(v.Type())
	if _, ok := t.Underlying().(*types.Chan); ok {
		if _, tp := t.(*types.TypeParam); !tp {
			return Chan, true
		}
	}
	switch {
	case isNamed(t, "sync", "WaitGroup"):
		return WaitGroup, true
	case isNamed(t, "context", "CancelFunc"):
		return CancelFunc, true
	case isNamed(t, "context", "Context"):
		return Context, true
	}
	if p, ok := t.(*types.Pointer); ok {
		switch {
		case isNamed(p.Elem(), "time", "Ticker"):
			return Ticker, true
		case isNamed(p.Elem(), "time", "Timer"):
			return Timer, true
		}
	}
	return 0, false
}

// hasModelledField reports whether t is a struct type with a modelled
// field.
func hasModelledField(pkg *types.Package, t types.Type) bool {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if _, ok := kindOf(pkg, st.Field(i).Origin()); ok {
			return true
		}
	}
	return false
}

// isNamed reports whether t is the named type path.name.
func isNamed(t types.Type, path, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == path && n.Obj().Name() == name
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{fieldOf: make(map[*types.Var]*Field), clauseOf: make(map[*ast.CommClause]*Op)}
	// Which files name a modelled field? Selectors and composite
	// literal keys both record their identifier in Uses.
	files := make(map[*token.File]bool)
	modelled := make(map[*types.TypeName]bool) // struct types with a modelled field
	for id, obj := range pass.TypesInfo.Uses {
		switch obj := obj.(type) {
		case *types.Var:
			if !obj.IsField() {
				continue
			}
			if _, ok := kindOf(pass.Pkg, obj.Origin()); ok {
				files[pass.Fset.File(id.Pos())] = true
			}
		case *types.TypeName:
			// A positional composite literal (T{make(chan int)}) names
			// the type, not the field.
			if obj.Pkg() != pass.Pkg {
				continue
			}
			has, ok := modelled[obj]
			if !ok {
				has = hasModelledField(pass.Pkg, obj.Type())
				modelled[obj] = has
			}
			if has {
				files[pass.Fset.File(id.Pos())] = true
			}
		}
	}
	if len(files) == 0 {
		return res, nil
	}
	sc := pass.ResultOf[scope.Analyzer].(*scope.Result)
	b := &builder{pass: pass, res: res, flow: pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)}
	b.findGetters(files)
	kept := make(map[*ast.File]bool, len(sc.Files))
	for _, f := range sc.Files {
		kept[f] = true
	}
	var extra []*ast.File
	for _, f := range pass.Files {
		if !kept[f] && files[pass.Fset.File(f.FileStart)] {
			extra = append(extra, f)
		}
	}
	b.walk(sc.Index, files)
	if len(extra) > 0 {
		ix := astindex.New(extra)
		b.walk(ix, nil)
		ix.Release() // the result holds nodes, not cursors
	}
	return res, nil
}

// followed is a local or parameter followed as the field f.
type followed struct {
	f *Field
	c *chanflow.Chan
}

type builder struct {
	pass *analysis.Pass
	res  *Result
	flow *chanflow.Result
	seen map[followed]bool // locals and parameters already followed for a field
	// getters maps an unexported getter method (origin) to its field;
	// getterDecl is the inverse, by declaration.
	getters    map[*types.Func]*Field
	getterDecl map[*ast.FuncDecl]*Field
	// ifaceGetters pairs an interface method with the one getter of
	// the package that implements it; getters then maps the interface
	// method to the getter's field too.
	ifaceGetters [][2]*types.Func
}

// findGetters finds the getters of channel fields, in the files that
// name a modelled field: methods without parameters whose one result is
// a channel and whose every return statement returns the field (x.c,
// any x), nil, or a call of another getter of the same field (a chain:
// return t.store.Stopper().quiesce()):
//
//	func (t *T) c() chan X { return t.c }
//	func (s *Stopper) ShouldQuiesce() <-chan struct{} {
//		if s == nil {
//			return nil
//		}
//		return s.quiescer
//	}
//
// A call t.c() of such a getter is the field t.c (a receive from nil
// blocks as well). An unexported method can only be named by the
// package, so every call of it is in view, unless it is called through
// an interface (whose method the package names) or used as a method
// value or expression: then the field escapes. An exported getter may
// be called by other packages: it is one only when its result is a
// receive-only channel, through which they can only receive (the field
// is RecvOnly); an exported getter of a bidirectional channel is not
// one (its return makes the field escape). It adds to files the files
// that call a getter.
func (b *builder) findGetters(files map[*token.File]bool) {
	info := b.pass.TypesInfo
	cands := make(map[*types.Func]*getterCand)
	for _, file := range b.pass.Files {
		if !files[b.pass.Fset.File(file.FileStart)] {
			continue
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Body == nil {
				continue
			}
			fn, ok := info.Defs[fd.Name].(*types.Func)
			if !ok || fn.Signature().Params().Len() != 0 || fn.Signature().Results().Len() != 1 {
				continue
			}
			ch, ok := fn.Signature().Results().At(0).Type().Underlying().(*types.Chan)
			if !ok || fn.Exported() && ch.Dir() != types.RecvOnly {
				continue
			}
			c := &getterCand{fd: fd}
			if b.getterReturns(fd.Body, c) {
				cands[fn] = c
			}
		}
	}
	// Resolve the chains: a getter's field is the one field of its
	// returns and of the getters it returns the calls of.
	resolved := make(map[*types.Func]*Field)
	for changed := true; changed; {
		changed = false
		for fn, c := range cands {
			if _, done := resolved[fn]; done {
				continue
			}
			var f *Field
			ok := true
			set := func(g *Field) {
				if g == nil || f != nil && f != g {
					ok = false
				}
				f = g
			}
			for _, g := range c.fields {
				set(g)
			}
			pending := false
			for _, dep := range c.deps {
				g, done := resolved[dep]
				if _, cand := cands[dep]; !cand {
					ok = false
				} else if !done {
					pending = true
				} else {
					set(g)
				}
			}
			if ok && pending {
				continue
			}
			if !ok || f == nil {
				f = nil // not a getter
			}
			resolved[fn] = f
			changed = true
		}
	}
	for fn, f := range resolved {
		if f == nil {
			continue
		}
		if b.getters == nil {
			b.getters = make(map[*types.Func]*Field)
			b.getterDecl = make(map[*ast.FuncDecl]*Field)
		}
		b.getters[fn] = f
		b.getterDecl[cands[fn].fd] = f
		if fn.Exported() && !f.RecvOnly.IsValid() {
			f.RecvOnly = fn.Pos() // other packages may call it, and receive
		}
	}
	if len(b.getters) == 0 {
		return
	}
	byName := make(map[string][]*types.Func, len(b.getters))
	for g := range b.getters {
		byName[g.Name()] = append(byName[g.Name()], g)
	}
	var impls map[string]int // see implementations
	for id, obj := range info.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() != b.pass.Pkg {
			continue
		}
		fn = fn.Origin()
		if b.getters[fn] != nil {
			files[b.pass.Fset.File(id.Pos())] = true
			continue
		}
		recv := fn.Signature().Recv()
		if recv == nil || !types.IsInterface(recv.Type()) {
			continue
		}
		gs := byName[fn.Name()]
		if len(gs) == 0 || fn.Exported() {
			continue // an exported getter returns a receive-only channel: a call through an interface only receives
		}
		// An interface method of the package with a getter's name.
		// Its name is unexported (a getter's is), so only types of
		// the package implement it and only the package calls it.
		// When the getter is the one method of the package with that
		// name and its type implements the interface, every call
		// through the interface reaches the getter: it is the field.
		// Otherwise the call may reach another method: the field
		// escapes.
		if impls == nil {
			impls = b.implementations()
		}
		if impls[fn.Name()] == 1 && len(gs) == 1 && implements(gs[0], recv.Type()) {
			files[b.pass.Fset.File(id.Pos())] = true
			b.ifaceGetters = append(b.ifaceGetters, [2]*types.Func{fn, gs[0]})
			continue
		}
		for _, g := range gs {
			b.getters[g].escape(id.Pos())
		}
	}
	for _, p := range b.ifaceGetters {
		b.getters[p[0]] = b.getters[p[1]]
	}
}

// A getterCand is a method that may be a getter (see findGetters).
type getterCand struct {
	fd     *ast.FuncDecl
	fields []*Field      // the fields it returns directly
	deps   []*types.Func // the methods whose calls it returns
}

// getterReturns reports whether every return statement of body (not of
// its function literals) returns one value: nil, a modelled channel
// field (x.c), or a call without arguments of a method of the package
// (a getter, if it resolves as one). It records the fields and the
// methods in c. A body without a return statement is no getter's.
func (b *builder) getterReturns(body *ast.BlockStmt, c *getterCand) bool {
	info := b.pass.TypesInfo
	ok, n := true, 0
	ast.Inspect(body, func(node ast.Node) bool {
		if !ok {
			return false
		}
		switch node := node.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			n++
			if len(node.Results) != 1 {
				ok = false
				return false
			}
			switch e := ast.Unparen(node.Results[0]).(type) {
			case *ast.Ident:
				if _, isNil := info.Uses[e].(*types.Nil); !isNil {
					ok = false
				}
			case *ast.SelectorExpr:
				if f := b.field(e.Sel); f != nil && f.Kind == Chan {
					c.fields = append(c.fields, f)
				} else {
					ok = false
				}
			case *ast.CallExpr:
				sel, isSel := ast.Unparen(e.Fun).(*ast.SelectorExpr)
				if !isSel || len(e.Args) != 0 {
					ok = false
					break
				}
				fn, isFn := info.Uses[sel.Sel].(*types.Func)
				if !isFn || fn.Pkg() != b.pass.Pkg || fn.Signature().Recv() == nil || types.IsInterface(fn.Signature().Recv().Type()) {
					ok = false
					break
				}
				if s, isSel := info.Selections[sel]; !isSel || s.Kind() != types.MethodVal {
					ok = false // a method expression
					break
				}
				c.deps = append(c.deps, fn.Origin())
			default:
				ok = false
			}
			return false
		}
		return true
	})
	return ok && n > 0
}

// implementations counts the methods declared in the package by name,
// on the named types of the package scope: the candidates of a call
// through an interface method with an unexported name.
func (b *builder) implementations() map[string]int {
	n := make(map[string]int)
	sc := b.pass.Pkg.Scope()
	for _, name := range sc.Names() {
		tn, ok := sc.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || types.IsInterface(named) {
			continue
		}
		for i := range named.NumMethods() {
			n[named.Method(i).Name()]++
		}
	}
	// Types declared in function bodies have no methods of their own.
	return n
}

// implements reports whether the receiver type of the getter g, or a
// pointer to it, implements the interface iface. A getter of a generic
// type is not matched.
func implements(g *types.Func, iface types.Type) bool {
	t := g.Signature().Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.TypeParams().Len() > 0 {
		return false
	}
	it, ok := iface.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	return types.Implements(named, it) || types.Implements(types.NewPointer(named), it)
}

// getterCall records the use of the getter of f whose selector (t.c in
// t.c()) is at cur.
func (b *builder) getterCall(cur astindex.Cursor, f *Field, sel *ast.SelectorExpr) {
	if cur.ParentEdgeKind() != edge.CallExpr_Fun {
		// A method value or expression: called where the model does
		// not follow. Through a receive-only result it only receives.
		if fn, ok := b.pass.TypesInfo.Uses[sel.Sel].(*types.Func); ok {
			if ch, ok := fn.Signature().Results().At(0).Type().Underlying().(*types.Chan); ok && ch.Dir() == types.RecvOnly {
				if !f.RecvOnly.IsValid() {
					f.RecvOnly = sel.Pos()
				}
				return
			}
		}
		f.escape(sel.Pos())
		return
	}
	call := cur.Parent()
	if len(call.Node().(*ast.CallExpr).Args) != 0 {
		f.escape(sel.Pos())
		return
	}
	b.use(call, f, call.Node().(*ast.CallExpr))
}

// walk records the uses of modelled fields in the files of ix; if
// files is not nil, only in those.
func (b *builder) walk(ix *astindex.Index, files map[*token.File]bool) {
	for curFile := range ix.Root().Children() {
		if files != nil && !files[b.pass.Fset.File(curFile.Node().Pos())] {
			continue // names no modelled field
		}
		for cur := range curFile.Preorder((*ast.SelectorExpr)(nil), (*ast.KeyValueExpr)(nil), (*ast.CompositeLit)(nil)) {
			switch n := cur.Node().(type) {
			case *ast.SelectorExpr:
				if f := b.field(n.Sel); f != nil {
					b.use(cur, f, n)
				} else if fn, ok := b.pass.TypesInfo.Uses[n.Sel].(*types.Func); ok && b.getters[fn.Origin()] != nil {
					b.getterCall(cur, b.getters[fn.Origin()], n)
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					if f := b.field(id); f != nil {
						b.assign(cur, f, id, n, n.Value)
					}
				}
			case *ast.CompositeLit:
				b.positional(cur, n)
			}
		}
	}
}

// field returns the Field that id names, creating it, or nil.
func (b *builder) field(id *ast.Ident) *Field {
	v, ok := b.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || !v.IsField() {
		return nil
	}
	v = v.Origin()
	if f := b.res.fieldOf[v]; f != nil {
		return f
	}
	k, ok := kindOf(b.pass.Pkg, v)
	if !ok {
		return nil
	}
	f := &Field{Var: v, Kind: k}
	b.res.Fields = append(b.res.Fields, f)
	b.res.fieldOf[v] = f
	return f
}

// positional marks as Foreign the modelled fields of a struct built by
// a composite literal without keys: the model does not follow values
// by position.
func (b *builder) positional(cur astindex.Cursor, lit *ast.CompositeLit) {
	if len(lit.Elts) == 0 {
		return
	}
	if _, ok := lit.Elts[0].(*ast.KeyValueExpr); ok {
		return
	}
	st, ok := types.Unalias(b.pass.TypesInfo.TypeOf(lit)).Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i := range st.NumFields() {
		v := st.Field(i).Origin()
		if _, ok := kindOf(b.pass.Pkg, v); !ok {
			continue
		}
		f := b.res.fieldOf[v]
		if f == nil {
			k, _ := kindOf(b.pass.Pkg, v)
			f = &Field{Var: v, Kind: k}
			b.res.Fields = append(b.res.Fields, f)
			b.res.fieldOf[v] = f
		}
		if !f.Foreign.IsValid() {
			f.Foreign = lit.Pos()
		}
	}
}

// enclosingFunc returns the innermost function containing cur.
func enclosingFunc(cur astindex.Cursor) ast.Node {
	if p, ok := cur.Innermost((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)); ok {
		return p.Node()
	}
	return nil
}

func (f *Field) escape(pos token.Pos) {
	if f.Kind == Context {
		return // handing a context on lets no one cancel it
	}
	if !f.Escaped.IsValid() {
		f.Escaped = pos
	}
}

func (b *builder) add(op *Op) {
	op.Field.Ops = append(op.Field.Ops, op)
	if op.Clause != nil && (op.Kind == SelectRecv || op.Kind == SelectRecvC) {
		b.res.clauseOf[op.Clause] = op
	}
}

// use classifies one use s.f of the field f at cur.
func (b *builder) use(cur astindex.Cursor, f *Field, sel ast.Expr) {
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	parent := cur.Parent()
	fn := enclosingFunc(cur)
	op := &Op{Field: f, Expr: sel, Func: fn}
	switch kind, idx := cur.ParentEdge(); kind {
	case edge.SendStmt_Chan:
		op.Node = parent.Node()
		op.Kind = Send
		if parent.ParentEdgeKind() == edge.CommClause_Comm {
			op.Kind = SelectSend
			inSelect(op, parent.Parent())
		}
		b.add(op)
	case edge.SendStmt_Value:
		f.escape(sel.Pos()) // sent on a channel
	case edge.UnaryExpr_X:
		u := parent.Node().(*ast.UnaryExpr)
		if u.Op != token.ARROW {
			f.escape(sel.Pos()) // &s.c
			return
		}
		op.Node = u
		op.Kind = Recv
		if cc, ok := commClause(parent); ok {
			op.Kind = SelectRecv
			inSelect(op, cc)
		}
		b.add(op)
	case edge.RangeStmt_X:
		op.Node = parent.Node()
		op.Kind = Range
		b.add(op)
	case edge.CallExpr_Fun:
		if f.Kind != CancelFunc {
			f.escape(sel.Pos())
			return
		}
		op.Node = parent.Node()
		op.Kind = Call
		op.Defer = isDeferred(parent)
		b.add(op)
	case edge.CallExpr_Args:
		b.arg(parent, f, op, idx)
	case edge.SelectorExpr_X:
		b.selected(parent, f, op)
	case edge.AssignStmt_Lhs:
		as := parent.Node().(*ast.AssignStmt)
		var val ast.Expr
		if len(as.Lhs) == len(as.Rhs) {
			val = as.Rhs[idx]
		} else if len(as.Rhs) == 1 && isWithCancel(b.pass.TypesInfo, as.Rhs[0]) &&
			(f.Kind == CancelFunc && idx == 1 || f.Kind == Context && idx == 0) {
			val = as.Rhs[0] // s.ctx, s.cancel = context.WithCancel(parent)
		}
		if as.Tok != token.ASSIGN && as.Tok != token.DEFINE {
			f.escape(sel.Pos()) // s.c += ...: cannot type-check for these kinds; be safe
			return
		}
		b.assign(cur, f, sel, as, val)
	case edge.AssignStmt_Rhs:
		as := parent.Node().(*ast.AssignStmt)
		if len(as.Lhs) == len(as.Rhs) {
			b.flowTo(f, sel, as.Lhs[idx])
		} else {
			f.escape(sel.Pos())
		}
	case edge.ValueSpec_Values:
		vs := parent.Node().(*ast.ValueSpec)
		if len(vs.Names) == len(vs.Values) {
			b.flowTo(f, sel, vs.Names[idx])
		} else {
			f.escape(sel.Pos())
		}
	case edge.ReturnStmt_Results:
		b.returned(f, sel, fn, idx)
	case edge.BinaryExpr_X, edge.BinaryExpr_Y, edge.CaseClause_List, edge.SwitchStmt_Tag:
		// s.c == nil: no flow
	default:
		f.escape(sel.Pos())
	}
}

// commClause returns the select clause whose communication is the
// receive expression at cur, if any.
func commClause(cur astindex.Cursor) (astindex.Cursor, bool) {
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	switch cur.ParentEdgeKind() {
	case edge.ExprStmt_X, edge.AssignStmt_Rhs:
		if stmt := cur.Parent(); stmt.ParentEdgeKind() == edge.CommClause_Comm {
			return stmt.Parent(), true
		}
	}
	return astindex.Cursor{}, false
}

// inSelect sets the clause and select statement of op, given the
// cursor of its CommClause.
func inSelect(op *Op, clause astindex.Cursor) {
	op.Clause = clause.Node().(*ast.CommClause)
	op.Select, _ = clause.Parent().Parent().Node().(*ast.SelectStmt)
}

// isDeferred reports whether the call at cur is the call of a defer
// statement.
func isDeferred(cur astindex.Cursor) bool {
	_, ok := cur.Parent().Node().(*ast.DeferStmt)
	return ok && cur.ParentEdgeKind() == edge.DeferStmt_Call
}

// isWithCancel reports whether e calls context.WithCancel,
// WithTimeout, WithDeadline or their Cause forms.
func isWithCancel(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := typeutil.StaticCallee(info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "context" {
		return false
	}
	switch fn.Name() {
	case "WithCancel", "WithCancelCause", "WithTimeout", "WithTimeoutCause", "WithDeadline", "WithDeadlineCause":
		return true
	}
	return false
}

// arg classifies the field passed as argument idx of the call at cur.
func (b *builder) arg(cur astindex.Cursor, f *Field, op *Op, idx int) {
	call := cur.Node().(*ast.CallExpr)
	info := b.pass.TypesInfo
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if bi, ok := info.Uses[id].(*types.Builtin); ok {
			switch bi.Name() {
			case "close":
				op.Node = call
				op.Kind = Close
				b.add(op)
				return
			case "len", "cap":
				f.escape(op.Expr.Pos()) // a semaphore
				return
			}
		}
	}
	if f.Kind != Chan {
		f.escape(op.Expr.Pos()) // a ticker, timer or cancel func handed over
		return
	}
	callee := typeutil.StaticCallee(info, call)
	if callee == nil {
		f.escape(op.Expr.Pos()) // conversion or dynamic call
		return
	}
	decl := b.flow.DeclOf(callee)
	if decl == nil {
		f.escape(op.Expr.Pos()) // another package's function
		return
	}
	p := b.flow.ParamChan(decl, idx)
	if p == nil || p.Assigns > 0 {
		f.escape(op.Expr.Pos())
		return
	}
	b.follow(f, p)
}

// selected classifies s.f.X: a method call on the field, its method
// value, or the C field of a ticker or timer.
func (b *builder) selected(cur astindex.Cursor, f *Field, op *Op) {
	sel := cur.Node().(*ast.SelectorExpr)
	switch f.Kind {
	case Ticker, Timer:
		if sel.Sel.Name == "C" {
			b.timerC(cur, f, op)
			return
		}
	case Chan, CancelFunc:
		f.escape(op.Expr.Pos())
		return
	case Context:
		// Only <-s.ctx.Done() matters; passing the context on lets no
		// one cancel it.
		if sel.Sel.Name == "Done" && cur.ParentEdgeKind() == edge.CallExpr_Fun {
			b.timerC(cur.Parent(), f, op)
		}
		return
	}
	// A method: it must be called.
	if cur.ParentEdgeKind() != edge.CallExpr_Fun {
		f.escape(op.Expr.Pos()) // a method value: s.wg.Done passed along
		return
	}
	call := cur.Parent()
	op.Node = call.Node()
	op.Kind = Call
	op.Method = sel.Sel.Name
	op.Defer = isDeferred(call)
	b.add(op)
}

// timerC classifies s.t.C, at cur.
func (b *builder) timerC(cur astindex.Cursor, f *Field, op *Op) {
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	switch cur.ParentEdgeKind() {
	case edge.UnaryExpr_X:
		u := cur.Parent().Node().(*ast.UnaryExpr)
		if u.Op != token.ARROW {
			return
		}
		op.Node = u
		op.Kind = RecvC
		if cc, ok := commClause(cur.Parent()); ok {
			op.Kind = SelectRecvC
			inSelect(op, cc)
		}
		b.add(op)
	case edge.RangeStmt_X:
		op.Node = cur.Parent().Node()
		op.Kind = RangeC
		b.add(op)
	}
	// Other uses of C (passed along, stored) only receive: C is
	// receive-only, and nothing but the runtime sends on it.
}

// assign records the assignment of val (nil when not known) to the
// field f at node.
func (b *builder) assign(cur astindex.Cursor, f *Field, expr ast.Expr, node ast.Node, val ast.Expr) {
	op := &Op{Kind: Assign, Field: f, Expr: expr, Node: node, Value: val, Func: enclosingFunc(cur)}
	b.add(op)
	info := b.pass.TypesInfo
	if val == nil {
		if !f.Foreign.IsValid() {
			f.Foreign = node.Pos()
		}
		return
	}
	val = ast.Unparen(val)
	if id, ok := val.(*ast.Ident); ok && id.Name == "nil" {
		if _, ok := info.Uses[id].(*types.Nil); ok {
			return
		}
	}
	if call, ok := val.(*ast.CallExpr); ok {
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if bi, ok := info.Uses[id].(*types.Builtin); ok && bi.Name() == "make" && f.Kind == Chan {
				f.Makes = append(f.Makes, call)
				c := int64(0)
				if len(call.Args) > 1 {
					n, ok := chanflow.ConstInt(info, call.Args[1])
					if !ok {
						n = -1
					}
					c = n
				}
				f.Caps = append(f.Caps, c)
				return
			}
		}
		if fn := typeutil.StaticCallee(info, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "time" {
			switch {
			case f.Kind == Ticker && fn.Name() == "NewTicker", f.Kind == Timer && fn.Name() == "NewTimer":
				return
			}
		}
		if (f.Kind == CancelFunc || f.Kind == Context) && isWithCancel(info, call) {
			return
		}
	}
	if id, ok := val.(*ast.Ident); ok && f.Kind == Chan {
		// s.c = ch, T{c: ch}, with ch a local channel made by make and
		// assigned once: the field is ch, and ch's other uses are the
		// field's.
		if v, ok := info.Uses[id].(*types.Var); ok {
			if c := b.flow.ChanOf(v); c != nil && !c.Param && c.Make != nil && c.Assigns == 1 {
				f.Makes = append(f.Makes, c.Make)
				n := int64(0)
				if c.Cap != nil {
					var ok bool
					if n, ok = chanflow.ConstInt(info, c.Cap); !ok {
						n = -1
					}
				}
				f.Caps = append(f.Caps, n)
				b.followSkip(f, c, id)
				return
			}
		}
	}
	if !f.Foreign.IsValid() {
		f.Foreign = node.Pos()
	}
}

// flowTo records the field's value assigned to lhs: a local channel
// variable with no other assignment is the field; anything else is an
// escape (or nothing, for the blank identifier).
func (b *builder) flowTo(f *Field, expr ast.Expr, lhs ast.Expr) {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		f.escape(expr.Pos()) // stored in a field, an element, through a pointer
		return
	}
	if id.Name == "_" {
		return
	}
	if f.Kind != Chan {
		f.escape(expr.Pos()) // a local ticker, WaitGroup copy or cancel func: not followed
		return
	}
	v, _ := b.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if v == nil {
		f.escape(expr.Pos())
		return
	}
	c := b.flow.ChanOf(v)
	if c == nil || c.Param || c.Assigns != 1 {
		f.escape(expr.Pos()) // a global, or a local assigned elsewhere too
		return
	}
	b.follow(f, c)
}

// follow adds the operations of the local or parameter c, which is the
// field f, to f.
func (b *builder) follow(f *Field, c *chanflow.Chan) { b.followSkip(f, c, nil) }

// followSkip is follow, but skips the use skip of c: the store of c
// into f itself.
func (b *builder) followSkip(f *Field, c *chanflow.Chan, skip *ast.Ident) {
	if b.seen == nil {
		b.seen = make(map[followed]bool)
	}
	if b.seen[followed{f, c}] {
		return
	}
	b.seen[followed{f, c}] = true
	for _, cop := range c.Ops {
		if cop.Ident == skip {
			continue
		}
		op := &Op{Field: f, Expr: cop.Ident, Node: cop.Node, Clause: cop.Clause, Select: cop.Select}
		if cop.Func != nil {
			op.Func = cop.Func.Node
		}
		switch cop.Kind {
		case chanflow.Send:
			op.Kind = Send
		case chanflow.Recv:
			op.Kind = Recv
		case chanflow.SelectSend:
			op.Kind = SelectSend
		case chanflow.SelectRecv:
			op.Kind = SelectRecv
		case chanflow.Range:
			op.Kind = Range
		case chanflow.Close:
			op.Kind = Close
		case chanflow.Arg:
			var decl *chanflow.Func
			if cop.Callee != nil {
				decl = b.flow.DeclOf(cop.Callee)
			}
			if decl == nil {
				f.escape(cop.Ident.Pos())
				continue
			}
			p := b.flow.ParamChan(decl, cop.Arg)
			if p == nil || p.Assigns > 0 {
				f.escape(cop.Ident.Pos())
				continue
			}
			b.follow(f, p)
			continue
		case chanflow.Return:
			f.escape(cop.Ident.Pos())
			continue
		case chanflow.Other:
			if _, ok := cop.Node.(*ast.CallExpr); ok {
				f.escape(cop.Ident.Pos()) // len or cap: a semaphore
			}
			continue
		default:
			f.escape(cop.Ident.Pos())
			continue
		}
		b.add(op)
	}
}

// returned records the field returned as result idx of fn.
func (b *builder) returned(f *Field, expr ast.Expr, fn ast.Node, idx int) {
	if fd, ok := fn.(*ast.FuncDecl); ok && b.getterDecl[fd] == f {
		return // the getter's return: its calls are the field
	}
	var sig *types.Signature
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := b.pass.TypesInfo.Defs[fn.Name].(*types.Func); ok {
			sig = obj.Signature()
		}
	case *ast.FuncLit:
		sig, _ = b.pass.TypesInfo.TypeOf(fn).(*types.Signature)
	}
	if f.Kind == Chan && sig != nil && idx < sig.Results().Len() {
		if ch, ok := sig.Results().At(idx).Type().Underlying().(*types.Chan); ok && ch.Dir() == types.RecvOnly {
			if !f.RecvOnly.IsValid() {
				f.RecvOnly = expr.Pos()
			}
			return
		}
	}
	f.escape(expr.Pos())
}
