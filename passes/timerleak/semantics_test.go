package timerleak

import (
	"go/ast"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestTimePackageSemantics checks that the time package and its external
// tests, which make timers of both kinds whatever asynctimerchan says,
// get only the version-independent checks, while any other package is
// judged by its files' Go version.
func TestTimePackageSemantics(t *testing.T) {
	for _, tc := range []struct {
		path string
		want semantics
	}{
		{"time", semUnknown},
		{"time_test", semUnknown},
		{"example.com/time", semGo123},
		{"mytime", semGo123},
	} {
		file := &ast.File{}
		pass := &analysis.Pass{
			Pkg:       types.NewPackage(tc.path, "p"),
			TypesInfo: &types.Info{FileVersions: map[*ast.File]string{file: "go1.26"}},
		}
		a := &checker{pass: pass}
		if got := a.fileSemantics(file); got != tc.want {
			t.Errorf("%s: semantics %d, want %d", tc.path, got, tc.want)
		}
	}
}
