package fieldleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"github.com/leakvet/leakvet/passes/internal/fieldflow"
	"golang.org/x/tools/go/analysis"
)

// CategoryRange is the category of a goroutine ranging over a channel
// field that nothing in the package closes, while the field's type has
// a method that ends its life (rangeleak's rule, for fields).
const CategoryRange = "range"

// endNames are the names (lower case) of the methods that end the life
// of an object, for the range rule: stricter than stopNames, whose
// prefixes also match closeIdle or releaseBuf.
var endNames = []string{"close", "stop", "shutdown", "quit", "terminate", "halt", "kill", "dispose", "destroy", "teardown"}

// endMethod returns a method declared on the named type tn whose name
// says it ends the object's life (Close, Stop, Shutdown, ...), or nil.
func endMethod(tn *types.TypeName) *types.Func {
	named, ok := types.Unalias(tn.Type()).(*types.Named)
	if !ok {
		return nil
	}
	for i := range named.NumMethods() {
		m := named.Method(i)
		for _, n := range endNames {
			if strings.ToLower(m.Name()) == n {
				return m
			}
		}
	}
	return nil
}

// embedderEnd returns the end method (see endMethod) of a named struct
// type of the package that embeds tn (as tn or *tn), and that type: the
// embedded object lives and ends with it. It returns nil when no such
// type has an end method.
func (ck *checker) embedderEnd(tn *types.TypeName) (*types.Func, *types.TypeName) {
	sc := ck.pass.Pkg.Scope()
	for _, name := range sc.Names() {
		outer, ok := sc.Lookup(name).(*types.TypeName)
		if !ok || outer.IsAlias() || outer == tn {
			continue
		}
		st, ok := outer.Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			fv := st.Field(i)
			if !fv.Embedded() {
				continue
			}
			t := types.Unalias(fv.Type())
			if p, ok := t.(*types.Pointer); ok {
				t = types.Unalias(p.Elem())
			}
			if n, ok := t.(*types.Named); ok && n.Obj() == tn {
				if m := endMethod(outer); m != nil {
					return m, outer
				}
			}
		}
	}
	return nil, nil
}

// rangeNeverClosed reports the goroutine rt whose loop is the range rs
// over a channel field f that nothing in the package closes (mainLoop
// only returns such ranges), with no exit, when f's type has a method
// that ends its life (Close, Stop, ...), or a type of the package that
// embeds it has one, and closes no channel field the loop could have
// watched (ignored's shape). rangeleak's rule, for a
// field: the channel is in the closed world, so no code anywhere ever
// closes it, and the loop, which ends only when it is closed, outlives
// the object.
//
//	type Pool struct{ jobs chan Job }
//	func New() *Pool { p := &Pool{jobs: make(chan Job)}; go p.work(); return p }
//	func (p *Pool) work() { for j := range p.jobs { ... } }
//	func (p *Pool) Close() error { ... } // does not close p.jobs
//
// When the end method waits on a WaitGroup field that the goroutine
// calls Done on (waitclose's "wait for the producers" shape), the
// method never returns either; the message says so.
func (ck *checker) rangeNeverClosed(rt routine, lfn *chanflow.Func, rs *ast.RangeStmt) {
	f := ck.rangedField(rs)
	if f == nil || !f.Closed() || len(f.OpsOf(fieldflow.Close)) > 0 {
		return
	}
	tn := ck.owner[f.Var]
	if tn == nil {
		return // a field of an unnamed struct: no lifecycle
	}
	end, endType := endMethod(tn), tn
	if end == nil {
		end, endType = ck.embedderEnd(tn)
	}
	var endDecl *chanflow.Func
	if end != nil {
		endDecl = ck.flow.DeclOf(end)
		if endDecl == nil || lfn == endDecl || rt.fn == endDecl {
			end, endDecl = nil, nil
		}
	}
	w := ck.waitsFor(endDecl, rt, lfn, rs)
	if end == nil && w == nil {
		return // no end to the object's life, no one waits: a daemon, not ours to judge
	}
	var op *fieldflow.Op
	for _, o := range f.OpsOf(fieldflow.Range) {
		if o.Node == ast.Node(rs) {
			op = o
		}
	}
	if op == nil {
		return
	}
	ch := signalText(op)
	d := analysis.Diagnostic{
		Pos:      rt.g.Stmt.Pos(),
		End:      rt.g.Stmt.Call.Fun.End(),
		Category: CategoryRange,
		Related: []analysis.RelatedInformation{
			{Pos: rs.For, End: rs.X.End(), Message: fmt.Sprintf("the loop ends only when %s is closed", ch)},
		},
	}
	if end != nil {
		endName := endType.Name() + "." + end.Name()
		d.Message = fmt.Sprintf("%s never returns: it ranges over %s, which nothing in the package closes, so it outlives %s (possible goroutine leak); close %s once the last value is sent",
			rt.name, ch, endName, ch)
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: end.Pos(), End: end.Pos() + token.Pos(len(end.Name())), Message: fmt.Sprintf("%s does not close it", endName)})
	}
	if w != nil {
		waiter := ck.funcName(w.Func)
		if waiter == "" {
			waiter = "the waiter"
		}
		d.Message = fmt.Sprintf("%s never returns: it ranges over %s, which nothing in the package closes, and %s waits for it on %s, so %s never returns either (possible goroutine leak); close %s before the Wait",
			rt.name, ch, waiter, expr(w.Expr), waiter, ch)
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: w.Node.Pos(), End: w.Node.End(), Message: fmt.Sprintf("%s waits here forever", waiter)})
	}
	d.Related = append(d.Related, ck.declared(f))
	ck.report(d)
}

// waitsFor returns a Wait on a WaitGroup field that the goroutine rt
// (or its loop function) defers Done on, outside the loop: one in the
// end method endDecl if there is one, else the first elsewhere (not in
// the goroutine itself), or nil. The Wait returns only once this
// goroutine has, which it never does.
func (ck *checker) waitsFor(endDecl *chanflow.Func, rt routine, lfn *chanflow.Func, loop ast.Stmt) *fieldflow.Op {
	var found *fieldflow.Op
	for _, wg := range ck.fields.Fields {
		if wg.Kind != fieldflow.WaitGroup || wg.Escaped.IsValid() {
			continue
		}
		done := false
		for _, d := range wg.Calls("Done") {
			// A deferred Done outside the loop counts the goroutine; a
			// Done in the loop body may count the values.
			if fn := ck.flow.FuncOf(d.Func); d.Defer && (fn == rt.fn || fn == lfn && !inside(d, lfn.Node, loop)) {
				done = true
			}
		}
		if !done {
			continue
		}
		for _, w := range wg.Calls("Wait") {
			fn := ck.flow.FuncOf(w.Func)
			if fn == nil || rt.fn.Encloses(fn) || lfn.Encloses(fn) {
				continue
			}
			if endDecl != nil && fn == endDecl {
				return w
			}
			if found == nil {
				found = w
			}
		}
	}
	return found
}
