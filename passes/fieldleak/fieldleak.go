package fieldleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/analysisdoc"
	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/fieldflow"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/summary"
	"github.com/leakvet/leakvet/passes/internal/wgflow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

//go:embed doc.go
var doc string

// Categories of the diagnostics, one per rule.
const (
	CategoryUnserviced = "unserviced" // a receive, or a loop's only exit, on a channel nothing sends on or closes
	CategoryIgnored    = "ignored"    // a loop with no exit, though its type closes a stop channel
	CategoryExited     = "exited"     // a send whose only receiver is a loop that can return first
	CategoryTicker     = "ticker"     // a range over a ticker's C, which Stop does not close
	CategoryWaitGroup  = "waitgroup"  // Add and Wait on a field WaitGroup, no Done
	CategoryCancel     = "cancel"     // a field CancelFunc never called while a goroutine waits on its context
	CategoryWaitInLoop = "waitinloop" // Wait in the loop that starts the goroutine, which needs what the loop does after the Wait
)

// Config holds the options of the pass. The zero value is the default.
type Config struct {
	IgnoreTests bool `json:"ignore-tests"` // skip _test.go files
}

// Analyzer runs with the default Config; drivers set its flags.
var Analyzer = New(Config{})

// New returns a fresh analyzer configured by cfg. Tests and the plugin
// never mutate Analyzer.
func New(cfg Config) *analysis.Analyzer {
	c := &cfg
	a := &analysis.Analyzer{
		Name:     "fieldleak",
		Doc:      analysisdoc.Extract(doc, "fieldleak"),
		URL:      "https://pkg.go.dev/github.com/leakvet/leakvet/passes/fieldleak",
		Requires: []*analysis.Analyzer{chanflow.Analyzer, fieldflow.Analyzer, summary.Analyzer, wgflow.Analyzer},
		Run:      c.run,
	}
	a.Flags.BoolVar(&c.IgnoreTests, "ignore-tests", c.IgnoreTests, "skip _test.go files")
	return a
}

type checker struct {
	cfg    *Config
	pass   *analysis.Pass
	flow   *chanflow.Result
	fields *fieldflow.Result
	r      *report.Reporter
	owner  map[*types.Var]*types.TypeName // the named struct type declaring each modelled field
	done   map[ast.Node]bool              // operations already explained by a goroutine report

	loopFns map[*chanflow.Func]bool             // see loopFuncs
	loops   map[*chanflow.Func]loopAt           // see loopOf
	started map[*chanflow.Func]bool             // functions a go statement starts by name; see inGoroutine
	ranges  map[*ast.RangeStmt]*fieldflow.Field // see rangedField
	life    *lifetimes                          // package main only; see perRequest
}

// run applies the rules of the pass to the field model (fieldflow).
//
// A channel field is dead when it is in the closed world (its value
// does not escape, every value assigned to it is a make in view) and
// nothing sends on it or closes it: a receive from it blocks forever.
// Each go statement's goroutine is examined for a loop (for {...} at
// the top level of its body, with no return before it): if every exit
// of the loop is inside a select case that receives from a dead field,
// the goroutine never returns (CategoryUnserviced); if the loop has no
// exit at all and blocks on fields of a type whose methods close one
// of its channel fields, the loop ignores the close (CategoryIgnored).
// Other blocking receives from a dead field are reported where they
// are. The remaining rules look at one field each: a send on an
// unbuffered field whose every receiver is such a loop that can return
// on another signal (CategoryExited), a range over a ticker field's C
// that the package stops (CategoryTicker), a WaitGroup field with Add
// and Wait but no Done (CategoryWaitGroup), a CancelFunc field never
// called while a goroutine waits on its context (CategoryCancel).
//
// Goroutines started by an init function, or in package main once per
// process (see lifetimes), run for the life of the process: they are
// not leaks, and not reported. The local channels get the unshared
// and selfclose rules first.
func (c *Config) run(pass *analysis.Pass) (any, error) {
	fields := pass.ResultOf[fieldflow.Analyzer].(*fieldflow.Result)
	ck := &checker{
		cfg:    c,
		pass:   pass,
		flow:   pass.ResultOf[chanflow.Analyzer].(*chanflow.Result),
		fields: fields,
		r:      report.New(pass, "fieldleak"),
		done:   make(map[ast.Node]bool),
	}
	defer ck.r.Finish()
	if c.IgnoreTests {
		ck.r.SkipTests() // and their suppression directives
	}
	for _, ch := range ck.flow.Chans {
		ck.unshared(ch)
		ck.selfClose(ch)
	}
	for _, g := range ck.flow.Gos {
		ck.waitInLoop(g)
		ck.waitBeforeAll(g)
	}
	ck.localWaitGroups(pass.ResultOf[wgflow.Analyzer].(*wgflow.Result))
	if len(fields.Fields) == 0 {
		ck.deadLocals()
		return nil, nil
	}
	ck.owners()
	for _, g := range ck.flow.Gos {
		ck.goroutine(g)
	}
	for _, f := range fields.Fields {
		switch f.Kind {
		case fieldflow.Chan:
			ck.deadRecvs(f)
			ck.deadSends(f)
			ck.selfCloseField(f)
			ck.exited(f)
			ck.producerClose(f)
		case fieldflow.Ticker:
			ck.tickerRange(f)
		case fieldflow.WaitGroup:
			ck.waitGroup(f)
		case fieldflow.CancelFunc:
			ck.cancel(f)
		}
	}
	ck.deadLocals()
	return nil, nil
}

// report reports d unless its position is in a test file the pass
// skips.
func (ck *checker) report(d analysis.Diagnostic) {
	if ck.cfg.IgnoreTests && report.IsTestFile(ck.pass, d.Pos) {
		return
	}
	ck.r.Report(d)
}

// owners records the named struct type that declares each modelled
// field, for the package's named types.
func (ck *checker) owners() {
	ck.owner = make(map[*types.Var]*types.TypeName)
	sc := ck.pass.Pkg.Scope()
	for _, name := range sc.Names() {
		tn, ok := sc.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		st, ok := tn.Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			v := st.Field(i)
			if ck.fields.FieldOf(v) != nil {
				ck.owner[v] = tn
			}
		}
	}
}

// dead reports whether f is a channel field that nothing in the
// package sends on or closes, and whose value does not escape.
func dead(f *fieldflow.Field) bool {
	return f.Kind == fieldflow.Chan && f.Closed() &&
		len(f.OpsOf(fieldflow.Send, fieldflow.SelectSend, fieldflow.Close)) == 0
}

// expr renders e as source text.
func expr(e ast.Expr) string { return types.ExprString(e) }

// A routine is the function a go statement runs.
type routine struct {
	g    *chanflow.Go
	fn   *chanflow.Func
	name string // "goroutine started by T.loop", "goroutine started in New"
}

// routineOf returns the function that g starts, if the package
// declares it.
func (ck *checker) routineOf(g *chanflow.Go) (routine, bool) {
	if g.Lit != nil {
		name := "goroutine started in the function literal"
		if g.Func != nil {
			name = "goroutine started in " + g.Func.Name()
		}
		return routine{g, g.Lit, name}, true
	}
	if g.Callee == nil {
		return routine{}, false
	}
	fn := ck.flow.DeclOf(g.Callee)
	if fn == nil {
		return routine{}, false
	}
	return routine{g, fn, "goroutine started by " + fn.Name()}, true
}

// processLifetime reports whether the go statement is in an init
// function or a package-level initializer, or in a function literal
// run by sync.Once's Do: its goroutine runs once, for the life of the
// process.
func (ck *checker) processLifetime(g *chanflow.Go) bool {
	for f := g.Func; f != nil; f = f.Parent {
		if lit, ok := f.Node.(*ast.FuncLit); ok && f.Go == nil && f.Parent != nil && ck.onceDo(f.Parent.Body, lit) {
			return true
		}
		if f.Parent == nil {
			if f.Obj == nil {
				return true // a package-level initializer
			}
			return f.Obj.Name() == "init" && f.Obj.Signature().Recv() == nil
		}
	}
	return true
}

// onceDo reports whether lit is the argument of a call of
// (*sync.Once).Do in body.
func (ck *checker) onceDo(body *ast.BlockStmt, lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok || len(call.Args) != 1 || ast.Unparen(call.Args[0]) != lit {
			return !found
		}
		fn := typeutil.Callee(ck.pass.TypesInfo, call)
		if m, ok := fn.(*types.Func); ok && m.Name() == "Do" && m.Pkg() != nil && m.Pkg().Path() == "sync" {
			found = true
		}
		return !found
	})
	return found
}

// mainLoop returns the loop of a goroutine's body: the first for
// statement without a condition at its top level, with no return
// before it, and its label.
//
// A range over a channel field in the closed world that nothing closes
// is such a loop too: its end is not a way out.
func (ck *checker) mainLoop(body *ast.BlockStmt) (ast.Stmt, string) {
	for _, s := range body.List {
		label := ""
		if l, ok := s.(*ast.LabeledStmt); ok {
			label, s = l.Label.Name, l.Stmt
		}
		if fs, ok := s.(*ast.ForStmt); ok && fs.Cond == nil {
			return fs, label
		}
		if rs, ok := s.(*ast.RangeStmt); ok {
			if f := ck.rangedField(rs); f != nil && f.Closed() && len(f.OpsOf(fieldflow.Close)) == 0 {
				return rs, label
			}
			return nil, "" // the range may end
		}
		if hasReturn(ck.pass.TypesInfo, s) {
			return nil, ""
		}
	}
	return nil, ""
}

// loopOf returns the function that holds the loop of the goroutine
// running fn, the loop and its label: fn's own loop (see mainLoop), or
// that of a function of the package that fn calls at its top level,
// before any return (go s.run() where run calls s.loop()).
func (ck *checker) loopOf(fn *chanflow.Func, depth int) (*chanflow.Func, ast.Stmt, string) {
	if fn.Body == nil {
		return nil, nil, ""
	}
	if depth == 0 {
		l, ok := ck.loops[fn]
		if !ok {
			l.fn, l.loop, l.label = ck.findLoop(fn, 0)
			if ck.loops == nil {
				ck.loops = make(map[*chanflow.Func]loopAt)
			}
			ck.loops[fn] = l
		}
		return l.fn, l.loop, l.label
	}
	return ck.findLoop(fn, depth)
}

// A loopAt is a result of loopOf.
type loopAt struct {
	fn    *chanflow.Func
	loop  ast.Stmt
	label string
}

func (ck *checker) findLoop(fn *chanflow.Func, depth int) (*chanflow.Func, ast.Stmt, string) {
	if loop, label := ck.mainLoop(fn.Body); loop != nil {
		return fn, loop, label
	}
	if depth > 0 {
		return nil, nil, ""
	}
	for _, s := range fn.Body.List {
		if call := headCall(s); call != nil {
			if callee := ck.flow.CalleeFunc(ck.pass.TypesInfo, call); callee != nil && callee != fn {
				if lfn, loop, label := ck.loopOf(callee, depth+1); loop != nil {
					return lfn, loop, label
				}
			}
		}
		if hasReturn(ck.pass.TypesInfo, s) {
			break
		}
	}
	return nil, nil, ""
}

// headCall returns the call a statement starts with: f(), x := f(),
// if err := f(); ..., return f().
func headCall(s ast.Stmt) *ast.CallExpr {
	var e ast.Expr
	switch s := s.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	case *ast.IfStmt:
		if s.Init != nil {
			return headCall(s.Init)
		}
	case *ast.ReturnStmt:
		if len(s.Results) == 1 {
			e = s.Results[0]
		}
	}
	call, _ := ast.Unparen(e).(*ast.CallExpr)
	return call
}

// loopFuncs returns the functions that hold the loop of a goroutine
// (see loopOf), computed once.
func (ck *checker) loopFuncs() map[*chanflow.Func]bool {
	if ck.loopFns == nil {
		ck.loopFns = make(map[*chanflow.Func]bool)
		for _, g := range ck.flow.Gos {
			if rt, ok := ck.routineOf(g); ok {
				if lfn, _, _ := ck.loopOf(rt.fn, 0); lfn != nil {
					ck.loopFns[lfn] = true
				}
			}
		}
	}
	return ck.loopFns
}

// rangedField returns the channel field that rs ranges over, or nil.
func (ck *checker) rangedField(rs *ast.RangeStmt) *fieldflow.Field {
	if ck.ranges == nil {
		ck.ranges = make(map[*ast.RangeStmt]*fieldflow.Field)
		for _, f := range ck.fields.Fields {
			for _, op := range f.OpsOf(fieldflow.Range) {
				ck.ranges[op.Node.(*ast.RangeStmt)] = f
			}
		}
	}
	return ck.ranges[rs]
}

// loopBody returns the body of a *ast.ForStmt or *ast.RangeStmt.
func loopBody(loop ast.Stmt) *ast.BlockStmt {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Body
	case *ast.RangeStmt:
		return l.Body
	}
	return nil
}

// goroutine examines the loop of the goroutine that g starts.
func (ck *checker) goroutine(g *chanflow.Go) {
	rt, ok := ck.routineOf(g)
	if !ok {
		return
	}
	lfn, loop, label := ck.loopOf(rt.fn, 0)
	if loop == nil || !ck.perRequest(g) {
		return // no loop, or a goroutine for the life of the process
	}
	exits := loopExits(ck.pass.TypesInfo, loop, label)
	if len(exits) == 0 {
		ck.ignored(rt, lfn, loop)
		return
	}
	// Every exit must be inside a case that receives from a dead field.
	var deadOps []*fieldflow.Op
	for _, e := range exits {
		var op *fieldflow.Op
		for _, cc := range e.clauses {
			if o := ck.fields.ClauseOp(cc); o != nil && o.Kind == fieldflow.SelectRecv && dead(o.Field) {
				op = o
				break
			}
		}
		if op == nil {
			return // a live exit
		}
		if !slices.ContainsFunc(deadOps, func(o *fieldflow.Op) bool { return o.Field == op.Field }) {
			deadOps = append(deadOps, op)
		}
	}
	var names []string
	for _, op := range deadOps {
		names = append(names, expr(op.Expr))
	}
	d := analysis.Diagnostic{
		Pos:      g.Stmt.Pos(),
		End:      g.Stmt.Call.Fun.End(),
		Category: CategoryUnserviced,
		Message: fmt.Sprintf("%s never returns: it exits only on %s, which nothing in the package closes or sends on (possible goroutine leak); close %s when the %s should stop",
			rt.name, strings.Join(names, " or "), names[0], ck.ownerName(deadOps[0].Field)),
	}
	for _, op := range deadOps {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: op.Clause.Pos(), End: op.Clause.Colon + 1, Message: "the loop exits only here"})
		d.Related = append(d.Related, ck.declared(op.Field))
		ck.done[op.Node] = true
	}
	ck.report(d)
}

// ownerName returns the name of the type declaring f, or "object".
func (ck *checker) ownerName(f *fieldflow.Field) string {
	if tn := ck.owner[f.Var]; tn != nil {
		return tn.Name()
	}
	return "object"
}

// declared returns the related position of f's declaration.
func (ck *checker) declared(f *fieldflow.Field) analysis.RelatedInformation {
	msg := fmt.Sprintf("field %s is declared here", f.Name())
	if tn := ck.owner[f.Var]; tn != nil {
		msg = fmt.Sprintf("field %s of %s is declared here", f.Name(), tn.Name())
	}
	return analysis.RelatedInformation{Pos: f.Var.Pos(), End: f.Var.Pos() + token.Pos(len(f.Name())), Message: msg}
}

// inside reports whether op is directly in fn (not in a nested
// literal) and within n.
func inside(op *fieldflow.Op, fn ast.Node, n ast.Node) bool {
	return op.Func == fn && n.Pos() <= op.Node.Pos() && op.Node.End() <= n.End()
}

// ignored reports a goroutine whose loop has no exit, blocks receiving
// from channel fields of a type T, while the package closes another
// channel field of T: the lifecycle means to stop the goroutine, and
// the loop ignores it.
func (ck *checker) ignored(rt routine, lfn *chanflow.Func, loop ast.Stmt) {
	var owner *types.TypeName
	var waits []*fieldflow.Op
	for _, f := range ck.fields.Fields {
		if f.Kind != fieldflow.Chan && f.Kind != fieldflow.Ticker {
			continue
		}
		for _, op := range f.Ops {
			switch op.Kind {
			case fieldflow.Recv, fieldflow.SelectRecv, fieldflow.RecvC, fieldflow.SelectRecvC, fieldflow.Range, fieldflow.RangeC:
			default:
				continue
			}
			if !inside(op, lfn.Node, loop) {
				continue
			}
			tn := ck.owner[f.Var]
			if tn == nil || owner != nil && owner != tn {
				return // fields of several types, or of an unnamed struct
			}
			owner = tn
			waits = append(waits, op)
		}
	}
	if owner == nil {
		return // the loop blocks on no field: not ours to judge
	}
	// A stop channel of the same type, closed somewhere.
	for _, f := range ck.fields.Fields {
		if f.Kind != fieldflow.Chan || ck.owner[f.Var] != owner || !f.Closed() {
			continue
		}
		var cl *fieldflow.Op
		for _, op := range f.OpsOf(fieldflow.Close) {
			if ck.isStopFunc(op.Func) && !lfn.Encloses(ck.flow.FuncOf(op.Func)) {
				cl = op
				break
			}
		}
		if cl == nil {
			continue // not closed to stop the object: a one-shot event such as "ready"
		}
		if slices.ContainsFunc(waits, func(op *fieldflow.Op) bool { return op.Field == f }) {
			continue // the loop receives from it, and ignores that too; but not this rule's shape
		}
		where := "the package"
		if fn := ck.funcName(cl.Func); fn != "" {
			where = fn
		}
		shape := "its loop has no exit"
		if rs, ok := loop.(*ast.RangeStmt); ok {
			shape = fmt.Sprintf("it ranges over %s, which nothing closes,", expr(rs.X))
		}
		d := analysis.Diagnostic{
			Pos:      rt.g.Stmt.Pos(),
			End:      rt.g.Stmt.Call.Fun.End(),
			Category: CategoryIgnored,
			Message: fmt.Sprintf("%s never returns: %s and does not select on %s, which %s closes (possible goroutine leak); add a case that returns on %s",
				rt.name, shape, expr(cl.Expr), where, expr(cl.Expr)),
			Related: []analysis.RelatedInformation{
				{Pos: cl.Node.Pos(), End: cl.Node.End(), Message: fmt.Sprintf("%s is closed here", expr(cl.Expr))},
				{Pos: waits[0].Node.Pos(), End: waits[0].Node.End(), Message: "the loop blocks here"},
			},
		}
		ck.report(d)
		return
	}
	// No stop channel: a ticker of the loop that the package stops from
	// outside the loop. Stop does not close C, so the loop waits forever.
	for _, w := range waits {
		if w.Field.Kind != fieldflow.Ticker {
			continue
		}
		for _, st := range w.Field.Calls("Stop") {
			if lfn.Encloses(ck.flow.FuncOf(st.Func)) {
				continue // the loop stops its own ticker
			}
			ck.report(analysis.Diagnostic{
				Pos:      rt.g.Stmt.Pos(),
				End:      rt.g.Stmt.Call.Fun.End(),
				Category: CategoryTicker,
				Message: fmt.Sprintf("%s never returns: its loop has no exit and waits on %s.C, which %s.Stop does not close (possible goroutine leak); select on a done channel closed next to the Stop",
					rt.name, expr(w.Expr), expr(w.Expr)),
				Related: []analysis.RelatedInformation{
					{Pos: st.Node.Pos(), End: st.Node.End(), Message: "the ticker is stopped here"},
					{Pos: w.Node.Pos(), End: w.Node.End(), Message: "the loop blocks here"},
				},
			})
			return
		}
	}
	if rs, ok := loop.(*ast.RangeStmt); ok {
		ck.rangeNeverClosed(rt, lfn, rs)
	}
}

// stopNames are the prefixes of the names of the methods that end an
// object's life.
var stopNames = []string{"close", "stop", "shutdown", "quit", "exit", "terminate", "cancel", "halt", "kill", "dispose", "destroy", "release", "teardown"}

// isStopFunc reports whether fn (a *ast.FuncDecl or *ast.FuncLit) is,
// or is nested in, a function or method whose name says it ends the
// life of an object: Close, Stop, Shutdown, ...
func (ck *checker) isStopFunc(fn ast.Node) bool {
	f := ck.flow.FuncOf(fn)
	for f != nil && f.Parent != nil {
		f = f.Parent
	}
	var name string
	switch {
	case f != nil && f.Obj != nil:
		name = f.Obj.Name()
	case fn != nil:
		if d, ok := fn.(*ast.FuncDecl); ok {
			name = d.Name.Name
		}
	}
	name = strings.ToLower(name)
	for _, p := range stopNames {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// funcName returns the name of the declared function or method
// containing n (a *ast.FuncDecl or *ast.FuncLit), or "".
func (ck *checker) funcName(n ast.Node) string {
	f := ck.flow.FuncOf(n)
	for f != nil && f.Parent != nil {
		f = f.Parent
	}
	if f == nil {
		if d, ok := n.(*ast.FuncDecl); ok {
			if obj, ok := ck.pass.TypesInfo.Defs[d.Name].(*types.Func); ok {
				return (&chanflow.Func{Obj: obj}).Name()
			}
		}
		return ""
	}
	return f.Name()
}

// deadRecvs reports the blocking receives from the dead field f: a
// plain receive, a range, or a select without default whose every case
// receives from a dead field, in a goroutine that a go statement of the
// package starts.
//
// A receive elsewhere (in an exported Wait method, say) is left alone:
// when the package is analysed without its tests, a channel that only
// the tests send on looks dead, and the method may be run only by them.
// A go statement in the code analysed shows the code runs.
func (ck *checker) deadRecvs(f *fieldflow.Field) {
	if !dead(f) {
		return
	}
	for _, op := range f.Ops {
		if ck.done[op.Node] || !ck.goroutineRuns(op.Func, 0) {
			continue // see deadRecvs
		}
		switch op.Kind {
		case fieldflow.Recv, fieldflow.Range:
		case fieldflow.SelectRecv:
			if op.Select == nil || !ck.allDead(op.Select) || op.Clause != op.Select.Body.List[0] {
				continue // another way out, or reported at the first case
			}
		default:
			continue
		}
		what := "receive from " + expr(op.Expr)
		if op.Kind == fieldflow.Range {
			what = "range over " + expr(op.Expr)
		} else if op.Kind == fieldflow.SelectRecv {
			what = "select"
		}
		ck.report(analysis.Diagnostic{
			Pos:      op.Node.Pos(),
			End:      op.Node.End(),
			Category: CategoryUnserviced,
			Message:  deadRecvMessage(what, op, ck.ownerName(f)),
			Related:  []analysis.RelatedInformation{ck.declared(f)},
		})
	}
}

// deadRecvMessage is the message of deadRecvs for the wait what on
// the dead field of op, declared by the type owner.
func deadRecvMessage(what string, op *fieldflow.Op, owner string) string {
	if _, ok := op.Expr.(*ast.CallExpr); ok {
		// A getter's call: name the field it returns.
		return fmt.Sprintf("%s blocks forever: it is the field %s of %s, which nothing in the package sends on or closes (possible goroutine leak)",
			what, op.Field.Name(), owner)
	}
	return fmt.Sprintf("%s blocks forever: nothing in the package sends on or closes %s (possible goroutine leak)",
		what, expr(op.Expr))
}

// deadSends reports the sends on the unbuffered field f, outside
// select, when nothing in the package receives from f and its value
// does not escape: no one can ever take the value.
//
// On a field whose buffer has a known capacity N, only the sends that
// can come after N others (see beyondBuffer) are reported: the one
// after the N-th blocks forever.
func (ck *checker) deadSends(f *fieldflow.Field) {
	n, known := bufferOf(f)
	if !f.Closed() || f.RecvOnly.IsValid() || !known ||
		len(f.OpsOf(fieldflow.Recv, fieldflow.SelectRecv, fieldflow.Range)) > 0 {
		return
	}
	for _, op := range f.OpsOf(fieldflow.Send) {
		if !ck.goroutineRuns(op.Func, 0) {
			continue // see deadRecvs
		}
		msg := fmt.Sprintf("send on %s blocks forever: %s is unbuffered and nothing in the package receives from it (possible goroutine leak)",
			expr(op.Expr), expr(op.Expr))
		if n > 0 {
			if !ck.beyondBuffer(op, n) {
				continue // the sends may fit in the buffer
			}
			msg = fmt.Sprintf("send on %s blocks forever once its buffer of %d is full: nothing in the package receives from %s, and this function sends on it more times than that (possible goroutine leak)",
				expr(op.Expr), n, expr(op.Expr))
		}
		ck.report(analysis.Diagnostic{
			Pos:      op.Node.Pos(),
			End:      op.Node.End(),
			Category: CategoryUnserviced,
			Message:  msg,
			Related:  []analysis.RelatedInformation{ck.declared(f)},
		})
	}
}

// inLifetimeFunc reports whether fn, the function of an operation, is
// an init function or a package-level initializer.
func (ck *checker) inLifetimeFunc(fn ast.Node) bool {
	f := ck.flow.FuncOf(fn)
	for f != nil && f.Parent != nil {
		f = f.Parent
	}
	if f == nil {
		return fn == nil
	}
	return f.Obj == nil || f.Obj.Name() == "init" && f.Obj.Signature().Recv() == nil
}

// allDead reports whether every case of sel receives from a dead
// field (no default, no other case).
func (ck *checker) allDead(sel *ast.SelectStmt) bool {
	for _, c := range sel.Body.List {
		op := ck.fields.ClauseOp(c.(*ast.CommClause))
		if op == nil || op.Kind != fieldflow.SelectRecv || !dead(op.Field) {
			return false
		}
	}
	return true
}

// tickerRange reports a range over the C of a ticker field that the
// package stops, when the loop has no exit: Stop does not close C, so
// the loop never ends.
func (ck *checker) tickerRange(f *fieldflow.Field) {
	stops := f.Calls("Stop")
	if len(stops) == 0 {
		return // never stopped: a ticker for the life of the process, not ours to judge
	}
	for _, op := range f.OpsOf(fieldflow.RangeC) {
		if ck.pass.Pkg.Name() == "main" && !ck.inGoroutine(op.Func) || !ck.perRequestFunc(op.Func) {
			continue // runs for the life of the process
		}
		rs := op.Node.(*ast.RangeStmt)
		if len(loopExits(ck.pass.TypesInfo, rs, "")) > 0 {
			continue
		}
		ck.report(analysis.Diagnostic{
			Pos:      rs.For,
			End:      rs.X.End(),
			Category: CategoryTicker,
			Message: fmt.Sprintf("range over %s.C never ends: %s.Stop does not close the channel, so this loop blocks forever once the ticker is stopped (possible goroutine leak); select on a done channel closed next to the Stop",
				expr(op.Expr), expr(op.Expr)),
			Related: []analysis.RelatedInformation{{Pos: stops[0].Node.Pos(), End: stops[0].Node.End(), Message: "the ticker is stopped here"}},
		})
	}
}

// waitGroup reports Wait on a WaitGroup field that is added to but
// never done.
func (ck *checker) waitGroup(f *fieldflow.Field) {
	if f.Escaped.IsValid() {
		return
	}
	adds, waits := f.Calls("Add"), f.Calls("Wait")
	if len(adds) == 0 || len(waits) == 0 || len(f.Calls("Done")) > 0 || len(f.Calls("Go")) > 0 {
		return
	}
	for _, a := range adds {
		call := a.Node.(*ast.CallExpr)
		if len(call.Args) != 1 {
			return
		}
		if n, ok := chanflow.ConstInt(ck.pass.TypesInfo, call.Args[0]); !ok || n <= 0 {
			return // Add(-1) is a Done; Add(n) with n unknown may be one
		}
	}
	w := waits[0]
	ck.report(analysis.Diagnostic{
		Pos:      w.Node.Pos(),
		End:      w.Node.End(),
		Category: CategoryWaitGroup,
		Message: fmt.Sprintf("%s.Wait blocks forever: %s.Add is called but nothing in the package calls %s.Done (possible goroutine leak)",
			expr(w.Expr), expr(w.Expr), expr(w.Expr)),
		Related: []analysis.RelatedInformation{{Pos: adds[0].Node.Pos(), End: adds[0].Node.End(), Message: "the count is added here"}},
	})
}

// isRootContext reports whether e is context.Background() or
// context.TODO().
func (ck *checker) isRootContext(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := typeutil.StaticCallee(ck.pass.TypesInfo, call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" && (fn.Name() == "Background" || fn.Name() == "TODO")
}

// waiter returns a receive from the Done channel of the context ctx
// (a context field, or a local variable of fn) in a goroutine, or nil.
func (ck *checker) waiter(ctx ast.Expr, fn ast.Node) ast.Node {
	info := ck.pass.TypesInfo
	switch ctx := ast.Unparen(ctx).(type) {
	case *ast.SelectorExpr:
		v, ok := info.Uses[ctx.Sel].(*types.Var)
		if !ok {
			return nil
		}
		cf := ck.fields.FieldOf(v)
		if cf == nil || cf.Kind != fieldflow.Context || cf.Foreign.IsValid() {
			return nil // assigned elsewhere from another context
		}
		for _, op := range cf.OpsOf(fieldflow.RecvC, fieldflow.SelectRecvC) {
			if ck.inGoroutine(op.Func) {
				return op.Node
			}
		}
	case *ast.Ident:
		v, ok := info.ObjectOf(ctx).(*types.Var)
		if !ok {
			return nil
		}
		f := ck.flow.FuncOf(fn)
		if f == nil {
			return nil
		}
		for _, g := range f.Gos {
			var body ast.Node
			target := v
			if g.Lit != nil {
				body = g.Lit.Body
			} else if g.Callee != nil {
				d := ck.flow.DeclOf(g.Callee)
				if d == nil {
					continue
				}
				target = nil
				for i, a := range g.Stmt.Call.Args {
					if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[id] == v && i < d.Obj.Signature().Params().Len() {
						target = d.Obj.Signature().Params().At(i)
					}
				}
				if target == nil {
					continue
				}
				body = d.Body
			}
			if n := doneRecv(info, body, target); n != nil {
				return n
			}
		}
	}
	return nil
}

// doneRecv returns a receive <-v.Done() in n, or nil.
func doneRecv(info *types.Info, n ast.Node, v *types.Var) ast.Node {
	var found ast.Node
	ast.Inspect(n, func(m ast.Node) bool {
		if found != nil {
			return false
		}
		u, ok := m.(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW {
			return true
		}
		call, ok := ast.Unparen(u.X).(*ast.CallExpr)
		if !ok || len(call.Args) != 0 {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Done" {
			return true
		}
		if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && info.Uses[id] == v {
			found = u
		}
		return true
	})
	return found
}

// maxCallDepth bounds the static calls goroutineRuns follows back.
const maxCallDepth = 3

// goroutineRuns reports whether fn (a *ast.FuncDecl or *ast.FuncLit)
// runs in a goroutine that a go statement of the package starts, per
// request (see perRequestFunc): fn is the function the go statement
// runs, or a declared function with a static call in such a function,
// up to maxCallDepth calls away. The go statement shows the code runs
// (see deadRecvs); the call chain, that the goroutine reaches fn. The
// references are looked up only for an operation about to be reported.
func (ck *checker) goroutineRuns(fn ast.Node, depth int) bool {
	if ck.inGoroutine(fn) && ck.perRequestFunc(fn) {
		return true
	}
	fd, ok := fn.(*ast.FuncDecl)
	if !ok || depth == maxCallDepth {
		return false
	}
	obj, ok := ck.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if !ok {
		return false
	}
	m := ck.model()
	for _, id := range m.refsOf(obj) {
		if !m.calledAt(id) {
			continue
		}
		for _, n := range m.path(id) {
			if _, ok := n.(*ast.FuncLit); ok {
				if ck.goroutineRuns(n, depth+1) {
					return true
				}
				break
			}
			if _, ok := n.(*ast.FuncDecl); ok {
				if n != fn && ck.goroutineRuns(n, depth+1) {
					return true
				}
				break
			}
		}
	}
	return false
}

// inGoroutine reports whether fn (a *ast.FuncDecl or *ast.FuncLit) is
// run by a go statement of the package, directly.
func (ck *checker) inGoroutine(fn ast.Node) bool {
	f := ck.flow.FuncOf(fn)
	if f == nil {
		return false
	}
	if f.Go != nil || ck.loopFuncs()[f] {
		return true
	}
	if ck.started == nil {
		ck.started = make(map[*chanflow.Func]bool)
		for _, g := range ck.flow.Gos {
			if g.Callee != nil {
				if d := ck.flow.DeclOf(g.Callee); d != nil {
					ck.started[d] = true
				}
			}
		}
	}
	return ck.started[f]
}

// A stop is how a receiving loop can return on another signal.
type stop struct {
	exit   ast.Node      // the exit of the loop
	signal *fieldflow.Op // the receive of the signal whose case encloses the exit
	sent   bool          // the signal is a value sent on the field, not a close
}

// exited reports the sends on the unbuffered field f whose every
// receiver is the loop of a goroutine that can return on another
// signal: once the loop has returned, a send that does not select on
// that signal blocks forever.
//
// On a field whose buffer has a known capacity N, only the sends that
// can come after N others (see beyondBuffer) are reported: once the
// receiving loop is gone, the buffer fills and the next send blocks.
func (ck *checker) exited(f *fieldflow.Field) {
	n, known := bufferOf(f)
	if !f.Closed() || f.RecvOnly.IsValid() || !known {
		return
	}
	recvs := f.OpsOf(fieldflow.Recv, fieldflow.SelectRecv, fieldflow.Range)
	if len(recvs) == 0 {
		return
	}
	var stops []stop
	recvFuncs := make(map[ast.Node]bool)
	for _, op := range recvs {
		s, ok := ck.loopStop(op)
		if !ok {
			return // a receiver that does not stop on another signal
		}
		stops = append(stops, s)
		recvFuncs[op.Func] = true
	}
	sig := stops[0].signal
	sent := stops[0].sent
	for _, s := range stops[1:] {
		if s.signal.Field != sig.Field {
			return // loops that stop on different signals: keep it simple
		}
	}
	for _, op := range f.OpsOf(fieldflow.Send) {
		if recvFuncs[op.Func] || ck.done[op.Node] {
			continue // the loop sends to itself
		}
		if slices.ContainsFunc(sig.Field.Ops, func(o *fieldflow.Op) bool {
			return o.Func == op.Func && (o.Kind == fieldflow.Close || o.Kind == fieldflow.Call || o.Kind == fieldflow.Send || o.Kind == fieldflow.SelectSend)
		}) {
			continue // the sender fires the signal itself: it orders the send before it
		}
		buffer := ""
		if n > 0 {
			if !ck.beyondBuffer(op, n) {
				continue // the sends may fit in the buffer
			}
			buffer = fmt.Sprintf(", and this function can send on it more times than its buffer of %d holds", n)
		}
		d := analysis.Diagnostic{
			Pos:      op.Node.Pos(),
			End:      op.Node.End(),
			Category: CategoryExited,
			Message: fmt.Sprintf("send on %s may block forever: its only receiver, the loop of the %s, returns on %s%s (possible goroutine leak); select on %s here as well",
				expr(op.Expr), ck.loopName(stops[0]), signalText(sig), buffer, signalText(sig)),
			Related: []analysis.RelatedInformation{
				{Pos: stops[0].exit.Pos(), End: stops[0].exit.End(), Message: "the receiving loop exits here"},
				ck.declared(f),
			},
		}
		if sent {
			// Selecting on a channel that carries one stop value would
			// take it from the loop: the signal must become a close.
			d.Message = fmt.Sprintf("send on %s may block forever: its only receiver, the loop of the %s, returns once it receives a value sent on %s%s (possible goroutine leak); close %s instead of sending on it, and select on it here as well",
				expr(op.Expr), ck.loopName(stops[0]), signalText(sig), buffer, signalText(sig))
			if sends := sig.Field.OpsOf(fieldflow.Send, fieldflow.SelectSend); len(sends) > 0 {
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: sends[0].Node.Pos(), End: sends[0].Node.End(), Message: fmt.Sprintf("the stop value is sent on %s here", expr(sends[0].Expr))})
			}
			ck.report(d)
			continue
		}
		if closes := sig.Field.OpsOf(fieldflow.Close); len(closes) > 0 {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: closes[0].Node.Pos(), End: closes[0].Node.End(), Message: fmt.Sprintf("%s is closed here", expr(closes[0].Expr))})
		}
		if fix, ok := ck.selectFix(op, sig); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		ck.report(d)
	}
}

// signalText renders the signal a loop stops on: "s.quit" or
// "s.ctx.Done()".
//
// When the loop receives through a local variable that is the field
// (done := c.close), the field is named as the package names it.
func signalText(op *fieldflow.Op) string {
	if op.Field.Kind == fieldflow.Context {
		return expr(op.Expr) + ".Done()"
	}
	if _, ok := op.Expr.(*ast.Ident); ok {
		for _, o := range op.Field.Ops {
			if _, ok := o.Expr.(*ast.SelectorExpr); ok {
				return expr(o.Expr)
			}
		}
	}
	return expr(op.Expr)
}

// loopName names the goroutine of the loop that s stops.
func (ck *checker) loopName(s stop) string {
	name := "goroutine"
	if n := ck.funcName(s.signal.Func); n != "" {
		f := ck.flow.FuncOf(s.signal.Func)
		if f != nil && f.Obj != nil {
			name = "goroutine running " + n
		} else {
			name = "goroutine started in " + n
		}
	}
	return name
}

// loopStop reports whether the receive op is in the loop of a goroutine
// (see mainLoop) that can return on another signal: an exit of the loop
// inside a case that receives from a channel field the package closes,
// or from a context field's Done channel.
func (ck *checker) loopStop(op *fieldflow.Op) (stop, bool) {
	fn := ck.flow.FuncOf(op.Func)
	if op.Kind != fieldflow.SelectRecv || fn == nil || !ck.loopFuncs()[fn] {
		return stop{}, false
	}
	loop, label := ck.mainLoop(fn.Body)
	if loop == nil || !inside(op, fn.Node, loopBody(loop)) {
		return stop{}, false
	}
	for _, e := range loopExits(ck.pass.TypesInfo, loop, label) {
		// The clause nearest the exit that receives is what makes the
		// loop leave: when it is the field itself (a stop value sent
		// on the field the send is on, polled after a receive from
		// another field), the loop is gone only once a value of the
		// field was received, not on another signal.
	clauses:
		for i := len(e.clauses) - 1; i >= 0; i-- {
			sig := ck.fields.ClauseOp(e.clauses[i])
			if sig == nil {
				continue
			}
			if sig.Field == op.Field {
				break clauses
			}
			switch {
			case sig.Kind == fieldflow.SelectRecv && sig.Field.Closed() && len(sig.Field.OpsOf(fieldflow.Close)) > 0,
				sig.Kind == fieldflow.SelectRecvC && sig.Field.Kind == fieldflow.Context:
				return stop{exit: e.node, signal: sig}, true
			case sig.Kind == fieldflow.SelectRecv && sig.Field.Closed() && len(sig.Field.OpsOf(fieldflow.Send, fieldflow.SelectSend)) > 0:
				// A stop value sent on the field (n.stop <- struct{}{}):
				// the loop returns once it receives one.
				return stop{exit: e.node, signal: sig, sent: true}, true
			}
		}
	}
	return stop{}, false
}
