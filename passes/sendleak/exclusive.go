package sendleak

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/cfg"
)

// Exclusive signals.
//
// A goroutine often ends with a signal that is its last act:
//
//	go func() {
//		if err != nil {
//			errs <- err
//			return
//		}
//		close(done)
//	}()
//	select {
//	case <-done:      // the goroutine took the other way: it owes nothing on errs
//	case err := <-errs:
//	}
//
//	go func() { // a reader: one error ends it
//		for {
//			msg, err := read()
//			if err != nil {
//				errs <- err
//				return
//			}
//			msgs <- msg
//		}
//	}()
//
// When no path of the goroutine goes on from a signal (a send or close)
// on another channel d to a blocking send on c, and that goroutine is
// the only one to signal on d, then a value received from d tells that
// the goroutine is past its last send on c: the sends before the
// signal have completed, and none follows it. It owes nothing more.
// The goroutine may be a function literal, or a function of the
// package started by "go f(c, d)" with both channels as arguments.

// exclusiveSignals returns the channels d whose signals in the single
// goroutine s are never followed by its blocking sends on c.
func (ch *checker) exclusiveSignals(c *chanflow.Chan, s *sender) map[*chanflow.Chan]bool {
	if len(s.g.Loops) > 0 {
		return nil
	}
	fn, sends, chanOf := ch.senderBody(c, s)
	if fn == nil || len(sends) == 0 {
		return nil
	}
	signals := make(map[*chanflow.Chan][]ast.Node)
	var order []*chanflow.Chan
	for _, op := range fn.Ops {
		d := chanOf(op.Chan)
		if d == nil || d == c {
			continue
		}
		switch op.Kind {
		case chanflow.Send, chanflow.Close:
			if signals[d] == nil {
				order = append(order, d)
			}
			signals[d] = append(signals[d], op.Node)
		}
	}
	if len(order) == 0 {
		return nil
	}
	g := ch.funcCFG(fn)
	if g == nil {
		return nil
	}
	at := nodeIndex(g)
	out := make(map[*chanflow.Chan]bool)
	for _, d := range order {
		if d.Decl != s.g.Func {
			continue
		}
		ok := true
		for _, sig := range signals[d] {
			for _, send := range sends {
				if reaches(g, at, sig, send) {
					ok = false
				}
			}
		}
		if ok {
			out[d] = true
		}
	}
	return out
}

// senderBody returns the body of the goroutine s, its blocking sends on
// c, and the channel of the go statement's function that each channel
// of the body is (nil for others): for a literal, the channels it
// captures; for "go f(c, d)" with f a function of the package, the
// parameters of f bound to channel variables passed as plain
// arguments (f's own channels map to nil).
func (ch *checker) senderBody(c *chanflow.Chan, s *sender) (*chanflow.Func, []ast.Node, func(*chanflow.Chan) *chanflow.Chan) {
	if s.lit {
		sends := make([]ast.Node, len(s.sends))
		for i, send := range s.sends {
			sends[i] = send
		}
		return s.g.Lit, sends, func(d *chanflow.Chan) *chanflow.Chan { return d }
	}
	callee := s.g.Callee
	if callee == nil || callee.Pkg() != ch.pass.Pkg || callee.Signature().Variadic() {
		return nil, nil, nil
	}
	decl := ch.declOf(callee)
	if decl == nil {
		return nil, nil, nil
	}
	fn := ch.res.FuncOf(decl)
	if fn == nil {
		return nil, nil, nil
	}
	params := callee.Signature().Params()
	bound := make(map[*chanflow.Chan]*chanflow.Chan) // the callee's parameter: the caller's channel
	for i, arg := range s.g.Stmt.Call.Args {
		id, ok := ast.Unparen(arg).(*ast.Ident)
		if !ok || i >= params.Len() {
			continue
		}
		v, ok := ch.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok {
			continue
		}
		if d := ch.res.ChanOf(v); d != nil {
			if p := ch.res.ChanOf(params.At(i)); p != nil && p.Decl == fn {
				bound[p] = d
			}
		}
	}
	var sends []ast.Node
	for _, op := range fn.Ops {
		if bound[op.Chan] == c {
			switch op.Kind {
			case chanflow.Send:
				sends = append(sends, op.Node)
			case chanflow.SelectSend:
				if !hasWayOut(op) {
					sends = append(sends, op.Node)
				}
			}
		}
	}
	return fn, sends, func(d *chanflow.Chan) *chanflow.Chan { return bound[d] }
}

// declOf returns the declaration of fn, a function of the package, or
// nil.
func (ch *checker) declOf(fn *types.Func) *ast.FuncDecl {
	if ch.decls == nil {
		ch.decls = make(map[*types.Func]*ast.FuncDecl)
		for _, f := range ch.pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					if obj, ok := ch.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
						ch.decls[obj] = fd
					}
				}
			}
		}
	}
	return ch.decls[fn.Origin()]
}

// settlers returns, for each channel d whose receipt in F settles one of
// the senders ss on c, the numbers of the senders it may come from:
// every goroutine that signals on d is one of ss, for which d is
// exclusive (see exclusiveSignals), and d goes nowhere else.
func (ch *checker) settlers(c *chanflow.Chan, ss []*sender) map[*chanflow.Chan][]uint {
	excl := make([]map[*chanflow.Chan]bool, len(ss))
	some := false
	for i, s := range ss {
		excl[i] = ch.exclusiveSignals(c, s)
		some = some || len(excl[i]) > 0
	}
	if !some {
		return nil
	}
	out := make(map[*chanflow.Chan][]uint)
	for i := range ss {
		for d := range excl[i] {
			if _, done := out[d]; done {
				continue
			}
			var from []uint
			ok := true
			for _, op := range d.Ops {
				switch op.Kind {
				case chanflow.Send, chanflow.SelectSend, chanflow.Close:
					j := slices.IndexFunc(ss, func(s *sender) bool { return s.lit && s.g.Lit == op.Func })
					if j < 0 || !excl[j][d] {
						ok = false
					} else if !slices.Contains(from, uint(j)) {
						from = append(from, uint(j))
					}
				case chanflow.Arg:
					// d handed to a sender started as "go f(c, d)".
					j := slices.IndexFunc(ss, func(s *sender) bool { return !s.lit && op.Go != nil && s.g.Stmt == op.Go })
					if j < 0 || !excl[j][d] {
						ok = false
					} else if !slices.Contains(from, uint(j)) {
						from = append(from, uint(j))
					}
				case chanflow.Return, chanflow.Escape, chanflow.Capture:
					ok = false
				}
			}
			if ok && !d.Param {
				out[d] = from
			} else {
				out[d] = nil
			}
		}
	}
	for d, from := range out {
		if len(from) == 0 {
			delete(out, d)
		}
	}
	return out
}

// A nodePos locates a CFG node: its block and index.
type nodePos struct {
	b *cfg.Block
	i int
}

// nodeIndex maps each statement or expression of g that holds one of
// interest to its position; nodes are matched by containment.
func nodeIndex(g *cfg.CFG) []nodePos {
	var all []nodePos
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i := range b.Nodes {
			all = append(all, nodePos{b, i})
		}
	}
	return all
}

// locate returns the CFG position of the node containing n.
func locate(at []nodePos, n ast.Node) (nodePos, bool) {
	for _, p := range at {
		m := p.b.Nodes[p.i]
		if m.Pos() <= n.Pos() && n.End() <= m.End() {
			return p, true
		}
	}
	return nodePos{}, false
}

// reaches reports whether a path of g leads from the node holding
// from to the node holding to (conservatively true when either is not
// found).
func reaches(g *cfg.CFG, at []nodePos, from, to ast.Node) bool {
	pf, ok1 := locate(at, from)
	pt, ok2 := locate(at, to)
	if !ok1 || !ok2 {
		return true
	}
	if pf.b == pt.b && pf.i < pt.i {
		return true
	}
	seen := make(map[*cfg.Block]bool)
	stack := append([]*cfg.Block(nil), pf.b.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if b == pt.b {
			return true
		}
		stack = append(stack, b.Succs...)
	}
	return false
}
