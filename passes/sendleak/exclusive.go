package sendleak

import (
	"go/ast"
	"slices"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/cfg"
)

// Exclusive signals.
//
// A goroutine often ends with exactly one of two signals:
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
// When no path of the goroutine passes both a blocking send on c and a
// signal (a send or close) on another channel d, in either order, and
// that goroutine is the only one to signal on d, then a value received
// from d tells that the goroutine took a path without sends on c: it
// owes nothing more. The sends on c and the signals on d are mutually
// exclusive last acts.

// exclusiveSignals returns the channels d whose signals in the single
// goroutine s are exclusive with its blocking sends on c: no path passes
// both.
func (ch *checker) exclusiveSignals(c *chanflow.Chan, s *sender) map[*chanflow.Chan]bool {
	if !s.lit || len(s.sends) == 0 || len(s.g.Loops) > 0 {
		return nil
	}
	lit := s.g.Lit
	signals := make(map[*chanflow.Chan][]ast.Node)
	var order []*chanflow.Chan
	for _, op := range lit.Ops {
		if op.Chan == c || op.Chan == nil {
			continue
		}
		switch op.Kind {
		case chanflow.Send, chanflow.Close:
			if signals[op.Chan] == nil {
				order = append(order, op.Chan)
			}
			signals[op.Chan] = append(signals[op.Chan], op.Node)
		}
	}
	if len(order) == 0 {
		return nil
	}
	g := ch.funcCFG(lit)
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
			for _, send := range s.sends {
				if reaches(g, at, send, sig) || reaches(g, at, sig, send) {
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
				case chanflow.Arg, chanflow.Return, chanflow.Escape, chanflow.Capture:
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
