package callleak

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leakvet/leakvet/passes/internal/analysisdoc"
	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/summary"
	"golang.org/x/tools/go/analysis"
)

//go:embed doc.go
var doc string

// Categories of the diagnostics.
const (
	CategoryNoStop    = "no-stop"   // a start method is called and some path returns without a stop method
	CategoryDropped   = "dropped"   // the result of a function that returns a future is discarded
	CategoryAbandoned = "abandoned" // the caller stops waiting on a future in a select
	CategoryShort     = "short"     // the caller receives once from a future that sends more
)

// Config holds the options of the pass. The zero value is the default.
type Config struct {
	IgnoreTests bool `json:"ignore-tests"` // skip _test.go files
}

// Analyzer runs with the default Config; drivers set its flags.
var Analyzer = New(Config{})

// New returns a fresh analyzer configured by cfg. Tests and the plugin
// never mutate Analyzer.
func New(cfg Config) *analysis.Analyzer {
	c := &cfg
	a := &analysis.Analyzer{
		Name:     "callleak",
		Doc:      analysisdoc.Extract(doc, "callleak"),
		URL:      "https://pkg.go.dev/github.com/leakvet/leakvet/passes/callleak",
		Requires: []*analysis.Analyzer{summary.Analyzer, lazycfg.Analyzer},
		Run:      c.run,
	}
	a.Flags.BoolVar(&c.IgnoreTests, "ignore-tests", c.IgnoreTests, "skip _test.go files")
	return a
}

// checker holds the state of one run.
type checker struct {
	cfg  *Config
	pass *analysis.Pass
	sums *summary.Result
	cfgs *lazycfg.CFGs
	r    *report.Reporter
}

// run looks for the calls of the package's and its imports' start
// methods and future-returning functions. Both sets come from the
// summaries and are empty in most packages, which then cost nothing
// more. Otherwise the calls are found through the type information (the
// method selections, the uses of the functions), and only the
// declarations that hold them are walked.
func (c *Config) run(pass *analysis.Pass) (any, error) {
	ch := &checker{
		cfg:  c,
		pass: pass,
		sums: pass.ResultOf[summary.Analyzer].(*summary.Result),
		cfgs: pass.ResultOf[lazycfg.Analyzer].(*lazycfg.CFGs),
		r:    report.New(pass, "callleak"),
	}
	if c.IgnoreTests {
		ch.r.SkipTests()
	}
	starts := ch.sums.Starts()
	futures := ch.sums.Futures()
	if len(starts) > 0 {
		ch.checkStarts(starts)
		ch.checkCtors(starts) // ctor.go
	}
	if len(futures) > 0 {
		ch.checkFutures(futures)
	}
	for _, f := range ch.sums.Failing {
		ch.checkFailing(f) // failing.go
	}
	ch.r.Finish()
	return nil, nil
}

// skip reports whether the checker leaves the position alone.
func (ch *checker) skip(pos token.Pos) bool {
	return ch.cfg.IgnoreTests && report.IsTestFile(ch.pass, pos)
}

// A site is a call of interest with the functions that enclose it,
// innermost last.
type site struct {
	call  *ast.CallExpr
	stack []ast.Node // from the top-level declaration down to the call
}

// enclosingFunc returns the innermost function (declaration or
// literal) of the site, and its body.
func (s *site) enclosingFunc() (ast.Node, *ast.BlockStmt) {
	for i := len(s.stack) - 1; i >= 0; i-- {
		switch n := s.stack[i].(type) {
		case *ast.FuncDecl:
			return n, n.Body
		case *ast.FuncLit:
			return n, n.Body
		}
	}
	return nil, nil
}

// sites returns the calls whose function is one of the identifiers
// in ids (the Sel of a selector, or a plain identifier), with their
// enclosing nodes. Only the top-level declarations holding the
// identifiers are walked.
func (ch *checker) sites(ids map[*ast.Ident]bool) []*site {
	decls := map[ast.Decl]bool{}
	for id := range ids {
		if d := summary.DeclAt(ch.pass.Files, id.Pos()); d != nil {
			decls[d] = true
		}
	}
	var ordered []ast.Decl
	for d := range decls {
		ordered = append(ordered, d)
	}
	slices.SortFunc(ordered, func(a, b ast.Decl) int { return int(a.Pos() - b.Pos()) })
	var out []*site
	for _, d := range ordered {
		var stack []ast.Node
		ast.Inspect(d, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			stack = append(stack, n)
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var id *ast.Ident
			switch fun := ast.Unparen(call.Fun).(type) {
			case *ast.Ident:
				id = fun
			case *ast.SelectorExpr:
				id = fun.Sel
			case *ast.IndexExpr: // an instance of a generic function
				id = funcIdent(fun.X)
			case *ast.IndexListExpr:
				id = funcIdent(fun.X)
			}
			if id != nil && ids[id] {
				out = append(out, &site{call: call, stack: slices.Clone(stack)})
			}
			return true
		})
	}
	return out
}

// funcIdent returns the identifier that names the function of x.
func funcIdent(x ast.Expr) *ast.Ident {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	}
	return nil
}

// isMainMain reports whether fn is the function main of a main
// package: when it returns, the process ends with its goroutines.
func (ch *checker) isMainMain(fn ast.Node) bool {
	d, ok := fn.(*ast.FuncDecl)
	return ok && d.Recv == nil && d.Name.Name == "main" && ch.pass.Pkg.Name() == "main"
}

// calleeOf returns the static function or method that call invokes.
func calleeOf(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.IndexExpr:
		id = funcIdent(fun.X)
	case *ast.IndexListExpr:
		id = funcIdent(fun.X)
	}
	if id == nil {
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}
