package wgdone

import (
	"bytes"
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/analysisdoc"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/wgflow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

//go:embed doc.go
var doc string

// Config holds the options of the pass. The zero value is the default.
type Config struct {
	// IgnoreTests skips _test.go files.
	IgnoreTests bool `json:"ignore-tests"`
}

// Analyzer runs with the default Config; drivers set its flags.
var Analyzer = New(Config{})

// New returns a fresh analyzer configured by cfg.
func New(cfg Config) *analysis.Analyzer {
	c := &cfg
	a := &analysis.Analyzer{
		Name:     "wgdone",
		Doc:      analysisdoc.Extract(doc, "wgdone"),
		URL:      "https://pkg.go.dev/github.com/leakvet/leakvet/passes/wgdone",
		Requires: []*analysis.Analyzer{chanflow.Analyzer, wgflow.Analyzer, lazycfg.Analyzer},
		Run:      c.run,
	}
	a.Flags.BoolVar(&c.IgnoreTests, "ignore-tests", c.IgnoreTests, "skip _test.go files")
	return a
}

// run finds goroutines that call wg.Done on some paths but not all.
//
// The goroutines are the function literals started by a go statement
// and the functions of the package that some go statement starts. In
// each, the explicit (not deferred) wg.Done() calls are grouped by
// receiver. A receiver is skipped when the goroutine also defers its
// Done, calls it from a nested function, or uses the WaitGroup in any
// other way than calling its methods (it may hand the Done over).
//
// On the goroutine's control-flow graph (lazycfg), a path from the
// entry to a return, or to the end of the body, that passes no
// wg.Done() means wg.Wait waits forever for that goroutine. Paths that
// end in a panic or a call that never returns do not count.
//
// The fix, deleting the explicit calls and deferring one at the top,
// is offered only when it keeps the behaviour on every path that did
// call Done: each explicit call is a statement followed by nothing but
// a return (so Done still runs last and at most once), the receiver is
// in scope at the top, and the function has no other defer whose order
// would change.
func (c *Config) run(pass *analysis.Pass) (any, error) {
	flow := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
	wgs := pass.ResultOf[wgflow.Analyzer].(*wgflow.Result)
	cfgs := pass.ResultOf[lazycfg.Analyzer].(*lazycfg.CFGs)
	r := report.New(pass, "wgdone")
	defer r.Finish()
	if c.IgnoreTests {
		r.SkipTests() // and their suppression directives
	}

	// Named functions started by a go statement of this package.
	started := make(map[*chanflow.Func]*chanflow.Go)
	for _, g := range flow.Gos {
		if g.Callee != nil {
			if f := flow.DeclOf(g.Callee); f != nil && started[f] == nil {
				started[f] = g
			}
		}
	}

	for _, f := range flow.Funcs {
		if f.Go == nil && started[f] == nil {
			continue // not a goroutine
		}
		if c.IgnoreTests && report.IsTestFile(pass, f.Node.Pos()) {
			continue
		}
		// Group the explicit Done calls of f by receiver, in order.
		var keys []string
		dones := make(map[string][]*wgflow.Call)
		for _, call := range wgs.In(f) {
			if call.Kind == wgflow.Done {
				if dones[call.Key] == nil {
					keys = append(keys, call.Key)
				}
				dones[call.Key] = append(dones[call.Key], call)
			}
		}
		for _, key := range keys {
			ck := &check{pass: pass, flow: flow, wgs: wgs, cfgs: cfgs, f: f, key: key, dones: dones[key]}
			if d, ok := ck.diagnose(); ok {
				r.Report(d)
			}
		}
	}
	return nil, nil
}

// check examines one goroutine f and one WaitGroup receiver key.
type check struct {
	pass  *analysis.Pass
	flow  *chanflow.Result
	wgs   *wgflow.Result
	cfgs  *lazycfg.CFGs
	f     *chanflow.Func
	key   string
	dones []*wgflow.Call // the Done calls on key directly in f
}

func (ck *check) diagnose() (analysis.Diagnostic, bool) {
	for _, d := range ck.dones {
		if d.Defer != nil {
			return analysis.Diagnostic{}, false // defer wg.Done(): every path
		}
	}
	for _, c := range ck.wgs.In(ck.f) {
		if c.Key == ck.key && c.Kind == wgflow.Add {
			return analysis.Diagnostic{}, false // the goroutine adjusts the count itself, e.g. wg.Add(-1)
		}
	}
	if ck.handedOver() || ck.helperDone() {
		return analysis.Diagnostic{}, false
	}
	g := ck.cfgs.Func(ck.f.Node)
	if g == nil || len(g.Blocks) == 0 {
		return analysis.Diagnostic{}, false
	}

	// Locate the Done calls in the graph.
	doneAt := make(map[*cfg.Block][]int) // block -> indices of nodes containing a Done
	found := 0
	for _, b := range g.Blocks {
		for i, n := range b.Nodes {
			for _, d := range ck.dones {
				if n.Pos() <= d.Call.Pos() && d.Call.End() <= n.End() {
					doneAt[b] = append(doneAt[b], i)
					found++
				}
			}
		}
	}
	if found != len(ck.dones) {
		return analysis.Diagnostic{}, false // a Done in an unreachable block, or one the graph does not show
	}

	if doneTwice(doneAt) {
		return analysis.Diagnostic{}, false // Done in a loop: the WaitGroup counts items, not this goroutine
	}

	// Search for a path from the entry to an exit that calls no Done.
	exit := ck.pathWithoutDone(g, doneAt)
	if exit == nil {
		return analysis.Diagnostic{}, false
	}

	d := analysis.Diagnostic{
		Category: "done",
		Message:  fmt.Sprintf("%s.Done is not called on all paths of this goroutine (%s.Wait may block forever): defer %s.Done() at the top", ck.key, ck.key, ck.key),
	}
	switch n := ck.f.Node.(type) {
	case *ast.FuncLit:
		d.Pos, d.End = ck.f.Go.Stmt.Pos(), n.Type.End()
	case *ast.FuncDecl:
		d.Pos, d.End = n.Pos(), n.Type.End()
	}
	d.Related = append(d.Related, *exit)
	if fix, ok := ck.fix(g, doneAt); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	return d, true
}

// handedOver reports whether f, or a function nested in it, uses the
// WaitGroup other than through the calls of wgflow directly in f: a
// deferred or nested Done, or the WaitGroup passed, stored or captured.
func (ck *check) handedOver() bool {
	direct := make(map[ast.Expr]bool) // receivers of the calls directly in f
	for _, c := range ck.wgs.In(ck.f) {
		if c.Key == ck.key {
			direct[c.Recv] = true
		}
	}
	other := false
	ast.Inspect(ck.f.Body, func(n ast.Node) bool {
		if other {
			return false
		}
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		switch e.(type) {
		case *ast.Ident, *ast.SelectorExpr:
		default:
			return true
		}
		if types.ExprString(e) != ck.key {
			return true
		}
		if !direct[e] {
			other = true // any other use: passed, stored, or in a nested function
		}
		return false
	})
	return other
}

// pathWithoutDone returns the place where a path from the entry of g
// leaves the function without passing a Done node, or nil.
func (ck *check) pathWithoutDone(g *cfg.CFG, doneAt map[*cfg.Block][]int) *analysis.RelatedInformation {
	seen := make(map[*cfg.Block]bool)
	var exit *analysis.RelatedInformation
	var visit func(b *cfg.Block)
	visit = func(b *cfg.Block) {
		if seen[b] || exit != nil {
			return
		}
		seen[b] = true
		if len(doneAt[b]) > 0 {
			return // Done called on this path
		}
		if len(b.Succs) == 0 {
			if !b.Live || b.Return() == nil {
				return // unreachable, or not an exit: a call that never returns, select {}, past the last case of a select
			}
			exit = ck.exitInfo(b)
			return
		}
		succs := b.Succs
		if rs, ok := b.Stmt.(*ast.RangeStmt); ok && b.Kind == cfg.KindRangeLoop && len(succs) == 2 && ck.flow.NeverClosed(rs.X) {
			succs = succs[:1] // ranging over a ticker's channel, say: the loop has no normal exit
		}
		for _, s := range succs {
			visit(s)
		}
	}
	visit(g.Blocks[0])
	return exit
}

// doneTwice reports whether a path can pass Done nodes twice: a Done in
// a loop, or two in sequence.
func doneTwice(doneAt map[*cfg.Block][]int) bool {
	for b, idxs := range doneAt {
		if len(idxs) > 1 {
			return true
		}
		seen := make(map[*cfg.Block]bool)
		var reach func(b *cfg.Block) bool
		reach = func(b *cfg.Block) bool {
			for _, s := range b.Succs {
				if seen[s] {
					continue
				}
				seen[s] = true
				if len(doneAt[s]) > 0 || reach(s) {
					return true
				}
			}
			return false
		}
		if reach(b) {
			return true
		}
	}
	return false
}

// exitInfo describes where the path through the exit block b leaves
// the function: its return statement, or the end of the body (where the
// graph has an implicit return).
func (ck *check) exitInfo(b *cfg.Block) *analysis.RelatedInformation {
	if ret := b.Return(); ret != nil && ret.Pos() < ck.f.Body.Rbrace {
		return &analysis.RelatedInformation{Pos: ret.Pos(), End: ret.End(), Message: fmt.Sprintf("this path returns without calling %s.Done", ck.key)}
	}
	end := ck.f.Body.Rbrace
	return &analysis.RelatedInformation{Pos: end, End: end + 1, Message: fmt.Sprintf("this path reaches the end without calling %s.Done", ck.key)}
}

// fix returns the edits that replace the explicit Done calls by one
// deferred at the top of the body, when that is correct (see run).
func (ck *check) fix(g *cfg.CFG, doneAt map[*cfg.Block][]int) (analysis.SuggestedFix, bool) {
	if len(ck.f.Defers) > 0 {
		return analysis.SuggestedFix{}, false // Done would move after the other deferred calls
	}
	if !ck.inScopeAtTop() {
		return analysis.SuggestedFix{}, false
	}
	var stmts []*ast.ExprStmt
	for b, idxs := range doneAt {
		for _, i := range idxs {
			es, ok := b.Nodes[i].(*ast.ExprStmt)
			if !ok || ast.Unparen(es.X) != ast.Expr(doneCall(ck.dones, es)) {
				return analysis.SuggestedFix{}, false // Done inside a larger statement
			}
			if !onlyReturnsAfter(b, i) {
				return analysis.SuggestedFix{}, false // Done is not the last thing on its path
			}
			stmts = append(stmts, es)
		}
	}
	tf := ck.pass.Fset.File(ck.f.Body.Pos())
	src, err := ck.pass.ReadFile(tf.Name())
	if err != nil {
		return analysis.SuggestedFix{}, false
	}
	deferText := "defer " + ck.key + ".Done()"
	first := ck.f.Body.List[0]
	var edits []analysis.TextEdit
	replacedFirst := false
	for _, es := range stmts {
		if ast.Stmt(es) == first {
			edits = append(edits, analysis.TextEdit{Pos: es.Pos(), End: es.End(), NewText: []byte(deferText)})
			replacedFirst = true
			continue
		}
		edits = append(edits, deleteStmt(tf, src, es))
	}
	if !replacedFirst {
		start := tf.Offset(first.Pos())
		lineStart := tf.Offset(tf.LineStart(tf.Line(first.Pos())))
		indent := src[lineStart:start]
		if len(bytes.TrimSpace(indent)) != 0 || tf.Line(first.Pos()) == tf.Line(ck.f.Body.Lbrace) {
			return analysis.SuggestedFix{}, false // the first statement shares its line: not gofmt'ed code
		}
		edits = append(edits, analysis.TextEdit{Pos: first.Pos(), End: first.Pos(), NewText: []byte(deferText + "\n" + string(indent))})
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Defer %s.Done() at the top of the goroutine", ck.key),
		TextEdits: edits,
	}, true
}

// doneCall returns the Done call that es consists of, or nil.
func doneCall(dones []*wgflow.Call, es *ast.ExprStmt) *ast.CallExpr {
	for _, d := range dones {
		if ast.Unparen(es.X) == ast.Expr(d.Call) {
			return d.Call
		}
	}
	return nil
}

// onlyReturnsAfter reports whether every path from node i of block b
// meets nothing but a return whose results make no call, before the
// function ends.
func onlyReturnsAfter(b *cfg.Block, i int) bool {
	seen := make(map[*cfg.Block]bool)
	var ok func(b *cfg.Block, from int) bool
	ok = func(b *cfg.Block, from int) bool {
		for _, n := range b.Nodes[from:] {
			ret, isRet := n.(*ast.ReturnStmt)
			if !isRet || hasCall(ret) {
				return false
			}
		}
		for _, s := range b.Succs {
			if seen[s] {
				return false // a loop: Done could run again
			}
			seen[s] = true
			if !ok(s, 0) {
				return false
			}
		}
		return true
	}
	return ok(b, i+1)
}

// hasCall reports whether n contains a call or a receive.
func hasCall(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			found = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				found = true
			}
		}
		return !found
	})
	return found
}

// inScopeAtTop reports whether the receiver's root variable is declared
// outside f's body, so that "defer wg.Done()" can be its first
// statement.
func (ck *check) inScopeAtTop() bool {
	recv := ck.dones[0].Recv
	for {
		switch x := recv.(type) {
		case *ast.SelectorExpr:
			recv = wgflow.Strip(x.X)
			continue
		case *ast.Ident:
			obj := ck.pass.TypesInfo.Uses[x]
			if obj == nil {
				return false
			}
			return obj.Pos() < ck.f.Body.Lbrace || obj.Pos() > ck.f.Body.Rbrace
		}
		return false // e.g. ws[i].Done()
	}
}

// deleteStmt returns the edit deleting the statement s: its whole line
// when it stands alone on it, else just the statement.
func deleteStmt(tf *token.File, src []byte, s ast.Stmt) analysis.TextEdit {
	line := tf.Line(s.Pos())
	lineStart := tf.LineStart(line)
	startOff, endOff := tf.Offset(s.Pos()), tf.Offset(s.End())
	before := src[tf.Offset(lineStart):startOff]
	rest := src[endOff:]
	nl := bytes.IndexByte(rest, '\n')
	if nl >= 0 && len(bytes.TrimSpace(before)) == 0 && len(bytes.TrimSpace(rest[:nl])) == 0 {
		return analysis.TextEdit{Pos: lineStart, End: s.End() + token.Pos(nl) + 1}
	}
	return analysis.TextEdit{Pos: s.Pos(), End: s.End()}
}
