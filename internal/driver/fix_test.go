package driver

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

func TestUnified(t *testing.T) {
	lines := func(n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			b.WriteString("l" + strings.Repeat("x", i%3) + string(rune('0'+i%10)) + "\n")
		}
		return b.String()
	}
	base := lines(20)
	replace := func(s, old, new string) string { return strings.Replace(s, old, new, 1) }
	for _, tc := range []struct {
		name, a, b, want string
	}{
		{"equal", base, base, ""},
		{"one line replaced", base, replace(base, "lxx5\n", "five\n"), `--- f (old)
+++ f (new)
@@ -2,7 +2,7 @@
 lxx2
 l3
 lx4
-lxx5
+five
 l6
 lx7
 lxx8
`},
		{"a line inserted at the start", base, "zero\n" + base, `--- f (old)
+++ f (new)
@@ -1,3 +1,4 @@
+zero
 lx1
 lxx2
 l3
`},
		{"two changes 6 lines apart: one hunk", base, replace(replace(base, "lx4\n", ""), "lxx1\n", "eleven\n"), `--- f (old)
+++ f (new)
@@ -1,14 +1,13 @@
 lx1
 lxx2
 l3
-lx4
 lxx5
 l6
 lx7
 lxx8
 l9
 lx0
-lxx1
+eleven
 l2
 lx3
 lxx4
`},
		{"two changes 7 lines apart: two hunks", base, replace(replace(base, "lx1\n", "one\n"), "l9\n", "nine\n"), `--- f (old)
+++ f (new)
@@ -1,4 +1,4 @@
-lx1
+one
 lxx2
 l3
 lx4
@@ -6,7 +6,7 @@
 l6
 lx7
 lxx8
-l9
+nine
 lx0
 lxx1
 l2
`},
		{"last line without a newline", "a\nb", "a\nc", `--- f (old)
+++ f (new)
@@ -1,2 +1,2 @@
 a
-b
\ No newline at end of file
+c
\ No newline at end of file
`},
		{"to an empty file", "a\n", "", `--- f (old)
+++ f (new)
@@ -1 +0,0 @@
-a
`},
	} {
		var b strings.Builder
		unified(&b, "f (old)", "f (new)", tc.a, tc.b)
		if b.String() != tc.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tc.name, b.String(), tc.want)
		}
	}
}

// TestApplyFixes checks the application of fixes: in order, formatted,
// an identical edit applied once, an overlapping fix left out, and a
// file changed since the analysis refused.
func TestApplyFixes(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.go")
	src := "package a\n\nfunc f() {\n\tch := make(chan int)\n\t_ = ch\n}\n"
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	tf := fset.AddFile(name, -1, len(src))
	tf.SetLinesForContent([]byte(src))
	u := &Unit{pkg: &packages.Package{Fset: fset}}
	at := func(s string) token.Pos { return tf.Pos(strings.Index(src, s)) }
	finding := func(msg string, edits ...analysis.TextEdit) *Finding {
		d := analysis.Diagnostic{Pos: at("ch"), Message: msg}
		if len(edits) > 0 {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "fix " + msg, TextEdits: edits}}
		}
		return &Finding{unit: u, Diag: d}
	}
	buffer := analysis.TextEdit{Pos: at(")\n\t_"), End: at(")\n\t_"), NewText: []byte(",    1")}
	found := []*Finding{
		finding("no fix"),
		finding("buffer", buffer),
		finding("buffer again", buffer), // identical: applied once
		finding("overlap", analysis.TextEdit{Pos: at("make"), End: at("\n\t_"), NewText: []byte("nil")}), // overlaps: left out
		finding("rename", analysis.TextEdit{Pos: at("_ = ch"), End: at("_ = ch") + 6, NewText: []byte("println(ch)")}),
	}
	fx, err := ApplyFixes(found)
	if err != nil {
		t.Fatal(err)
	}
	want := "package a\n\nfunc f() {\n\tch := make(chan int, 1)\n\tprintln(ch)\n}\n" // formatted
	if got := string(fx.New[name]); got != want || string(fx.Old[name]) != src {
		t.Errorf("fixed file:\n%s\nwant:\n%s", got, want)
	}
	if fx.Applied != 3 || fx.Skipped != 1 || len(fx.Unfixed) != 2 ||
		fx.Unfixed[0].Diag.Message != "no fix" || fx.Unfixed[1].Diag.Message != "overlap" {
		t.Errorf("applied %d, skipped %d, unfixed %d; want 3, 1 and [no fix, overlap]", fx.Applied, fx.Skipped, len(fx.Unfixed))
	}
	var diff strings.Builder
	if err := fx.WriteDiff(&diff); err != nil || !strings.Contains(diff.String(), "-\tch := make(chan int)\n-\t_ = ch\n+\tch := make(chan int, 1)\n+\tprintln(ch)\n") {
		t.Errorf("diff (%v):\n%s", err, diff.String())
	}
	if data, _ := os.ReadFile(name); string(data) != src {
		t.Errorf("ApplyFixes wrote the file")
	}
	if err := fx.Write(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(name); string(data) != want {
		t.Errorf("after Write:\n%s", data)
	}
	// The file has changed since: no fix is applied.
	if _, err := ApplyFixes(found); err == nil || !strings.Contains(err.Error(), "changed since it was analysed") {
		t.Errorf("ApplyFixes on a changed file: %v, want an error", err)
	}
}
