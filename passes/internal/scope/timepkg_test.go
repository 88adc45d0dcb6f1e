package scope

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestTimePackage checks that every file of the package time is
// timer-relevant though none imports time, and that an index over
// no file works.
func TestTimePackage(t *testing.T) {
	for _, path := range []string{"time", "time_test", "timex"} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "sleep.go", "package time\n\nfunc Sleep(d int64) {}\n", 0)
		if err != nil {
			t.Fatal(err)
		}
		info := &types.Info{
			Types: make(map[ast.Expr]types.TypeAndValue),
			Defs:  make(map[*ast.Ident]types.Object),
			Uses:  make(map[*ast.Ident]types.Object),
		}
		conf := types.Config{Importer: importer.Default()}
		pkg, err := conf.Check(path, fset, []*ast.File{f}, info)
		if err != nil {
			t.Fatal(err)
		}
		got, err := run(&analysis.Pass{Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info})
		if err != nil {
			t.Fatal(err)
		}
		res := got.(*Result)
		for range res.Index.Root().Preorder((*ast.FuncDecl)(nil)) {
			t.Errorf("%s: the index over no file yields a node", path)
		}
		if len(res.Files) != 0 {
			t.Errorf("%s: %d concurrency-relevant files, want 0", path, len(res.Files))
		}
		want := 0
		if path != "timex" {
			want = 1
		}
		if len(res.TimerFiles) != want {
			t.Fatalf("%s: %d timer-relevant files, want %d", path, len(res.TimerFiles), want)
		}
		if want == 1 && res.TimerFiles[0].Node() != f {
			t.Errorf("%s: the timer cursor is not the file's", path)
		}
	}
}
