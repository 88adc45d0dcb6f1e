package sendleak

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
)

// A SendsFact records, for a function or method, the channel parameters
// it sends on without a way out: every use of the parameter in the body
// is a blocking send (not in a select with another case), a close, or
// len/cap. Such a function, started as "go f(ch)", is a sender on ch
// exactly like a function literal would be.
type SendsFact struct {
	Params []ParamSends
}

// ParamSends describes one parameter of a SendsFact.
type ParamSends struct {
	Index int    // index among the parameters (the receiver is not counted)
	Name  string // the parameter's name
	Min   int    // fewest sends on a path that returns
	Max   int    // most sends on one path; -1 for sends repeated by a loop
}

// AFact marks SendsFact as an analysis fact.
func (*SendsFact) AFact() {}

// String formats the fact for tests: "sends on out#1 once", "sends on
// out#1 at most once", "sends on out#1 in a loop"; several parameters
// are separated by "; ".
func (f *SendsFact) String() string {
	var parts []string
	for _, p := range f.Params {
		n := "in a loop"
		switch {
		case p.Max == unbounded:
		case p.Min == p.Max:
			n = plural(p.Max)
		default:
			n = "at most " + plural(p.Max)
		}
		parts = append(parts, fmt.Sprintf("sends on %s#%d %s", p.Name, p.Index, n))
	}
	return strings.Join(parts, "; ")
}

// param returns the ParamSends of parameter i, or nil.
func (f *SendsFact) param(i int) *ParamSends {
	for k := range f.Params {
		if f.Params[k].Index == i {
			return &f.Params[k]
		}
	}
	return nil
}

// factOf returns the SendsFact of fn, from this package or an imported one.
func (ch *checker) factOf(fn *types.Func) *SendsFact {
	fn = fn.Origin()
	if fn.Pkg() == ch.pass.Pkg {
		return ch.facts[fn]
	}
	f := new(SendsFact)
	if ch.pass.ImportObjectFact(fn, f) {
		return f
	}
	return nil
}

// exportFacts computes and exports the SendsFact of every function and
// method declared in the package.
func (ch *checker) exportFacts() {
	byFunc := map[*chanflow.Func][]*chanflow.Chan{}
	for _, c := range ch.res.Chans {
		if c.Param && c.Decl != nil && c.Decl.Obj != nil {
			byFunc[c.Decl] = append(byFunc[c.Decl], c)
		}
	}
	for _, f := range ch.res.Funcs {
		cs := byFunc[f]
		if len(cs) == 0 {
			continue
		}
		params := f.Obj.Signature().Params()
		var fact SendsFact
		for _, c := range cs {
			idx := -1
			for i := 0; i < params.Len(); i++ {
				if params.At(i) == c.Var {
					idx = i
				}
			}
			if idx < 0 {
				continue // receiver or named result
			}
			sends, lo, hi := ch.paramSends(f, c)
			if len(sends) == 0 || hi == unknown {
				continue
			}
			fact.Params = append(fact.Params, ParamSends{Index: idx, Name: c.Name(), Min: lo, Max: hi})
		}
		if len(fact.Params) > 0 {
			ch.facts[f.Obj] = &fact
			ch.pass.ExportObjectFact(f.Obj, &fact)
		}
	}
}

// paramSends returns the blocking sends of f on its channel parameter c,
// and their fewest and most on one path, if every use of c in f is a
// send, a close or len/cap. It returns no sends otherwise: f may
// receive from c, pass it on or store it.
func (ch *checker) paramSends(f *chanflow.Func, c *chanflow.Chan) (sends []*ast.SendStmt, lo, hi int) {
	if c.Assigns > 0 {
		return nil, 0, 0 // reassigned
	}
	if t, ok := c.Var.Type().Underlying().(*types.Chan); !ok || t.Dir() == types.RecvOnly {
		return nil, 0, 0
	}
	for _, op := range c.Ops {
		switch op.Kind {
		case chanflow.Other, chanflow.Close:
			continue
		case chanflow.Send, chanflow.SelectSend:
			if op.Func != f {
				return nil, 0, 0 // sent on by a nested function
			}
			if !hasWayOut(op) {
				sends = append(sends, op.Node.(*ast.SendStmt))
			}
			continue
		}
		return nil, 0, 0 // received from, passed on or stored
	}
	if len(sends) == 0 {
		return nil, 0, 0
	}
	lo, hi = ch.sendCounts(ch.funcCFG(f), f, sends)
	return sends, lo, hi
}
