package lockleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
)

// strandedHolds reports a lock helper whose hold nobody can release: a
// function that returns holding a mutex M on every path (its callers
// are meant to unlock it), where M is a mutex that only the package can
// reach (an unexported, non-embedded field of a struct type of the
// package, or an unexported package-level variable, used only through
// its lock methods), and every unlock of M in the package releases the
// hold of its own function's lock call (no unlock helper, no caller
// that unlocks after calling a lock helper, no deferred unlock of a
// hold taken elsewhere). The hold the helper leaves is then never
// released, and any other lock of M that conflicts with it (a Lock
// after a read hold) blocks forever once a call has returned.
//
// The report is made at the first return of the function whose own
// lock call is held at every exit (the origin of a chain of helpers),
// with the blocking lock as a related position.
func (ck *checker) strandedHolds() {
	cache := make(map[*types.Var]*mutexUses)
	for _, f := range ck.model.Funcs {
		if f.Skipped || f.Obj == nil || isLockedName(f) || len(f.Exits) == 0 {
			continue
		}
		if ck.ignoreTests && report.IsTestFile(ck.pass, f.Node.Pos()) {
			continue
		}
		for _, l := range locks(f) {
			if l.Class == "" || declaredIn(f, l) {
				continue
			}
			k := l.Key
			read := false
			own := true
			for _, e := range f.Exits {
				if !e.Held[k].Held() || e.Deferred[k] {
					own = false
					break
				}
				read = read || e.Held[k]&lockset.Read != 0
				if !ck.directAcquire(f, k, e.At[k]) {
					own = false // held through a helper: reported at its origin
				}
			}
			if !own {
				continue
			}
			if !f.Obj.Exported() && !ck.used(f.Obj) {
				break // never called: nothing is held
			}
			fv, ok := ck.mutexVar(k)
			if !ok {
				continue
			}
			u, seen := cache[fv]
			if !seen {
				u = ck.mutexUsesOf(fv)
				cache[fv] = u
			}
			if u == nil || !ck.ownUnlocks(u) {
				continue
			}
			// A lock elsewhere that the hold blocks.
			var blocked *mutexCall
			for i := range u.locks {
				c := &u.locks[i]
				if c.fn == f.Node || (read && c.read) {
					continue
				}
				blocked = c
				break
			}
			if blocked == nil {
				continue
			}
			e := f.Exits[0]
			mode, unlock := " locked", "Unlock"
			if read {
				mode, unlock = " read-locked", "RUnlock"
			}
			where := "returns"
			if e.Ret == nil {
				where = "reaches the end of its body"
			}
			related := []analysis.RelatedInformation{{Pos: e.At[k], Message: l.Name + " is locked here"}}
			for _, o := range f.Exits[1:] {
				related = append(related, analysis.RelatedInformation{Pos: o.Pos, End: o.End, Message: "and still held here"})
			}
			if sites, ok := ck.callSites(f.Obj); ok {
				for i, cs := range sites {
					if i == 3 {
						break
					}
					related = append(related, analysis.RelatedInformation{Pos: cs.call.Pos(), End: cs.call.End(),
						Message: fmt.Sprintf("%s calls %s here and does not unlock the mutex after it", ck.nodeName(cs.fn), f.Name)})
				}
			}
			related = append(related, analysis.RelatedInformation{Pos: blocked.call.Pos(), End: blocked.call.End(),
				Message: fmt.Sprintf("%s locks %s here", blocked.name, types.ExprString(blocked.call.Fun.(*ast.SelectorExpr).X))})
			ck.r.Report(analysis.Diagnostic{
				Pos:      e.Pos,
				End:      e.End,
				Category: catUnlock,
				Message: fmt.Sprintf("%s %s with %s still%s on every path, and nothing in the package unlocks it after the call (each unlock of %s pairs with a lock of its own function), so %s's %s blocks forever once %s has run (possible deadlock): call %s.%s() before returning",
					f.Name, where, l.Name, mode, fv.Name(), blocked.name, types.ExprString(blocked.call.Fun), f.Name, l.Name, unlock),
				Related: related,
			})
		}
	}
}

// used reports whether fn, a function of the package, is used anywhere
// in it (called, or taken as a value).
func (ck *checker) used(fn *types.Func) bool {
	for _, obj := range ck.pass.TypesInfo.Uses {
		if f, ok := obj.(*types.Func); ok && f.Origin() == fn {
			return true
		}
	}
	return false
}

// directAcquire reports whether the acquisition of k at pos is a lock
// call of f itself (not a call of a function that locks).
func (ck *checker) directAcquire(f *lockset.Func, k lockset.Key, pos token.Pos) bool {
	for _, a := range f.Acquires {
		if a.Lock.Key == k && a.Call.Pos() == pos {
			return a.Via == nil
		}
	}
	return false
}

// mutexVar returns the variable of the mutex k names, if only the
// package can reach it: an unexported, non-embedded field of type
// sync.Mutex or sync.RWMutex (not a pointer) of a struct declared in
// the package, or such an unexported package-level variable.
func (ck *checker) mutexVar(k lockset.Key) (*types.Var, bool) {
	v, ok := k.Root.(*types.Var)
	if !ok || v.Pkg() != ck.pass.Pkg {
		return nil, false
	}
	if k.Path != "" {
		t := v.Type()
		v = nil
		for _, name := range strings.Split(k.Path, ".") {
			st, ok := deref(t).Underlying().(*types.Struct)
			if !ok {
				return nil, false
			}
			var next *types.Var
			for i := range st.NumFields() {
				if st.Field(i).Name() == name {
					next = st.Field(i)
					break
				}
			}
			if next == nil {
				return nil, false
			}
			v, t = next, next.Type()
		}
		if v.Embedded() || v.Pkg() != ck.pass.Pkg {
			return nil, false
		}
	} else if v.Parent() != v.Pkg().Scope() {
		return nil, false // a local or parameter mutex
	}
	if v.Exported() {
		return nil, false
	}
	n, ok := types.Unalias(v.Type()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" || (n.Obj().Name() != "Mutex" && n.Obj().Name() != "RWMutex") {
		return nil, false
	}
	return v.Origin(), true
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// A mutexCall is a lock or unlock call of a mutex variable.
type mutexCall struct {
	call     *ast.CallExpr
	recv     ast.Expr // the mutex
	fn       ast.Node // the function (declaration or literal) it is in
	name     string   // that function, for messages
	read     bool     // RLock, RUnlock
	deferred bool     // the call of a defer statement
	deferFn  ast.Node // for a call in a deferred function literal: the function of the defer
}

// mutexUses are the lock and unlock calls of a mutex variable.
type mutexUses struct {
	locks   []mutexCall // Lock and RLock, in source order
	unlocks []mutexCall // Unlock and RUnlock
}

// mutexUsesOf returns the lock and unlock calls of the mutex variable
// fv, or nil if it is used any other way (its address taken, a method
// value, RLocker, a copy) or outside the files of the syntax index.
func (ck *checker) mutexUsesOf(fv *types.Var) *mutexUses {
	info := ck.pass.TypesInfo
	total := 0
	for _, obj := range info.Uses {
		if sameField(obj, fv) {
			total++
		}
	}
	sc := ck.pass.ResultOf[scope.Analyzer].(*scope.Result)
	u := &mutexUses{}
	found := 0
	for cur := range sc.Index.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if !sameField(info.Uses[id], fv) {
			continue
		}
		found++
		x := cur
		if sel, ok := x.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == id {
			x = x.Parent()
		}
		m, ok := x.Parent().Node().(*ast.SelectorExpr)
		if !ok || m.X != x.Node() {
			return nil
		}
		callCur := x.Parent().Parent()
		call, ok := callCur.Node().(*ast.CallExpr)
		if !ok || call.Fun != m {
			return nil // a method value
		}
		c := mutexCall{call: call, recv: m.X}
		for fc := range callCur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			c.fn = fc.Node()
			if lit, ok := fc.Node().(*ast.FuncLit); ok {
				if dc, ok := fc.Parent().Node().(*ast.CallExpr); ok && dc.Fun == lit {
					if _, ok := fc.Parent().Parent().Node().(*ast.DeferStmt); ok {
						for outer := range fc.Parent().Parent().Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
							c.deferFn = outer.Node()
							break
						}
					}
				}
			}
			break
		}
		if c.fn == nil {
			return nil
		}
		_, c.deferred = callCur.Parent().Node().(*ast.DeferStmt)
		c.name = ck.nodeName(c.fn)
		switch m.Sel.Name {
		case "Lock", "RLock":
			c.read = m.Sel.Name == "RLock"
			u.locks = append(u.locks, c)
		case "Unlock", "RUnlock":
			c.read = m.Sel.Name == "RUnlock"
			u.unlocks = append(u.unlocks, c)
		case "TryLock", "TryRLock":
		default:
			return nil // RLocker
		}
	}
	if found != total {
		return nil
	}
	sort.Slice(u.locks, func(i, j int) bool { return u.locks[i].call.Pos() < u.locks[j].call.Pos() })
	return u
}

// ownUnlocks reports whether every unlock of u releases a hold of its
// own function's lock call, on every path (see lockset.Lock.Foreign):
// then no function of the package can release the hold a lock helper
// leaves.
func (ck *checker) ownUnlocks(u *mutexUses) bool {
	for _, c := range u.unlocks {
		fn := c.fn
		if c.deferFn != nil {
			fn = c.deferFn // judged at the defer statement
		}
		g := ck.model.Model(fn)
		if g == nil || g.Skipped {
			return false
		}
		k, ok := ck.model.KeyOf(c.recv)
		if !ok {
			return false
		}
		l := g.Locks[k]
		if l == nil || l.Escapes || l.Foreign {
			return false
		}
		if c.deferred || c.deferFn != nil {
			if !l.Deferred {
				return false
			}
		} else if !containsPos(l.Unlocks, c.call.Pos()) {
			return false // not walked: out of the model
		}
	}
	return true
}

func containsPos(list []token.Pos, p token.Pos) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}

// nodeName names the function n (a declaration or literal) for
// messages.
func (ck *checker) nodeName(n ast.Node) string {
	if d, ok := n.(*ast.FuncDecl); ok {
		if fn, ok := ck.pass.TypesInfo.Defs[d.Name].(*types.Func); ok {
			return funcName(fn)
		}
	}
	return "a function literal"
}
