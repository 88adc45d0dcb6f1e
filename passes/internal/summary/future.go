package summary

import (
	"go/ast"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/cfg"
)

// future returns the Future of f, or nil: f makes a channel with a
// constant capacity, starts one goroutine (not in a loop) that sends on
// it without a way out, neither f nor anyone else receives from it or
// keeps it, and every return that mentions it returns it as the same
// result.
//
//	func fetch(url string) <-chan result {
//		ch := make(chan result)
//		go func() { ch <- get(url) }()
//		return ch
//	}
func (s *summarizer) future(f *chanflow.Func) *Future {
	sig := f.Obj.Signature()
	returnsChan := false
	for i := range sig.Results().Len() {
		if _, ok := sig.Results().At(i).Type().Underlying().(*types.Chan); ok {
			returnsChan = true
		}
	}
	if !returnsChan {
		return nil
	}
	var fut *Future
	for _, c := range s.chansOf[f] {
		if c.Param || c.Make == nil {
			continue
		}
		if fu := s.futureChan(f, c); fu != nil {
			if fut != nil {
				return nil // two futures: not followed
			}
			fut = fu
		}
	}
	return fut
}

func (s *summarizer) futureChan(f *chanflow.Func, c *chanflow.Chan) *Future {
	info := s.pass.TypesInfo
	capK := int64(0)
	if c.Cap != nil {
		k, ok := chanflow.ConstInt(info, c.Cap)
		if !ok {
			return nil
		}
		capK = k
	}
	result := -1
	// The goroutines that send, in the order of their go statements:
	// literals with their blocking sends, named functions with the
	// summary of the parameter c is passed as.
	type feeder struct {
		g     *chanflow.Go
		sends []*chanflow.Op
		named *Param
		arg   *ast.Ident
	}
	var feeders []*feeder
	feederOf := func(g *chanflow.Go) *feeder {
		for _, fd := range feeders {
			if fd.g == g {
				return fd
			}
		}
		fd := &feeder{g: g}
		feeders = append(feeders, fd)
		return fd
	}
	for _, op := range c.Ops {
		switch op.Kind {
		case chanflow.Other:
			continue
		case chanflow.Return:
			if op.Func != f {
				return nil
			}
			idx := resultIndex(op)
			if idx < 0 || result >= 0 && idx != result {
				return nil
			}
			result = idx
			continue
		case chanflow.Close:
			continue
		case chanflow.Arg:
			if op.Func != f || op.Go == nil || op.Callee == nil {
				return nil
			}
			p := s.calleeParam(op)
			if p == nil || !p.Sends() || p.SendsOut || p.MaxSend == Unknown {
				return nil
			}
			og := s.flow.GoOf(op.Go)
			if og == nil {
				return nil
			}
			fd := feederOf(og)
			if fd.named != nil || len(fd.sends) > 0 {
				return nil // passed twice to one goroutine
			}
			fd.named, fd.arg = p, op.Ident
			continue
		case chanflow.Send, chanflow.SelectSend:
			lf := op.Func
			if lf == nil || lf.Go == nil || lf.Go.Func != f {
				return nil
			}
			if op.Kind == chanflow.SelectSend && op.Select != nil && len(op.Select.Body.List) > 1 {
				return nil // the goroutine has a way out
			}
			fd := feederOf(lf.Go)
			if fd.named != nil {
				return nil
			}
			fd.sends = append(fd.sends, op)
			continue
		}
		return nil // a receive, an escape
	}
	if result < 0 || len(feeders) == 0 {
		return nil
	}
	fu := &Future{Result: result, Name: c.Name(), Cap: int(capK), mk: c.Make, Goroutines: len(feeders), Endless: true}
	for _, fd := range feeders {
		g := fd.g
		if len(g.Loops) > 0 {
			return nil // goroutines started in a loop: not counted
		}
		var lo, hi int
		if fd.named != nil {
			lo, hi = fd.named.MinSend, fd.named.MaxSend
			fu.Endless = false // not known
			if fu.send == nil {
				fu.send = fd.arg
			}
		} else {
			if g.Lit == nil || len(fd.sends) == 0 {
				return nil
			}
			gr := s.cfgs.Func(g.Lit.Node)
			if gr == nil {
				return nil
			}
			ws := map[ast.Node]weight{}
			for _, op := range fd.sends {
				ws[op.Node] = weight{1, 1, inLoopBody(op, op.Node)}
			}
			lo, hi = pathCounts(gr, byNode(gr, ws), nil)
			if fu.send == nil {
				fu.send = fd.sends[0].Node
			}
			for _, b := range gr.Blocks {
				if b.Live && len(b.Succs) == 0 {
					fu.Endless = false // the goroutine can end
				}
			}
		}
		if hi == Unknown || hi == 0 {
			return nil
		}
		fu.MinSend, fu.MaxSend = add(fu.MinSend, lo), add(fu.MaxSend, hi)
		// The go statement must run on every path that returns the
		// channel: it is in f's body, not under a condition that a
		// return of the channel can bypass. Checked simply: no return
		// of the channel before the go statement.
		for _, op := range c.OpsOf(chanflow.Return) {
			if op.Node.Pos() < g.Stmt.Pos() {
				return nil
			}
		}
		if !dominates(s.cfgs.Func(f.Node), g.Stmt) {
			return nil
		}
	}
	return fu
}

// calleeParam returns the summary of the parameter the argument op
// flows into.
func (s *summarizer) calleeParam(op *chanflow.Op) *Param {
	if cf := s.flow.DeclOf(op.Callee); cf != nil {
		sum := s.summarize(cf)
		if sum == nil {
			return nil
		}
		for k := range sum.Params {
			if sum.Params[k].Index == op.Arg {
				return &sum.Params[k]
			}
		}
		return nil
	}
	return s.res.Param(op.Callee, op.Arg)
}

// resultIndex returns the index of the result that op, a Return, is.
func resultIndex(op *chanflow.Op) int {
	ret := op.Node.(*ast.ReturnStmt)
	for i, r := range ret.Results {
		if id, ok := ast.Unparen(r).(*ast.Ident); ok && id == op.Ident {
			return i
		}
	}
	return -1
}

// dominates reports whether every path of g from its entry to a return
// passes through the node n (a statement of g).
func dominates(g *cfg.CFG, n ast.Node) bool {
	if g == nil || len(g.Blocks) == 0 {
		return false
	}
	holds := func(b *cfg.Block) bool {
		for _, x := range b.Nodes {
			if x == n {
				return true
			}
		}
		return false
	}
	seen := map[*cfg.Block]bool{}
	stack := []*cfg.Block{g.Blocks[0]}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] || !b.Live || holds(b) {
			continue
		}
		seen[b] = true
		if IsExit(b) {
			return false
		}
		stack = append(stack, b.Succs...)
	}
	return true
}

// resultType returns the type of result i of fn.
func resultType(fn *types.Func, i int) types.Type {
	res := fn.Signature().Results()
	if i >= res.Len() {
		return nil
	}
	return res.At(i).Type()
}
