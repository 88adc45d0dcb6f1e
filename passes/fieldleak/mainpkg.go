package fieldleak

import (
	"go/ast"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
)

// The lifetime of goroutines in package main.
//
// A goroutine that main or init starts, once, lives as long as the
// process: a block forever there is the program's design (a server
// loop, a signal watcher), not a leak. So is one started, once, by a
// function that only main or init reaches, through calls each made
// once. A goroutine started per request is not: one started in a
// loop, by a function called in a loop or from several call sites, by
// a function literal handed to other code (a handler, a callback), or
// by a function that nothing in the package calls directly (a function
// value, an interface method, a test); each leaked goroutine of those
// adds to the last.
//
// once answers, for a position of package main, whether the code there
// runs at most once per process, by the chain of its callers:
//
//   - in main.main or an init function, or a package-level
//     initializer: once;
//   - inside a for or range statement (below the function): not once;
//   - in a function literal called where it is written (f(), go f(),
//     defer f()), or handed to sync.Once's Do: as the position of the
//     call; a literal used otherwise (stored, passed): not once;
//   - in a declared function or method: once when it has exactly one
//     reference in the package, a static call, at a position that runs
//     once (a recursive chain is not once).
//
// The model is built on first use, when a rule has a finding to judge
// (a goroutine of package main, or a cancel field whose calls may
// never run first, see neverFirst): it reads the package's references
// to its functions (the type checker's Uses) once, and finds the path
// to a node in its file when asked.
type lifetimes struct {
	ck         *checker
	refs       map[*types.Func][]*ast.Ident // the references to each function of the package
	memo       map[*types.Func]int8         // 1 once, 2 not once, 3 being computed
	ifaceNames map[string]bool              // the methods of the package's interfaces; see ifaceMethod
	reach      map[*types.Named]bool        // see mayReachInterface
}

// perRequest reports whether the goroutine of g may be started more
// than once per process (see lifetimes). Outside package main every
// goroutine may be, except the process-lived ones of processLifetime.
func (ck *checker) perRequest(g *chanflow.Go) bool {
	if ck.processLifetime(g) {
		return false
	}
	if ck.pass.Pkg.Name() != "main" {
		return true
	}
	return !ck.model().onceAt(g.Stmt)
}

// perRequestFunc reports whether a goroutine that runs fn (the
// function of an operation) may be started more than once per
// process: a go statement that starts fn (go fn(), or a go statement
// whose function holds its loop in fn, see loopOf) is perRequest.
// Outside package main it only excludes init functions and
// package-level initializers, as before.
func (ck *checker) perRequestFunc(fn ast.Node) bool {
	if ck.inLifetimeFunc(fn) {
		return false
	}
	if ck.pass.Pkg.Name() != "main" {
		return true
	}
	f := ck.flow.FuncOf(fn)
	if f == nil {
		return false
	}
	if f.Go != nil {
		return ck.perRequest(ck.flow.GoOf(f.Go.Stmt))
	}
	for _, g := range ck.flow.Gos {
		rt, ok := ck.routineOf(g)
		if !ok {
			continue
		}
		starts := rt.fn == f
		if !starts && ck.loopFuncs()[f] {
			lfn, _, _ := ck.loopOf(rt.fn, 0)
			starts = lfn == f
		}
		if starts && ck.perRequest(g) {
			return true
		}
	}
	return false
}

// onceAt reports whether the code at n runs at most once per process.
func (l *lifetimes) onceAt(n ast.Node) bool {
	path := l.path(n)
	if path == nil {
		return true // not in the package's files: assume the process's life
	}
	for i := 1; i < len(path); i++ {
		switch p := path[i].(type) {
		case *ast.ForStmt:
			if path[i-1] != p.Init {
				return false
			}
		case *ast.RangeStmt:
			if path[i-1] != p.X {
				return false
			}
		case *ast.FuncLit:
			if i+1 == len(path) {
				return true
			}
			call, ok := path[i+1].(*ast.CallExpr)
			if !ok {
				return false // stored or otherwise used: run by other code
			}
			if ast.Unparen(call.Fun) == p {
				continue // called where it is written: as the call
			}
			if l.onceDo(call, p) {
				continue
			}
			return false // handed to other code, which may call it per request
		case *ast.FuncDecl:
			obj, ok := l.ck.pass.TypesInfo.Defs[p.Name].(*types.Func)
			if !ok {
				return false
			}
			return l.once(obj)
		}
	}
	return true // a package-level initializer
}

// onceDo reports whether call is sync.Once's Do applied to lit.
func (l *lifetimes) onceDo(call *ast.CallExpr, lit *ast.FuncLit) bool {
	if len(call.Args) != 1 || ast.Unparen(call.Args[0]) != lit {
		return false
	}
	fn, ok := typeutil.Callee(l.ck.pass.TypesInfo, call).(*types.Func)
	return ok && fn.Name() == "Do" && fn.Pkg() != nil && fn.Pkg().Path() == "sync"
}

// once reports whether the function fn of the package runs at most once
// per process (see lifetimes).
func (l *lifetimes) once(fn *types.Func) bool {
	if fn.Signature().Recv() == nil && (fn.Name() == "init" || fn.Name() == "main") {
		return true
	}
	switch l.memo[fn] {
	case 1:
		return true
	case 2, 3:
		return false // not once, or a recursive chain
	}
	l.memo[fn] = 3
	ok := false
	if refs := l.refsOf(fn); len(refs) == 1 {
		ok = l.calledAt(refs[0]) && l.onceAt(refs[0])
	}
	l.memo[fn] = 2
	if ok {
		l.memo[fn] = 1
	}
	return ok
}

// calledAt reports whether id names the function of a static call:
// f(), x.m(), pkg.f().
func (l *lifetimes) calledAt(id *ast.Ident) bool {
	path := l.path(id)
	if len(path) < 2 {
		return false
	}
	var fun ast.Expr = id
	i := 1
	if sel, ok := path[i].(*ast.SelectorExpr); ok && sel.Sel == id {
		fun = sel
		i++
	}
	for i < len(path) {
		if p, ok := path[i].(*ast.ParenExpr); ok {
			fun = p
			i++
			continue
		}
		break
	}
	call, ok := path[i].(*ast.CallExpr)
	return ok && call.Fun == fun
}

// refsOf returns the references to fn in the package (generic
// functions and methods by their origin).
func (l *lifetimes) refsOf(fn *types.Func) []*ast.Ident {
	if l.refs == nil {
		l.refs = make(map[*types.Func][]*ast.Ident)
		for id, obj := range l.ck.pass.TypesInfo.Uses {
			if f, ok := obj.(*types.Func); ok && f.Pkg() == l.ck.pass.Pkg {
				f = f.Origin()
				l.refs[f] = append(l.refs[f], id)
			}
		}
	}
	return l.refs[fn.Origin()]
}

// path returns the path from n to the root of its file, innermost
// first, or nil when n is in no file of the package.
func (l *lifetimes) path(n ast.Node) []ast.Node {
	for _, f := range l.ck.pass.Files {
		if f.FileStart <= n.Pos() && n.End() <= f.FileEnd {
			path, _ := astutil.PathEnclosingInterval(f, n.Pos(), n.End())
			return path
		}
	}
	return nil
}
