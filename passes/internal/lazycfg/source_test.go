package lazycfg

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// depFiles is a small tree of packages, written to disk: bodies that
// the judge reads from source. os and testing are stand-ins (the fixed
// list knows their functions by path and name).
var depFiles = map[string]string{
	"os/os.go":           "package os\n\nfunc Exit(code int) {}\n",
	"testing/testing.go": "package testing\n\ntype TB interface {\n\tFatal(args ...any)\n\tLog(args ...any)\n}\n",
	"dep/quit/quit.go": `package quit

import "os"

func Now(code int) { exit(code) }

func exit(code int) { os.Exit(code) }
`,
	"dep/halt/halt.go": `package halt

import (
	"os"
	"testing"

	"example.com/dep/quit"
)

func MustFail(t testing.TB) { t.Log("x"); fail(t) }

func fail(t testing.TB) { t.Fatal("x") }

func Note(t testing.TB) { t.Log("x") }

func Stop(err error) {
	if err != nil {
		os.Exit(1)
	}
	os.Exit(0)
}

func Check(err error) {
	if err != nil {
		os.Exit(1)
	}
}

func Leave() { quit.Now(1) }

func Fatal(msg string) { println(msg) }

func Fatalf(msg string) { output(msg, 3) }

func output(msg string, level int) {
	println(msg)
	if level == 3 {
		os.Exit(2)
	}
}

var hook = func() {}

func Exit() { hook() }

func Hook() { hook() }

func Forever() { Forever() }

func Ping(n int) {
	if n > 0 {
		Pong(n)
	}
	panic(n)
}

func Pong(n int) { Ping(n - 1) }

type R struct{ t testing.TB }

func (r *R) Abort() { r.t.Fatal("x") }

func (r R) Warn() { r.t.Log("x") }

func Result() int { os.Exit(1); return 0 }

func Deep() { d1() }
func d1()   { d2() }
func d2()   { d3() }
func d3()   { d4() }
func d4()   { d5() }
func d5()   { d6() }
func d6()   { d7() }
func d7()   { os.Exit(1) }

func Shallow() { d4() }
`,
}

// sourceWant is whether each function of dep/halt never returns.
var sourceWant = map[string]bool{
	"MustFail": true, "fail": true, "Note": false,
	"Stop": true, "Check": false, "Leave": true,
	"Fatal": false, // the body can end nothing: it wins over the name
	// The body may exit, several calls down, but returns on some path:
	// the name decides.
	"Fatalf": true, "output": false,
	"Exit": true, // a call that cannot be resolved: the name rule decides
	"Hook": false,
	// A call back into the chain is taken as returning: Forever
	// returns; Ping ends in panic whatever Pong does.
	"Forever": false, "Ping": true, "Pong": true,
	"R.Abort": true, "R.Warn": false,
	"Result":  false, // a function with results: not read
	"Deep":    false, // beyond the depth bound
	"Shallow": true,
}

// loadDep writes depFiles under a new directory and type-checks them
// from source into one file set, as export data would give them: the
// objects with their positions.
func loadDep(t *testing.T) (*token.FileSet, *types.Package) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range depFiles {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fset := token.NewFileSet()
	pkgs := make(map[string]*types.Package)
	var load func(path, rel string) *types.Package
	load = func(path, rel string) *types.Package {
		if p := pkgs[path]; p != nil {
			return p
		}
		name := filepath.Join(dir, filepath.FromSlash(rel))
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		conf := types.Config{Importer: importerFunc(func(path string) (*types.Package, error) {
			rel := map[string]string{"os": "os/os.go", "testing": "testing/testing.go", "example.com/dep/quit": "dep/quit/quit.go"}[path]
			if rel == "" {
				return nil, fmt.Errorf("no package %s", path)
			}
			return load(path, rel), nil
		})}
		p, err := conf.Check(path, fset, []*ast.File{f}, nil)
		if err != nil {
			t.Fatal(err)
		}
		pkgs[path] = p
		return p
	}
	return fset, load("example.com/dep/halt", "dep/halt/halt.go")
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// lookup returns the function or method ("R.Abort") of pkg.
func lookup(t *testing.T, pkg *types.Package, name string) *types.Func {
	t.Helper()
	if tn, m, ok := cut(name); ok {
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(pkg.Scope().Lookup(tn).Type()), true, pkg, m)
		return obj.(*types.Func)
	}
	return pkg.Scope().Lookup(name).(*types.Func)
}

func cut(s string) (before, after string, ok bool) {
	for i := range s {
		if s[i] == '.' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// TestSourceNoReturn checks the judgement of bodies read from source.
func TestSourceNoReturn(t *testing.T) {
	fset, halt := loadDep(t)
	for name, want := range sourceWant {
		fn := lookup(t, halt, name)
		got, ok := sourceNoReturn(fset, fn)
		if name == "Result" {
			if ok {
				t.Errorf("sourceNoReturn(%s): read a function with results", name)
			}
			continue
		}
		if !ok {
			t.Errorf("sourceNoReturn(%s): no source", name)
			continue
		}
		if got != want {
			t.Errorf("sourceNoReturn(%s) = %t, want %t", name, got, want)
		}
	}
	// Without a file set, or for a standard package, nothing is read.
	if _, ok := sourceNoReturn(nil, lookup(t, halt, "Stop")); ok {
		t.Errorf("sourceNoReturn without a file set read the source")
	}
}

// TestSourceConcurrent asks the same questions from several goroutines
// at once, with a cold cache; run it with -race.
func TestSourceConcurrent(t *testing.T) {
	fset, halt := loadDep(t) // another directory: a cold cache for these files
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(sourceWant))
	for range 8 {
		wg.Go(func() {
			for name, want := range sourceWant {
				if got, ok := sourceNoReturn(fset, lookup(t, halt, name)); ok && got != want {
					errs <- fmt.Sprintf("sourceNoReturn(%s) = %t, want %t", name, got, want)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestDirOf checks how the directory of another package of the same
// module is found when the export data does not have that package.
func TestDirOf(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"mod@v1.2.3/a/b", "mod@v1.2.3/c", "other@v1.0.0/x"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	r := &resolver{
		file:    &sourceFile{name: filepath.Join(root, "mod@v1.2.3/a/b/f.go")},
		pkgPath: "example.com/mod/a/b",
	}
	for path, want := range map[string]string{
		"example.com/mod/c":   filepath.Join(root, "mod@v1.2.3/c"),
		"example.com/mod/a":   filepath.Join(root, "mod@v1.2.3/a"),
		"example.com/mod/d":   "", // no such directory
		"example.com/other/x": "", // another module: its directory has another version
		"github.com/x/y":      "",
	} {
		if got := r.dirOf(path); got != want {
			t.Errorf("dirOf(%s) = %q, want %q", path, got, want)
		}
	}
}

func TestGuessName(t *testing.T) {
	for path, want := range map[string]string{
		"github.com/x/go-redis/v9": "redis",
		"gopkg.in/yaml.v3":         "yaml",
		"example.com/dep/halt":     "halt",
		"github.com/x/y/v2":        "y",
	} {
		if got := guessName(path); got != want {
			t.Errorf("guessName(%s) = %q, want %q", path, got, want)
		}
	}
}

func TestInModuleCache(t *testing.T) {
	t.Setenv("GOMODCACHE", "/cache")
	for name, want := range map[string]string{
		"github.com/IBM/sarama@v1.47.0/broker.go": filepath.FromSlash("/cache/github.com/!i!b!m/sarama@v1.47.0/broker.go"),
		"example.com/dep/halt/halt.go":            "", // a replaced directory: no version
		"example.com/x@v1.0.0.go":                 "", // no directory after the version
	} {
		if got := inModuleCache(name); got != want {
			t.Errorf("inModuleCache(%s) = %q, want %q", name, got, want)
		}
	}
}
