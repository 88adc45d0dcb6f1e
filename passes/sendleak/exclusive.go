package sendleak

import (
	"go/ast"

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

// exclusiveSignals returns the channels d whose receipt in F settles
// what the single goroutine s owes on c (see above).
func (ch *checker) exclusiveSignals(c *chanflow.Chan, s *sender) []*chanflow.Chan {
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
	var out []*chanflow.Chan
	for _, d := range order {
		if d.Decl != s.g.Func || !ch.onlySignaller(d, lit) {
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
			out = append(out, d)
		}
	}
	return out
}

// onlySignaller reports whether every send on and close of d happens
// directly in lit, and d goes nowhere else the model cannot follow.
func (ch *checker) onlySignaller(d *chanflow.Chan, lit *chanflow.Func) bool {
	if d.Param {
		return false
	}
	for _, op := range d.Ops {
		switch op.Kind {
		case chanflow.Send, chanflow.SelectSend, chanflow.Close:
			if op.Func != lit {
				return false
			}
		case chanflow.Arg, chanflow.Return, chanflow.Escape, chanflow.Capture:
			return false
		}
	}
	return true
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
