package fieldleak

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// An exit is a statement that leaves a loop: a return, a break of the
// loop, a goto, a panic or a call that may end the goroutine.
type exit struct {
	node    ast.Node
	clauses []*ast.CommClause // the select clauses of the loop that enclose it, outermost first
}

// loopExits returns the exits of loop (a *ast.ForStmt or
// *ast.RangeStmt), whose label, if any, is label. The bodies of
// function literals are not part of the loop.
func loopExits(info *types.Info, loop ast.Stmt, label string) []exit {
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	inner := make(map[string]bool) // labels of statements inside the loop
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			inner[n.Label.Name] = true
		}
		return true
	})
	w := &exitWalker{info: info, label: label, inner: inner}
	w.walk(body, false, nil)
	return w.exits
}

type exitWalker struct {
	info  *types.Info
	label string
	inner map[string]bool
	exits []exit
}

// walk records the exits in n; nested says whether an unlabelled break
// in n leaves a statement inside the loop rather than the loop.
func (w *exitWalker) walk(n ast.Node, nested bool, clauses []*ast.CommClause) {
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt:
			if m != n {
				w.walk(m, true, clauses)
				return false
			}
		case *ast.SelectStmt:
			if m != n {
				w.walk(m, true, clauses)
				return false
			}
			for _, c := range m.Body.List {
				cc := c.(*ast.CommClause)
				if cc.Comm != nil {
					w.walk(cc.Comm, true, clauses)
				}
				cs := append(clauses[:len(clauses):len(clauses)], cc)
				for _, s := range cc.Body {
					w.walk(s, true, cs)
				}
			}
			return false
		}
		w.visitOne(m, nested, clauses)
		return true
	})
}

// visitOne records m if it is an exit.
func (w *exitWalker) visitOne(m ast.Node, nested bool, clauses []*ast.CommClause) {
	switch m := m.(type) {
	case *ast.ReturnStmt:
		w.exits = append(w.exits, exit{m, clauses})
	case *ast.BranchStmt:
		switch m.Tok {
		case token.BREAK:
			if m.Label == nil && !nested || m.Label != nil && (m.Label.Name == w.label || !w.inner[m.Label.Name]) {
				w.exits = append(w.exits, exit{m, clauses})
			}
		case token.CONTINUE:
			if m.Label != nil && m.Label.Name != w.label && !w.inner[m.Label.Name] {
				w.exits = append(w.exits, exit{m, clauses})
			}
		case token.GOTO:
			w.exits = append(w.exits, exit{m, clauses})
		}
	case *ast.CallExpr:
		if mayEnd(w.info, m) {
			w.exits = append(w.exits, exit{m, clauses})
		}
	}
}

// mayEnd reports whether call may end the goroutine: panic, or a call
// of a function whose name says it exits (os.Exit, log.Fatal,
// runtime.Goexit, t.FailNow, ...).
func mayEnd(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			return b.Name() == "panic"
		}
	}
	fn := typeutil.Callee(info, call)
	if fn == nil {
		return false
	}
	name := fn.Name()
	for _, p := range []string{"Fatal", "Exit", "Goexit", "FailNow", "Panic", "Skip"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// hasReturn reports whether n contains a return statement outside
// function literals, or a call that may end the goroutine.
func hasReturn(info *types.Info, n ast.Node) bool {
	f := returnFinder{info: info}
	ast.Walk(&f, n)
	return f.found
}

// A returnFinder is the ast.Visitor of hasReturn.
type returnFinder struct {
	info  *types.Info
	found bool
}

func (f *returnFinder) Visit(m ast.Node) ast.Visitor {
	if f.found {
		return nil
	}
	switch m := m.(type) {
	case *ast.FuncLit:
		return nil
	case *ast.ReturnStmt:
		f.found = true
	case *ast.BranchStmt:
		if m.Tok == token.GOTO {
			f.found = true
		}
	case *ast.CallExpr:
		if mayEnd(f.info, m) {
			f.found = true
		}
	}
	if f.found {
		return nil
	}
	return f
}
