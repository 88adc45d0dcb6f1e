package analyzer_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
	"golang.org/x/tools/go/analysis"
)

func TestValidate(t *testing.T) {
	if err := analysis.Validate(analyzer.All()); err != nil {
		t.Fatal(err)
	}
	as, err := analyzer.Build(analyzer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
}

// TestEveryPassListed checks that every passes/<name> package is in the
// suite, under its directory's name.
func TestEveryPassListed(t *testing.T) {
	dirs, err := os.ReadDir(filepath.Join("..", "passes"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, a := range analyzer.All() {
		listed = append(listed, a.Name)
	}
	var want []string
	for _, d := range dirs {
		if d.IsDir() && d.Name() != "internal" {
			want = append(want, d.Name())
		}
	}
	slices.Sort(listed)
	if !slices.Equal(listed, want) {
		t.Errorf("suite lists %v; passes/ has %v", listed, want)
	}
}

var titleRE = regexp.MustCompile(`^[a-z][^\n]*[^.]$`)

// TestDocTitles checks the summary line of each pass: the "<name>: "
// title of its doc.go without the name, lowercase, no final period, at
// most 60 characters.
func TestDocTitles(t *testing.T) {
	for _, a := range analyzer.All() {
		title, _, _ := strings.Cut(a.Doc, "\n")
		if !titleRE.MatchString(title) || len(a.Name)+2+len(title) > 60 {
			t.Errorf("%s: summary %q: want a lowercase line without a final period, at most 60 characters with the name", a.Name, title)
		}
		if strings.HasPrefix(title, a.Name+":") {
			t.Errorf("%s: summary %q repeats the name", a.Name, title)
		}
	}
}

func TestBuildDisable(t *testing.T) {
	all := analyzer.All()
	if len(all) == 0 {
		t.Fatal("empty suite")
	}
	as, err := analyzer.Build(analyzer.Config{Disable: []string{all[0].Name}})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != len(all)-1 {
		t.Errorf("Build with %s disabled gave %d analyzers, want %d", all[0].Name, len(as), len(all)-1)
	}
	if _, err := analyzer.Build(analyzer.Config{Disable: []string{"nosuchcheck"}}); err == nil {
		t.Error("Build accepted an unknown check name")
	}
}
