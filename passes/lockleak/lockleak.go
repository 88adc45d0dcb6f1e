package lockleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/analysisdoc"
	"github.com/leakvet/leakvet/passes/internal/astindex"
	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
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
		Name:     "lockleak",
		Doc:      analysisdoc.Extract(doc, "lockleak"),
		URL:      "https://pkg.go.dev/github.com/leakvet/leakvet/passes/lockleak",
		Requires: []*analysis.Analyzer{lockset.Analyzer, scope.Analyzer},
		Run:      c.run,
	}
	a.Flags.BoolVar(&c.IgnoreTests, "ignore-tests", c.IgnoreTests, "skip _test.go files")
	return a
}

// Categories of the diagnostics.
const (
	catUnlock = "unlock"
	catRelock = "relock"
	catOrder  = "order"
	catWait   = "wait"
	catCond   = "cond"
)

// run reports, from the lock-set model of the package (lockset):
//
//   - missing unlocks: a return (or the end of the body) that a
//     function reaches holding a mutex that it locked, while another
//     of its returns is reached with the mutex unlocked; and the path
//     to the next iteration of a loop (a continue, the end of the body)
//     that holds a mutex which the loop body locks unconditionally,
//     while another such path has unlocked it;
//   - re-locks: a lock of a mutex, directly or through a call of a
//     function of the package (or with a fact) that locks the same
//     mutex of the same receiver or argument, on a point where every
//     path already holds it;
//   - lock-order inversions: two lock classes A and B (a field of a
//     named type, or a package-level mutex) with B locked while A is
//     held somewhere and A locked while B is held somewhere else, in
//     modes that exclude each other.
//
// Only certain states count: a point where some paths hold the mutex
// and others do not (a conditional lock) is never reported.
func (c *Config) run(pass *analysis.Pass) (any, error) {
	model := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	r := report.New(pass, "lockleak")
	defer r.Finish()
	if c.IgnoreTests {
		r.SkipTests()
	}
	ck := &checker{pass: pass, model: model, r: r, ignoreTests: c.IgnoreTests}
	for _, f := range model.Funcs {
		if f.Skipped {
			continue
		}
		if c.IgnoreTests && report.IsTestFile(pass, f.Node.Pos()) {
			continue
		}
		ck.missingUnlock(f)
		ck.loopUnlock(f)
		ck.relock(f)
	}
	ck.order()
	ck.strandedHolds()
	ck.heldWaits()
	ck.condWaits()
	ck.condLoops()
	return nil, nil
}

type checker struct {
	pass        *analysis.Pass
	model       *lockset.Result
	r           *report.Reporter
	ignoreTests bool

	sites       map[*types.Func]*sites           // see callSites
	callerWaits map[*lockset.Func]bool           // see everyCallerWaits
	signalMemo  map[*types.Var]bool              // see signalsLocked
	goroutines  map[ast.Node]goroutineSet        // see goroutineOf
	lits        map[*ast.FuncLit]astindex.Cursor // see litCursor
}

// locks returns the locks of f that the rules consider, by name.
func locks(f *lockset.Func) []*lockset.Lock {
	var out []*lockset.Lock
	for _, l := range f.Locks {
		if l.Escapes || l.Try {
			continue // outside the model
		}
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Key.Path < out[j].Key.Path
	})
	return out
}

// isLockedName reports whether the function's name says it runs with a
// lock held ("...Locked", "...locked").
func isLockedName(f *lockset.Func) bool {
	if f.Obj == nil {
		return false
	}
	n := f.Obj.Name()
	return strings.HasSuffix(n, "Locked") || strings.HasSuffix(n, "locked")
}

// missingUnlock reports a return that holds a mutex which other returns
// of the function have released.
func (ck *checker) missingUnlock(f *lockset.Func) {
	if isLockedName(f) {
		return // runs with the lock held, by convention
	}
	for _, l := range locks(f) {
		if len(l.Unlocks) == 0 && !l.Deferred {
			continue // never released here: a lock helper
		}
		if declaredIn(f, l) {
			continue // a mutex of the function's own: nobody locks it after the return
		}
		k := l.Key
		if f.HandedIn(k) {
			// The function runs with the mutex held by its caller (it
			// unlocks it on a path that did not lock it): a path that
			// never touches it returns holding it as surely as one that
			// releases it and locks it again; holding is the state every
			// path must give back.
			continue
		}
		var held, free []*lockset.Point
		for _, e := range f.Exits {
			switch m := e.Held[k]; {
			case e.Deferred[k]:
				free = append(free, e)
			case m.Held():
				if e.At[k].IsValid() {
					held = append(held, e)
				}
			case m == 0 || m == lockset.Free:
				free = append(free, e)
			}
		}
		if len(held) == 0 || len(free) == 0 {
			continue
		}
		if ck.conditionalHelper(f, held, free) {
			continue
		}
		e := held[0]
		mode := e.Held[k]
		unlock := "Unlock"
		if mode == lockset.Read {
			unlock = "RUnlock"
		}
		where := "returns"
		if e.Ret == nil {
			where = "reaches the end of " + f.Name
		}
		d := analysis.Diagnostic{
			Pos:      e.Pos,
			End:      e.End,
			Category: catUnlock,
			Message: fmt.Sprintf("%s is still locked when this path %s, while other paths unlock it (the next %s.Lock blocks forever): call %s.%s() first",
				l.Name, where, l.Name, l.Name, unlock),
			Related: []analysis.RelatedInformation{{Pos: e.At[k], Message: l.Name + " is locked here"}},
		}
		if len(l.Unlocks) > 0 {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: l.Unlocks[0], Message: "other paths unlock it here"})
		}
		if len(held) == 1 && !l.Deferred && len(l.Unlocks) > 0 && (mode == lockset.Write || mode == lockset.Read) {
			if fix, ok := ck.unlockFix(f, l, e, unlock); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		}
		ck.r.Report(d)
	}
}

// conditionalHelper reports whether the function looks like a lock
// helper that locks only on success: it has a bool or error result,
// every path that keeps the mutex returns success for it (true, nil),
// and every path that releases it returns something else.
func (ck *checker) conditionalHelper(f *lockset.Func, held, free []*lockset.Point) bool {
	if f.Obj == nil {
		if lit, ok := f.Node.(*ast.FuncLit); ok {
			return hasFlagResult(ck.pass.TypesInfo.TypeOf(lit).(*types.Signature))
		}
		return false
	}
	sig := f.Obj.Signature()
	if !hasFlagResult(sig) {
		return false
	}
	if !f.Obj.Exported() && ck.resultsDiscarded(f.Obj) {
		return false // no caller can tell whether it holds the lock: not a helper
	}
	for i := range sig.Results().Len() {
		t := sig.Results().At(i).Type()
		if !isFlag(t) {
			continue
		}
		ok := true
		for _, e := range held {
			if e.Ret == nil || len(e.Ret.Results) == 0 {
				return true // a bare return of named results: cannot tell
			}
			if len(e.Ret.Results) != sig.Results().Len() || !ck.isSuccess(e.Ret.Results[i]) {
				ok = false
			}
		}
		for _, e := range free {
			if e.Ret != nil && len(e.Ret.Results) == sig.Results().Len() && ck.isSuccess(e.Ret.Results[i]) {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// resultsDiscarded reports whether fn, a function of the package, is
// called and every use of it is a call whose results are dropped: a
// statement (also go and defer), or an assignment to blank identifiers
// only. A helper that locks only on success needs its callers to look
// at the result; when none does, the lock it keeps on the success path
// is kept for no one. Any other use (a function value, a method value,
// a call whose result is used) answers false.
func (ck *checker) resultsDiscarded(fn *types.Func) bool {
	uses := 0
	for _, obj := range ck.pass.TypesInfo.Uses {
		if obj == fn {
			uses++
		}
	}
	calls := 0
	sc := ck.pass.ResultOf[scope.Analyzer].(*scope.Result)
	discarded := true
	sc.EachNode([]ast.Node{(*ast.CallExpr)(nil)}, func(n, parent ast.Node) {
		call := n.(*ast.CallExpr)
		var id *ast.Ident
		switch fun := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			id = fun
		case *ast.SelectorExpr:
			id = fun.Sel
		}
		if id == nil || ck.pass.TypesInfo.Uses[id] != fn {
			return
		}
		calls++
		switch p := parent.(type) {
		case *ast.ExprStmt, *ast.GoStmt, *ast.DeferStmt:
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
					discarded = false
				}
			}
		default:
			discarded = false
		}
	})
	if !discarded {
		return false
	}
	return calls > 0 && calls == uses
}

func hasFlagResult(sig *types.Signature) bool {
	for i := range sig.Results().Len() {
		if isFlag(sig.Results().At(i).Type()) {
			return true
		}
	}
	return false
}

// isFlag reports whether t is bool or error.
func isFlag(t types.Type) bool {
	if b, ok := t.Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
		return true
	}
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// isSuccess reports whether e is the literal nil or true.
func (ck *checker) isSuccess(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	switch obj := ck.pass.TypesInfo.Uses[id].(type) {
	case *types.Nil:
		return true
	case *types.Const:
		return obj.Name() == "true" && obj.Parent() == types.Universe
	}
	return false
}

// unlockFix inserts "l.Unlock()" before the return e, when that cannot
// change what the return evaluates: its results are constants or local
// variables, and the mutex's variable is the same one in scope there.
func (ck *checker) unlockFix(f *lockset.Func, l *lockset.Lock, e *lockset.Point, unlock string) (analysis.SuggestedFix, bool) {
	if e.Ret == nil || l.Key.Root == nil {
		return analysis.SuggestedFix{}, false
	}
	for _, res := range e.Ret.Results {
		if !ck.pure(res) {
			return analysis.SuggestedFix{}, false
		}
	}
	// The name must denote the same variable at the return.
	rootName := strings.SplitN(strings.TrimLeft(l.Name, "(*&"), ".", 2)[0]
	if rootName != l.Key.Root.Name() {
		return analysis.SuggestedFix{}, false
	}
	sc := ck.pass.Pkg.Scope().Innermost(e.Ret.Pos())
	if sc == nil {
		return analysis.SuggestedFix{}, false
	}
	if _, obj := sc.LookupParent(rootName, e.Ret.Pos()); obj != l.Key.Root {
		return analysis.SuggestedFix{}, false
	}
	indent := ck.lineIndent(e.Ret.Pos())
	if indent == "" {
		return analysis.SuggestedFix{}, false // not at the start of its line
	}
	text := fmt.Sprintf("%s.%s()\n%s", l.Name, unlock, indent)
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Call %s.%s() before returning", l.Name, unlock),
		TextEdits: []analysis.TextEdit{{Pos: e.Ret.Pos(), End: e.Ret.Pos(), NewText: []byte(text)}},
	}, true
}

// pure reports whether e is a constant, nil, or a local variable: an
// expression whose value does not depend on what the mutex guards.
func (ck *checker) pure(e ast.Expr) bool {
	e = ast.Unparen(e)
	if tv, ok := ck.pass.TypesInfo.Types[e]; ok && (tv.Value != nil || tv.IsNil()) {
		return true
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := ck.pass.TypesInfo.Uses[id].(*types.Var)
	return ok && !v.IsField() && v.Parent() != ck.pass.Pkg.Scope() && v.Parent() != nil
}

// lineIndent returns the whitespace before pos on its line, or "" if
// something else precedes pos there.
func (ck *checker) lineIndent(pos token.Pos) string {
	tf := ck.pass.Fset.File(pos)
	if tf == nil {
		return ""
	}
	content, err := ck.pass.ReadFile(tf.Name())
	if err != nil {
		return ""
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	off := tf.Offset(pos)
	if off > len(content) {
		return ""
	}
	for i := start; i < off; i++ {
		if content[i] != ' ' && content[i] != '\t' {
			return ""
		}
	}
	return string(content[start:off])
}

// loopUnlock reports a path to the next iteration of a loop that holds
// a mutex locked unconditionally at the top level of the loop body,
// while another such path has released it.
func (ck *checker) loopUnlock(f *lockset.Func) {
	byLoop := make(map[ast.Stmt][]*lockset.Point)
	var loops []ast.Stmt
	for _, p := range f.Iters {
		if byLoop[p.Loop] == nil {
			loops = append(loops, p.Loop)
		}
		byLoop[p.Loop] = append(byLoop[p.Loop], p)
	}
	for _, loop := range loops {
		body := loopBody(loop)
		for _, l := range locks(f) {
			a := unconditionalLock(f, l, body)
			if a == nil {
				continue // the loop body does not lock it on every iteration
			}
			if a.Before.Held() || a.Before&(lockset.Write|lockset.Read) == 0 {
				continue // held before the loop (a re-lock), or unlocked before the lock on every path
			}
			if ck.assignedIn(loop, l.Key.Root) {
				continue // another mutex on each iteration
			}
			if a.Mode == lockset.Read && (declaredIn(f, l) || l.Class == "" || !ck.writeLocked(l)) {
				continue // read locks pile up: no writer can come in between
			}
			site := a.Call
			var held, free []*lockset.Point
			for _, p := range byLoop[loop] {
				switch m := p.Held[l.Key]; {
				case m.Held():
					held = append(held, p)
				case m == 0 || m == lockset.Free:
					free = append(free, p)
				}
			}
			if len(held) > 0 && len(free) == 0 {
				// No path releases it before the next iteration.
				ck.r.Report(analysis.Diagnostic{
					Pos:      site.Pos(),
					End:      site.End(),
					Category: catRelock,
					Message:  fmt.Sprintf("%s is locked again while this path already holds it: the loop never unlocks it before the next iteration (sync mutexes are not reentrant: this blocks forever)", l.Name),
					Related:  []analysis.RelatedInformation{{Pos: held[0].Pos, End: held[0].End, Message: "the next iteration starts here with " + l.Name + " held"}},
				})
				continue
			}
			if len(held) == 0 || len(free) == 0 {
				continue
			}
			p := held[0]
			where := "at this continue"
			if p.Cont == nil {
				where = "at the end of the loop body"
			}
			ck.r.Report(analysis.Diagnostic{
				Pos:      p.Pos,
				End:      p.End,
				Category: catUnlock,
				Message: fmt.Sprintf("%s is still locked %s, while other paths of the loop unlock it (the next iteration's %s.Lock blocks forever): unlock it on this path too",
					l.Name, where, l.Name),
				Related: []analysis.RelatedInformation{{Pos: site.Pos(), End: site.End(), Message: l.Name + " is locked here on every iteration"}},
			})
		}
	}
}

// assignedIn reports whether the variable v is defined or assigned in
// the loop: each iteration may then lock another mutex.
func (ck *checker) assignedIn(loop ast.Stmt, v types.Object) bool {
	if v == nil {
		return false
	}
	if loop.Pos() <= v.Pos() && v.Pos() < loop.End() {
		return true
	}
	found := false
	ast.Inspect(loop, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && ck.pass.TypesInfo.ObjectOf(id) == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func loopBody(s ast.Stmt) *ast.BlockStmt {
	switch s := s.(type) {
	case *ast.ForStmt:
		return s.Body
	case *ast.RangeStmt:
		return s.Body
	}
	return nil
}

// unconditionalLock returns the acquisition of l by a direct lock call
// that is a statement of the top level of body, or nil.
func unconditionalLock(f *lockset.Func, l *lockset.Lock, body *ast.BlockStmt) *lockset.Acquire {
	if body == nil {
		return nil
	}
	for _, a := range f.Acquires {
		if a.Lock != l || a.Via != nil || a.Released {
			continue
		}
		for _, s := range body.List {
			if es, ok := s.(*ast.ExprStmt); ok && ast.Unparen(es.X) == a.Call {
				return a
			}
		}
	}
	return nil
}

// relock reports an acquisition of a mutex that every path already
// holds.
func (ck *checker) relock(f *lockset.Func) {
	for _, a := range f.Acquires {
		l := a.Lock
		if l.Escapes || l.Try || !a.Before.Held() || !a.BeforeAt.IsValid() {
			continue
		}
		readRead := a.Mode == lockset.Read && a.Before == lockset.Read
		if readRead && (declaredIn(f, l) || l.Class == "" || !ck.writeLocked(l)) {
			continue // a local mutex, or one nothing write-locks: no writer can come in between
		}
		consequence := "sync mutexes are not reentrant: this blocks forever"
		if readRead {
			consequence = "a writer waiting in Lock blocks the second RLock: possible deadlock"
		}
		verb := "locked"
		if a.Mode == lockset.Read {
			verb = "read-locked"
		}
		callVerb := "locks"
		if a.Mode == lockset.Read {
			callVerb = "read-locks"
		}
		d := analysis.Diagnostic{
			Pos:      a.Call.Pos(),
			End:      a.Call.End(),
			Category: catRelock,
			Related:  []analysis.RelatedInformation{{Pos: a.BeforeAt, Message: l.Name + " is first locked here"}},
		}
		if a.Via == nil {
			d.Message = fmt.Sprintf("%s is %s again while this path already holds it (%s)", l.Name, verb, consequence)
		} else {
			d.Message = fmt.Sprintf("%s is held while calling %s, which %s it again (%s)", l.Name, chain(a.Via), callVerb, consequence)
			if a.Site.IsValid() {
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: a.Site, Message: fmt.Sprintf("%s locks %s here", funcName(a.Via[len(a.Via)-1]), l.Name)})
			}
		}
		ck.r.Report(d)
	}
}

// declaredIn reports whether the mutex of l belongs to the call of f
// alone: its variable is declared in the body of f, or it is a
// parameter or receiver passed by value (a copy) that holds the mutex
// without a pointer on the way.
func declaredIn(f *lockset.Func, l *lockset.Lock) bool {
	r := l.Key.Root
	if r == nil {
		return false
	}
	if f.Body.Pos() <= r.Pos() && r.Pos() < f.Body.End() {
		return true
	}
	v, ok := r.(*types.Var)
	if !ok || v.Parent() == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
		return false // a package-level variable
	}
	if lit, ok := f.Node.(*ast.FuncLit); ok && (r.Pos() < lit.Pos() || r.Pos() >= lit.End()) {
		return false // captured from the enclosing function
	}
	// A parameter or receiver: a copy unless a pointer leads to the mutex.
	t := v.Type()
	if l.Key.Path == "" {
		return !isPointer(t)
	}
	for _, name := range strings.Split(l.Key.Path, ".") {
		if isPointer(t) {
			return false
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return false
		}
		var next types.Type
		for i := range st.NumFields() {
			if st.Field(i).Name() == name {
				next = st.Field(i).Type()
			}
		}
		if next == nil {
			return false
		}
		t = next
	}
	return !isPointer(t)
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok || types.IsInterface(t)
}

// writeLocked reports whether the class of l is write-locked anywhere
// in the package.
func (ck *checker) writeLocked(l *lockset.Lock) bool {
	for _, f := range ck.model.Funcs {
		for _, a := range f.Acquires {
			if a.Mode != lockset.Write {
				continue
			}
			if a.Lock.Class == l.Class {
				return true
			}
		}
	}
	return false
}

// chain renders a chain of calls: "s.get (through s.load)".
func chain(via []*types.Func) string {
	s := funcName(via[0])
	if len(via) > 1 {
		var rest []string
		for _, fn := range via[1:] {
			rest = append(rest, funcName(fn))
		}
		s += " (through " + strings.Join(rest, ", ") + ")"
	}
	return s
}

// funcName renders fn as "T.m" or "f".
func funcName(fn *types.Func) string {
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}
