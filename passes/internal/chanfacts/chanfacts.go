// Package chanfacts records, for every function and method, what it does
// with each of its channel parameters: closes it, lets it escape, ranges
// over it (itself or in a goroutine it starts), or sends on it.
//
// The summaries are exported as facts, so that a pass looking at
// go worker(ch) or produce(ch) knows what worker or produce does with
// ch even when it is declared in another package. Result.Param answers
// for functions of the current package and of its dependencies alike.
package chanfacts

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/chanflow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer computes the *Result of a package and exports a *Params fact
// for each function that has a channel parameter. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "chanfacts",
	Doc:        "summarise what each function does with its channel parameters",
	URL:        "https://pkg.go.dev/github.com/leakvet/leakvet/passes/internal/chanfacts",
	Requires:   []*analysis.Analyzer{chanflow.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(Params)},
}

// Flags describes the uses of one channel parameter.
type Flags uint8

const (
	Closes            Flags = 1 << iota // close(p), possibly in a literal
	Escapes                             // stored, aliased, returned, or passed where we cannot follow
	Ranges                              // for range p, synchronously, with no early exit from the loop
	RangesInGoroutine                   // for range p in a goroutine the function starts
	Sends                               // p <- v, synchronously
)

var flagNames = []string{"closes", "escapes", "ranges", "ranges-in-goroutine", "sends"}

func (f Flags) String() string {
	var parts []string
	for i, n := range flagNames {
		if f&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if parts == nil {
		return "none"
	}
	return strings.Join(parts, "|")
}

// Params is the fact of a function: the flags of each parameter, by
// index; a parameter that is not a channel has Escapes.
type Params struct{ Flags []Flags }

// AFact marks Params as a fact.
func (*Params) AFact() {}

func (p *Params) String() string {
	var parts []string
	for i, f := range p.Flags {
		parts = append(parts, fmt.Sprintf("%d:%s", i, f))
	}
	return "params(" + strings.Join(parts, " ") + ")"
}

// Result answers questions about channel parameters.
type Result struct {
	local    map[*types.Func]*Params
	imported map[*types.Func]*Params
}

// Param returns the flags of parameter i of fn (a generic instance is
// mapped to its declaration), and whether they are known. Unknown
// functions (dynamic calls, functions without a body, parameters that
// are not channels, variadic ones) return false: treat them as escapes.
func (r *Result) Param(fn *types.Func, i int) (Flags, bool) {
	fn = fn.Origin()
	p := r.local[fn]
	if p == nil {
		p = r.imported[fn]
	}
	if p == nil || i >= len(p.Flags) {
		return 0, false
	}
	return p.Flags[i], true
}

func run(pass *analysis.Pass) (any, error) {
	flow := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
	s := &summarizer{
		pass:     pass,
		flow:     flow,
		res:      &Result{local: make(map[*types.Func]*Params), imported: make(map[*types.Func]*Params)},
		visiting: make(map[*chanflow.Func]bool),
	}
	// Import the facts of every function of another package that
	// receives a channel argument here.
	for _, c := range flow.Chans {
		for _, op := range c.OpsOf(chanflow.Arg) {
			if fn := op.Callee; fn != nil && fn.Pkg() != pass.Pkg {
				fn = fn.Origin()
				if _, done := s.res.imported[fn]; done {
					continue
				}
				p := new(Params)
				if pass.ImportObjectFact(fn, p) {
					s.res.imported[fn] = p
				} else {
					s.res.imported[fn] = nil
				}
			}
		}
	}
	for _, f := range flow.Funcs {
		if f.Obj == nil {
			continue
		}
		p := s.summarize(f)
		if p != nil {
			pass.ExportObjectFact(f.Obj, p)
		}
	}
	return s.res, nil
}

type summarizer struct {
	pass     *analysis.Pass
	flow     *chanflow.Result
	res      *Result
	visiting map[*chanflow.Func]bool
}

// summarize computes (once) the Params of a declared function, or nil
// when it has no channel parameter.
func (s *summarizer) summarize(f *chanflow.Func) *Params {
	if p, ok := s.res.local[f.Obj]; ok {
		return p
	}
	if s.visiting[f] {
		return nil // recursion: the caller treats the parameter as escaping
	}
	s.visiting[f] = true
	defer delete(s.visiting, f)

	params := f.Obj.Signature().Params()
	hasChan := false
	flags := make([]Flags, params.Len())
	for i := range flags {
		c := s.flow.ParamChan(f, i)
		if c == nil {
			flags[i] = Escapes
			continue
		}
		hasChan = true
		flags[i] = s.param(f, c)
	}
	var p *Params
	if hasChan {
		p = &Params{Flags: flags}
	}
	s.res.local[f.Obj] = p
	return p
}

// param computes the flags of the channel parameter c of f.
func (s *summarizer) param(f *chanflow.Func, c *chanflow.Chan) Flags {
	var fl Flags
	if c.Assigns > 0 {
		fl |= Escapes // reassigned: the model does not follow it
	}
	for _, op := range c.Ops {
		inGo := goroutineOf(op.Func, f) != nil
		switch op.Kind {
		case chanflow.Close:
			fl |= Closes
		case chanflow.Escape, chanflow.Return:
			fl |= Escapes
		case chanflow.Send, chanflow.SelectSend:
			if !inGo {
				fl |= Sends
			}
		case chanflow.Range:
			if CanLeave(op.Func.Body, op.Node.(*ast.RangeStmt)) {
				continue
			}
			if inGo {
				fl |= RangesInGoroutine
			} else {
				fl |= Ranges
			}
		case chanflow.Arg:
			cf, ok := s.callee(op)
			if !ok {
				fl |= Escapes
				continue
			}
			fl |= cf & (Closes | Escapes | RangesInGoroutine)
			if cf&Ranges != 0 {
				if op.Go != nil || inGo {
					fl |= RangesInGoroutine
				} else {
					fl |= Ranges
				}
			}
			if cf&Sends != 0 && op.Go == nil && !inGo {
				fl |= Sends
			}
		}
	}
	return fl
}

// callee returns the flags of the parameter that the argument op flows
// into.
func (s *summarizer) callee(op *chanflow.Op) (Flags, bool) {
	call := op.Node.(*ast.CallExpr)
	if cf := s.flow.CalleeFunc(s.pass.TypesInfo, call); cf != nil {
		if cf.Obj == nil {
			return 0, false // a literal called directly: rare, not followed
		}
		p := s.summarize(cf)
		if p == nil || op.Arg >= len(p.Flags) {
			return 0, false
		}
		return p.Flags[op.Arg], true
	}
	fn := typeutil.StaticCallee(s.pass.TypesInfo, call)
	if fn == nil {
		return 0, false
	}
	return s.res.Param(fn, op.Arg)
}

// goroutineOf returns the innermost function literal started by a go
// statement that encloses f (f itself included) without leaving decl.
func goroutineOf(f, decl *chanflow.Func) *chanflow.Func {
	for ; f != nil && f != decl; f = f.Parent {
		if f.Go != nil {
			return f
		}
	}
	return nil
}

// CanLeave reports whether the body of the range statement rng, in the
// function body fbody, can leave the loop other than by the end of the
// channel: a return, a break that targets it, a goto, or a labeled
// break or continue to an enclosing statement.
func CanLeave(fbody *ast.BlockStmt, rng *ast.RangeStmt) bool {
	own := labelOf(fbody, rng)
	leaves := false
	var visit func(n ast.Node, depth int) // depth: breakable statements between rng and n
	visit = func(n ast.Node, depth int) {
		ast.Inspect(n, func(n ast.Node) bool {
			if leaves {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // a return there leaves the literal only
			case *ast.ReturnStmt:
				leaves = true
			case *ast.BranchStmt:
				switch {
				case n.Tok == token.GOTO:
					leaves = true
				case n.Label != nil:
					switch {
					case n.Label.Name == own:
						leaves = n.Tok == token.BREAK // continue stays in the loop
					case !labelInside(rng.Body, n.Label.Name):
						leaves = true // targets an enclosing statement
					}
				case n.Tok == token.BREAK && depth == 0:
					leaves = true
				}
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				visit(bodyOf(n), depth+1)
				return false
			}
			return true
		})
	}
	visit(rng.Body, 0)
	return leaves
}

// bodyOf returns the body of a breakable statement.
func bodyOf(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.ForStmt:
		return n.Body
	case *ast.RangeStmt:
		return n.Body
	case *ast.SwitchStmt:
		return n.Body
	case *ast.TypeSwitchStmt:
		return n.Body
	case *ast.SelectStmt:
		return n.Body
	}
	panic("internal error: not a breakable statement")
}

// labelOf returns the label of stmt within body, or "".
func labelOf(body *ast.BlockStmt, stmt ast.Stmt) string {
	name := ""
	ast.Inspect(body, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok && l.Stmt == stmt {
			name = l.Label.Name
		}
		return name == ""
	})
	return name
}

// labelInside reports whether a statement labeled name is inside body.
func labelInside(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok && l.Label.Name == name {
			found = true
		}
		_, lit := n.(*ast.FuncLit)
		return !found && !lit
	})
	return found
}
