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

	site token.Pos     // the lock call, in this package only
	via  []*types.Func // the calls that lead to it, in this package only
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

	// Acquires: at a top-level statement of the body, not handed in.
	for _, a := range f.Acquires {
		k := a.Lock.Key
		if released[k] || a.Lock.Escapes || a.Lock.Try || !topLevel(d.Body, a.Call.Pos()) {
			continue
		}
		r, ok := refOf(k)
		if !ok {
			continue
		}
		r.Read = a.Mode == Read
		r.site = a.Site
		r.via = a.Via
		if !containsRef(s.Acquires, r) {
			s.Acquires = append(s.Acquires, r)
		}
	}
	for _, list := range [][]Ref{s.Acquires, s.Releases, s.Holds} {
		sort.Slice(list, func(i, j int) bool { return list[i].String() < list[j].String() })
	}
	return s
}

// handedIn reports whether f unlocks k on a path that did not lock it.
func (f *Func) handedIn(k Key) bool { return f.handed[k] }

// topLevel reports whether pos is inside a statement of the top level
// of body that is not a compound statement: every call of the function
// that reaches that statement reaches pos.
func topLevel(body *ast.BlockStmt, pos token.Pos) bool {
	for _, s := range body.List {
		if s.Pos() <= pos && pos < s.End() {
			switch s.(type) {
			case *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt, *ast.ReturnStmt, *ast.SendStmt, *ast.IncDecStmt:
				return true
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
	var (
		root   types.Object
		fields []string
		name   string
	)
	switch {
	case r.Root == -2:
		if pkgPath, vname, ok := splitGlobal(r.Global); ok && pkgPath == w.m.pkg.Path() {
			v, _ := w.m.pkg.Scope().Lookup(vname).(*types.Var)
			if v == nil {
				return Key{}, "", "", false
			}
			root, name = v, vname
		} else {
			k := Key{Path: r.Global}
			if r.Path != "" {
				k.Path += "." + r.Path
			}
			return k, shortName(r.Global, r.Path), r.Global, true
		}
	case r.Root == -1:
		sel, ok := ast.Unparen(funOf(call)).(*ast.SelectorExpr)
		if !ok {
			return Key{}, "", "", false
		}
		s := w.m.info.Selections[sel]
		if s == nil || s.Kind() != types.MethodVal {
			return Key{}, "", "", false
		}
		var ok2 bool
		root, fields, ok2 = w.m.path(sel.X)
		if !ok2 {
			return Key{}, "", "", false
		}
		fields = append(fields, implicitFields(s.Recv(), s.Index())...)
		name = types.ExprString(sel.X)
	default:
		if r.Root >= len(call.Args) || call.Ellipsis.IsValid() {
			return Key{}, "", "", false
		}
		if sel, ok := ast.Unparen(funOf(call)).(*ast.SelectorExpr); ok {
			if s := w.m.info.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
				return Key{}, "", "", false // T.m(recv, args...): the arguments are shifted
			}
		}
		arg := call.Args[r.Root]
		var ok bool
		root, fields, ok = w.m.path(arg)
		if !ok {
			return Key{}, "", "", false
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
	return w.m.keyOf(root, fields), name, w.m.classOf(root, fields), true
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
