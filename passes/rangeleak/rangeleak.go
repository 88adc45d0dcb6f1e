package rangeleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/analysisdoc"
	"github.com/leakvet/leakvet/passes/internal/chanfacts"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"github.com/leakvet/leakvet/passes/internal/report"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
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
		Name:     "rangeleak",
		Doc:      analysisdoc.Extract(doc, "rangeleak"),
		URL:      "https://pkg.go.dev/github.com/leakvet/leakvet/passes/rangeleak",
		Requires: []*analysis.Analyzer{chanflow.Analyzer, chanfacts.Analyzer, lazycfg.Analyzer},
		Run:      c.run,
	}
	a.Flags.BoolVar(&c.IgnoreTests, "ignore-tests", c.IgnoreTests, "skip _test.go files")
	return a
}

// run finds the channels that a goroutine ranges over but that nothing
// ever closes.
//
// A candidate is a local channel variable assigned once, from make, in
// the function F that declares it. Every use of it is then examined:
//
//   - close(ch) anywhere (in F or in any literal nested in it) means the
//     channel is closed: no report;
//   - a store, alias, send or return lets it escape to code we cannot
//     see: no report;
//   - passing it to a function declared in this package (or to a
//     literal called directly) follows it into the parameter: a
//     parameter that is closed counts as a close, one that escapes or
//     is passed on again counts as an escape, and a parameter that a
//     goroutine ranges over (go worker(ch)) is a ranging worker;
//     passing it to any other function is an escape;
//   - for v := range ch in a goroutine started by F (or by a literal
//     nested in F) is a ranging worker, unless the loop body can leave
//     the loop (return, break, goto).
//
// Each ranging worker of a channel with no close and no escape is
// reported: once the last value is received it blocks forever.
func (c *Config) run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
	cfgs := pass.ResultOf[lazycfg.Analyzer].(*lazycfg.CFGs)
	facts := pass.ResultOf[chanfacts.Analyzer].(*chanfacts.Result)
	r := report.New(pass, "rangeleak")
	defer r.Finish()
	if c.IgnoreTests {
		r.SkipTests() // and their suppression directives
	}

	for _, ch := range res.Chans {
		if ch.Make == nil || ch.Param {
			continue // not made here, or reassigned
		}
		if isMainMain(ch.Decl) {
			continue // the process ends when main returns
		}
		if c.IgnoreTests && report.IsTestFile(pass, ch.Make.Pos()) {
			continue
		}
		var (
			workers []worker
			handled bool // closed, or escapes
		)
		for _, op := range ch.Ops {
			switch op.Kind {
			case chanflow.Close, chanflow.Escape, chanflow.Return:
				handled = true
			case chanflow.Range:
				if g := goroutineOf(op.Func, ch.Decl); g != nil && !chanfacts.CanLeave(op.Func.Body, op.Node.(*ast.RangeStmt)) {
					workers = append(workers, worker{op: op})
				}
			case chanflow.Arg:
				w, ok := follow(pass, res, facts, op, ch.Decl)
				if !ok {
					handled = true // closed or escapes in the callee, or callee unknown
				} else if w != nil {
					workers = append(workers, *w)
				}
			}
			if handled {
				break
			}
		}
		if handled || len(workers) == 0 {
			continue
		}
		// Asked last: it needs the function's control-flow graph.
		if !mayReturn(cfgs, ch.Decl) {
			continue // the workers live as long as the function: a server loop, not a leak
		}
		for _, w := range workers {
			r.Report(w.diagnostic(pass, ch))
		}
	}
	return nil, nil
}

// A worker is a goroutine that ranges over the channel: either the
// range statement op is in a goroutine literal, or the channel is
// passed by op (a go statement) to a function whose range over its
// parameter is rng.
type worker struct {
	op     *chanflow.Op
	callee *chanflow.Func
	rng    *chanflow.Op // the range over the callee's parameter
	ext    *types.Func  // the callee, when it is in another package
}

func (w worker) diagnostic(pass *analysis.Pass, ch *chanflow.Chan) analysis.Diagnostic {
	made := analysis.RelatedInformation{Pos: ch.Make.Pos(), End: ch.Make.End(), Message: fmt.Sprintf("%s is made here", ch.Name())}
	if w.ext != nil {
		call := w.op.Node.(*ast.CallExpr)
		pos := call.Pos()
		if w.op.Go != nil {
			pos = w.op.Go.Pos()
		}
		return analysis.Diagnostic{
			Pos:      pos,
			End:      call.End(),
			Category: "range",
			Message: fmt.Sprintf("%s is never closed: %s ranges over it in a goroutine and blocks forever after the last value (possible goroutine leak): close %s after the last send",
				ch.Name(), qualifiedName(w.ext), ch.Name()),
			Related: []analysis.RelatedInformation{made},
		}
	}
	if w.callee == nil {
		rng := w.op.Node.(*ast.RangeStmt)
		return analysis.Diagnostic{
			Pos:      rng.For,
			End:      rng.X.End(),
			Category: "range",
			Message:  fmt.Sprintf("%s is never closed: this goroutine ranges over it and blocks forever after the last value (possible goroutine leak): close %s after the last send", ch.Name(), ch.Name()),
			Related:  []analysis.RelatedInformation{made},
		}
	}
	rng := w.rng.Node.(*ast.RangeStmt)
	call := w.op.Node.(*ast.CallExpr)
	pos := call.Pos()
	if w.op.Go != nil {
		pos = w.op.Go.Pos()
	}
	return analysis.Diagnostic{
		Pos:      pos,
		End:      call.End(),
		Category: "range",
		Message: fmt.Sprintf("%s is never closed: %s ranges over it in a goroutine and blocks forever after the last value (possible goroutine leak): close %s after the last send",
			ch.Name(), w.callee.Name(), ch.Name()),
		Related: []analysis.RelatedInformation{
			{Pos: rng.For, End: rng.X.End(), Message: fmt.Sprintf("%s ranges over %s here", w.callee.Name(), w.rng.Chan.Name())},
			made,
		},
	}
}

// follow follows a channel passed as an argument into the callee's
// parameter. It returns ok == false when the callee closes it, lets it
// escape, or cannot be seen; a worker when the call is a go statement
// and the callee ranges over the parameter; and (nil, true) when the
// callee only sends, receives or ignores it.
func follow(pass *analysis.Pass, res *chanflow.Result, facts *chanfacts.Result, op *chanflow.Op, decl *chanflow.Func) (*worker, bool) {
	call := op.Node.(*ast.CallExpr)
	callee := res.CalleeFunc(pass.TypesInfo, call)
	if callee == nil {
		return followFact(pass, facts, op, decl)
	}
	p := res.ParamChan(callee, op.Arg)
	if p == nil {
		return nil, false // variadic, unnamed or generic parameter
	}
	if p.Assigns > 0 {
		return nil, false // the parameter is reassigned
	}
	var rng *chanflow.Op
	for _, pop := range p.Ops {
		switch pop.Kind {
		case chanflow.Close, chanflow.Escape, chanflow.Return, chanflow.Arg:
			return nil, false // closed, escapes, or passed on
		case chanflow.Range:
			if !chanfacts.CanLeave(pop.Func.Body, pop.Node.(*ast.RangeStmt)) {
				rng = pop
			}
		}
	}
	if rng == nil {
		return nil, true
	}
	switch {
	case goroutineOf(rng.Func, callee) != nil:
		// The callee starts the ranging goroutine itself.
		return &worker{op: rng}, true
	case op.Go != nil, goroutineOf(op.Func, decl) != nil:
		// go worker(ch), or worker(ch) called in a goroutine.
		return &worker{op: op, callee: callee, rng: rng}, true
	}
	return nil, true // ranged over synchronously: not a goroutine
}

// followFact follows a channel passed to a function of another package,
// through its chanfacts summary. Without one (a dynamic call, a
// function whose package was not analysed) the channel is assumed to be
// handled.
func followFact(pass *analysis.Pass, facts *chanfacts.Result, op *chanflow.Op, decl *chanflow.Func) (*worker, bool) {
	fn := typeutil.StaticCallee(pass.TypesInfo, op.Node.(*ast.CallExpr))
	if fn == nil {
		return nil, false // dynamic call: assume handled
	}
	fl, ok := facts.Param(fn, op.Arg)
	if !ok || fl&(chanfacts.Closes|chanfacts.Escapes) != 0 {
		return nil, false // closed or escapes there, or unknown
	}
	inGo := op.Go != nil || goroutineOf(op.Func, decl) != nil
	if fl&chanfacts.RangesInGoroutine != 0 || fl&chanfacts.Ranges != 0 && inGo {
		return &worker{op: op, ext: fn}, true
	}
	return nil, true // sends, receives or ignores it
}

// qualifiedName names a function of another package in messages:
// "pkg.F" or "pkg.T.M".
func qualifiedName(fn *types.Func) string {
	name := fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(interface{ Obj() *types.TypeName }); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	if fn.Pkg() != nil {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// goroutineOf returns the innermost function literal started by a go
// statement that encloses f (f itself included) without leaving decl,
// or nil when f runs synchronously in decl.
func goroutineOf(f, decl *chanflow.Func) *chanflow.Func {
	for ; f != nil && f != decl; f = f.Parent {
		if f.Go != nil {
			return f
		}
	}
	return nil
}

// mayReturn reports whether f can return normally: its control-flow
// graph has a reachable return (the graph makes the end of the body an
// implicit return; calls that never return end their block without one).
func mayReturn(cfgs *lazycfg.CFGs, f *chanflow.Func) bool {
	g := cfgs.Func(f.Node)
	if g == nil {
		return true
	}
	for _, b := range g.Blocks {
		if b.Live && b.Return() != nil {
			return true
		}
	}
	return false
}

// isMainMain reports whether f is the function main of package main.
func isMainMain(f *chanflow.Func) bool {
	return f.Obj != nil && f.Obj.Name() == "main" && f.Obj.Pkg() != nil && f.Obj.Pkg().Name() == "main" &&
		f.Obj.Signature().Recv() == nil
}
