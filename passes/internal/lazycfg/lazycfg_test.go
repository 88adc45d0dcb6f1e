package lazycfg_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/cfg"
)

// probe reports "noreturn <name>" on each function declaration, and
// "noreturn literal" on each function literal, whose graph has no
// reachable return. It also checks that a second request returns the
// same graph.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report the functions that lazycfg finds never return",
	Requires: []*analysis.Analyzer{lazycfg.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		cfgs := pass.ResultOf[lazycfg.Analyzer].(*lazycfg.CFGs)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				var g, again *cfg.CFG
				var pos token.Pos
				var name string
				switch n := n.(type) {
				case *ast.FuncDecl:
					g, again, pos, name = cfgs.FuncDecl(n), cfgs.FuncDecl(n), n.Name.Pos(), n.Name.Name
					if (g == nil) != (n.Body == nil) {
						pass.Reportf(pos, "graph of %s: %v, body: %v", name, g != nil, n.Body != nil)
					}
				case *ast.FuncLit:
					g, again, pos, name = cfgs.FuncLit(n), cfgs.FuncLit(n), n.Pos(), "literal"
				default:
					if cfgs.Func(n) != nil {
						pass.Reportf(n.Pos(), "Func of a %T gives a graph", n)
					}
					return true
				}
				if cfgs.Func(n) != g {
					pass.Reportf(pos, "Func and the typed accessor disagree on %s", name)
				}
				if g != again {
					pass.Reportf(pos, "graph of %s built twice", name)
				}
				if g != nil && g.NoReturn() {
					pass.Reportf(pos, "noreturn %s", name)
				}
				return true
			})
		}
		return nil, nil
	},
}

// TestAnalyzer checks the no-return inference through the analysis
// framework, on the standard library and on another package.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "basic")
}

// TestAnalyzerShape checks what makes lazycfg cheap to require: no
// required analyzer, and one fact type, NoReturnFact.
func TestAnalyzerShape(t *testing.T) {
	if err := analysis.Validate([]*analysis.Analyzer{lazycfg.Analyzer}); err != nil {
		t.Fatal(err)
	}
	if facts := lazycfg.Analyzer.FactTypes; len(facts) != 1 || reflect.TypeOf(facts[0]) != reflect.TypeFor[*lazycfg.NoReturnFact]() {
		t.Errorf("lazycfg declares the fact types %v, want NoReturnFact alone", facts)
	}
	if n := len(lazycfg.Analyzer.Requires); n != 0 {
		t.Errorf("lazycfg requires %d analyzers, want none", n)
	}
}

// TestFacts checks which functions of a package get a NoReturnFact: the
// exported ones that never return and whose body ends with a call that
// may not return.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lazycfg.Analyzer, "halt")
}

// src has recursion in several shapes, literals, and functions that do
// and do not return; it needs no import.
const src = `package p

func die() { panic(0) }

func ping(n int) {
	if n > 0 {
		pong(n)
	}
	die()
}

func pong(n int) { ping(n - 1) }

func a() { b() }
func b() { c() }
func c() {
	a()
	die()
}

func loopA() { loopB() }
func loopB() { loopA() }

func self(n int) {
	if n > 0 {
		self(n - 1)
	}
	die()
}

func ret(b bool) {
	if b {
		return
	}
	die()
}

func callsRet() { ret(true) }

var _ = func() { pong(1) }
var _ = func() { ret(false) }
var _ = func() { a(); loopA() }
`

// noReturn is the expected answer for each function of src.
var noReturn = map[string]bool{
	"die": true, "ping": true, "pong": true, "a": true, "b": true, "c": true,
	"loopA": false, "loopB": false, "self": true, "ret": false, "callsRet": false,
}

// load parses and type-checks src.
func load(t *testing.T) (*types.Package, *types.Info, *ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Defs:       make(map[*ast.Ident]types.Object),
		Uses:       make(map[*ast.Ident]types.Object),
		Types:      make(map[ast.Expr]types.TypeAndValue),
		Selections: make(map[*ast.SelectorExpr]*types.Selection),
		Instances:  make(map[*ast.Ident]types.Instance),
	}
	pkg, err := new(types.Config).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return pkg, info, f
}

// funcs returns the declarations and literals of f, in source order.
func funcs(f *ast.File) (decls []*ast.FuncDecl, lits []*ast.FuncLit) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			decls = append(decls, n)
		case *ast.FuncLit:
			lits = append(lits, n)
		}
		return true
	})
	return decls, lits
}

// TestOrder checks that the answers, and the graphs' shapes, do not
// depend on the order of the requests, and that each graph is built
// once.
func TestOrder(t *testing.T) {
	pkg, info, f := load(t)
	decls, lits := funcs(f)
	for _, order := range []string{"source", "reverse", "literals first"} {
		t.Run(order, func(t *testing.T) {
			c := lazycfg.New(pkg, info, []*ast.File{f})
			ds := slices.Clone(decls)
			if order == "reverse" {
				slices.Reverse(ds)
			}
			if order == "literals first" {
				for _, lit := range lits {
					c.FuncLit(lit)
				}
			}
			got := make(map[string]*cfg.CFG)
			for _, d := range ds {
				got[d.Name.Name] = c.FuncDecl(d)
			}
			for _, d := range decls {
				name := d.Name.Name
				g := c.FuncDecl(d)
				if g != got[name] {
					t.Errorf("FuncDecl(%s) returned two graphs", name)
				}
				if g.NoReturn() != noReturn[name] {
					t.Errorf("%s: NoReturn() = %t, want %t", name, g.NoReturn(), noReturn[name])
				}
				fn := info.Defs[d.Name].(*types.Func)
				if c.NoReturn(fn) != noReturn[name] {
					t.Errorf("NoReturn(%s) = %t, want %t", name, c.NoReturn(fn), noReturn[name])
				}
			}
			for i, lit := range lits {
				if g := c.FuncLit(lit); g != c.FuncLit(lit) {
					t.Errorf("FuncLit(#%d) returned two graphs", i)
				} else if want := i != 1; g.NoReturn() != want {
					t.Errorf("literal #%d: NoReturn() = %t, want %t", i, g.NoReturn(), want)
				}
			}
		})
	}
}

// TestConcurrent asks for every graph from several goroutines at once,
// each in its own order; run it with -race. Every goroutine must get the
// same graphs.
func TestConcurrent(t *testing.T) {
	pkg, info, f := load(t)
	decls, lits := funcs(f)
	c := lazycfg.New(pkg, info, []*ast.File{f})

	const workers = 8
	got := make([][]*cfg.CFG, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			n := len(decls) + len(lits)
			graphs := make([]*cfg.CFG, n)
			for k := range n {
				i := (k + w*3) % n // each worker starts elsewhere
				if i < len(decls) {
					graphs[i] = c.FuncDecl(decls[i])
				} else {
					graphs[i] = c.FuncLit(lits[i-len(decls)])
				}
			}
			got[w] = graphs
		})
	}
	wg.Wait()
	for w := 1; w < workers; w++ {
		for i := range got[0] {
			if got[w][i] != got[0][i] {
				t.Errorf("worker %d got another graph for function #%d", w, i)
			}
		}
	}
	for i, d := range decls {
		if got[0][i].NoReturn() != noReturn[d.Name.Name] {
			t.Errorf("%s: NoReturn() = %t, want %t", d.Name.Name, got[0][i].NoReturn(), noReturn[d.Name.Name])
		}
	}
}

func ExampleCFGs_FuncDecl() {
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "p.go", `package p

func fail() { panic("fail") }

func check(ok bool) {
	if !ok {
		fail()
	}
}
`, 0)
	info := &types.Info{
		Defs:  make(map[*ast.Ident]types.Object),
		Uses:  make(map[*ast.Ident]types.Object),
		Types: make(map[ast.Expr]types.TypeAndValue),
	}
	pkg, _ := new(types.Config).Check("p", fset, []*ast.File{f}, info)
	c := lazycfg.New(pkg, info, []*ast.File{f})
	for _, d := range f.Decls {
		fd := d.(*ast.FuncDecl)
		fmt.Printf("%s never returns: %t\n", fd.Name.Name, c.FuncDecl(fd).NoReturn())
	}
	// Output:
	// fail never returns: true
	// check never returns: false
}
