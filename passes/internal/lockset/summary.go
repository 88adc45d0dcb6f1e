package lockset

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// A Ref names a mutex from inside a function, for its callers: a path
// under the receiver (Root -1), under parameter Root (0, 1, ...), or
// under the package-level variable Global (Root -2).
type Ref struct {
	Root   int
	Global string // "pkgpath.name" when Root is -2
	Path   string // fields, dot-separated; "" for the root itself
	Read   bool   // held or acquired for reading

	site  token.Pos     // the lock call, in this package only
	via   []*types.Func // the calls that lead to it, in this package only
	calls []token.Pos   // where each function of via is called: in the summarised function, then in via
}

func (r Ref) String() string {
	var root string
	switch {
	case r.Root == -1:
		root = "recv"
	case r.Root == -2:
		root = r.Global
	default:
		root = fmt.Sprintf("p%d", r.Root)
	}
	if r.Path != "" {
		root += "." + r.Path
	}
	if r.Read {
		root += "(r)"
	}
	return root
}

// Summary is what a call of a function does to the mutexes it can
// reach (see the package documentation).
type Summary struct {
	Acquires []Ref // locked at a point every call reaches
	Releases []Ref // unlocked without having been locked: handed in held
	Holds    []Ref // held at every return: a lock helper
}

// Kinds of blocking operations.
const (
	BlockSend = 1 + iota // a send on the channel
	BlockRecv            // a receive from it, or a range step over it
	BlockWait            // a call of the WaitGroup's Wait
)

// A Block is a blocking operation of a function on a channel or
// WaitGroup field under its receiver or a parameter (or on a channel or
// WaitGroup parameter that it uses for nothing else): Ref names it, Op
// says what the function does. Blocks are known for the functions of
// the package only: a function of another package cannot name a field
// of a type of the importing package (that would be an import cycle),
// and only such fields are in the closed world of the rule that uses
// them, so facts do not carry them.
type Block struct {
	Ref
	Op uint8
}

func (b Block) String() string {
	return [...]string{"?", "send", "recv", "wait"}[b.Op] + " " + b.Ref.String()
}

func (s *Summary) empty() bool {
	return len(s.Acquires) == 0 && len(s.Releases) == 0 && len(s.Holds) == 0
}

// Fact is the Summary of an exported function or method, for the
// packages that import it.
type Fact Summary

// AFact marks Fact as an analysis fact.
func (*Fact) AFact() {}

func (f *Fact) String() string {
	var parts []string
	for _, g := range []struct {
		name string
		refs []Ref
	}{{"acquires", f.Acquires}, {"releases", f.Releases}, {"holds", f.Holds}} {
		if len(g.refs) == 0 {
			continue
		}
		var s []string
		for _, r := range g.refs {
			s = append(s, r.String())
		}
		parts = append(parts, g.name+" "+strings.Join(s, " "))
	}
	return "lockset(" + strings.Join(parts, "; ") + ")"
}

// summary returns the summary of fn, or nil if nothing is known about
// it (a function of another package without a fact, a function
// without a body). A function of the package being summarised (a
// recursive call) has an empty summary.
func (m *model) summary(fn *types.Func) *Summary {
	fn = fn.Origin()
	if fn.Pkg() != m.pkg {
		if f, ok := m.facts[fn]; ok {
			return (*Summary)(f)
		}
		var f *Fact
		if m.importFact != nil {
			f = m.importFact(fn)
		}
		m.facts[fn] = f
		if f == nil {
			if fn.Pkg() != nil && fn.Pkg().Path() == "sync" {
				return &Summary{} // sync.Cond.Wait, WaitGroup methods: nothing for this model
			}
			return nil
		}
		return (*Summary)(f)
	}
	if s, ok := m.sums[fn]; ok {
		return s
	}
	d := m.decls[fn]
	if d == nil {
		return nil
	}
	if m.inProg[fn] {
		return &Summary{}
	}
	m.inProg[fn] = true
	var f *Func
	if m.lockFuncs[fn] {
		f = m.funcOf(d)
	} else {
		f = m.shallowFunc(d)
	}
	s := m.summarise(f)
	delete(m.inProg, fn)
	m.sums[fn] = s
	return s
}

// mayBlock reports whether the body of fn, a function of the package,
// has a channel operation or a call of a method named Wait outside its
// function literals: a function without lock calls that a shallow walk
// still follows, for the Blocks of its summary (one level deeper than
// the functions that lock; the check is syntactic, and memoised).
func (m *model) mayBlock(fn *types.Func) bool {
	if b, ok := m.blocky[fn]; ok {
		return b
	}
	if m.blocky == nil {
		m.blocky = make(map[*types.Func]bool)
	}
	found := false
	if d := m.decls[fn]; d != nil {
		ast.Inspect(d.Body, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.SendStmt:
				found = true
			case *ast.UnaryExpr:
				found = n.Op == token.ARROW
			case *ast.RangeStmt:
				found = isChan(m.info.TypeOf(n.X))
			case *ast.SelectorExpr:
				found = n.Sel.Name == "Wait"
			}
			return !found
		})
	}
	m.blocky[fn] = found
	return found
}

// shallowFunc interprets a function without lock calls for its
// summary only: the calls it follows are those of functions that lock.
func (m *model) shallowFunc(d *ast.FuncDecl) *Func {
	f := &Func{Node: d, Body: d.Body, Name: d.Name.Name, Locks: make(map[Key]*Lock)}
	f.Obj, _ = m.info.Defs[d.Name].(*types.Func)
	w := &walker{m: m, f: f, shallow: true}
	w.run()
	return f
}

// summarise derives the summary of f from its model.
func (m *model) summarise(f *Func) *Summary {
	s := &Summary{}
	if f.Skipped || f.Obj == nil {
		return s
	}
	d, _ := f.Node.(*ast.FuncDecl)
	if d == nil {
		return s
	}
	refOf := func(k Key) (Ref, bool) { return m.refOf(f, d, k) }

	// Releases: unlocked without having been acquired on the path.
	released := make(map[Key]bool)
	for k, l := range f.Locks {
		if l.Escapes {
			continue
		}
		if f.handedIn(k) {
			if r, ok := refOf(k); ok {
				released[k] = true
				s.Releases = append(s.Releases, r)
			}
		}
	}

	// Holds: held for certain, without a deferred unlock, at every
	// exit.
	if len(f.Exits) > 0 {
		for k, l := range f.Locks {
			if l.Escapes || l.Try {
				continue
			}
			all, read := true, false
			for _, e := range f.Exits {
				if !e.Held[k].Held() || e.Deferred[k] {
					all = false
					break
				}
				read = read || e.Held[k]&Read != 0
			}
			if all {
				if r, ok := refOf(k); ok {
					r.Read = read
					s.Holds = append(s.Holds, r)
				}
			}
		}
	}

	// Acquires: at a top-level statement of the body, not handed in,
	// or handed in and taken again after its release (unlock, wait,
	// lock again: the caller's other locks are held while it is
	// retaken).
	for _, a := range f.Acquires {
		k := a.Lock.Key
		if released[k] && !(len(a.Lock.Unlocks) > 0 && a.Lock.Unlocks[0] <= a.Call.Pos()) {
			continue
		}
		if a.Lock.Escapes || a.Lock.Try || !topLevel(d.Body, a.Call.Pos()) {
			continue
		}
		r, ok := refOf(k)
		if !ok {
			continue
		}
		r.Read = a.Mode == Read
		r.site = a.Site
		r.via = a.Via
		if a.Via != nil {
			r.calls = append([]token.Pos{a.Call.Pos()}, a.Calls...)
		}
		if !containsRef(s.Acquires, r) {
			s.Acquires = append(s.Acquires, r)
		}
	}
	for _, list := range [][]Ref{s.Acquires, s.Releases, s.Holds} {
		sort.Slice(list, func(i, j int) bool { return list[i].String() < list[j].String() })
	}
	if len(s.Releases) == 0 {
		if b := m.blocks(f, d); len(b) > 0 {
			if m.blockSums == nil {
				m.blockSums = make(map[*types.Func][]Block)
			}
			m.blockSums[f.Obj] = b
		}
	}
	return s
}

// blocks returns the blocking operations of f on channel and WaitGroup
// fields under its receiver or parameters, for its callers: each send,
// receive, range step and WaitGroup.Wait, directly or through a call,
// that is not a case of a select with other cases. Operations in
// function literals (goroutines, callbacks) are not f's: the walk does
// not record them. A function that releases a mutex it was handed may
// block after releasing it: its summary has no Blocks (the caller
// checks that).
//
// A channel or WaitGroup parameter itself (Path "") counts only if the
// function uses it in nothing but such operations (directly or by
// passing it to a function that does): then a caller that passes a
// field knows every use the function makes of it.
func (m *model) blocks(f *Func, d *ast.FuncDecl) []Block {
	var out []Block
	only := make(map[Key]bool)
	for _, op := range f.Ops {
		if op.Cond || !op.HasKey {
			continue
		}
		if op.Select != nil && (len(op.Select.Body.List) != 1 || op.Select.Body.List[0].(*ast.CommClause).Comm == nil) {
			continue // other cases may proceed
		}
		r, ok := m.refOf(f, d, op.Key)
		if !ok || r.Root < -1 {
			continue // a package-level channel: not a field of the closed world
		}
		if r.Path == "" {
			if r.Root < 0 {
				continue // the receiver itself
			}
			o, seen := only[op.Key]
			if !seen {
				o = m.onlyOps(f, d, op.Key)
				only[op.Key] = o
			}
			if !o {
				continue // the parameter is used otherwise too
			}
		}
		b := Block{Ref: r, Op: BlockRecv}
		switch {
		case op.Wait:
			b.Op = BlockWait
		case op.Send:
			b.Op = BlockSend
		}
		b.site, b.via = op.Node.Pos(), nil
		if op.Via != nil {
			b.site, b.via = op.Site, op.Via
			b.calls = append([]token.Pos{op.Node.Pos()}, op.Calls...)
		}
		dup := false
		for _, x := range out {
			if x.Op == b.Op && x.Root == b.Root && x.Path == b.Path {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, b)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// onlyOps reports whether every use of the parameter k (a variable
// with no field path) in the body of f is the operand of one of its
// blocking operations: a send, a receive, a range, a Wait call, or an
// argument of a call through which it blocks (passed once). A use in
// a function literal, an assignment, a conversion or any other call
// makes the answer false.
func (m *model) onlyOps(f *Func, d *ast.FuncDecl, k Key) bool {
	covered := make(map[*ast.Ident]bool)
	param := func(e ast.Expr) *ast.Ident {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && m.info.Uses[id] == k.Root {
			return id
		}
		return nil
	}
	for _, op := range f.Ops {
		if !op.HasKey || op.Key != k {
			continue
		}
		if op.Via == nil {
			if id := param(op.Chan); id != nil {
				covered[id] = true
			}
			continue
		}
		var ids []*ast.Ident
		for _, a := range op.Node.(*ast.CallExpr).Args {
			if id := param(a); id != nil {
				ids = append(ids, id)
			}
		}
		if len(ids) == 1 {
			covered[ids[0]] = true
		}
	}
	all := true
	ast.Inspect(d.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && m.info.Uses[id] == k.Root && !covered[id] {
			all = false
		}
		return all
	})
	return all
}

// handedIn reports whether f unlocks k on a path that did not lock it.
func (f *Func) handedIn(k Key) bool { return f.handed[k] }

// HandedIn reports whether f unlocks the mutex k, directly or through a
// call, on a path that did not lock it first: f runs with k held by its
// caller.
func (f *Func) HandedIn(k Key) bool { return f.handedIn(k) }

// topLevel reports whether pos is inside a statement of the top level
// of body that is not a compound statement: every call of the function
// that reaches that statement reaches pos.
func topLevel(body *ast.BlockStmt, pos token.Pos) bool {
	for _, s := range body.List {
		if s.Pos() <= pos && pos < s.End() {
			switch s := s.(type) {
			case *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt, *ast.ReturnStmt, *ast.SendStmt, *ast.IncDecStmt:
				return true
			case *ast.ForStmt:
				// A loop without a condition runs its body at least
				// once: the top level of that body is reached too.
				return s.Cond == nil && topLevel(s.Body, pos)
			}
			return false
		}
	}
	return false
}

// refOf returns the Ref of the mutex k of the function declared by d.
func (m *model) refOf(f *Func, d *ast.FuncDecl, k Key) (Ref, bool) {
	if k.Root == nil {
		// A package-level variable of another package.
		return Ref{Root: -2, Global: k.Path, Path: ""}, true
	}
	if isGlobal(k.Root) {
		return Ref{Root: -2, Global: k.Root.Pkg().Path() + "." + k.Root.Name(), Path: k.Path}, true
	}
	sig := f.Obj.Signature()
	if r := sig.Recv(); r != nil && r == k.Root {
		return Ref{Root: -1, Path: k.Path}, true
	}
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == k.Root {
			if sig.Variadic() && i == sig.Params().Len()-1 {
				return Ref{}, false
			}
			return Ref{Root: i, Path: k.Path}, true
		}
	}
	return Ref{}, false
}

// bind returns the key, in the calling function, of the mutex r of the
// callee fn called by call, with its name and class.
func (w *walker) bind(call *ast.CallExpr, fn *types.Func, r Ref) (Key, string, string, bool) {
	if r.Root == -2 {
		if pkgPath, _, ok := splitGlobal(r.Global); !ok || pkgPath != w.m.pkg.Path() {
			k := Key{Path: r.Global}
			if r.Path != "" {
				k.Path += "." + r.Path
			}
			return k, shortName(r.Global, r.Path), r.Global, true
		}
	}
	root, fields, name, ok := w.bindPath(call, r)
	if !ok {
		return Key{}, "", "", false
	}
	return w.m.keyOf(root, fields), name, w.m.classOf(root, fields), true
}

// bindPath returns the variable and field path, in the calling
// function, of what r names in the callee called by call (a package
// global of this package, or a path under the receiver or an
// argument), with its name as the caller would write it.
func (w *walker) bindPath(call *ast.CallExpr, r Ref) (root types.Object, fields []string, name string, ok bool) {
	switch {
	case r.Root == -2:
		pkgPath, vname, ok := splitGlobal(r.Global)
		if !ok || pkgPath != w.m.pkg.Path() {
			return nil, nil, "", false
		}
		v, _ := w.m.pkg.Scope().Lookup(vname).(*types.Var)
		if v == nil {
			return nil, nil, "", false
		}
		root, name = v, vname
	case r.Root == -1:
		sel, ok := ast.Unparen(funOf(call)).(*ast.SelectorExpr)
		if !ok {
			return nil, nil, "", false
		}
		s := w.m.info.Selections[sel]
		if s == nil || s.Kind() != types.MethodVal {
			return nil, nil, "", false
		}
		var ok2 bool
		root, fields, ok2 = w.m.path(sel.X)
		if !ok2 {
			return nil, nil, "", false
		}
		fields = append(fields, implicitFields(s.Recv(), s.Index())...)
		name = types.ExprString(sel.X)
	default:
		if r.Root >= len(call.Args) || call.Ellipsis.IsValid() {
			return nil, nil, "", false
		}
		if sel, ok := ast.Unparen(funOf(call)).(*ast.SelectorExpr); ok {
			if s := w.m.info.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
				return nil, nil, "", false // T.m(recv, args...): the arguments are shifted
			}
		}
		arg := call.Args[r.Root]
		var ok bool
		root, fields, ok = w.m.path(arg)
		if !ok {
			return nil, nil, "", false
		}
		name = types.ExprString(arg)
		if u, ok := ast.Unparen(arg).(*ast.UnaryExpr); ok && u.Op == token.AND {
			name = types.ExprString(u.X)
		}
	}
	if r.Path != "" {
		fields = append(fields, strings.Split(r.Path, ".")...)
		name += "." + r.Path
	}
	return root, fields, name, true
}

// fieldVar returns the struct field that the path root.fields ends in,
// or nil.
func fieldVar(root types.Object, fields []string) *types.Var {
	if root == nil || len(fields) == 0 {
		return nil
	}
	t := root.Type()
	var fv *types.Var
	for _, name := range fields {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			return nil
		}
		fv = nil
		for i := range st.NumFields() {
			if st.Field(i).Name() == name {
				fv = st.Field(i)
				break
			}
		}
		if fv == nil {
			return nil
		}
		t = fv.Type()
	}
	return fv
}

func funOf(call *ast.CallExpr) ast.Expr {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.IndexExpr:
		return f.X
	case *ast.IndexListExpr:
		return f.X
	}
	return call.Fun
}

func splitGlobal(g string) (pkg, name string, ok bool) {
	i := strings.LastIndex(g, ".")
	if i < 0 {
		return "", "", false
	}
	return g[:i], g[i+1:], true
}

func shortName(global, path string) string {
	s := global
	if i := strings.LastIndex(s, "/"); i >= 0 {
		s = s[i+1:]
	}
	if path != "" {
		s += "." + path
	}
	return s
}
