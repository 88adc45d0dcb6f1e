package analysisdoc

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"
)

// TestPackageComment checks packageComment against go/parser and
// ast.CommentGroup.Text on the doc.go of every pass and on small cases.
func TestPackageComment(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join("..", "..", "*", "doc.go"))
	if err != nil || len(docs) == 0 {
		t.Fatalf("no doc.go found: %v", err)
	}
	cases := map[string]string{
		"blank runs":    "// A\n//\n//\n// B  \n//\npackage p\n",
		"directive":     "//go:build linux\n// A\n//lint:ignore X y\npackage p\n",
		"detached":      "// Copyright.\n\n// Package p.\npackage p\n",
		"no space":      "//A\n//\tB\npackage p\n",
		"leading blank": "//\n//\n// A\npackage p\n",
		"none":          "package p\n",
		"not adjacent":  "// A\n\npackage p\n",
	}
	for _, doc := range docs {
		data, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		cases[doc] = string(data)
	}
	for name, content := range cases {
		f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, ok := packageComment(content)
		if f.Doc == nil {
			if ok {
				t.Errorf("%s: packageComment = %q, but go/parser finds no package comment", name, got)
			}
			continue
		}
		if want := f.Doc.Text(); !ok || got != want {
			t.Errorf("%s: packageComment = %q, %v; go/parser gives %q", name, got, ok, want)
		}
	}
}
