package lockset

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/lazycfg"
)

// state is what the paths reaching a point hold.
type state struct {
	dead     bool              // no path reaches the point
	held     map[Key]Mode      // absent: Free
	at       map[Key]token.Pos // where the held mutex was acquired
	deferred map[Key]bool      // a deferred unlock is pending on some path
	own      map[Key]bool      // held on every path through a lock call of the function itself, not released since; nil when empty
}

func newState() state {
	return state{held: map[Key]Mode{}, at: map[Key]token.Pos{}, deferred: map[Key]bool{}}
}

func deadState() state { return state{dead: true} }

func (s state) clone() state {
	if s.dead {
		return s
	}
	return state{held: maps.Clone(s.held), at: maps.Clone(s.at), deferred: maps.Clone(s.deferred), own: maps.Clone(s.own)}
}

// cloneSome returns a copy of m, or nil if m is empty: the maps of a
// Point, an Acquire or a ChanOp are only read.
func cloneSome[V any](m map[Key]V) map[Key]V {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}

func (s state) mode(k Key) Mode {
	if m, ok := s.held[k]; ok {
		return m
	}
	return Free
}

// join merges the states of two paths.
func join(a, b state) state {
	if a.dead {
		return b.clone()
	}
	if b.dead {
		return a.clone()
	}
	r := a.clone()
	for k := range keysOf(a.held, b.held) {
		r.held[k] = a.mode(k) | b.mode(k)
	}
	for k, p := range b.at {
		if _, ok := r.at[k]; !ok {
			r.at[k] = p
		}
	}
	for k := range b.deferred {
		r.deferred[k] = true
	}
	for k := range r.own {
		if !b.own[k] {
			delete(r.own, k) // some path holds it otherwise, or not at all
		}
	}
	return r
}

// owned marks k as held through a lock call of the function itself.
// Unlike held, own ignores what calls of unknown effect may do: a
// function of the package that unlocks k is a use of the mutex of its
// own, and one of another package cannot reach an unexported mutex.
func (s state) owned(k Key) state {
	if s.own == nil {
		s.own = make(map[Key]bool)
	}
	s.own[k] = true
	return s
}

func keysOf(a, b map[Key]Mode) map[Key]bool {
	ks := make(map[Key]bool, len(a)+len(b))
	for k := range a {
		ks[k] = true
	}
	for k := range b {
		ks[k] = true
	}
	return ks
}

func equal(a, b state) bool {
	if a.dead || b.dead {
		return a.dead == b.dead
	}
	for k := range keysOf(a.held, b.held) {
		if a.mode(k) != b.mode(k) {
			return false
		}
	}
	return maps.Equal(a.deferred, b.deferred) && maps.Equal(a.own, b.own)
}

// target is a statement that break (and, for loops, continue) leaves.
type target struct {
	stmt   ast.Stmt
	label  string
	loop   bool
	breaks []state
	conts  []state
	contAt []*ast.BranchStmt
}

// walker interprets one function.
type walker struct {
	m       *model
	f       *Func
	shallow bool // a function without lock calls: only callees that lock are followed

	targets  []*target
	exits    map[token.Pos]*Point
	iters    map[token.Pos]*Point
	acq      map[acqKey]*Acquire
	escaped  map[Key]bool
	released map[Key]Mode // unlocked without being acquired here: handed in
	ops      map[ast.Node]*ChanOp
	vops     map[vopKey]*ChanOp // operations through calls
	inSelect *ast.SelectStmt    // the select whose case is being applied
	deferFns []*ast.FuncLit
}

type acqKey struct {
	call *ast.CallExpr
	key  Key
}

func (w *walker) run() {
	w.exits = make(map[token.Pos]*Point)
	w.iters = make(map[token.Pos]*Point)
	w.acq = make(map[acqKey]*Acquire)
	w.escaped = make(map[Key]bool)
	w.released = make(map[Key]Mode)
	w.ops = make(map[ast.Node]*ChanOp)
	w.vops = make(map[vopKey]*ChanOp)
	if lazycfg.HasGoto(w.f.Body, false) {
		w.f.Skipped = true
		return
	}
	w.prescan()
	w.prescanCaptured()
	st := w.stmts(w.f.Body.List, newState())
	if !st.dead {
		w.exit(nil, w.f.Body.Rbrace, st)
	}
	for k, l := range w.f.Locks {
		if w.escaped[k] {
			l.Escapes = true
		}
	}
	w.f.handed = make(map[Key]bool)
	for k := range w.released {
		w.f.handed[k] = true
	}
	for _, p := range w.exits {
		w.f.Exits = append(w.f.Exits, p)
	}
	sort.Slice(w.f.Exits, func(i, j int) bool { return w.f.Exits[i].Pos < w.f.Exits[j].Pos })
	for _, p := range w.iters {
		w.f.Iters = append(w.f.Iters, p)
	}
	sort.Slice(w.f.Iters, func(i, j int) bool { return w.f.Iters[i].Pos < w.f.Iters[j].Pos })
	for _, a := range w.acq {
		w.f.Acquires = append(w.f.Acquires, a)
	}
	for _, op := range w.ops {
		w.f.Ops = append(w.f.Ops, op)
	}
	for _, op := range w.vops {
		w.f.Ops = append(w.f.Ops, op)
	}
	sort.Slice(w.f.Ops, func(i, j int) bool {
		a, b := w.f.Ops[i], w.f.Ops[j]
		if a.Node.Pos() != b.Node.Pos() {
			return a.Node.Pos() < b.Node.Pos()
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Send && !b.Send
	})
	sort.Slice(w.f.Acquires, func(i, j int) bool {
		if w.f.Acquires[i].Call.Pos() != w.f.Acquires[j].Call.Pos() {
			return w.f.Acquires[i].Call.Pos() < w.f.Acquires[j].Call.Pos()
		}
		return w.f.Acquires[i].Lock.Name < w.f.Acquires[j].Lock.Name
	})
}

// prescan marks the mutexes used outside the model: locked or unlocked
// in a nested function literal other than a deferred one, a method
// value of a lock method, an address taken other than as a call
// argument.
func (w *walker) prescan() {
	deferred := make(map[*ast.FuncLit]bool)
	var stack []ast.Node
	var lits []*ast.FuncLit // enclosing nested literals
	ast.Inspect(w.f.Body, func(n ast.Node) bool {
		if n == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if l, ok := top.(*ast.FuncLit); ok && len(lits) > 0 && lits[len(lits)-1] == l {
				lits = lits[:len(lits)-1]
			}
			return true
		}
		var parent ast.Node
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.DeferStmt:
			if l, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
				deferred[l] = true
			}
		case *ast.FuncLit:
			lits = append(lits, n)
		case *ast.CallExpr:
			if len(lits) == 0 {
				break
			}
			if _, recv, implicit, _ := w.m.lockMethod(n); recv != nil {
				root, fields, ok := w.m.path(recv)
				if !ok {
					break
				}
				lit := lits[len(lits)-1]
				if len(lits) == 1 && deferred[lit] {
					break // the deferred literal of this function
				}
				if isGlobal(root) || root.Pos() < lit.Pos() || root.Pos() >= lit.End() {
					w.escaped[w.m.keyOf(root, append(fields, implicit...))] = true
				}
			}
		case *ast.SelectorExpr:
			call, isCall := parent.(*ast.CallExpr)
			if isCall && call.Fun == n {
				break
			}
			if s := w.m.info.Selections[n]; s != nil && s.Kind() == types.MethodVal {
				if fn, ok := s.Obj().(*types.Func); ok {
					if _, ok := syncType(fn); ok {
						if root, fields, ok := w.m.path(n.X); ok {
							w.escaped[w.m.keyOf(root, append(fields, implicitFields(s.Recv(), s.Index())...))] = true
						}
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op != token.AND {
				break
			}
			if _, isCall := parent.(*ast.CallExpr); isCall {
				break // handled at the call
			}
			if !isMutex(w.m.info.TypeOf(n.X)) {
				break
			}
			if root, fields, ok := w.m.path(n.X); ok {
				w.escaped[w.m.keyOf(root, fields)] = true
			}
		}
		return true
	})
}

// prescanCaptured marks, in a function literal, the mutexes of
// captured variables that the rest of the declaration also locks or
// unlocks: the lock may be taken in one goroutine and released in
// another, which is outside the model.
func (w *walker) prescanCaptured() {
	lit, ok := w.f.Node.(*ast.FuncLit)
	if !ok || w.m.litDecl[lit] == nil {
		return
	}
	captured := make(map[Key]bool)
	locks, unlocks := make(map[Key]bool), make(map[Key]bool)
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if name, recv, implicit, _ := w.m.lockMethod(call); recv != nil {
				if root, fields, ok := w.m.path(recv); ok && (root.Pos() < lit.Pos() || root.Pos() >= lit.End()) {
					k := w.m.keyOf(root, append(fields, implicit...))
					captured[k] = true
					switch name {
					case "Lock", "RLock":
						locks[k] = true
					case "Unlock", "RUnlock":
						unlocks[k] = true
					}
				}
			}
		}
		return true
	})
	// A literal that both locks and unlocks the mutex takes and gives
	// back its own hold: no other goroutine finishes what it starts, so
	// its paths are judged like those of any function.
	for k := range captured {
		if locks[k] && unlocks[k] {
			delete(captured, k)
		}
	}
	if len(captured) == 0 {
		return
	}
	ast.Inspect(w.m.litDecl[lit], func(n ast.Node) bool {
		if n == lit {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if _, recv, implicit, _ := w.m.lockMethod(call); recv != nil {
				if root, fields, ok := w.m.path(recv); ok {
					if k := w.m.keyOf(root, append(fields, implicit...)); captured[k] {
						w.escaped[k] = true
					}
				}
			}
		}
		return true
	})
}

// isMutex reports whether t is sync.Mutex or sync.RWMutex.
func isMutex(t types.Type) bool {
	n, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	return n.Obj().Name() == "Mutex" || n.Obj().Name() == "RWMutex"
}

func (w *walker) lock(k Key, name, class string, rw bool) *Lock {
	l := w.f.Locks[k]
	if l == nil {
		l = &Lock{Key: k, Name: name, Class: class, RW: rw}
		w.f.Locks[k] = l
	}
	return l
}

func (w *walker) exit(ret *ast.ReturnStmt, pos token.Pos, st state) {
	p := &Point{Pos: pos, End: pos + 1, Ret: ret, Held: cloneSome(st.held), At: cloneSome(st.at), Deferred: cloneSome(st.deferred)}
	if ret != nil {
		p.End = ret.End()
	}
	w.exits[pos] = p
}

func (w *walker) stmts(list []ast.Stmt, st state) state {
	for _, s := range list {
		st = w.stmt(s, st, "")
	}
	return st
}

// stmt interprets s from st and returns the state after it.
func (w *walker) stmt(s ast.Stmt, st state, label string) state {
	if st.dead {
		return st
	}
	switch s := s.(type) {
	case *ast.BlockStmt:
		return w.stmts(s.List, st)
	case *ast.ExprStmt:
		st = w.exprs(s.X, st)
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok && w.noReturn(call) {
			return deadState()
		}
		return st
	case *ast.AssignStmt:
		st = w.exprs(s, st)
		for _, l := range s.Lhs {
			w.reassign(l, st)
		}
		return st
	case *ast.DeclStmt:
		st = w.exprs(s, st)
		if g, ok := s.Decl.(*ast.GenDecl); ok {
			for _, spec := range g.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok {
					for _, id := range vs.Names {
						w.reassign(id, st)
					}
				}
			}
		}
		return st
	case *ast.IncDecStmt:
		return w.exprs(s, st)
	case *ast.SendStmt:
		st = w.exprs(s, st)
		w.chanOp(s, s.Chan, true, st)
		return st
	case *ast.GoStmt:
		for _, a := range s.Call.Args {
			st = w.exprs(a, st)
		}
		return st
	case *ast.DeferStmt:
		return w.deferStmt(s, st)
	case *ast.ReturnStmt:
		for _, r := range s.Results {
			st = w.exprs(r, st)
		}
		w.exit(s, s.Pos(), st)
		return deadState()
	case *ast.LabeledStmt:
		return w.stmt(s.Stmt, st, s.Label.Name)
	case *ast.BranchStmt:
		return w.branch(s, st)
	case *ast.IfStmt:
		if s.Init != nil {
			st = w.stmt(s.Init, st, "")
		}
		st = w.exprs(s.Cond, st)
		// A constant condition (if false { return }, a debug
		// switch) leaves one branch that no path takes.
		thenSt, elseSt := st.clone(), st.clone()
		if tv, ok := w.m.info.Types[s.Cond]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool {
			if constant.BoolVal(tv.Value) {
				elseSt = deadState()
			} else {
				thenSt = deadState()
			}
		}
		then := w.stmt(s.Body, thenSt, "")
		els := elseSt
		if s.Else != nil {
			els = w.stmt(s.Else, elseSt, "")
		}
		return join(then, els)
	case *ast.ForStmt:
		if s.Init != nil {
			st = w.stmt(s.Init, st, "")
		}
		return w.loop(s, label, st, s.Cond, s.Body, s.Post)
	case *ast.RangeStmt:
		st = w.exprs(s.X, st)
		return w.loop(s, label, st, nil, s.Body, nil)
	case *ast.SwitchStmt:
		if s.Init != nil {
			st = w.stmt(s.Init, st, "")
		}
		if s.Tag != nil {
			st = w.exprs(s.Tag, st)
		}
		return w.clauses(s, label, st, s.Body)
	case *ast.TypeSwitchStmt:
		if s.Init != nil {
			st = w.stmt(s.Init, st, "")
		}
		st = w.exprs(s.Assign, st)
		return w.clauses(s, label, st, s.Body)
	case *ast.SelectStmt:
		return w.selectStmt(s, label, st)
	}
	return st
}

func (w *walker) branch(s *ast.BranchStmt, st state) state {
	switch s.Tok {
	case token.FALLTHROUGH:
		return st // the switch continues into the next clause
	case token.BREAK, token.CONTINUE:
		for i := len(w.targets) - 1; i >= 0; i-- {
			t := w.targets[i]
			if s.Label != nil && t.label != s.Label.Name {
				continue
			}
			if s.Tok == token.CONTINUE {
				if !t.loop {
					continue
				}
				t.conts = append(t.conts, st)
				t.contAt = append(t.contAt, s)
			} else {
				t.breaks = append(t.breaks, st)
			}
			return deadState()
		}
	}
	return deadState()
}

// loop interprets a for or range loop until its head state is stable.
func (w *walker) loop(s ast.Stmt, label string, st state, cond ast.Expr, body *ast.BlockStmt, post ast.Stmt) state {
	head := st
	for i := 0; ; i++ {
		t := &target{stmt: s, label: label, loop: true}
		w.targets = append(w.targets, t)
		entry := head
		if cond != nil {
			entry = w.exprs(cond, head.clone())
		}
		if r, ok := s.(*ast.RangeStmt); ok {
			if isChan(w.m.info.TypeOf(r.X)) {
				w.chanOp(r, r.X, false, head)
			}
			entry = head.clone()
			w.reassign(r.Key, entry)
			w.reassign(r.Value, entry)
		}
		end := w.stmts(body.List, entry.clone())
		w.targets = w.targets[:len(w.targets)-1]

		// The paths to the next iteration.
		for j, c := range t.conts {
			w.iter(s, t.contAt[j].Pos(), t.contAt[j].End(), t.contAt[j], c)
		}
		if !end.dead {
			w.iter(s, body.Rbrace, body.Rbrace+1, nil, end)
		}
		back := end
		for _, c := range t.conts {
			back = join(back, c)
		}
		if post != nil && !back.dead {
			back = w.stmt(post, back, "")
		}
		next := join(head, back)
		if equal(next, head) || i >= 4 {
			out := deadState()
			if _, isRange := s.(*ast.RangeStmt); isRange || cond != nil {
				out = entry.clone() // the loop condition fails, or the range ends
				if isRange {
					out = head.clone()
				}
			}
			for _, b := range t.breaks {
				out = join(out, b)
			}
			return out
		}
		head = next
	}
}

// reassign applies an assignment to lhs: the mutexes under it are now
// other mutexes, of which nothing is known.
func (w *walker) reassign(lhs ast.Expr, st state) {
	if lhs == nil || st.dead {
		return
	}
	root, fields, ok := w.m.path(lhs)
	if !ok {
		return
	}
	k := w.m.keyOf(root, fields)
	for hk, m := range st.held {
		if hk.Root != k.Root || m == Free {
			continue
		}
		if k.Path == "" || hk.Path == k.Path || strings.HasPrefix(hk.Path, k.Path+".") {
			st.held[hk] = m | Free
			delete(st.own, hk) // another value may be there now
		}
	}
}

func (w *walker) iter(loop ast.Stmt, pos, end token.Pos, cont *ast.BranchStmt, st state) {
	w.iters[pos] = &Point{Pos: pos, End: end, Loop: loop, Cont: cont, Held: cloneSome(st.held), At: cloneSome(st.at), Deferred: cloneSome(st.deferred)}
}

// clauses interprets the body of a switch or type switch.
func (w *walker) clauses(s ast.Stmt, label string, st state, body *ast.BlockStmt) state {
	t := &target{stmt: s, label: label}
	w.targets = append(w.targets, t)
	out := deadState()
	fall := deadState()
	hasDefault := false
	for _, c := range body.List {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			hasDefault = true
		}
		in := join(st, fall)
		if fall.dead {
			in = st.clone()
		}
		end := w.stmts(cc.Body, in)
		fall = deadState()
		if n := len(cc.Body); n > 0 {
			if b, ok := cc.Body[n-1].(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
				fall = end
				continue
			}
		}
		out = join(out, end)
	}
	w.targets = w.targets[:len(w.targets)-1]
	if !hasDefault {
		out = join(out, st)
	}
	for _, b := range t.breaks {
		out = join(out, b)
	}
	return out
}

func (w *walker) selectStmt(s *ast.SelectStmt, label string, st state) state {
	t := &target{stmt: s, label: label}
	w.targets = append(w.targets, t)
	out := deadState()
	for _, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		in := st.clone()
		if cc.Comm != nil {
			w.inSelect = s
			in = w.stmt(cc.Comm, in, "")
			w.inSelect = nil
		}
		out = join(out, w.stmts(cc.Body, in))
	}
	w.targets = w.targets[:len(w.targets)-1]
	for _, b := range t.breaks {
		out = join(out, b)
	}
	return out
}

// noReturn reports whether call never returns.
func (w *walker) noReturn(call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := w.m.info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return true
		}
	}
	fn := w.m.callee(call)
	return fn != nil && w.m.cfgs.NoReturn(fn)
}

// exprs applies the calls in n, innermost first, skipping function
// literals.
func (w *walker) exprs(n ast.Node, st state) state {
	if n == nil || st.dead {
		return st
	}
	var stack []ast.Node
	ast.Inspect(n, func(x ast.Node) bool {
		if x == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch top := top.(type) {
			case *ast.CallExpr:
				st = w.call(top, st)
			case *ast.UnaryExpr:
				if top.Op == token.ARROW {
					w.chanOp(top, top.X, false, st)
				}
			}
			return true
		}
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		stack = append(stack, x)
		return true
	})
	return st
}

// chanOp records a channel operation on ch in state st.
func (w *walker) chanOp(n ast.Node, ch ast.Expr, send bool, st state) {
	if st.dead {
		return
	}
	op := &ChanOp{Node: n, Chan: ch, Send: send, Select: w.inSelect}
	if root, fields, ok := w.m.path(ch); ok {
		op.Key, op.HasKey = w.m.keyOf(root, fields), true
	}
	w.held(op, st)
	w.ops[n] = op
}

// held records in op the locks held for certain in st.
func (w *walker) held(op *ChanOp, st state) {
	for k, m := range st.held {
		if m.Held() {
			if op.Held == nil {
				op.Held, op.HeldAt = make(map[Key]Mode), make(map[Key]token.Pos)
			}
			op.Held[k] = m
			op.HeldAt[k] = st.at[k]
		}
	}
}

// viaOps records the blocking operations of the callee fn, from its
// summary sum, as operations of call in state st: each on a field of
// the value the caller passes as the receiver or an argument. A callee
// that releases a mutex it was handed has no Blocks.
func (w *walker) viaOps(call *ast.CallExpr, fn *types.Func, blocks []Block, st state) {
	if st.dead {
		return
	}
	for _, b := range blocks {
		root, fields, name, ok := w.bindPath(call, b.Ref)
		if !ok || root == nil {
			continue
		}
		if len(fields) == 0 {
			// A channel parameter handed on: an operation on the
			// caller's variable, for its own summary.
			if b.Path == "" && b.Root >= 0 {
				k := w.m.keyOf(root, nil)
				op := &ChanOp{Node: call, Send: b.Op == BlockSend, Wait: b.Op == BlockWait,
					Key: k, HasKey: true, Via: append([]*types.Func{fn.Origin()}, b.via...), Calls: b.calls, Site: b.site, Name: name}
				w.held(op, st)
				w.vops[vopKey{call, k, b.Op}] = op
			}
			continue
		}
		fv := fieldVar(root, fields)
		if fv == nil {
			continue
		}
		k := w.m.keyOf(root, fields)
		op := &ChanOp{Node: call, Send: b.Op == BlockSend, Wait: b.Op == BlockWait,
			Key: k, HasKey: true, Via: append([]*types.Func{fn.Origin()}, b.via...), Calls: b.calls, Site: b.site, Field: fv,
			Owner: w.m.keyOf(root, fields[:len(fields)-1]), Name: name}
		w.held(op, st)
		w.vops[vopKey{call, k, b.Op}] = op
	}
}

type vopKey struct {
	call *ast.CallExpr
	key  Key
	op   uint8
}

// syncWaitType returns "WaitGroup" or "Cond" if sel selects the Wait
// method of that type of the package sync, or "".
func syncWaitType(info *types.Info, sel *ast.SelectorExpr) string {
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return ""
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return ""
	}
	recv := fn.Signature().Recv().Type()
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	n, ok := types.Unalias(recv).(*types.Named)
	if ok && (n.Obj().Name() == "WaitGroup" || n.Obj().Name() == "Cond") {
		return n.Obj().Name()
	}
	return ""
}

// isChan reports whether t is a channel type.
func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// callee returns the function or method that call statically calls,
// or nil.
func (m *model) callee(call *ast.CallExpr) *types.Func {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	var id *ast.Ident
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil
	}
	fn, _ := m.info.Uses[id].(*types.Func)
	return fn
}

// call applies the effect of one call.
func (w *walker) call(call *ast.CallExpr, st state) state {
	if name, recv, implicit, rw := w.m.lockMethod(call); name != "" {
		root, fields, ok := w.m.path(recv)
		if !ok {
			return st // out of the model
		}
		fields = append(fields, implicit...)
		k := w.m.keyOf(root, fields)
		l := w.lock(k, types.ExprString(recv), w.m.classOf(root, fields), rw)
		switch name {
		case "Lock":
			return w.acquire(l, call, Write, st, nil, call.Pos(), false)
		case "RLock":
			return w.acquire(l, call, Read, st, nil, call.Pos(), false)
		case "TryLock", "TryRLock":
			l.Try = true
			st.held[k] = st.mode(k) | Free | Write
			delete(st.own, k)
			return st
		default: // Unlock, RUnlock
			return w.release(l, call.Pos(), st)
		}
	}
	if w.m.isDynamic(call) {
		return w.unknownCall(call, st, true)
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Wait" {
		if t := syncWaitType(w.m.info, sel); t != "" {
			w.chanOp(call, sel.X, false, st)
			if op := w.ops[call]; op != nil {
				op.Wait = t == "WaitGroup"
				op.Cond = t == "Cond"
			}
			return st
		}
	}
	fn := w.m.callee(call)
	if fn == nil {
		return st // a conversion, a builtin
	}
	if w.shallow && fn.Pkg() == w.m.pkg && !w.m.lockFuncs[fn.Origin()] && !w.m.mayBlock(fn.Origin()) {
		return st
	}
	sum := w.m.summary(fn)
	if sum == nil {
		return w.unknownCall(call, st, false)
	}
	via := append([]*types.Func{fn.Origin()}, nil...)
	if b := w.m.blockSums[fn.Origin()]; len(b) > 0 {
		w.viaOps(call, fn, b, st)
	}
	for _, r := range sum.Releases {
		if k, name, class, ok := w.bind(call, fn, r); ok {
			st = w.release(w.lock(k, name, class, false), call.Pos(), st)
		}
	}
	for _, r := range sum.Acquires {
		if k, name, class, ok := w.bind(call, fn, r); ok {
			mode := Write
			if r.Read {
				mode = Read
			}
			held := containsRef(sum.Holds, r)
			st = w.acquire(w.lock(k, name, class, false), call, mode, st, append(via, r.via...), r.site, !held)
			if a := w.acq[acqKey{call, k}]; a != nil {
				a.Calls = r.calls
			}
		}
	}
	for _, r := range sum.Holds {
		if containsRef(sum.Acquires, r) {
			continue // done above
		}
		if k, name, class, ok := w.bind(call, fn, r); ok {
			w.lock(k, name, class, false)
			mode := Write
			if r.Read {
				mode = Read
			}
			st.held[k] = mode
			st.at[k] = call.Pos()
			delete(st.own, k)
		}
	}
	return st
}

func containsRef(list []Ref, r Ref) bool {
	for _, x := range list {
		if x.Root == r.Root && x.Global == r.Global && x.Path == r.Path {
			return true
		}
	}
	return false
}

// acquire records an acquisition of l by call and applies it. released
// means that the callee releases it again before returning.
func (w *walker) acquire(l *Lock, call *ast.CallExpr, mode Mode, st state, via []*types.Func, site token.Pos, released bool) state {
	k := l.Key
	a := &Acquire{Lock: l, Call: call, Mode: mode, Before: st.mode(k), BeforeAt: st.at[k], Via: via, Site: site, Released: released}
	for hk, hm := range st.held {
		if hk != k && hm.Held() {
			if a.Held == nil {
				a.Held, a.HeldAt = make(map[Key]Mode), make(map[Key]token.Pos)
			}
			a.Held[hk] = hm
			a.HeldAt[hk] = st.at[hk]
		}
	}
	w.acq[acqKey{call, k}] = a
	if a.Before.Held() && a.BeforeAt.IsValid() && (mode == Write || a.Before&Write != 0) && !l.Escapes && !l.Try && !w.escaped[k] {
		// The goroutine already holds it on every path here, and this
		// acquisition waits for a release that only it could make: no
		// path goes on (the relock rule reports the call).
		return deadState()
	}
	if released {
		return st
	}
	st.held[k] = mode
	st.at[k] = call.Pos()
	if via != nil {
		delete(st.own, k) // held through the callee's lock
		return st
	}
	return st.owned(k)
}

func (w *walker) release(l *Lock, pos token.Pos, st state) state {
	k := l.Key
	if _, ok := st.at[k]; !ok && st.mode(k) == Free {
		w.released[k] |= Write // handed in by the caller
	}
	if !st.own[k] {
		l.Foreign = true
	}
	l.Unlocks = appendPos(l.Unlocks, pos)
	st.held[k] = Free
	delete(st.at, k)
	delete(st.own, k)
	return st
}

func appendPos(list []token.Pos, p token.Pos) []token.Pos {
	for _, x := range list {
		if x == p {
			return list
		}
	}
	return append(list, p)
}

// unknownCall applies a call of which nothing is known: the mutexes it
// may reach become unknown. A dynamic call (a function value, an
// interface method) may reach any mutex under its receiver and
// arguments; a static function of another package only the mutexes
// whose address it is given.
func (w *walker) unknownCall(call *ast.CallExpr, st state, dynamic bool) state {
	args := call.Args
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && dynamic {
		args = append([]ast.Expr{sel.X}, args...)
	}
	for _, a := range args {
		root, fields, ok := w.m.path(a)
		if !ok {
			continue
		}
		k := w.m.keyOf(root, fields)
		if !dynamic {
			if _, isAddr := ast.Unparen(a).(*ast.UnaryExpr); !isAddr && !isMutex(w.m.info.TypeOf(a)) {
				continue
			}
			if w.f.Locks[k] != nil || isMutex(deref(w.m.info.TypeOf(a))) {
				w.escaped[k] = true
			}
			continue
		}
		for lk := range w.f.Locks {
			if lk.Root == k.Root && (k.Path == "" || lk.Path == k.Path || len(lk.Path) > len(k.Path) && lk.Path[:len(k.Path)+1] == k.Path+".") {
				st.held[lk] = st.mode(lk) | Free
			}
		}
	}
	return st
}

// isDynamic reports whether call calls a function value or an
// interface method.
func (m *model) isDynamic(call *ast.CallExpr) bool {
	fun := ast.Unparen(call.Fun)
	if tv, ok := m.info.Types[fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return false
	}
	switch f := fun.(type) {
	case *ast.FuncLit:
		return false
	case *ast.SelectorExpr:
		if s := m.info.Selections[f]; s != nil {
			if s.Kind() == types.FieldVal {
				return true
			}
			return types.IsInterface(s.Recv())
		}
		_, isFunc := m.info.Uses[f.Sel].(*types.Func)
		return !isFunc
	case *ast.Ident:
		_, isFunc := m.info.Uses[f].(*types.Func)
		return !isFunc
	case *ast.IndexExpr, *ast.IndexListExpr:
		return false
	}
	return true
}

// deferStmt applies a defer: an unlock that runs at every exit.
// litParams maps the parameters of a function literal called at call to
// their arguments (none for a variadic parameter).
func (m *model) litParams(lit *ast.FuncLit, call *ast.CallExpr) map[types.Object]ast.Expr {
	params := make(map[types.Object]ast.Expr)
	if call.Ellipsis.IsValid() {
		return params
	}
	i := 0
	for _, field := range lit.Type.Params.List {
		if _, variadic := field.Type.(*ast.Ellipsis); variadic {
			break
		}
		names := field.Names
		if len(names) == 0 {
			i++
			continue
		}
		for _, id := range names {
			if obj := m.info.Defs[id]; obj != nil && i < len(call.Args) {
				params[obj] = call.Args[i]
			}
			i++
		}
	}
	return params
}

func (w *walker) deferStmt(s *ast.DeferStmt, st state) state {
	call := s.Call
	for _, a := range call.Args {
		st = w.exprs(a, st)
	}
	if name, recv, implicit, _ := w.m.lockMethod(call); name != "" {
		if name == "Unlock" || name == "RUnlock" {
			if root, fields, ok := w.m.path(recv); ok {
				k := w.m.keyOf(root, append(fields, implicit...))
				st.deferred[k] = true
				l := w.lock(k, types.ExprString(recv), w.m.classOf(root, append(fields, implicit...)), false)
				l.Deferred = true
				l.Foreign = l.Foreign || !st.own[k]
			}
		}
		return st
	}
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		// Every mutex the literal unlocks. One reached through a
		// parameter of the literal is the mutex under its argument:
		// defer func(s *T) { s.mu.Unlock() }(s).
		params := w.m.litParams(lit, call)
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			if c, ok := n.(*ast.CallExpr); ok {
				if name, recv, implicit, _ := w.m.lockMethod(c); name == "Unlock" || name == "RUnlock" {
					if root, fields, ok := w.m.path(recv); ok {
						written := types.ExprString(recv)
						if arg, isParam := params[root]; isParam {
							aroot, afields, ok := w.m.path(arg)
							if !ok {
								return true
							}
							root, fields = aroot, append(append([]string(nil), afields...), fields...)
							written = types.ExprString(arg)
							if len(fields) > len(afields) {
								written += "." + strings.Join(fields[len(afields):], ".")
							}
						}
						k := w.m.keyOf(root, append(fields, implicit...))
						st.deferred[k] = true
						l := w.lock(k, written, w.m.classOf(root, append(fields, implicit...)), false)
						l.Deferred = true
						l.Foreign = l.Foreign || !st.own[k]
					}
				}
			}
			return true
		})
		return st
	}
	if w.m.isDynamic(call) {
		// A deferred call of unknown effect: it may unlock anything
		// under its receiver and arguments.
		args := call.Args
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			args = append([]ast.Expr{sel.X}, args...)
		}
		for _, a := range args {
			if root, fields, ok := w.m.path(a); ok {
				k := w.m.keyOf(root, fields)
				for lk := range w.f.Locks {
					if lk.Root == k.Root {
						st.deferred[lk] = true
					}
				}
			}
		}
		if len(args) == 0 {
			for lk := range w.f.Locks {
				st.deferred[lk] = true // e.g. defer unlock(), a function value
			}
		}
		return st
	}
	if fn := w.m.callee(call); fn != nil {
		if sum := w.m.summary(fn); sum != nil {
			for _, r := range sum.Releases {
				if k, name, class, ok := w.bind(call, fn, r); ok {
					st.deferred[k] = true
					l := w.lock(k, name, class, false)
					l.Deferred = true
					l.Foreign = l.Foreign || !st.own[k]
				}
			}
		}
	}
	return st
}
