package lockleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
)

// fieldUses classifies the uses of a channel field in the package.
type fieldUses struct {
	closed bool                  // every use is an operation, a close, len or cap, an assignment of an unbuffered make, or an argument of a function that only sends or only receives on it
	sends  []ast.Node            // *ast.SendStmt, or *ast.CallExpr passing it to a function that only sends
	recvs  []ast.Node            // *ast.UnaryExpr or *ast.RangeStmt, or *ast.CallExpr passing it to a function that only receives
	fns    map[ast.Node]ast.Node // the function (declaration or literal) of each operation
}

// heldWaits reports a channel operation performed while holding a
// mutex M when every goroutine that could complete it must first lock
// M: a send on (or receive from) an unexported channel field of a type
// of the package, unbuffered wherever it is made, never closed, used
// nowhere but in operations, whose every counterpart (a receive for a
// send, a send for a receive) either holds M of the same value at the
// operation, or sits in a loop whose body locks that M at its top level
// on every iteration. The goroutine holding M waits for a counterpart,
// which waits for M.
//
// The mutex and the channel must belong to the same value (r.mu and
// r.events, on both sides), the blocked operation must not be a case
// of a select with other cases, and two read locks do not count.
//
// The operation may be in a function of the package that the holder
// calls (its summary says it may block on a field of the receiver or of
// an argument, or its channel parameter is given the field), and a
// counterpart may lock M through a call of a function that locks it on
// every path, or be in a helper whose every caller locks first (see
// lockedFirst). A counterpart in a function without lock calls is
// modelled when needed.
func (ck *checker) heldWaits() {
	ops := make(map[ast.Node]*opIn)
	for _, f := range ck.model.Funcs {
		if f.Skipped {
			continue
		}
		for _, op := range f.Ops {
			if op.Via == nil {
				ops[op.Node] = &opIn{op: op, f: f}
			}
		}
	}
	uses := make(map[*types.Var]*fieldUses)
	closes := make(map[*types.Var][]closeSite)
	for _, f := range ck.model.Funcs {
		if f.Skipped || (ck.ignoreTests && report.IsTestFile(ck.pass, f.Node.Pos())) {
			continue
		}
		for _, op := range f.Ops {
			if op.Wait {
				ck.heldWG(f, op)
				continue
			}
			if op.Cond {
				ck.heldCond(f, op)
				continue
			}
			if op.Select != nil && (len(op.Select.Body.List) != 1 || op.Select.Body.List[0].(*ast.CommClause).Comm == nil) {
				continue // other cases may proceed
			}
			fv, owner, ok := ck.opField(op)
			if !ok {
				continue
			}
			for _, l := range heldOn(f, op, owner) {
				u, seen := uses[fv]
				if !seen {
					u = ck.usesOf(fv)
					uses[fv] = u
				}
				if u == nil || !u.closed {
					if !op.Send && op.Via == nil {
						cl, seen := closes[fv]
						if !seen {
							cl = ck.closeUses(fv)
							closes[fv] = cl
						}
						if ck.heldClose(f, op, l, cl) {
							break // one report per operation
						}
					}
					continue
				}
				counter := u.recvs
				if !op.Send {
					counter = u.sends
				}
				if len(counter) == 0 {
					continue // nobody completes it: not this rule
				}
				var related []analysis.RelatedInformation
				var names []string
				lname := "" // the mutex as the counterparts name it
				all := true
				allAt, allTry, anySelect := true, true, false
				for _, n := range counter {
					lcs := ck.lockedFirst(ops, u, n, fv, !op.Send, l, op.Held[l.Key])
					if lcs == nil {
						all = false
						break
					}
					for _, lc := range lcs {
						try, alone := selectKind(lc.c.op)
						if try && !lc.atOp {
							// It tries between its locks: it may try
							// while this operation waits.
							all = false
							break
						}
						if lc.atOp && !op.Send && alone {
							// A send that holds the mutex too and
							// waits alone: reported there, once.
							all = false
							break
						}
						allAt = allAt && lc.atOp
						allTry = allTry && try
						anySelect = anySelect || !alone
						names = appendName(names, lc.c.f.Name)
						if lname == "" {
							lname = lc.name
						} else if lname != lc.name {
							lname = lockField(l)
						}
						verb := "receives"
						if lc.c.op.Send {
							verb = "sends"
						}
						if lc.c.op.Via != nil {
							verb += " through " + funcName(lc.c.op.Via[0])
						}
						related = append(related, analysis.RelatedInformation{Pos: lc.c.op.Node.Pos(), Message: fmt.Sprintf("%s %s here", lc.c.f.Name, verb)},
							analysis.RelatedInformation{Pos: lc.pos, Message: fmt.Sprintf("after locking %s%s here", lc.name, through(lc.via))})
					}
					if !all {
						break
					}
				}
				if !all {
					continue
				}
				what, other, each := "sending on", "receiver", "receive"
				if !op.Send {
					what, other, each = "receiving from", "sender", "send"
				}
				who := fmt.Sprintf("the only %s, %s,", other, names[0])
				if len(names) > 1 {
					who = fmt.Sprintf("every %s (%s)", other, strings.Join(names, ", "))
				}
				locks := fmt.Sprintf("locks %s before each %s", lname, each)
				if anySelect && allAt {
					// A counterpart that tries its operation, or may
					// take another case, only while holding the mutex:
					// it never meets this one.
					verb, self := "receives", "sender"
					if !op.Send {
						verb, self = "sends", "receiver"
					}
					locks = fmt.Sprintf("%s only while holding %s", verb, lname)
					if allTry {
						locks += " and does not wait for a " + self
					}
				}
				related = append([]analysis.RelatedInformation{{Pos: op.HeldAt[l.Key], Message: l.Name + " is locked here"}}, related...)
				doing := what + " " + opName(op)
				if op.Via != nil {
					verb := "receives from"
					if op.Send {
						verb = "sends on"
					}
					doing = fmt.Sprintf("calling %s, which %s %s", types.ExprString(op.Node.(*ast.CallExpr).Fun), verb, op.Name)
					related = append(related, viaRelated(op, verb)...)
				}
				ck.r.Report(analysis.Diagnostic{
					Pos:      op.Node.Pos(),
					End:      op.Node.End(),
					Category: catWait,
					Message: fmt.Sprintf("%s holds %s while %s; %s %s (possible deadlock): unlock %s first",
						f.Name, l.Name, doing, who, locks, l.Name),
					Related: related,
				})
				break // one report per operation
			}
		}
	}
}

// selectKind reports whether op is a case of a select with a default
// (it only tries), and whether it waits alone (no select, or a select
// of one case).
func selectKind(op *lockset.ChanOp) (try, alone bool) {
	if op.Select == nil {
		return false, true
	}
	for _, c := range op.Select.Body.List {
		if c.(*ast.CommClause).Comm == nil {
			try = true
		}
	}
	return try, len(op.Select.Body.List) == 1 && !try
}

type opIn struct {
	op *lockset.ChanOp
	f  *lockset.Func
}

// counterpart returns the operation n on the channel field fv (a send
// if send, else a receive), with the model of its function; the
// function is modelled now if it was not (it has no lock calls, but
// may lock through calls). n is an operation of the function, or a
// call that passes the field to a function that blocks on it.
func (ck *checker) counterpart(ops map[ast.Node]*opIn, u *fieldUses, n ast.Node, fv *types.Var, send bool) *opIn {
	_, isCall := n.(*ast.CallExpr)
	if c := ops[n]; c != nil && !isCall {
		return c
	}
	fn := u.fns[n]
	if fn == nil {
		return nil
	}
	g := ck.model.Model(fn)
	if g == nil || g.Skipped {
		return nil
	}
	for _, op := range g.Ops {
		if op.Node != n {
			continue
		}
		if !isCall && op.Via == nil {
			c := &opIn{op: op, f: g}
			ops[n] = c
			return c
		}
		if isCall && op.Via != nil && op.Field != nil && sameField(op.Field, fv) && op.Send == send && !op.Wait {
			return &opIn{op: op, f: g}
		}
	}
	return nil
}

// argBlock returns the kind of blocking operation (lockset.BlockSend,
// ...) that the static call of a function of the package performs on
// its argument arg, a field passed as is, or 0.
func (ck *checker) argBlock(call *ast.CallExpr, arg ast.Expr) uint8 {
	fn := typeutilCallee(ck.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() != ck.pass.Pkg || call.Ellipsis.IsValid() {
		return 0
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := ck.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
			return 0 // T.m(recv, args...): the arguments are shifted
		}
	}
	i := indexOf(call.Args, arg)
	if i < 0 {
		return 0
	}
	for _, a := range call.Args {
		if a != call.Args[i] && ast.Unparen(a) == arg {
			return 0
		}
	}
	var op uint8
	for _, b := range ck.model.Blocks(fn) {
		if b.Root == i && b.Path == "" {
			if op != 0 && op != b.Op {
				return 0 // sends and receives
			}
			op = b.Op
		}
	}
	return op
}

// typeutilCallee returns the function or method that call statically
// calls, or nil.
func typeutilCallee(info *types.Info, call *ast.CallExpr) *types.Func {
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
		if s := info.Selections[f]; s != nil && (s.Kind() == types.FieldVal || types.IsInterface(s.Recv())) {
			return nil // a function field, an interface method
		}
		id = f.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

// A lockedCounterpart is a counterpart of a blocked operation that
// locks the mutex first: at pos (through the calls via), holding it at
// its operation if atOp.
type lockedCounterpart struct {
	c    *opIn
	pos  token.Pos
	name string
	via  []*types.Func
	atOp bool
}

// lockedFirst returns the counterparts that the use n of the channel
// field fv stands for (the operation n, or, when n is in a function of
// the package that only its callers in the package call, each of those
// calls), if each locks the mutex of l's field first (see locksFirst);
// nil otherwise.
func (ck *checker) lockedFirst(ops map[ast.Node]*opIn, u *fieldUses, n ast.Node, fv *types.Var, send bool, l *lockset.Lock, held lockset.Mode) []lockedCounterpart {
	if c := ck.counterpart(ops, u, n, fv, send); c != nil {
		if pos, name, via, atOp, ok := ck.locksFirst(c, l, held); ok {
			return []lockedCounterpart{{c, pos, name, via, atOp}}
		}
	}
	// The operation is in a helper (s.next() { return <-s.events }):
	// its callers are the counterparts.
	d, ok := u.fns[n].(*ast.FuncDecl)
	if !ok {
		return nil
	}
	fn, ok := ck.pass.TypesInfo.Defs[d.Name].(*types.Func)
	if !ok {
		return nil
	}
	calls, ok := ck.callSites(fn)
	if !ok || len(calls) == 0 {
		return nil
	}
	var out []lockedCounterpart
	for _, cs := range calls {
		g := ck.model.Model(cs.fn)
		if g == nil || g.Skipped {
			return nil
		}
		var c *opIn
		for _, op := range g.Ops {
			if op.Node == cs.call && op.Via != nil && op.Via[0] == fn && op.Field != nil && sameField(op.Field, fv) && op.Send == send && !op.Wait {
				c = &opIn{op: op, f: g}
				break
			}
		}
		if c == nil {
			return nil // a goroutine, a defer, an unreachable call
		}
		pos, name, via, atOp, ok := ck.locksFirst(c, l, held)
		if !ok {
			return nil
		}
		out = append(out, lockedCounterpart{c, pos, name, via, atOp})
	}
	return out
}

// A callSite is a static call of a function and the function (a
// declaration or literal) that makes it.
type callSite struct {
	call *ast.CallExpr
	fn   ast.Node
}

// callSites returns every call of fn, an unexported function or method
// of the package, or false if fn is used otherwise (a function value,
// a method value), may be called through an interface (a method whose
// name an interface of the package declares), or is used outside the
// files of the syntax index.
func (ck *checker) callSites(fn *types.Func) ([]callSite, bool) {
	if s, ok := ck.sites[fn]; ok {
		return s.list, s.ok
	}
	list, ok := ck.findCallSites(fn)
	if ck.sites == nil {
		ck.sites = make(map[*types.Func]*sites)
	}
	ck.sites[fn] = &sites{list, ok}
	return list, ok
}

type sites struct {
	list []callSite
	ok   bool
}

func (ck *checker) findCallSites(fn *types.Func) ([]callSite, bool) {
	if fn.Exported() || fn.Pkg() != ck.pass.Pkg {
		return nil, false
	}
	info := ck.pass.TypesInfo
	total := 0
	for id, obj := range info.Uses {
		if f, ok := obj.(*types.Func); ok && f.Origin() == fn {
			total++
		}
		if fn.Signature().Recv() != nil && id.Name == fn.Name() {
			if f, ok := obj.(*types.Func); ok && f.Signature().Recv() != nil && types.IsInterface(f.Signature().Recv().Type()) {
				return nil, false // an interface method of that name
			}
		}
	}
	sc := ck.pass.ResultOf[scope.Analyzer].(*scope.Result)
	var out []callSite
	found := 0
	for cur := range sc.Index.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		f, ok := info.Uses[id].(*types.Func)
		if !ok || f.Origin() != fn {
			continue
		}
		found++
		fun := cur
		if sel, ok := fun.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == id {
			fun = fun.Parent()
		}
		for {
			switch fun.Parent().Node().(type) {
			case *ast.ParenExpr, *ast.IndexExpr, *ast.IndexListExpr:
				fun = fun.Parent()
				continue
			}
			break
		}
		call, ok := fun.Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun != fun.Node() {
			return nil, false // a value
		}
		var encl ast.Node
		for fc := range fun.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			encl = fc.Node()
			break
		}
		if encl == nil {
			return nil, false
		}
		out = append(out, callSite{call, encl})
	}
	if found != total {
		return nil, false
	}
	return out, true
}

// opField returns the unexported channel or WaitGroup field of a
// package type that op operates on, and the key of the value it is a
// field of.
func (ck *checker) opField(op *lockset.ChanOp) (*types.Var, lockset.Key, bool) {
	if op.Via == nil {
		return ck.chanField(op.Chan)
	}
	fv := op.Field
	if fv == nil || fv.Exported() || fv.Pkg() != ck.pass.Pkg || op.Owner.Root == nil {
		return nil, lockset.Key{}, false
	}
	return fv, op.Owner, true
}

// opName returns the channel or WaitGroup of op as its function names
// it.
func opName(op *lockset.ChanOp) string {
	if op.Via != nil {
		return op.Name
	}
	return types.ExprString(op.Chan)
}

// viaRelated returns the related positions of the operation that op
// performs through its calls: each call of the chain, and the
// operation.
func viaRelated(op *lockset.ChanOp, verb string) []analysis.RelatedInformation {
	last := op.Via[len(op.Via)-1]
	return append(chainRelated(op.Via, op.Calls), analysis.RelatedInformation{Pos: op.Site, Message: fmt.Sprintf("%s %s %s here", funcName(last), verb, op.Name)})
}

// chainRelated returns a related position for each call of a chain of
// calls: via[i] calls via[i+1] at calls[i].
func chainRelated(via []*types.Func, calls []token.Pos) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for i, pos := range calls {
		if i+1 >= len(via) || !pos.IsValid() {
			break
		}
		out = append(out, analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf("%s calls %s here", funcName(via[i]), funcName(via[i+1]))})
	}
	return out
}

// through returns " through F" for an acquisition through the calls
// via, "" for a direct one.
func through(via []*types.Func) string {
	if len(via) == 0 {
		return ""
	}
	var names []string
	for _, fn := range via {
		names = append(names, funcName(fn))
	}
	return " through " + strings.Join(names, ", ")
}

// sameField reports whether obj is the field fv (of any instance of a
// generic type).
func sameField(obj types.Object, fv *types.Var) bool {
	v, ok := obj.(*types.Var)
	return ok && (v == fv || v.Origin() == fv.Origin())
}

// stmtCalls reports whether the statement s evaluates call at its top:
// call(), x := call(), var x = call().
func stmtCalls(s ast.Stmt, call *ast.CallExpr) bool {
	switch s := s.(type) {
	case *ast.ExprStmt:
		return ast.Unparen(s.X) == call
	case *ast.AssignStmt:
		for _, r := range s.Rhs {
			if ast.Unparen(r) == call {
				return true
			}
		}
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok {
			for _, spec := range g.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok {
					for _, v := range vs.Values {
						if ast.Unparen(v) == call {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

func appendName(names []string, n string) []string {
	for _, x := range names {
		if x == n {
			return names
		}
	}
	return append(names, n)
}

// lockField returns the field name of a lock: "mu" for r.mu.
func lockField(l *lockset.Lock) string {
	if i := strings.LastIndex(l.Key.Path, "."); i >= 0 {
		return l.Key.Path[i+1:]
	}
	return l.Key.Path
}

// chanField returns the unexported channel field of a package type
// that ch selects, and the key of the value it is selected from.
func (ck *checker) chanField(ch ast.Expr) (*types.Var, lockset.Key, bool) {
	sel, ok := ast.Unparen(ch).(*ast.SelectorExpr)
	if !ok {
		return nil, lockset.Key{}, false
	}
	s := ck.pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return nil, lockset.Key{}, false
	}
	fv, ok := s.Obj().(*types.Var)
	if !ok || fv.Exported() || fv.Pkg() != ck.pass.Pkg || len(s.Index()) != 1 {
		return nil, lockset.Key{}, false
	}
	owner, ok := ck.model.KeyOf(sel.X)
	return fv, owner, ok && owner.Root != nil
}

// heldOn returns the locks of f held for certain at op that are fields
// of the value owner.
func heldOn(f *lockset.Func, op *lockset.ChanOp, owner lockset.Key) []*lockset.Lock {
	var out []*lockset.Lock
	for _, l := range locks(f) {
		if op.Held[l.Key].Held() && l.Key.Root == owner.Root && parentPath(l.Key.Path) == owner.Path && l.Key.Path != owner.Path {
			out = append(out, l)
		}
	}
	return out
}

func parentPath(p string) string {
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[:i]
	}
	return ""
}

// locksFirst reports whether the counterpart c must lock the mutex of
// the same field as l, of the value that owns its channel, before its
// operation, in a mode that conflicts with held; it returns where
// (through which calls), and whether c holds it at the operation
// itself.
func (ck *checker) locksFirst(c *opIn, l *lockset.Lock, held lockset.Mode) (token.Pos, string, []*types.Func, bool, bool) {
	_, owner, ok := ck.opField(c.op)
	if !ok {
		return token.NoPos, "", nil, false, false
	}
	field := lockField(l)
	want := owner.Path
	if want != "" {
		want += "."
	}
	want += field
	match := func(k lockset.Key, m lockset.Mode) bool {
		if k.Root != owner.Root || k.Path != want {
			return false
		}
		if cl := c.f.Locks[k]; cl == nil || cl.Escapes || cl.Try {
			return false
		}
		return !(m == lockset.Read && held == lockset.Read)
	}
	for k, m := range c.op.Held {
		if match(k, m) {
			return c.op.HeldAt[k], c.f.Locks[k].Name, nil, true, true
		}
	}
	// A loop around the operation that locks it on every iteration,
	// directly or through a call of a function that locks it on every
	// path (and may release it before returning).
	loop := innermostLoop(c.f.Body, c.op.Node)
	if loop == nil {
		return token.NoPos, "", nil, false, false
	}
	body := loopBody(loop)
	for _, a := range c.f.Acquires {
		if a.Via == nil && a.Released || !match(a.Lock.Key, a.Mode) {
			continue
		}
		for _, s := range body.List {
			if stmtCalls(s, a.Call) {
				return a.Call.Pos(), a.Lock.Name, a.Via, false, true
			}
		}
	}
	return token.NoPos, "", nil, false, false
}

// innermostLoop returns the innermost for or range statement of body
// (outside function literals) whose body contains n, or the range
// statement n itself.
func innermostLoop(body *ast.BlockStmt, n ast.Node) ast.Stmt {
	if r, ok := n.(*ast.RangeStmt); ok {
		return r
	}
	var loop ast.Stmt
	ast.Inspect(body, func(x ast.Node) bool {
		if x == nil || x.Pos() > n.Pos() || x.End() < n.End() {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			if x.Body.Pos() <= n.Pos() && n.End() <= x.Body.End() {
				loop = x
			}
		case *ast.RangeStmt:
			if x.Body.Pos() <= n.Pos() && n.End() <= x.Body.End() {
				loop = x
			}
		}
		return true
	})
	return loop
}

// usesOf classifies every use of the channel field fv in the package,
// or returns nil if some use is outside the files of the syntax index
// (a file with no channel operation: the field escapes there).
func (ck *checker) usesOf(fv *types.Var) *fieldUses {
	total := 0
	for _, obj := range ck.pass.TypesInfo.Uses {
		if sameField(obj, fv) {
			total++
		}
	}
	sc := ck.pass.ResultOf[scope.Analyzer].(*scope.Result)
	u := &fieldUses{closed: true, fns: make(map[ast.Node]ast.Node)}
	found, makes := 0, 0
	info := ck.pass.TypesInfo
	for cur := range sc.Index.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if !sameField(info.Uses[id], fv) {
			continue
		}
		found++
		parent := cur.Parent()
		switch p := parent.Node().(type) {
		case *ast.KeyValueExpr:
			if p.Key == id && unbufferedMake(info, p.Value) {
				makes++
				continue
			}
		case *ast.SelectorExpr:
			gp := parent.Parent()
			for {
				if _, ok := gp.Node().(*ast.ParenExpr); !ok {
					break
				}
				gp = gp.Parent()
			}
			fn := func() ast.Node {
				for fc := range gp.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
					return fc.Node()
				}
				return nil
			}
			switch g := gp.Node().(type) {
			case *ast.SendStmt:
				if ast.Unparen(g.Chan) == p {
					u.sends = append(u.sends, g)
					u.fns[g] = fn()
					continue
				}
			case *ast.UnaryExpr:
				if g.Op == token.ARROW {
					u.recvs = append(u.recvs, g)
					u.fns[g] = fn()
					continue
				}
			case *ast.RangeStmt:
				if ast.Unparen(g.X) == p {
					u.recvs = append(u.recvs, g)
					u.fns[g] = fn()
					continue
				}
			case *ast.CallExpr:
				if id, ok := ast.Unparen(g.Fun).(*ast.Ident); ok {
					if b, ok := info.Uses[id].(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
						continue
					}
				}
				// Passed to a function of the package that only sends
				// on it or only receives from it.
				switch ck.argBlock(g, p) {
				case lockset.BlockSend:
					u.sends = append(u.sends, g)
					u.fns[g] = fn()
					continue
				case lockset.BlockRecv:
					u.recvs = append(u.recvs, g)
					u.fns[g] = fn()
					continue
				}
			case *ast.AssignStmt:
				if len(g.Lhs) == len(g.Rhs) {
					i := indexOf(g.Lhs, p)
					if i >= 0 && unbufferedMake(info, g.Rhs[i]) {
						makes++
						continue
					}
				}
			}
		}
		return &fieldUses{} // any other use: the channel escapes, is closed or may be buffered
	}
	if found != total || makes == 0 {
		return &fieldUses{}
	}
	return u
}

func indexOf(list []ast.Expr, e ast.Expr) int {
	for i, x := range list {
		if ast.Unparen(x) == e {
			return i
		}
	}
	return -1
}

// unbufferedMake reports whether e is make(chan T) or make(chan T, 0).
func unbufferedMake(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "make" {
		return false
	}
	switch len(call.Args) {
	case 1:
		return true
	case 2:
		tv := info.Types[call.Args[1]]
		return tv.Value != nil && tv.Value.String() == "0"
	}
	return false
}

// heldWG reports wg.Wait() called while holding a mutex M of the same
// value, when every wg.Done() on that WaitGroup field in the package is
// in a function that locks M unconditionally first: at the top level
// of its body before the Done, or anywhere at the top level for a
// deferred Done. A goroutine that has not yet locked M cannot reach its
// Done while the waiter holds M. The WaitGroup must be an unexported
// field of a type of the package used only through Add, Done and Wait
// (no Go, no address taken).
func (ck *checker) heldWG(f *lockset.Func, op *lockset.ChanOp) {
	fv, owner, ok := ck.opField(op)
	if !ok {
		return
	}
	held := heldOn(f, op, owner)
	if len(held) == 0 {
		return
	}
	dones, ok := ck.wgDones(fv)
	if !ok || len(dones) == 0 {
		return
	}
	for _, l := range held {
		var related []analysis.RelatedInformation
		var names []string
		lname := ""
		all := true
		for _, d := range dones {
			lds, ok := ck.lockedFirstAt(d, l, op.Held[l.Key], 0)
			if !ok {
				all = false
				break
			}
			for _, ld := range lds {
				names = appendName(names, ld.g.Name)
				if lname == "" {
					lname = ld.name
				} else if lname != ld.name {
					lname = lockField(l)
				}
				related = append(related,
					analysis.RelatedInformation{Pos: ld.pos, Message: fmt.Sprintf("%s locks %s%s here", ld.g.Name, ld.name, through(ld.via))},
					analysis.RelatedInformation{Pos: ld.d.call.Pos(), End: ld.d.call.End(), Message: "before this " + ld.d.what("Done", "calls Done")})
			}
		}
		if !all {
			continue
		}
		who := fmt.Sprintf("the only goroutine that calls Done, %s,", names[0])
		if len(names) > 1 {
			who = fmt.Sprintf("every function that calls Done (%s)", strings.Join(names, ", "))
		}
		related = append([]analysis.RelatedInformation{{Pos: op.HeldAt[l.Key], Message: l.Name + " is locked here"}}, related...)
		call := op.Node.(*ast.CallExpr)
		doing := "waiting on " + opName(op)
		if op.Via != nil {
			doing = fmt.Sprintf("calling %s, which waits on %s", types.ExprString(call.Fun), op.Name)
			related = append(related, viaRelated(op, "waits on")...)
		}
		ck.r.Report(analysis.Diagnostic{
			Pos:      call.Pos(),
			End:      call.End(),
			Category: catWait,
			Message: fmt.Sprintf("%s holds %s while %s; %s locks %s before it (possible deadlock): unlock %s first",
				f.Name, l.Name, doing, who, lname, l.Name),
			Related: related,
		})
		return
	}
}

// A done is a wg.Done() call (or a Signal or Broadcast) and the
// function it is in; or a call of a helper of the package that makes
// it, standing for it.
type done struct {
	call     *ast.CallExpr
	deferred bool
	fn       ast.Node // *ast.FuncDecl or *ast.FuncLit

	// For a call of a helper: the value that owns the WaitGroup or
	// condition variable, as the caller names it, and the helpers
	// called, outermost first.
	owner  lockset.Key
	helper []*types.Func
}

// what describes d for messages: "Done" for the call itself, "call of
// finish, which calls Done" for a helper's call.
func (d done) what(self, verb string) string {
	if d.helper == nil {
		return self
	}
	return fmt.Sprintf("call of %s, which %s", funcName(d.helper[0]), verb)
}

// A lockedDone is a Done (or wake-up) that g makes after locking a
// mutex at pos (through the calls via).
type lockedDone struct {
	d    done
	g    *lockset.Func
	pos  token.Pos
	name string
	via  []*types.Func
}

// lockedFirstAt returns the functions that make the Done (or wake-up)
// d after locking the mutex of l's field first (see lockedBefore): the
// function of d, or, when d is in an unexported function of the
// package called only statically (a helper: p.finish() { p.wg.Done() }),
// each of its callers, which must lock before the call (depth counts
// the helpers climbed). A helper started by a go statement runs
// without its caller's locks: false.
func (ck *checker) lockedFirstAt(d done, l *lockset.Lock, held lockset.Mode, depth int) ([]lockedDone, bool) {
	g := ck.model.Model(d.fn)
	if g == nil || g.Skipped {
		return nil, false
	}
	if pos, name, via, ok := ck.lockedBefore(g, d, l, held); ok {
		return []lockedDone{{d, g, pos, name, via}}, true
	}
	if depth >= 3 {
		return nil, false
	}
	calls, ok := ck.helperCalls(d)
	if !ok {
		return nil, false
	}
	var out []lockedDone
	for _, c := range calls {
		lds, ok := ck.lockedFirstAt(c, l, held, depth+1)
		if !ok {
			return nil, false
		}
		out = append(out, lds...)
	}
	return out, true
}

// helperCalls returns the calls of the function of d, an unexported
// function or method of the package used only in static calls, as
// dones that stand for d: each names the owner of d's WaitGroup or
// condition variable (a field of the receiver or of a parameter of the
// helper) as its caller does. False if there is no such call, a call
// is a go statement, or the owner is not under the receiver or a
// parameter.
func (ck *checker) helperCalls(d done) ([]done, bool) {
	decl, ok := d.fn.(*ast.FuncDecl)
	if !ok {
		return nil, false
	}
	fn, ok := ck.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok {
		return nil, false
	}
	owner, ok := ck.doneOwner(d)
	if !ok || owner.Root == nil {
		return nil, false
	}
	sig := fn.Signature()
	root := -2
	if sig.Recv() != nil && owner.Root == types.Object(sig.Recv()) {
		root = -1
	}
	for i := range sig.Params().Len() {
		if owner.Root == types.Object(sig.Params().At(i)) {
			root = i
		}
	}
	if root == -2 || assigned(ck.pass.TypesInfo, decl.Body, owner.Root) {
		return nil, false
	}
	sites, ok := ck.callSites(fn)
	if !ok || len(sites) == 0 {
		return nil, false
	}
	var out []done
	for _, cs := range sites {
		var arg ast.Expr
		if root == -1 {
			sel, ok := ast.Unparen(cs.call.Fun).(*ast.SelectorExpr)
			if !ok {
				return nil, false
			}
			if s := ck.pass.TypesInfo.Selections[sel]; s == nil || s.Kind() != types.MethodVal {
				return nil, false
			}
			arg = sel.X
		} else {
			if cs.call.Ellipsis.IsValid() || root >= len(cs.call.Args) {
				return nil, false
			}
			if sel, ok := ast.Unparen(cs.call.Fun).(*ast.SelectorExpr); ok {
				if s := ck.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
					return nil, false // T.m(recv, args...): the arguments are shifted
				}
			}
			arg = cs.call.Args[root]
		}
		if u, ok := ast.Unparen(arg).(*ast.UnaryExpr); ok && u.Op == token.AND {
			arg = u.X
		}
		k, ok := ck.model.KeyOf(arg)
		if !ok || k.Root == nil {
			return nil, false
		}
		if owner.Path != "" {
			if k.Path != "" {
				k.Path += "."
			}
			k.Path += owner.Path
		}
		c := done{call: cs.call, fn: cs.fn, owner: k, helper: append([]*types.Func{fn}, d.helper...)}
		switch stmtOf(cs.fn, cs.call).(type) {
		case *ast.GoStmt:
			return nil, false // runs without the caller's locks
		case *ast.DeferStmt:
			c.deferred = true
		}
		out = append(out, c)
	}
	return out, true
}

// stmtOf returns the go or defer statement whose call is call, in the
// function fn, or nil.
func stmtOf(fn ast.Node, call *ast.CallExpr) ast.Stmt {
	var out ast.Stmt
	ast.Inspect(fn, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.GoStmt:
			if s.Call == call {
				out = s
			}
		case *ast.DeferStmt:
			if s.Call == call {
				out = s
			}
		}
		return out == nil
	})
	return out
}

// assigned reports whether body assigns the variable obj (or takes its
// address).
func assigned(info *types.Info, body *ast.BlockStmt, obj types.Object) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.Uses[id] == obj {
					found = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.Uses[id] == obj {
				found = true
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

// doneOwner returns the key of the value that owns the WaitGroup or
// condition variable of d: p for p.wg.Done().
func (ck *checker) doneOwner(d done) (lockset.Key, bool) {
	if d.helper != nil {
		return d.owner, true
	}
	sel, ok := ast.Unparen(d.call.Fun).(*ast.SelectorExpr)
	if !ok {
		return lockset.Key{}, false
	}
	x, ok := ast.Unparen(sel.X).(*ast.SelectorExpr)
	if !ok {
		return lockset.Key{}, false
	}
	return ck.model.KeyOf(x.X)
}

// wgDones returns the Done calls on the WaitGroup field fv, or false if
// the field is used other than by Add, Done and Wait calls (or a use is
// outside the syntax index).
func (ck *checker) wgDones(fv *types.Var) ([]done, bool) {
	total := 0
	for _, obj := range ck.pass.TypesInfo.Uses {
		if sameField(obj, fv) {
			total++
		}
	}
	sc := ck.pass.ResultOf[scope.Analyzer].(*scope.Result)
	info := ck.pass.TypesInfo
	var out []done
	found := 0
	for cur := range sc.Index.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if !sameField(info.Uses[id], fv) {
			continue
		}
		found++
		sel, ok := cur.Parent().Node().(*ast.SelectorExpr)
		if !ok || sel.Sel != id {
			return nil, false
		}
		if u, ok := cur.Parent().Parent().Node().(*ast.UnaryExpr); ok && u.Op == token.AND {
			if call, ok := cur.Parent().Parent().Parent().Node().(*ast.CallExpr); ok && ck.argBlock(call, u) == lockset.BlockWait {
				continue // &x.wg passed to a function that only waits on it
			}
			return nil, false
		}
		method, ok := cur.Parent().Parent().Node().(*ast.SelectorExpr)
		if !ok || method.X != sel {
			return nil, false
		}
		callCur := cur.Parent().Parent().Parent()
		call, ok := callCur.Node().(*ast.CallExpr)
		if !ok || call.Fun != method {
			return nil, false // a method value
		}
		switch method.Sel.Name {
		case "Add", "Wait":
		case "Done":
			d := done{call: call}
			if _, ok := callCur.Parent().Node().(*ast.DeferStmt); ok {
				d.deferred = true
			}
			for fc := range callCur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
				d.fn = fc.Node()
				break
			}
			if d.fn == nil {
				return nil, false
			}
			out = append(out, d)
		default:
			return nil, false // Go, or any other method
		}
	}
	if found != total {
		return nil, false
	}
	return out, true
}

// lockedBefore reports whether g locks the mutex of l's field, on the
// value that owns the WaitGroup of d, with a lock call (or a call of a
// function that locks it on every path) at the top level of its body:
// before the statement of the Done, or anywhere for a deferred Done; in
// a mode that conflicts with held.
func (ck *checker) lockedBefore(g *lockset.Func, d done, l *lockset.Lock, held lockset.Mode) (token.Pos, string, []*types.Func, bool) {
	owner, ok := ck.doneOwner(d)
	if !ok || owner.Root == nil {
		return token.NoPos, "", nil, false
	}
	want := owner.Path
	if want != "" {
		want += "."
	}
	want += lockField(l)
	for _, a := range g.Acquires {
		k := a.Lock.Key
		if a.Via == nil && a.Released || k.Root != owner.Root || k.Path != want || a.Lock.Escapes || a.Lock.Try {
			continue
		}
		if a.Mode == lockset.Read && held == lockset.Read {
			continue
		}
		for _, s := range g.Body.List {
			if !stmtCalls(s, a.Call) {
				continue
			}
			if d.deferred || s.End() <= d.call.Pos() {
				return a.Call.Pos(), a.Lock.Name, a.Via, true
			}
		}
	}
	return token.NoPos, "", nil, false
}
