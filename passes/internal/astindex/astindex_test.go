package astindex_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/passes/internal/astindex"
	"golang.org/x/tools/go/ast/inspector"
)

// parseDir parses the Go files of dir, comments included.
func parseDir(t *testing.T, fset *token.FileSet, dir string) []*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			continue // a deliberately broken fixture
		}
		files = append(files, f)
	}
	return files
}

// sampleDirs returns directories of Go code to compare on: the
// packages of the standard library that have the most varied syntax,
// and every testdata package of the leakvet passes.
func sampleDirs(t *testing.T) []string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	goroot := strings.TrimSpace(string(out))
	dirs := []string{
		filepath.Join(goroot, "src", "go", "ast"),
		filepath.Join(goroot, "src", "go", "types"),
		filepath.Join(goroot, "src", "net", "http"),
		filepath.Join(goroot, "src", "sync"),
		filepath.Join(goroot, "src", "time"),
	}
	root := filepath.Join("..", "..")
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && strings.Contains(filepath.ToSlash(path), "/testdata/src/") {
			dirs = append(dirs, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

var allTypes = []ast.Node{
	(*ast.ArrayType)(nil), (*ast.AssignStmt)(nil), (*ast.BadDecl)(nil), (*ast.BadExpr)(nil),
	(*ast.BadStmt)(nil), (*ast.BasicLit)(nil), (*ast.BinaryExpr)(nil), (*ast.BlockStmt)(nil),
	(*ast.BranchStmt)(nil), (*ast.CallExpr)(nil), (*ast.CaseClause)(nil), (*ast.ChanType)(nil),
	(*ast.CommClause)(nil), (*ast.Comment)(nil), (*ast.CommentGroup)(nil), (*ast.CompositeLit)(nil),
	(*ast.DeclStmt)(nil), (*ast.DeferStmt)(nil), (*ast.Ellipsis)(nil), (*ast.EmptyStmt)(nil),
	(*ast.ExprStmt)(nil), (*ast.Field)(nil), (*ast.FieldList)(nil), (*ast.File)(nil),
	(*ast.ForStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.FuncType)(nil),
	(*ast.GenDecl)(nil), (*ast.GoStmt)(nil), (*ast.Ident)(nil), (*ast.IfStmt)(nil),
	(*ast.ImportSpec)(nil), (*ast.IncDecStmt)(nil), (*ast.IndexExpr)(nil), (*ast.IndexListExpr)(nil),
	(*ast.InterfaceType)(nil), (*ast.KeyValueExpr)(nil), (*ast.LabeledStmt)(nil), (*ast.MapType)(nil),
	(*ast.ParenExpr)(nil), (*ast.RangeStmt)(nil), (*ast.ReturnStmt)(nil), (*ast.SelectStmt)(nil),
	(*ast.SelectorExpr)(nil), (*ast.SendStmt)(nil), (*ast.SliceExpr)(nil), (*ast.StarExpr)(nil),
	(*ast.StructType)(nil), (*ast.SwitchStmt)(nil), (*ast.TypeAssertExpr)(nil), (*ast.TypeSpec)(nil),
	(*ast.TypeSwitchStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.ValueSpec)(nil),
}

// TestSameAsInspector checks, on real code, that every method of the
// index gives what x/tools' inspector gives: the same nodes in the same
// order, with the same parents, fields, children and enclosing nodes.
func TestSameAsInspector(t *testing.T) {
	filters := [][]ast.Node{
		nil,
		{(*ast.CallExpr)(nil)},
		{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.GoStmt)(nil), (*ast.DeferStmt)(nil)},
		{(*ast.Ident)(nil)},
		{(*ast.SelectStmt)(nil), (*ast.FuncLit)(nil)},
		{(*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)},
	}
	for _, dir := range sampleDirs(t) {
		fset := token.NewFileSet()
		files := parseDir(t, fset, dir)
		if len(files) == 0 {
			continue
		}
		in := inspector.New(files)
		ix := astindex.New(files)

		// All nodes, and each of them against its twin.
		var want []inspector.Cursor
		for c := range in.Root().Preorder() {
			want = append(want, c)
		}
		var got []astindex.Cursor
		for c := range ix.Root().Preorder() {
			got = append(got, c)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d nodes, inspector has %d", dir, len(got), len(want))
		}
		for i := range want {
			w, g := want[i], got[i]
			if g.Node() != w.Node() {
				t.Fatalf("%s: node %d is %T, inspector has %T", dir, i, g.Node(), w.Node())
			}
			if g.Parent().Node() != w.Parent().Node() {
				t.Errorf("%s: parent of %T at %v differs", dir, w.Node(), fset.Position(w.Node().Pos()))
			}
			gk, gi := g.ParentEdge()
			wk, wi := w.ParentEdge()
			if gk != wk || gi != wi {
				t.Errorf("%s: edge of %T at %v is %v[%d], inspector has %v[%d]", dir, w.Node(), fset.Position(w.Node().Pos()), gk, gi, wk, wi)
			}
			if !slices.Equal(nodes(g.Children()), nodes(w.Children())) {
				t.Errorf("%s: children of %T at %v differ", dir, w.Node(), fset.Position(w.Node().Pos()))
			}
			if i%7 == 0 { // subtrees and ancestors of a sample, to keep the test quick
				for _, types := range filters {
					if !slices.Equal(nodes(g.Preorder(types...)), nodes(w.Preorder(types...))) {
						t.Errorf("%s: preorder %T of %T at %v differs", dir, types, w.Node(), fset.Position(w.Node().Pos()))
					}
					if !slices.Equal(nodes(g.Enclosing(types...)), nodes(w.Enclosing(types...))) {
						t.Errorf("%s: enclosing %T of %T at %v differs", dir, types, w.Node(), fset.Position(w.Node().Pos()))
					}
					var first ast.Node // Innermost is Enclosing's first
					for c := range w.Enclosing(types...) {
						first = c.Node()
						break
					}
					if c, ok := g.Innermost(types...); ok != (first != nil) || ok && c.Node() != first {
						t.Errorf("%s: innermost %T of %T at %v differs", dir, types, w.Node(), fset.Position(w.Node().Pos()))
					}
				}
			}
		}
		for _, types := range append(filters, allTypes) {
			if !slices.Equal(nodes(ix.Root().Preorder(types...)), nodes(in.Root().Preorder(types...))) {
				t.Errorf("%s: preorder %T of the root differs", dir, types)
			}
		}
		if !slices.Equal(nodes(ix.Root().Children()), nodes(in.Root().Children())) {
			t.Errorf("%s: files differ", dir)
		}
	}
}

func nodes[C interface{ Node() ast.Node }](seq func(func(C) bool)) []ast.Node {
	var list []ast.Node
	for c := range seq {
		list = append(list, c.Node())
	}
	return list
}

// TestRoot checks the root's edges: it has no parent, no field and no
// enclosing nodes, and its children are the files.
func TestRoot(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "a.go", "package a\n\nfunc F() { go F() }\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	root := astindex.New([]*ast.File{f, f}).Root()
	if root.Node() != nil || root.Parent() != root {
		t.Errorf("root: Node %v, Parent %v", root.Node(), root.Parent())
	}
	if k, i := root.ParentEdge(); k != 0 || i != -1 {
		t.Errorf("root: ParentEdge = %v, %d", k, i)
	}
	if n := len(nodes(root.Enclosing())); n != 0 {
		t.Errorf("root: %d enclosing nodes", n)
	}
	if _, ok := root.Innermost(); ok {
		t.Errorf("root: has an innermost node")
	}
	files := nodes(root.Children())
	if len(files) != 2 || files[0] != f || files[1] != f {
		t.Errorf("root: children %v", files)
	}
	if empty := astindex.New(nil).Root(); len(nodes(empty.Preorder())) != 0 || len(nodes(empty.Children())) != 0 {
		t.Errorf("index of no files has nodes")
	}
}

// TestReleaseReuse checks that an index built in the array of a
// released one is exact: nothing of the first index shows through.
func TestReleaseReuse(t *testing.T) {
	fset := token.NewFileSet()
	parse := func(src string) []*ast.File {
		f, err := parser.ParseFile(fset, "x.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		return []*ast.File{f}
	}
	// The first index is the larger, with node kinds the second lacks.
	big := parse("package a\n\nfunc F(ch chan int) {\n\tgo func() { ch <- 1 }()\n\tselect {\n\tcase <-ch:\n\t}\n\tfor range ch {\n\t}\n}\n")
	small := parse("package b\n\nvar X = 1\n")
	for range 3 { // the pool may hand back this array or a fresh one
		first := astindex.New(big)
		if n := len(nodes(first.Root().Preorder())); n == 0 {
			t.Fatal("empty index")
		}
		first.Release()
		if n := len(nodes(first.Root().Preorder())); n != 0 {
			t.Errorf("a released index still yields %d nodes", n)
		}
		second := astindex.New(small)
		in := inspector.New(small)
		for _, types := range [][]ast.Node{nil, {(*ast.SelectStmt)(nil)}, {(*ast.GoStmt)(nil), (*ast.SendStmt)(nil)}, {(*ast.BasicLit)(nil)}} {
			if got, want := nodes(second.Root().Preorder(types...)), nodes(in.Root().Preorder(types...)); !slices.Equal(got, want) {
				t.Errorf("preorder %T: %d nodes, inspector has %d", types, len(got), len(want))
			}
		}
		second.Release()
	}
}
