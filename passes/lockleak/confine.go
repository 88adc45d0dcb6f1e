package lockleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/scope"
)

// maxOnce bounds the chain of calls climbed to show that a function
// runs at most once (see runsOnce).
const maxOnce = 8

// mainGoroutine stands for the program's main goroutine, which runs
// the init functions and then main.main.
var mainGoroutine = new(ast.BadStmt)

// A goroutineSet is the result of goroutineOf: the one goroutine that
// runs a function, if known.
type goroutineSet struct {
	root ast.Node // a *ast.GoStmt that runs at most once, or mainGoroutine
	ok   bool
}

// confined reports whether the functions of e1 and e2 can only ever run
// on one and the same goroutine (see goroutineOf): the two acquisitions
// then never run at once, and no second goroutine holds the other lock.
// A lock-order inversion needs two goroutines, each at one of the two
// places.
func (ck *checker) confined(e1, e2 *edge) bool {
	g1, ok := ck.goroutineOf(e1.f.Node)
	if !ok {
		return false
	}
	g2, ok := ck.goroutineOf(e2.f.Node)
	return ok && g1 == g2
}

// goroutineOf returns the only goroutine that can run fn, a function
// declaration or literal of the package, if every way to reach fn is
// known and they all start from one goroutine that starts at most once:
// a go statement that runs at most once (see runsOnce), or the main
// goroutine (init functions, and main.main when nothing calls it).
// Callers are climbed through static calls only (see callSites): an
// exported function, a function or method used as a value, a method
// that an interface of the package may call, or a function literal
// that is not called where it is written, has callers the package does
// not know, and the answer is false. So is a function that nothing
// calls, and one reached from a go statement that may run more than
// once (in a loop, or in a function that may itself run more than
// once): each run is another goroutine.
func (ck *checker) goroutineOf(fn ast.Node) (ast.Node, bool) {
	if g, ok := ck.goroutines[fn]; ok {
		return g.root, g.ok
	}
	root, ok := ck.findGoroutine(fn)
	if ck.goroutines == nil {
		ck.goroutines = make(map[ast.Node]goroutineSet)
	}
	ck.goroutines[fn] = goroutineSet{root, ok}
	return root, ok
}

func (ck *checker) findGoroutine(fn ast.Node) (ast.Node, bool) {
	var root ast.Node
	addRoot := func(r ast.Node) bool {
		if root != nil && root != r {
			return false // two goroutines
		}
		root = r
		return true
	}
	seen := map[ast.Node]bool{fn: true}
	work := []ast.Node{fn}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		callers, r, ok := ck.callersOf(n)
		if !ok {
			return nil, false
		}
		if r != nil && !addRoot(r) {
			return nil, false
		}
		for _, c := range callers {
			if !seen[c] {
				seen[c] = true
				work = append(work, c)
			}
		}
	}
	return root, root != nil
}

// callersOf returns the functions (declarations or literals) that call
// fn on their own goroutine, and the goroutine fn starts from if it is
// an entry: the go statement that runs it (if it runs at most once) or
// mainGoroutine. False if some caller is unknown, or fn is started by a
// go statement that may run more than once.
func (ck *checker) callersOf(fn ast.Node) ([]ast.Node, ast.Node, bool) {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if fn.Recv == nil && fn.Name.Name == "init" {
			return nil, mainGoroutine, true
		}
		f := ck.funcObj(fn)
		if f == nil {
			return nil, nil, false
		}
		sites, ok := ck.callSites(f)
		if !ok {
			return nil, nil, false
		}
		if ck.isMain(fn) {
			if len(sites) > 0 {
				return nil, nil, false // main called again from the package
			}
			return nil, mainGoroutine, true
		}
		if len(sites) == 0 {
			return nil, nil, false // not called: how it runs is unknown
		}
		var callers []ast.Node
		var root ast.Node
		for _, cs := range sites {
			switch s := stmtOf(cs.fn, cs.call).(type) {
			case *ast.GoStmt:
				if root != nil || !ck.runsOnce(s, cs.fn, 0) {
					return nil, nil, false // two go statements, or one that may run again
				}
				root = s
			default: // a call or a deferred call: the caller's goroutine
				callers = append(callers, cs.fn)
			}
		}
		return callers, root, true
	case *ast.FuncLit:
		cur, ok := ck.litCursor(fn)
		if !ok {
			return nil, nil, false
		}
		call, ok := cur.Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun != fn {
			return nil, nil, false // a value: anyone may call it
		}
		encl, ok := enclosingFunc(cur.Parent())
		if !ok {
			return nil, nil, false
		}
		if g, ok := cur.Parent().Parent().Node().(*ast.GoStmt); ok {
			if !ck.runsOnce(g, encl, 0) {
				return nil, nil, false
			}
			return nil, g, true
		}
		return []ast.Node{encl}, nil, true
	}
	return nil, nil, false
}

// runsOnce reports whether the statement s of the function fn runs at
// most once in the life of the program: it is in no loop of fn (and fn
// has no goto), and fn runs at most once: fn is main.main (called by
// nothing) or an init function, or it has a single call (a plain, go or
// deferred call) that runs at most once. depth bounds the calls
// climbed.
func (ck *checker) runsOnce(s ast.Node, fn ast.Node, depth int) bool {
	if depth > maxOnce {
		return false
	}
	var body *ast.BlockStmt
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body = fn.Body
	case *ast.FuncLit:
		body = fn.Body
	}
	if body == nil || innermostLoop(body, s) != nil || hasGoto(body) {
		return false
	}
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if fn.Recv == nil && fn.Name.Name == "init" {
			return true
		}
		f := ck.funcObj(fn)
		if f == nil {
			return false
		}
		sites, ok := ck.callSites(f)
		if !ok {
			return false
		}
		if ck.isMain(fn) {
			return len(sites) == 0
		}
		if len(sites) != 1 {
			return false
		}
		return ck.runsOnce(sites[0].call, sites[0].fn, depth+1)
	case *ast.FuncLit:
		cur, ok := ck.litCursor(fn)
		if !ok {
			return false
		}
		call, ok := cur.Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun != fn {
			return false // a value: it may be called any number of times
		}
		encl, ok := enclosingFunc(cur.Parent())
		return ok && ck.runsOnce(call, encl, depth+1)
	}
	return false
}

// hasGoto reports whether body has a goto statement (a loop the
// syntax does not show).
func hasGoto(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.GOTO {
			found = true
		}
		return !found
	})
	return found
}

// funcObj returns the function that fn declares.
func (ck *checker) funcObj(fn *ast.FuncDecl) *types.Func {
	f, _ := ck.pass.TypesInfo.Defs[fn.Name].(*types.Func)
	return f
}

// isMain reports whether fn is the main function of a main package.
func (ck *checker) isMain(fn *ast.FuncDecl) bool {
	return fn.Recv == nil && fn.Name.Name == "main" && ck.pass.Pkg.Name() == "main"
}

// litCursor returns the cursor of the function literal lit in the
// syntax index.
func (ck *checker) litCursor(lit *ast.FuncLit) (astindex.Cursor, bool) {
	if ck.lits == nil {
		ck.lits = make(map[*ast.FuncLit]astindex.Cursor)
		sc := ck.pass.ResultOf[scope.Analyzer].(*scope.Result)
		for cur := range sc.Index.Root().Preorder((*ast.FuncLit)(nil)) {
			ck.lits[cur.Node().(*ast.FuncLit)] = cur
		}
	}
	cur, ok := ck.lits[lit]
	return cur, ok
}

// enclosingFunc returns the innermost function declaration or literal
// around cur.
func enclosingFunc(cur astindex.Cursor) (ast.Node, bool) {
	for fc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return fc.Node(), true
	}
	return nil, false
}
