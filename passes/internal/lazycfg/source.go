package lazycfg

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/cfg"
)

// This file decides whether a function of another package never
// returns from its body, read from source on demand (see "Bodies of
// other packages" in the package comment).
//
// The drivers load the packages that are not named from export data:
// their types and the positions of their objects, not their syntax.
// When a graph needs to know whether a call of such a function returns,
// the function's position names its file (in the module cache, a
// replaced directory or the main module). The file is parsed, once per
// process, and the body's graph is built with an oracle that resolves
// its calls by syntax and the export data's types: panic, a function of
// the same or an imported package, a method of a parameter, the
// receiver or a field of either. A resolved callee is judged the same
// way in turn, down to a bounded depth.

// maxSourceDepth bounds the chain of calls followed through bodies read
// from source: the root's callees are at depth 1.
const maxSourceDepth = 6

// sourceNoReturn reports whether a call of fn, a function or concrete
// method of another package, never returns, judged from its body; ok is
// false when the body is not at hand (a standard package, a function
// with results, no position, an unreadable file), and the caller falls
// back to the name rule. fset holds fn's position.
func sourceNoReturn(fset *token.FileSet, fn *types.Func) (noReturn, ok bool) {
	fn = fn.Origin()
	if !wantsSource(fn) {
		return false, false
	}
	file, key := sourceOf(fset, fn)
	if file == nil {
		return false, false
	}
	d := file.decls[key]
	if d == nil {
		return false, false
	}
	rootKey := file.name + "\x00" + key
	sourceCache.mu.Lock()
	nr, done := sourceCache.answers[rootKey]
	sourceCache.mu.Unlock()
	if done {
		return nr, true
	}
	// Computed outside the lock: two goroutines may compute the same
	// answer, and get the same one, since it depends on fn alone.
	j := &judge{fset: fset, memo: make(map[string][2]bool), visiting: make(map[string]bool)}
	nr, _ = j.noReturn(file, d, fn.Pkg(), fn.Pkg().Path(), fn.Name(), 0)
	sourceCache.mu.Lock()
	sourceCache.answers[rootKey] = nr
	sourceCache.mu.Unlock()
	return nr, true
}

// wantsSource reports whether fn's body is worth reading: a function
// of a package outside the standard library (whose functions that
// never return are on the fixed list), without results (a call
// statement of a function with results that never returns is rare
// enough not to pay a parse for).
func wantsSource(fn *types.Func) bool {
	if fn.Pkg() == nil || isStd(fn.Pkg().Path()) || isInterfaceMethod(fn) {
		return false
	}
	return fn.Signature().Results().Len() == 0
}

// isStd reports whether path is the path of a standard package: its
// first element has no dot, as the go command reserves such paths.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// sourceCache holds, for the whole process, the parsed files and the
// answers for the functions asked about first-hand. The analyses of
// several packages share it and may run at once.
var sourceCache = struct {
	mu      sync.Mutex
	files   map[string]*sourceFile
	answers map[string]bool // file name, NUL, declKey: whether it never returns
}{
	files:   make(map[string]*sourceFile),
	answers: make(map[string]bool),
}

// A sourceFile is one parsed file of another package, reduced to what
// the judge needs.
type sourceFile struct {
	name    string
	once    sync.Once
	decls   map[string]*ast.FuncDecl // by declKey; nil if the file does not parse
	imports []*ast.ImportSpec
}

// parseSource returns the parsed file name, parsing it on first use. A
// file that cannot be read or parsed has no decls.
func parseSource(name string) *sourceFile {
	sourceCache.mu.Lock()
	f := sourceCache.files[name]
	if f == nil {
		f = &sourceFile{name: name}
		sourceCache.files[name] = f
	}
	sourceCache.mu.Unlock()
	f.once.Do(func() {
		// A private file set: positions of these files are never
		// reported, and the shared one would grow with every file.
		af, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution)
		if err != nil {
			return
		}
		f.decls = make(map[string]*ast.FuncDecl)
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				f.decls[declKey(fd)] = fd
			}
		}
		f.imports = af.Imports
	})
	return f
}

// sourceOf returns the parsed file that declares fn, and the key of
// fn's declaration in it; nil if fn has no usable position.
func sourceOf(fset *token.FileSet, fn *types.Func) (*sourceFile, string) {
	if fset == nil || !fn.Pos().IsValid() {
		return nil, ""
	}
	name := fset.Position(fn.Pos()).Filename
	if !strings.HasSuffix(name, ".go") {
		return nil, "" // no file
	}
	if !filepath.IsAbs(name) {
		// Export data built with -trimpath: module@version/file for a
		// file of the module cache; nothing to go on for the others.
		if name = inModuleCache(name); name == "" {
			return nil, ""
		}
	}
	f := parseSource(name)
	if f.decls == nil {
		return nil, ""
	}
	return f, funcKeyString(fn)
}

// inModuleCache returns the file of the module cache that a position
// trimmed by -trimpath names (path@version/dir/file.go), or "" if the
// name has no version. The cache is $GOMODCACHE, or pkg/mod in the
// first GOPATH entry, or in $HOME/go.
func inModuleCache(name string) string {
	name = filepath.ToSlash(name)
	at := strings.Index(name, "@")
	if at < 0 || !strings.Contains(name[at:], "/") {
		return ""
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		gopath := os.Getenv("GOPATH")
		if list := filepath.SplitList(gopath); len(list) > 0 && list[0] != "" {
			gopath = list[0]
		} else if home, err := os.UserHomeDir(); err == nil {
			gopath = filepath.Join(home, "go")
		} else {
			return ""
		}
		cache = filepath.Join(gopath, "pkg", "mod")
	}
	// The cache spells each upper-case letter as '!' and its lower case.
	var b strings.Builder
	for _, r := range name {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return filepath.Join(cache, filepath.FromSlash(b.String()))
}

// declKey is "Name" for a function and "Recv.Name" for a method, the
// receiver's type name without pointer or type parameters.
func declKey(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.ParenExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		}
		break
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return "?." + fd.Name.Name
}

// funcKeyString is declKey for a types.Func.
func funcKeyString(fn *types.Func) string {
	recv := fn.Signature().Recv()
	if recv == nil {
		return fn.Name()
	}
	t := types.Unalias(recv.Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if named, ok := t.(*types.Named); ok {
		return named.Obj().Name() + "." + fn.Name()
	}
	return "?." + fn.Name()
}

// A judge answers one first-hand question, and the questions it leads
// to. Its memo is its own, so that an answer depends only on the
// function asked about, not on what was asked before.
type judge struct {
	fset     *token.FileSet
	memo     map[string][2]bool // file NUL declKey: never returns, may exit
	visiting map[string]bool    // on the current chain: taken as unresolved
}

// noReturn decides whether the function declared by d, in file of
// the package path (pkg, or nil if the export data does not have it),
// never returns; mayExit reports whether some call of its body (or of
// the bodies it reaches) can end the goroutine or the process, or
// could not be resolved. name is its name, for the name rule.
//
// The graph is built with every call that cannot be resolved taken as
// returning: if no return is reachable, the function never returns.
// Otherwise it returns, unless the name rule takes its name as never
// returning and the body may exit: the body then does not settle the
// question (a logger's Fatal that exits through a hook held in a
// field, or only when its level says so, several calls down; testify's
// require.FailNow, whose early return depends on a call's result), and
// the name decides, as it does without source. A function named Fatal
// whose body can end nothing (it prints and returns) returns.
func (j *judge) noReturn(file *sourceFile, d *ast.FuncDecl, pkg *types.Package, path, name string, depth int) (noReturn, mayExit bool) {
	key := file.name + "\x00" + declKey(d)
	if v, ok := j.memo[key]; ok {
		return v[0], v[1]
	}
	j.visiting[key] = true
	r := &resolver{j: j, file: file, decl: d, pkg: pkg, pkgPath: path, depth: depth}
	g := cfg.New(d.Body, func(call *ast.CallExpr) bool {
		nr, ok := r.callNoReturn(call)
		if !ok || nr {
			r.exits = true
		}
		return !ok || !nr
	})
	noReturn = g.NoReturn() || r.exits && noReturnName[name]
	delete(j.visiting, key)
	j.memo[key] = [2]bool{noReturn, r.exits}
	return noReturn, r.exits
}

// A resolver resolves the calls of one body read from source.
type resolver struct {
	j       *judge
	file    *sourceFile
	decl    *ast.FuncDecl
	pkg     *types.Package // the body's package, from export data; nil if the export data does not have it
	pkgPath string         // the body's package path
	depth   int
	exits   bool // a call seen so far may end the goroutine or the process, or is unresolved

	locals  map[string]ast.Expr // parameters, receiver, results and local names: type expression or nil
	imports map[string]string   // local name of each import: path
}

// callNoReturn reports whether call never returns; ok is false when
// the callee cannot be resolved (a dynamic call, an unknown name, the
// depth bound, a call back into the chain being judged).
func (r *resolver) callNoReturn(call *ast.CallExpr) (noReturn, ok bool) {
	r.init()
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		if _, local := r.locals[fun.Name]; local {
			return false, false // a function value
		}
		if fun.Name == "panic" {
			return true, true
		}
		if d := r.file.decls[fun.Name]; d != nil {
			return r.follow(r.file, d, r.pkg, r.pkgPath, fun.Name)
		}
		if r.pkg != nil {
			if fn, _ := r.pkg.Scope().Lookup(fun.Name).(*types.Func); fn != nil {
				return r.funcNoReturn(fn)
			}
		}
		if _, ok := types.Universe.Lookup(fun.Name).(*types.Builtin); ok {
			return false, true // println, close, clear...: only panic does not return
		}
		if file, d := findDecl(filepath.Dir(r.file.name), fun.Name); d != nil {
			return r.follow(file, d, r.pkg, r.pkgPath, fun.Name)
		}
		return false, false
	case *ast.SelectorExpr:
		if x, ok := fun.X.(*ast.Ident); ok {
			if _, local := r.locals[x.Name]; !local {
				if path, ok := r.imports[x.Name]; ok {
					return r.pkgFuncNoReturn(path, fun.Sel.Name)
				}
			}
		}
		t := r.typeOf(fun.X)
		if t == nil {
			return r.knownMethod(fun)
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, r.pkg, fun.Sel.Name)
		if fn, ok := obj.(*types.Func); ok {
			return r.funcNoReturn(fn)
		}
	}
	return false, false
}

// knownMethod judges x.M() by the fixed list, when x is a parameter
// whose type, written pkg.T or *pkg.T, the export data does not have:
// a method of testing.T or testing.TB, say.
func (r *resolver) knownMethod(sel *ast.SelectorExpr) (noReturn, ok bool) {
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return false, false
	}
	texpr := r.locals[x.Name]
	if star, ok := texpr.(*ast.StarExpr); ok {
		texpr = star.X
	}
	tsel, ok := texpr.(*ast.SelectorExpr)
	if !ok {
		return false, false
	}
	pkgName, ok := tsel.X.(*ast.Ident)
	if !ok {
		return false, false
	}
	path, ok := r.imports[pkgName.Name]
	if !ok {
		return false, false
	}
	nr, known := known[funcKey{path, tsel.Sel.Name, sel.Sel.Name}]
	return nr, known
}

// pkgFuncNoReturn judges the function name of the package path.
func (r *resolver) pkgFuncNoReturn(path, name string) (noReturn, ok bool) {
	if nr, known := known[funcKey{path, "", name}]; known {
		return nr, true
	}
	if isStd(path) {
		return noReturnName[name], true // the list and the name rule, as in funcNoReturn
	}
	p := r.findPackage(path)
	if p != nil {
		if fn, _ := p.Scope().Lookup(name).(*types.Func); fn != nil {
			return r.funcNoReturn(fn)
		}
	}
	// The export data does not have it: a package of the same module,
	// found in its directory.
	if dir := r.dirOf(path); dir != "" {
		if file, d := findDecl(dir, name); d != nil {
			return r.follow(file, d, p, path, name)
		}
	}
	return false, false
}

// dirOf returns the directory of the package path when it shares at
// least its first two elements with the body's package (the same
// module, or a neighbour under one root): the body's directory, up
// as many levels as the body's path has elements beyond the common
// ones, and down path's others. "" if that directory does not exist.
func (r *resolver) dirOf(path string) string {
	from, to := strings.Split(r.pkgPath, "/"), strings.Split(path, "/")
	k := 0
	for k < len(from) && k < len(to) && from[k] == to[k] {
		k++
	}
	if k < 2 {
		return ""
	}
	dir := filepath.Dir(r.file.name)
	for range len(from) - k {
		dir = filepath.Dir(dir)
	}
	dir = filepath.Join(append([]string{dir}, to[k:]...)...)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return ""
	}
	return dir
}

// findDecl returns the declaration of the function key among the
// files of the package in dir (test files excluded), parsing them on
// demand.
func findDecl(dir, key string) (*sourceFile, *ast.FuncDecl) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f := parseSource(filepath.Join(dir, name))
		if d := f.decls[key]; d != nil {
			return f, d
		}
	}
	return nil, nil
}

// funcNoReturn judges a resolved callee: by the fixed list, by the name
// rule for the standard library and for interface methods, and by its
// body otherwise.
func (r *resolver) funcNoReturn(fn *types.Func) (noReturn, ok bool) {
	fn = fn.Origin()
	if nr, known := knownFunc(fn); known {
		return nr, true
	}
	if fn.Pkg() == nil {
		return false, true // error.Error
	}
	if isInterfaceMethod(fn) {
		return false, false // dynamic
	}
	if !wantsSource(fn) {
		return noReturnName[fn.Name()], true // the standard library: list and name rule, as for the analysed package
	}
	file, key := sourceOf(r.j.fset, fn)
	if file == nil || file.decls[key] == nil {
		return false, false
	}
	return r.follow(file, file.decls[key], fn.Pkg(), fn.Pkg().Path(), fn.Name())
}

// follow judges the body of a callee, d in file of the package path,
// one level deeper.
func (r *resolver) follow(file *sourceFile, d *ast.FuncDecl, pkg *types.Package, path, name string) (noReturn, ok bool) {
	key := file.name + "\x00" + declKey(d)
	if r.depth+1 > maxSourceDepth || r.j.visiting[key] {
		return false, false
	}
	nr, mayExit := r.j.noReturn(file, d, pkg, path, name, r.depth+1)
	r.exits = r.exits || mayExit
	return nr, true
}

// findPackage returns the package path among those that r.pkg imports,
// directly or not, as the export data knows them.
func (r *resolver) findPackage(path string) *types.Package {
	if r.pkg == nil {
		return nil
	}
	if r.pkg.Path() == path {
		return r.pkg
	}
	seen := map[*types.Package]bool{r.pkg: true}
	queue := []*types.Package{r.pkg}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, q := range p.Imports() {
			if q.Path() == path {
				return q
			}
			if !seen[q] {
				seen[q] = true
				queue = append(queue, q)
			}
		}
	}
	return nil
}

// init fills the locals and the imports on first use.
func (r *resolver) init() {
	if r.locals != nil {
		return
	}
	r.locals = make(map[string]ast.Expr)
	addFields := func(fl *ast.FieldList) {
		if fl == nil {
			return
		}
		for _, f := range fl.List {
			for _, n := range f.Names {
				r.locals[n.Name] = f.Type
			}
		}
	}
	addFields(r.decl.Recv)
	addFields(r.decl.Type.TypeParams)
	addFields(r.decl.Type.Params)
	addFields(r.decl.Type.Results)
	// Names declared in the body shadow the package's; their types are
	// not worked out (nil), except for "var x T".
	ast.Inspect(r.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						if _, param := r.locals[id.Name]; !param {
							r.locals[id.Name] = nil
						}
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				r.locals[id.Name] = n.Type
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok && n.Tok == token.DEFINE {
					r.locals[id.Name] = nil
				}
			}
		case *ast.FuncLit:
			for _, f := range n.Type.Params.List {
				for _, id := range f.Names {
					r.locals[id.Name] = nil
				}
			}
		case *ast.TypeSpec:
			r.locals[n.Name.Name] = nil
		}
		return true
	})
	r.imports = make(map[string]string)
	for _, spec := range r.file.imports {
		path := strings.Trim(spec.Path.Value, "`\"")
		var name string
		switch {
		case spec.Name != nil:
			name = spec.Name.Name
		default:
			if p := r.findPackage(path); p != nil {
				name = p.Name()
			} else {
				name = guessName(path)
			}
		}
		if name != "_" && name != "." {
			r.imports[name] = path
		}
	}
}

// guessName is the usual package name of an import path that the
// export data does not know: its last element, without a major version
// suffix or a "go-" prefix.
func guessName(path string) string {
	elems := strings.Split(path, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		last = elems[len(elems)-2]
	}
	last = strings.TrimPrefix(last, "go-")
	if i := strings.IndexAny(last, ".-"); i >= 0 {
		last = last[:i]
	}
	return last
}

// typeOf returns the type of a receiver, parameter, local declared
// with a type, package variable, or field selected from one of these;
// nil when it cannot be told from syntax and export data.
func (r *resolver) typeOf(e ast.Expr) types.Type {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if texpr, local := r.locals[e.Name]; local {
			if texpr == nil {
				return nil
			}
			return r.typeExpr(texpr)
		}
		if r.pkg != nil {
			if v, ok := r.pkg.Scope().Lookup(e.Name).(*types.Var); ok {
				return v.Type()
			}
		}
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok {
			if _, local := r.locals[x.Name]; !local {
				if path, ok := r.imports[x.Name]; ok {
					if p := r.findPackage(path); p != nil {
						if v, ok := p.Scope().Lookup(e.Sel.Name).(*types.Var); ok {
							return v.Type()
						}
					}
					return nil
				}
			}
		}
		t := r.typeOf(e.X)
		if t == nil {
			return nil
		}
		if v, ok := lookupField(t, r.pkg, e.Sel.Name); ok {
			return v.Type()
		}
	case *ast.StarExpr:
		if p, ok := types.Unalias(r.typeOf(e.X)).(*types.Pointer); ok {
			return p.Elem()
		}
	}
	return nil
}

// lookupField returns the field name of t (or *t).
func lookupField(t types.Type, pkg *types.Package, name string) (*types.Var, bool) {
	obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, name)
	v, ok := obj.(*types.Var)
	return v, ok && v.IsField()
}

// typeExpr returns the type that a type expression of the body's file
// denotes, for the named types of the package and its imports and
// pointers to them; nil for any other.
func (r *resolver) typeExpr(e ast.Expr) types.Type {
	switch e := ast.Unparen(e).(type) {
	case *ast.StarExpr:
		if t := r.typeExpr(e.X); t != nil {
			return types.NewPointer(t)
		}
	case *ast.Ident:
		if r.pkg != nil {
			if tn, ok := r.pkg.Scope().Lookup(e.Name).(*types.TypeName); ok {
				return tn.Type()
			}
		}
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return nil
		}
		path, ok := r.imports[x.Name]
		if !ok {
			return nil
		}
		if p := r.findPackage(path); p != nil {
			if tn, ok := p.Scope().Lookup(e.Sel.Name).(*types.TypeName); ok {
				return tn.Type()
			}
		}
	}
	return nil
}
