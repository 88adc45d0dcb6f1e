// Package chanflow computes the channel-flow model of a package: every
// function body, every go statement, and every use of every local
// channel variable, classified as a send, receive, close, range, call
// argument, return or escape.
//
// The model is computed once per package by Analyzer and consumed by the
// passes through Requires and pass.ResultOf, so no pass walks the syntax
// tree for channel operations again.
//
// Only local variables (including parameters and results) of channel
// type are modelled. A channel held in a field, a global, a map or a
// slice is outside the model: passes treat it as escaping, that is, as
// handled by code they cannot see.
package chanflow

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer computes the *Result of a package. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "chanflow",
	Doc:        "compute the channel-flow model shared by the leakvet passes",
	URL:        "https://pkg.go.dev/github.com/leakvet/leakvet/passes/internal/chanflow",
	Requires:   []*analysis.Analyzer{scope.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Result is the channel-flow model of one package.
type Result struct {
	Funcs []*Func // every function body, in source order
	Gos   []*Go   // every go statement, in source order
	Chans []*Chan // every local channel variable, in order of declaration

	funcOf map[ast.Node]*Func
	chanOf map[*types.Var]*Chan
	goOf   map[*ast.GoStmt]*Go
	declOf map[*types.Func]*Func
	info   *types.Info
}

// FuncOf returns the Func of a *ast.FuncDecl or *ast.FuncLit, or nil.
func (r *Result) FuncOf(n ast.Node) *Func { return r.funcOf[n] }

// ChanOf returns the Chan of a local channel variable, or nil.
func (r *Result) ChanOf(v *types.Var) *Chan { return r.chanOf[v] }

// GoOf returns the Go of a go statement.
func (r *Result) GoOf(s *ast.GoStmt) *Go { return r.goOf[s] }

// A Func is a function body: a declared function or method, or a
// function literal.
type Func struct {
	Node   ast.Node // *ast.FuncDecl or *ast.FuncLit
	Type   *ast.FuncType
	Body   *ast.BlockStmt
	Obj    *types.Func // declared function or method; nil for a literal
	Parent *Func       // the function enclosing a literal; nil for a FuncDecl
	Go     *Go         // the go statement that calls this literal directly, if any
	Ops    []*Op       // channel operations whose innermost function is this one
	Gos    []*Go       // go statements directly in this function
	Defers []*ast.DeferStmt
}

// Name returns a name for f in messages: "F", "T.M", or
// "F's function literal".
func (f *Func) Name() string {
	if f.Obj != nil {
		if recv := f.Obj.Signature().Recv(); recv != nil {
			t := recv.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if n, ok := t.(interface{ Obj() *types.TypeName }); ok {
				return n.Obj().Name() + "." + f.Obj.Name()
			}
		}
		return f.Obj.Name()
	}
	for p := f.Parent; p != nil; p = p.Parent {
		if p.Obj != nil {
			return "the function literal in " + p.Name()
		}
	}
	return "the function literal"
}

// Encloses reports whether g is f or a function literal nested in f.
func (f *Func) Encloses(g *Func) bool {
	for ; g != nil; g = g.Parent {
		if g == f {
			return true
		}
	}
	return false
}

// A Go is a go statement.
type Go struct {
	Stmt   *ast.GoStmt
	Func   *Func       // the function containing the statement
	Lit    *Func       // the literal it calls (go func() { ... }()), or nil
	Callee *types.Func // the static callee otherwise (go f(x), go t.m(x)), or nil
	Loops  []ast.Stmt  // enclosing *ast.ForStmt and *ast.RangeStmt within Func, outermost first
}

// OpKind classifies a use of a channel variable.
type OpKind int

const (
	Send       OpKind = iota // ch <- v, outside a select
	Recv                     // <-ch, outside a select
	SelectSend               // case ch <- v:
	SelectRecv               // case <-ch:, case v := <-ch:, case v, ok = <-ch:
	Range                    // for v := range ch
	Close                    // close(ch)
	Arg                      // f(ch), go f(ch), defer f(ch): passed to a call
	Return                   // return ch
	Capture                  // a use in a nested function literal that is not itself an operation (never produced: ops in literals keep their kind)
	Escape                   // any other flow of the channel value: stored, sent, aliased, address taken, converted
	Other                    // len(ch), cap(ch), ch == nil, ch = make(...): no flow
)

var opNames = [...]string{"send", "recv", "select-send", "select-recv", "range", "close", "arg", "return", "capture", "escape", "other"}

func (k OpKind) String() string { return opNames[k] }

// An Op is one use of a channel variable.
type Op struct {
	Kind   OpKind
	Chan   *Chan
	Ident  *ast.Ident // the use of the variable
	Node   ast.Node   // the operation: *ast.SendStmt, *ast.UnaryExpr, *ast.RangeStmt, *ast.CallExpr, *ast.ReturnStmt; else Ident
	Func   *Func      // innermost function containing the use
	Clause *ast.CommClause
	Select *ast.SelectStmt // for SelectSend and SelectRecv
	Arg    int             // argument index, for Arg
	Callee *types.Func     // static callee, for Arg (nil when dynamic)
	Go     *ast.GoStmt     // for Arg: the go statement whose call this is, if any
	Loops  []ast.Stmt      // enclosing loops within Func, outermost first
}

// A Chan is a local variable of channel type.
type Chan struct {
	Var   *types.Var
	Decl  *Func         // the function declaring the variable
	Param bool          // a parameter (or receiver, or named result) of Decl
	Make  *ast.CallExpr // the make call assigned to it, if it has exactly one assignment and that is make(chan T[, n])
	Cap   ast.Expr      // the capacity argument of Make, or nil
	Ops   []*Op
	// Assigns counts assignments to the variable, including the
	// defining one (zero for parameters).
	Assigns int
}

// Name returns the variable's name.
func (c *Chan) Name() string { return c.Var.Name() }

// Unbuffered reports whether the channel is made without a capacity
// or with a constant capacity of zero.
func (c *Chan) Unbuffered(info *types.Info) bool {
	if c.Make == nil {
		return false
	}
	if c.Cap == nil {
		return true
	}
	n, ok := ConstInt(info, c.Cap)
	return ok && n == 0
}

// Escapes reports whether the channel value flows anywhere the model
// does not follow: it is stored, aliased, sent, converted or has its
// address taken. Calls and returns are not escapes; see Op.Kind.
func (c *Chan) Escapes() bool {
	for _, op := range c.Ops {
		if op.Kind == Escape {
			return true
		}
	}
	return false
}

// OpsOf returns the operations of the given kinds.
func (c *Chan) OpsOf(kinds ...OpKind) []*Op {
	var ops []*Op
	for _, op := range c.Ops {
		for _, k := range kinds {
			if op.Kind == k {
				ops = append(ops, op)
				break
			}
		}
	}
	return ops
}

// ConstInt returns the value of a constant integer expression.
func ConstInt(info *types.Info, e ast.Expr) (int64, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return 0, false
	}
	n, exact := constantInt64(tv)
	return n, exact
}

func run(pass *analysis.Pass) (any, error) {
	// Only the concurrency-relevant files: a function in another file
	// declares no channel variable and starts no goroutine (see scope).
	sc := pass.ResultOf[scope.Analyzer].(*scope.Result)
	insp := sc.Index
	b := &builder{
		pass:  pass,
		names: make(map[string]bool),
		res: &Result{
			funcOf: make(map[ast.Node]*Func),
			chanOf: make(map[*types.Var]*Chan),
			goOf:   make(map[*ast.GoStmt]*Go),
			declOf: make(map[*types.Func]*Func),
			info:   pass.TypesInfo,
		},
	}
	// Functions and go statements first, in preorder, so that the
	// enclosing Func of any node is known by the time it is used.
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.GoStmt)(nil), (*ast.DeferStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			if n.Body == nil {
				continue // external (assembly) function
			}
			obj, _ := pass.TypesInfo.Defs[n.Name].(*types.Func)
			b.addFunc(&Func{Node: n, Type: n.Type, Body: n.Body, Obj: obj})
		case *ast.FuncLit:
			if b.res.funcOf[n] != nil {
				continue // added by its go statement
			}
			f := &Func{Node: n, Type: n.Type, Body: n.Body, Parent: b.enclosingFunc(cur)}
			b.addFunc(f)
		case *ast.GoStmt:
			b.addGo(cur, n)
		case *ast.DeferStmt:
			if f := b.enclosingFunc(cur); f != nil {
				f.Defers = append(f.Defers, n)
			}
		}
	}
	// Then every identifier that denotes a local channel variable, in
	// the top-level declarations that may define one.
	for curFile := range insp.Root().Children() {
		for curDecl := range curFile.Children() {
			if d, ok := curDecl.Node().(ast.Decl); !ok || !sc.MayDefineChan(d) {
				continue // no local channel variable here (see scope)
			}
			for cur := range curDecl.Preorder((*ast.Ident)(nil)) {
				id := cur.Node().(*ast.Ident)
				// A variable is defined only by an identifier in one of
				// these places, and each use of a channel variable
				// comes after its definition and has its name: the
				// type information is looked up for those only.
				switch cur.ParentEdgeKind() {
				case edge.Field_Names, edge.AssignStmt_Lhs, edge.ValueSpec_Names, edge.RangeStmt_Key, edge.RangeStmt_Value:
					if obj := pass.TypesInfo.Defs[id]; obj != nil {
						b.define(cur, id, obj)
						continue
					}
				}
				if !b.names[id.Name] {
					continue
				}
				if v, ok := pass.TypesInfo.Uses[id].(*types.Var); ok {
					if c := b.res.chanOf[v]; c != nil {
						b.use(cur, id, c)
					}
				}
			}
		}
	}
	return b.res, nil
}

type builder struct {
	pass  *analysis.Pass
	res   *Result
	names map[string]bool // the names of the channel variables defined so far
}

func (b *builder) addFunc(f *Func) {
	b.res.Funcs = append(b.res.Funcs, f)
	b.res.funcOf[f.Node] = f
	if f.Obj != nil {
		b.res.declOf[f.Obj] = f
	}
}

// enclosingFunc returns the Func of the innermost function containing
// cur (not cur itself).
func (b *builder) enclosingFunc(cur astindex.Cursor) *Func {
	if p, ok := cur.Parent().Innermost((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)); ok {
		return b.res.funcOf[p.Node()]
	}
	return nil
}

// loops returns the loops enclosing cur within its innermost function,
// outermost first.
func loops(cur astindex.Cursor) []ast.Stmt {
	var ls []ast.Stmt
	for p := range cur.Parent().Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
		switch n := p.Node().(type) {
		case *ast.ForStmt:
			ls = append(ls, n)
		case *ast.RangeStmt:
			ls = append(ls, n)
		default:
			// reverse to outermost first
			for i, j := 0, len(ls)-1; i < j; i, j = i+1, j-1 {
				ls[i], ls[j] = ls[j], ls[i]
			}
			return ls
		}
	}
	return ls
}

func (b *builder) addGo(cur astindex.Cursor, s *ast.GoStmt) {
	g := &Go{Stmt: s, Func: b.enclosingFunc(cur), Loops: loops(cur)}
	if lit, ok := ast.Unparen(s.Call.Fun).(*ast.FuncLit); ok {
		// The literal is visited after its go statement in preorder:
		// add it now, so that it knows its go statement.
		g.Lit = &Func{Node: lit, Type: lit.Type, Body: lit.Body, Parent: g.Func, Go: g}
		b.addFunc(g.Lit)
	} else {
		g.Callee = typeutil.StaticCallee(b.pass.TypesInfo, s.Call)
	}
	b.res.Gos = append(b.res.Gos, g)
	b.res.goOf[s] = g
	if g.Func != nil {
		g.Func.Gos = append(g.Func.Gos, g)
	}
}

// isChan reports whether t is a channel type, or a type parameter
// whose every type is a channel type.
func isChan(t types.Type) bool {
	tp, ok := t.(*types.TypeParam)
	if !ok {
		_, ok := t.Underlying().(*types.Chan)
		return ok
	}
	iface, _ := tp.Underlying().(*types.Interface)
	if iface == nil {
		return false
	}
	terms := 0
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		switch e := iface.EmbeddedType(i).(type) {
		case *types.Union:
			for j := 0; j < e.Len(); j++ {
				if _, ok := e.Term(j).Type().Underlying().(*types.Chan); !ok {
					return false
				}
				terms++
			}
		default:
			if _, ok := e.Underlying().(*types.Chan); !ok {
				return false
			}
			terms++
		}
	}
	return terms > 0
}

// define records the declaration of a local channel variable.
func (b *builder) define(cur astindex.Cursor, id *ast.Ident, obj types.Object) {
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || !isChan(v.Type()) {
		return
	}
	if v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return // global, or a variable with no scope (e.g. in a type switch clause)
	}
	if b.res.chanOf[v] != nil {
		return // e.g. the implicit per-clause object of a type switch
	}
	f := b.enclosingFunc(cur)
	if f == nil {
		return
	}
	c := &Chan{Var: v, Decl: f}
	b.res.Chans = append(b.res.Chans, c)
	b.res.chanOf[v] = c
	b.names[v.Name()] = true
	switch cur.ParentEdgeKind() {
	case edge.Field_Names:
		c.Param = true // parameter, receiver or named result
	case edge.AssignStmt_Lhs:
		as := cur.Parent().Node().(*ast.AssignStmt)
		b.assign(c, as.Lhs, as.Rhs, id)
	case edge.ValueSpec_Names:
		vs := cur.Parent().Node().(*ast.ValueSpec)
		lhs := make([]ast.Expr, len(vs.Names))
		for i, n := range vs.Names {
			lhs[i] = n
		}
		if len(vs.Values) > 0 {
			b.assign(c, lhs, vs.Values, id)
		}
	case edge.RangeStmt_Key, edge.RangeStmt_Value:
		c.Assigns++ // assigned from the ranged-over collection
	default:
		c.Assigns++ // e.g. a select case's v := <-chOfChans
	}
}

// assign records an assignment of rhs to the channel c at lhs[i] == id.
func (b *builder) assign(c *Chan, lhs, rhs []ast.Expr, id *ast.Ident) {
	c.Assigns++
	if len(lhs) != len(rhs) {
		return // v, ok := <-x or a multi-value call
	}
	for i, l := range lhs {
		if l == id {
			if call, ok := ast.Unparen(rhs[i]).(*ast.CallExpr); ok && b.isBuiltin(call.Fun, "make") && len(call.Args) > 0 {
				if c.Assigns == 1 {
					c.Make = call
					if len(call.Args) > 1 {
						c.Cap = call.Args[1]
					}
				}
			}
		}
	}
	if c.Assigns > 1 {
		c.Make, c.Cap = nil, nil
	}
}

func (b *builder) isBuiltin(fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	bi, ok := b.pass.TypesInfo.Uses[id].(*types.Builtin)
	return ok && bi.Name() == name
}

// use classifies one use of the channel variable c.
func (b *builder) use(cur astindex.Cursor, id *ast.Ident, c *Chan) {
	op := &Op{Chan: c, Ident: id, Node: id, Func: b.enclosingFunc(cur), Loops: loops(cur), Kind: Escape}
	// Step over parentheses.
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	parent := cur.Parent()
	switch kind, idx := cur.ParentEdge(); kind {
	case edge.SendStmt_Chan:
		s := parent.Node().(*ast.SendStmt)
		op.Node = s
		op.Kind = Send
		if parent.ParentEdgeKind() == edge.CommClause_Comm {
			op.Kind = SelectSend
			b.inSelect(op, parent.Parent())
		}
	case edge.UnaryExpr_X:
		u := parent.Node().(*ast.UnaryExpr)
		if u.Op != token.ARROW {
			break // &ch: escape
		}
		op.Node = u
		op.Kind = Recv
		// <-ch as a select case: "case <-ch:", "case v := <-ch:", "case v, ok = <-ch:"
		ucur := parent
		for ucur.ParentEdgeKind() == edge.ParenExpr_X {
			ucur = ucur.Parent()
		}
		switch ucur.ParentEdgeKind() {
		case edge.ExprStmt_X, edge.AssignStmt_Rhs:
			if stmt := ucur.Parent(); stmt.ParentEdgeKind() == edge.CommClause_Comm {
				op.Kind = SelectRecv
				b.inSelect(op, stmt.Parent())
			}
		}
	case edge.RangeStmt_X:
		op.Node = parent.Node()
		op.Kind = Range
	case edge.CallExpr_Args:
		call := parent.Node().(*ast.CallExpr)
		op.Node = call
		switch {
		case b.isBuiltin(call.Fun, "close"):
			op.Kind = Close
		case b.isBuiltin(call.Fun, "len"), b.isBuiltin(call.Fun, "cap"):
			op.Kind = Other
		default:
			if tv, ok := b.pass.TypesInfo.Types[call.Fun]; ok && tv.IsType() {
				break // conversion: escape
			}
			op.Kind = Arg
			op.Arg = idx
			op.Callee = typeutil.StaticCallee(b.pass.TypesInfo, call)
			if g, ok := parent.Parent().Node().(*ast.GoStmt); ok && g.Call == call {
				op.Go = g
			}
		}
	case edge.AssignStmt_Rhs:
		as := parent.Node().(*ast.AssignStmt)
		if len(as.Lhs) == len(as.Rhs) {
			if l, ok := as.Lhs[idx].(*ast.Ident); ok && l.Name == "_" {
				op.Kind = Other // _ = ch
			}
		}
	case edge.ReturnStmt_Results:
		op.Node = parent.Node()
		op.Kind = Return
	case edge.BinaryExpr_X, edge.BinaryExpr_Y:
		op.Kind = Other // ch == nil
	case edge.AssignStmt_Lhs:
		as := parent.Node().(*ast.AssignStmt)
		if as.Tok == token.ASSIGN || as.Tok == token.DEFINE {
			op.Kind = Other
			b.assign(c, as.Lhs, as.Rhs, id)
		}
	case edge.IncDecStmt_X, edge.CaseClause_List, edge.SwitchStmt_Tag:
		op.Kind = Other
	}
	c.Ops = append(c.Ops, op)
	if op.Func != nil {
		op.Func.Ops = append(op.Func.Ops, op)
	}
}

// inSelect sets the select clause and statement of op, given the cursor
// of its CommClause.
func (b *builder) inSelect(op *Op, clause astindex.Cursor) {
	op.Clause = clause.Node().(*ast.CommClause)
	// CommClause -> BlockStmt -> SelectStmt
	op.Select, _ = clause.Parent().Parent().Node().(*ast.SelectStmt)
}

// String formats an op for tests and debugging.
func (op *Op) String() string {
	return fmt.Sprintf("%s %s", op.Kind, op.Chan.Name())
}

// NeverClosed reports whether x is a channel that is never closed, so
// that a "for range x" loop has no normal exit: time.Tick(d), the C
// field of a *time.Timer or *time.Ticker (time.NewTicker(d).C, t.C), or
// a local channel variable made once in its function that the package
// never closes, passes to a call, returns or lets escape.
func (r *Result) NeverClosed(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(r.info, x).(*types.Func)
		return ok && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "Tick" && fn.Signature().Recv() == nil
	case *ast.SelectorExpr:
		if x.Sel.Name != "C" {
			return false
		}
		s, ok := r.info.Selections[x]
		if !ok || s.Kind() != types.FieldVal {
			return false
		}
		t := s.Recv()
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && (n.Obj().Name() == "Timer" || n.Obj().Name() == "Ticker")
	case *ast.Ident:
		v, ok := r.info.Uses[x].(*types.Var)
		if !ok {
			return false
		}
		c := r.chanOf[v]
		if c == nil || c.Param || c.Make == nil || c.Assigns != 1 {
			return false
		}
		for _, op := range c.Ops {
			switch op.Kind {
			case Close, Arg, Return, Escape, Capture:
				return false
			}
		}
		return true
	}
	return false
}
