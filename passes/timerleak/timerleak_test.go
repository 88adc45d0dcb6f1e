package timerleak_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/passes/internal/passtest"
	"github.com/leakvet/leakvet/passes/timerleak"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestTimerleak(t *testing.T) {
	tests := []struct {
		dir string // a package under testdata/src, or a module under testdata
		cfg timerleak.Config
	}{
		{"src/drain", timerleak.Config{}},
		{"src/go123", timerleak.Config{}},
		{"src/pre123", timerleak.Config{}},
		{"src/debugmain", timerleak.Config{}},
		{"src/notime", timerleak.Config{}},
		{"src/robust", timerleak.Config{}},
		{"src/forcedgo123", timerleak.Config{Semantics: "go123"}},
		{"src/deaddrains", timerleak.Config{DeadDrains: true}},
		{"src/forcedpre123", timerleak.Config{Semantics: "pre123"}},
		{"src/drain", timerleak.Config{Semantics: "auto"}},
		{"versions/go122", timerleak.Config{}},
		{"versions/go126", timerleak.Config{}},
	}
	type key struct {
		cfg    timerleak.Config
		module string // a module under testdata, or "" for the packages under testdata/src
	}
	row := func(i int) (string, key) {
		if pkg, ok := strings.CutPrefix(tests[i].dir, "src/"); ok {
			return pkg, key{tests[i].cfg, ""}
		}
		return "./...", key{tests[i].cfg, tests[i].dir}
	}
	passtest.ByConfig(t, len(tests), row, func(t *testing.T, k key, pkgs []string) {
		analysistest.RunWithSuggestedFixes(t, filepath.Join(analysistest.TestData(), k.module), timerleak.New(k.cfg), pkgs...)
	})
}

// TestVersionsSameSource checks that the two version modules differ in
// nothing but their want comments and the sentence naming each other.
func TestVersionsSameSource(t *testing.T) {
	strip := regexp.MustCompile(` // want .*|(?m)^// Package timers is judged .*\n// \.\./go12., whose`)
	read := func(dir string) string {
		b, err := os.ReadFile(filepath.Join(analysistest.TestData(), "versions", dir, "timers.go"))
		if err != nil {
			t.Fatal(err)
		}
		return strip.ReplaceAllString(string(b), "")
	}
	if a, b := read("go122"), read("go126"); a != b {
		t.Errorf("versions/go122 and versions/go126 differ beyond want comments:\n%s\n----\n%s", a, b)
	}
}

// recorder is an analysistest.Testing that keeps the errors.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestInvalidSemantics(t *testing.T) {
	var r recorder
	analysistest.Run(&r, analysistest.TestData(), timerleak.New(timerleak.Config{Semantics: "go1.23"}), "forcedpre123")
	want := `invalid -timerleak.semantics "go1.23": want auto, pre123 or go123`
	for _, e := range r.errs {
		if strings.Contains(e, want) {
			return
		}
	}
	t.Errorf("run with an unknown semantics: got errors %q, want one containing %q", r.errs, want)
}
