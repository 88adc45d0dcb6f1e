package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestGolangciBuildScript builds the golangci-lint binary with the
// leakvet plugin the second way the README shows: with
// scripts/golangci-build.sh, which takes golangci-lint's source from the
// module proxy instead of a git clone, from the root .custom-gcl.yml.
// A git on PATH that only records its calls proves that the build never
// runs git. The binary must report exactly the marked findings of
// testdata/gcl.
func TestGolangciBuildScript(t *testing.T) {
	e2e(t)
	bash := needBash(t)
	root := repoRoot(t)
	tmp := t.TempDir()

	fakebin := filepath.Join(tmp, "fakebin")
	calls := filepath.Join(tmp, "git-calls")
	if err := os.MkdirAll(fakebin, 0o755); err != nil {
		t.Fatal(err)
	}
	fakeGit := "#!/bin/sh\nprintf '%s\\n' \"$*\" >>" + calls + "\nexit 1\n"
	if err := os.WriteFile(filepath.Join(fakebin, "git"), []byte(fakeGit), 0o755); err != nil {
		t.Fatal(err)
	}

	dest := filepath.Join(tmp, "bin")
	out := mustRun(t, cmd{
		dir:  root,
		env:  []string{"PATH=" + fakebin + string(os.PathListSeparator) + os.Getenv("PATH")},
		args: []string{bash, filepath.Join("scripts", "golangci-build.sh"), "-v", "--destination", dest},
	})
	t.Logf("golangci-build.sh:\n%s", out)
	if data, err := os.ReadFile(calls); err == nil {
		t.Errorf("golangci-build.sh ran git:\n%s", data)
	}
	customGCL := filepath.Join(dest, "custom-gcl")
	if runtime.GOOS == "windows" {
		customGCL += ".exe"
	}

	if out := mustRun(t, cmd{args: []string{customGCL, "version"}}); !strings.Contains(out, gclVersion+"-custom-gcl-") {
		t.Errorf("custom-gcl version: %s, want %s-custom-gcl-<hash>", out, gclVersion)
	}
	sample := filepath.Join(root, "testdata", "gcl")
	mustRun(t, cmd{dir: sample, args: []string{customGCL, "config", "verify"}})
	if out := mustRun(t, cmd{dir: sample, args: []string{customGCL, "linters"}}); !strings.Contains(out, "leakvet") {
		t.Errorf("custom-gcl linters does not list leakvet:\n%s", out)
	}
	got, related := golangciRun(t, customGCL, sample, "")
	compare(t, "custom-gcl run", got, markers(t, sample))
	checkRelated(t, got, related, markersOf(t, sample, "related"))
}

// TestGolangciBuildConfig checks how scripts/golangci-build.sh reads a
// .custom-gcl.yml, with -n, which prints the plan and runs nothing: the
// repository's own configuration, a released plugin, the flags that
// override the configuration, and each mistake, which is a one-line
// error and exit code 2. It runs no build, so it is not an end-to-end
// test.
func TestGolangciBuildConfig(t *testing.T) {
	bash := needBash(t)
	root := repoRoot(t)
	script := filepath.Join(root, "scripts", "golangci-build.sh")

	dryRun := func(t *testing.T, dir string, args ...string) (string, int) {
		t.Helper()
		return run(t, cmd{dir: dir, args: append([]string{bash, script, "-n"}, args...)})
	}
	config := func(t *testing.T, yml string) string {
		t.Helper()
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ".custom-gcl.yml"), []byte(yml), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	wantLines := func(t *testing.T, out string, lines ...string) {
		t.Helper()
		for _, l := range lines {
			if !strings.Contains("\n"+out+"\n", "\n"+l+"\n") {
				t.Errorf("no line %q in:\n%s", l, out)
			}
		}
	}

	t.Run("repository", func(t *testing.T) {
		out, code := dryRun(t, root)
		if code != 0 {
			t.Fatalf("exit code %d:\n%s", code, out)
		}
		wantLines(t, out,
			"golangci-lint github.com/golangci/golangci-lint/v2@"+gclVersion+", from the module proxy",
			"plugin github.com/leakvet/leakvet (import github.com/leakvet/leakvet/plugin): replace with "+root,
			"\t_ \"github.com/leakvet/leakvet/plugin\"",
			"binary "+filepath.Join(root, "bin", "custom-gcl"),
		)
	})

	t.Run("released", func(t *testing.T) {
		dir := config(t, `version: v2.15.0 # the release
name: "lint"
plugins:
  - module: 'github.com/leakvet/leakvet'
    import: github.com/leakvet/leakvet/plugin
    version: v0.0.0-20261202093000-0123456789ab
  - module: example.com/other
`+"    path: .\n")
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/other\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, code := dryRun(t, dir, "--version", "v2.14.0", "--name=x")
		if code != 0 {
			t.Fatalf("exit code %d:\n%s", code, out)
		}
		// The flags win; a plugin without import imports its module;
		// paths are relative to the configuration's directory.
		wantLines(t, out,
			"golangci-lint github.com/golangci/golangci-lint/v2@v2.14.0, from the module proxy",
			"plugin github.com/leakvet/leakvet (import github.com/leakvet/leakvet/plugin): go get github.com/leakvet/leakvet@v0.0.0-20261202093000-0123456789ab",
			"plugin example.com/other (import example.com/other): replace with "+dir,
			"\t_ \"github.com/leakvet/leakvet/plugin\"",
			"\t_ \"example.com/other\"",
			"binary "+filepath.Join(dir, "x"),
		)
	})

	for _, tc := range []struct {
		name, yml, want string
	}{
		{"no version", "plugins:\n  - module: m\n    version: v1.0.0\n", "no golangci-lint version"},
		{"no plugins", "version: v2.15.0\n", "no plugins"},
		{"path and version", "version: v2.15.0\nplugins:\n  - module: m\n    path: .\n    version: v1.0.0\n", "plugin m has both path and version"},
		{"neither path nor version", "version: v2.15.0\nplugins:\n  - module: m\n", "plugin m needs a path or a version"},
		{"path without go.mod", "version: v2.15.0\nplugins:\n  - module: m\n    path: ./nowhere\n", "plugin m: no go.mod in"},
		{"unknown key", "version: v2.15.0\nplugins:\n  - module: m\n    versoin: v1.0.0\n", "unknown key versoin"},
		{"not plain YAML", "version: v2.15.0\nplugins: [{module: m}]\n", "not understood"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, code := dryRun(t, config(t, tc.yml))
			if code != 2 || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "golangci-build: ") || !strings.Contains(out, tc.want) {
				t.Errorf("exit code %d, want 2 and one line with %q:\n%s", code, tc.want, out)
			}
		})
	}

	t.Run("no configuration", func(t *testing.T) {
		out, code := dryRun(t, t.TempDir())
		if code != 2 || !strings.Contains(out, "no .custom-gcl.yml in") {
			t.Errorf("exit code %d, want 2 and no .custom-gcl.yml:\n%s", code, out)
		}
	})
}

// needBash returns the path of bash, or skips t where there is none.
func needBash(t *testing.T) string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash on PATH")
	}
	return bash
}
