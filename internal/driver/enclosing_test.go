package driver

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

func TestEnclosingFunc(t *testing.T) {
	src := `package p

var ch = make(chan int)

type T[P any] struct{}

func (t *T[P]) Method() {
	go func() {
		ch <- 1 // in Method
	}()
}

func (T[P]) Value() { ch <- 2 }

func F() { ch <- 3 }

var a, b = func() int { ch <- 4; return 0 }(), 1

type S struct{ f chan int }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := &packages.Package{Fset: fset, Syntax: []*ast.File{f}}
	tf := fset.File(f.FileStart)
	for _, tc := range []struct{ at, want string }{
		{"ch <- 1", "T.Method"},
		{"ch <- 2", "T.Value"},
		{"ch <- 3", "F"},
		{"ch <- 4", "a,b"},
		{"chan int }", "S"},
		{"make(chan int)", "ch"},
		{"package p", ""},
	} {
		pos := tf.Pos(strings.Index(src, tc.at))
		if got := EnclosingFunc(p, pos); got != tc.want {
			t.Errorf("EnclosingFunc at %q = %q, want %q", tc.at, got, tc.want)
		}
	}
	if got := EnclosingFunc(p, token.NoPos); got != "" {
		t.Errorf("EnclosingFunc(NoPos) = %q, want \"\"", got)
	}
}
