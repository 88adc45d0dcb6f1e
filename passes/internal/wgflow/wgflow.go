// Package wgflow finds the calls of WaitGroup-like methods in a
// package: sync.WaitGroup's Add, Done, Wait and Go, and
// golang.org/x/sync/errgroup.Group's Go and Wait.
//
// Each call records its receiver, rendered as source text ("wg",
// "s.wg"), the chanflow.Func it is in and whether it is deferred, so
// that the passes that reason about "wait for the producers" (waitclose)
// and "every path calls Done" (wgdone) share one walk of the syntax.
package wgflow

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"slices"

	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
)

// Analyzer computes the *Result of a package. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "wgflow",
	Doc:        "find the WaitGroup and errgroup calls shared by the leakvet passes",
	URL:        "https://pkg.go.dev/github.com/leakvet/leakvet/passes/internal/wgflow",
	Requires:   []*analysis.Analyzer{scope.Analyzer, chanflow.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Kind is the method a Call calls.
type Kind int

const (
	Add  Kind = iota // sync.WaitGroup.Add
	Done             // sync.WaitGroup.Done
	Wait             // sync.WaitGroup.Wait, errgroup.Group.Wait
	Go               // sync.WaitGroup.Go, errgroup.Group.Go
)

var kindNames = [...]string{"add", "done", "wait", "go"}

func (k Kind) String() string { return kindNames[k] }

// A Call is a call of a WaitGroup or errgroup method.
type Call struct {
	Kind  Kind
	Call  *ast.CallExpr
	Recv  ast.Expr       // receiver expression, without parentheses, & or *
	Key   string         // Recv rendered as source text: "wg", "s.wg"
	Group bool           // an errgroup.Group rather than a sync.WaitGroup
	Func  *chanflow.Func // innermost function containing the call
	Defer *ast.DeferStmt // the defer statement whose call this is, if any
	Loops []ast.Stmt     // enclosing *ast.ForStmt and *ast.RangeStmt within Func, outermost first
}

// Result lists the calls of one package.
type Result struct {
	Calls  []*Call // in source order
	byFunc map[*chanflow.Func][]*Call
}

// In returns the calls whose innermost function is f.
func (r *Result) In(f *chanflow.Func) []*Call { return r.byFunc[f] }

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[scope.Analyzer].(*scope.Result).Index // the files with such calls
	flow := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
	res := &Result{byFunc: make(map[*chanflow.Func][]*Call)}
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		kind, group, ok := method(pass.TypesInfo, sel)
		if !ok {
			continue
		}
		c := &Call{Kind: kind, Call: call, Group: group, Recv: Strip(sel.X)}
		c.Key = types.ExprString(c.Recv)
		if p, ok := cur.Innermost((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)); ok {
			c.Func = flow.FuncOf(p.Node())
		}
		c.Loops = loops(cur)
		if d, ok := cur.Parent().Node().(*ast.DeferStmt); ok && d.Call == call {
			c.Defer = d
		}
		res.Calls = append(res.Calls, c)
		if c.Func != nil {
			res.byFunc[c.Func] = append(res.byFunc[c.Func], c)
		}
	}
	return res, nil
}

// loops returns the loops enclosing cur within its innermost function,
// outermost first.
func loops(cur astindex.Cursor) []ast.Stmt {
	var ls []ast.Stmt
	for p := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
		switch n := p.Node().(type) {
		case *ast.ForStmt:
			ls = append(ls, n)
		case *ast.RangeStmt:
			ls = append(ls, n)
		default:
			slices.Reverse(ls)
			return ls
		}
	}
	slices.Reverse(ls)
	return ls
}

// Strip removes parentheses, & and * around a receiver expression.
func Strip(e ast.Expr) ast.Expr {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op.String() != "&" {
				return e
			}
			e = x.X
		default:
			return e
		}
	}
}

// method reports whether sel selects one of the tracked methods, and
// which.
func method(info *types.Info, sel *ast.SelectorExpr) (Kind, bool, bool) {
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return 0, false, false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return 0, false, false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok {
		return 0, false, false
	}
	path, name := fn.Pkg().Path(), named.Obj().Name()
	switch {
	case path == "sync" && name == "WaitGroup":
		switch fn.Name() {
		case "Add":
			return Add, false, true
		case "Done":
			return Done, false, true
		case "Wait":
			return Wait, false, true
		case "Go":
			return Go, false, true
		}
	case path == "golang.org/x/sync/errgroup" && name == "Group":
		switch fn.Name() {
		case "Wait":
			return Wait, true, true
		case "Go":
			return Go, true, true
		}
	}
	return 0, false, false
}

// String formats a call for tests and debugging.
func (c *Call) String() string {
	s := c.Kind.String() + " " + c.Key
	if c.Group {
		s += " (errgroup)"
	}
	if c.Defer != nil {
		s += " deferred"
	}
	if len(c.Loops) > 0 {
		s += fmt.Sprintf(" loops=%d", len(c.Loops))
	}
	return s
}
