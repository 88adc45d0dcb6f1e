// Package testfail recognises the statements that mark a test as failed,
// for the passes' policy on leaks that can happen only after a test has
// already failed.
//
// # Policy
//
// A goroutine left blocked by a test that has already failed (it gave up
// waiting with t.Errorf and returned, or took a timeout case that calls
// t.Fatal) is a leak in principle, but a harmless one: the test run
// already reports the failure, and the process ends soon after. By
// default the passes that judge a test's own paths (sendleak) report a
// leak only if it can happen on a path that has not marked the test
// failed; their option test-fail-paths reports the others too. A test
// that blocks forever itself (a Wait that a goroutine's early return
// skips, wgdone and waitclose) never reports its failure and is always
// reported.
//
// A statement marks the test failed when it calls
//
//   - a method Error, Errorf, Fatal, Fatalf, Fail or FailNow of testing's
//     T, B and F, or of the testing.TB interface;
//   - Fail of the Ginkgo testing framework (a package whose path ends in
//     "ginkgo" or "ginkgo/vN": the framework or a fork of it);
//   - a function of the same package whose body starts, at its top level
//     and before any return, with such a call (a helper such as
//     "func fatalf(t *testing.T, ...) { t.Helper(); t.Fatalf(...) }").
package testfail

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// A Marker recognises failure marks in one package. The zero value is
// not usable; use New.
type Marker struct {
	info  *types.Info
	pkg   *types.Package
	decls map[*types.Func]*ast.FuncDecl // filled on first use of a same-package helper
	files []*ast.File
	memo  map[*types.Func]bool
}

// New returns a Marker for the package with the given type information
// and files. It does no work until asked.
func New(pkg *types.Package, info *types.Info, files []*ast.File) *Marker {
	return &Marker{info: info, pkg: pkg, files: files}
}

// Marks reports whether the statement or expression n is a call
// statement that marks the test failed (see the package comment).
func (m *Marker) Marks(n ast.Node) bool {
	var e ast.Expr
	switch n := n.(type) {
	case *ast.ExprStmt:
		e = n.X
	case *ast.CallExpr:
		e = n
	default:
		return false
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	return m.callMarks(call, 0)
}

func (m *Marker) callMarks(call *ast.CallExpr, depth int) bool {
	var fn *types.Func
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := m.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			fn, _ = s.Obj().(*types.Func)
		}
	}
	if fn == nil {
		fn = typeutil.StaticCallee(m.info, call)
	}
	if fn == nil {
		return false
	}
	if Root(fn) {
		return true
	}
	if fn.Pkg() != m.pkg || depth > 3 {
		return false
	}
	return m.helperMarks(fn.Origin(), depth)
}

// Root reports whether fn is one of the primitive calls that mark a
// test failed: a failing method of testing's T, B, F, common or TB, or
// Ginkgo's Fail.
func Root(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	path := fn.Pkg().Path()
	sig := fn.Signature()
	if sig.Recv() == nil {
		return fn.Name() == "Fail" && isGinkgo(path)
	}
	if path != "testing" {
		return false
	}
	switch fn.Name() {
	case "Error", "Errorf", "Fatal", "Fatalf", "Fail", "FailNow":
	default:
		return false
	}
	t := types.Unalias(sig.Recv().Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	named, ok := t.(*types.Named)
	if !ok {
		return false
	}
	switch named.Obj().Name() {
	case "T", "B", "F", "common", "TB":
		return true
	}
	return false
}

// isGinkgo reports whether path is the root package of the Ginkgo
// framework, of any version, or of a fork of it: its last element is
// "ginkgo", or "ginkgo" followed by a major version.
func isGinkgo(path string) bool {
	if i := strings.LastIndex(path, "/"); i >= 0 && strings.HasPrefix(path[i+1:], "v") && strings.Trim(path[i+2:], "0123456789") == "" && len(path) > i+2 {
		path = path[:i]
	}
	return path == "ginkgo" || strings.HasSuffix(path, "/ginkgo")
}

// helperMarks reports whether the same-package function fn begins with
// a failure mark at its top level, before any other control flow.
func (m *Marker) helperMarks(fn *types.Func, depth int) bool {
	if v, ok := m.memo[fn]; ok {
		return v
	}
	if m.memo == nil {
		m.memo = make(map[*types.Func]bool)
		m.decls = make(map[*types.Func]*ast.FuncDecl)
		for _, f := range m.files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					if obj, ok := m.info.Defs[fd.Name].(*types.Func); ok {
						m.decls[obj] = fd
					}
				}
			}
		}
	}
	m.memo[fn] = false // recursion: not a mark
	decl := m.decls[fn]
	if decl == nil {
		return false
	}
	v := false
	for _, st := range decl.Body.List {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			break // control flow or a declaration: stop looking
		}
		if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok && m.callMarks(call, depth+1) {
			v = true
			break
		}
	}
	m.memo[fn] = v
	return v
}
