package integration

import (
	"archive/zip"
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
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

	fakebin, calls := fakeGit(t, tmp)

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

// TestGolangciBuildPinned follows the README's second way of building
// golangci-lint with leakvet, as a user does before the first release:
// the .custom-gcl.yml of the README, pinning leakvet by the
// pseudo-version of a commit, and the README's commands, which take the
// script from leakvet's module source in the module cache. The commit is
// the checkout's HEAD, served from a module proxy in a directory, ahead
// of the real one (golangci-lint and its dependencies come from there).
// git, again, is never run.
func TestGolangciBuildPinned(t *testing.T) {
	e2e(t)
	bash := needBash(t)
	root := repoRoot(t)
	tmp := t.TempDir()

	version := pseudoVersion(t, root)
	proxy := filepath.Join(tmp, "proxy")
	serveModule(t, root, proxy, version)
	t.Cleanup(func() { dropFromModCache(t, version) })

	// The user's module: testdata/gcl, with the README's .custom-gcl.yml.
	project := filepath.Join(tmp, "project")
	copyDir(t, filepath.Join(root, "testdata", "gcl"), project)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const placeholder = "v0.0.0-20261202093000-0123456789ab"
	yml := readmeBlock(t, string(readme), "version: v2.15.0 ", "```")
	if !strings.Contains(yml, "version: "+placeholder) {
		t.Fatalf("the README's .custom-gcl.yml has no version: %s:\n%s", placeholder, yml)
	}
	writeFile(t, filepath.Join(project, ".custom-gcl.yml"), strings.ReplaceAll(yml, placeholder, version))
	script := readmeBlock(t, string(readme), "# 2. Without git", "./custom-gcl run")
	if !strings.Contains(script, "@<commit or tag>") {
		t.Fatalf("the README's commands name no <commit or tag>:\n%s", script)
	}
	script = strings.ReplaceAll(script, "<commit or tag>", version)

	fakebin, calls := fakeGit(t, tmp)
	out := mustRun(t, cmd{
		dir: project,
		env: []string{
			"PATH=" + fakebin + string(os.PathListSeparator) + os.Getenv("PATH"),
			"GOPROXY=file://" + filepath.ToSlash(proxy) + "," + goEnv(t, "GOPROXY"),
			"GONOSUMDB=github.com/leakvet/leakvet", // a commit the checksum database has never seen
		},
		args: []string{bash, "-euo", "pipefail", "-c", script},
	})
	t.Logf("the README's commands:\n%s", out)
	if data, err := os.ReadFile(calls); err == nil {
		t.Errorf("the build ran git:\n%s", data)
	}
	customGCL := filepath.Join(project, "custom-gcl")
	if runtime.GOOS == "windows" {
		customGCL += ".exe"
	}
	got, related := golangciRun(t, customGCL, project, "")
	compare(t, "custom-gcl run", got, markers(t, project))
	checkRelated(t, got, related, markersOf(t, project, "related"))
}

// readmeBlock returns the lines of the README from the first one that
// starts with start up to, not including, the next one that starts with
// end.
func readmeBlock(t *testing.T, readme, start, end string) string {
	t.Helper()
	lines := strings.Split(readme, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, start) {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if strings.HasPrefix(lines[j], end) {
				return strings.Join(lines[i:j], "\n") + "\n"
			}
		}
		t.Fatalf("README.md: no line %q after %q", end, start)
	}
	t.Fatalf("README.md has no line %q", start)
	return ""
}

// fakeGit makes a directory holding a git that records its arguments in
// the returned file and fails.
func fakeGit(t *testing.T, tmp string) (dir, calls string) {
	t.Helper()
	dir = filepath.Join(tmp, "fakebin")
	calls = filepath.Join(tmp, "git-calls")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\nprintf '%s\\n' \"$*\" >>" + calls + "\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "git"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, calls
}

// pseudoVersion returns the pseudo-version of the checkout's HEAD, as
// "go list -m" prints it for a commit of an untagged module.
func pseudoVersion(t *testing.T, root string) string {
	t.Helper()
	out := strings.Fields(mustRun(t, cmd{dir: root, args: []string{"git", "show", "-s", "--format=%H %ct", "HEAD"}}))
	if len(out) != 2 {
		t.Fatalf("git show HEAD: %q", out)
	}
	sec, err := strconv.ParseInt(out[1], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return "v0.0.0-" + time.Unix(sec, 0).UTC().Format("20060102150405") + "-" + out[0][:12]
}

// serveModule writes, under proxy, what a module proxy serves for
// leakvet at version: the committed files of the checkout (less the
// nested modules), its go.mod, and its info.
func serveModule(t *testing.T, root, proxy, version string) {
	t.Helper()
	const mod = "github.com/leakvet/leakvet"
	dir := filepath.Join(proxy, filepath.FromSlash(mod), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := strings.Split(strings.TrimSuffix(mustRun(t, cmd{dir: root, args: []string{"git", "ls-files", "-z"}}), "\x00"), "\x00")
	var nested []string // directories of other modules
	for _, f := range files {
		if path.Base(f) == "go.mod" && f != "go.mod" {
			nested = append(nested, path.Dir(f)+"/")
		}
	}
	zf, err := os.Create(filepath.Join(dir, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	n := 0
files:
	for _, f := range files {
		for _, d := range nested {
			if strings.HasPrefix(f, d) {
				continue files
			}
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(mod + "@" + version + "/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zf.Close(); err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, version+".mod"), string(gomod))
	info, err := json.Marshal(map[string]string{"Version": version, "Time": time.Now().UTC().Format(time.RFC3339)})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, version+".info"), string(info))
	writeFile(t, filepath.Join(dir, "list"), version+"\n")
	t.Logf("module proxy in %s: %s@%s, %d files", proxy, mod, version, n)
}

// dropFromModCache removes leakvet at version from the module cache, so
// that the commit served by the test proxy does not outlive the test.
func dropFromModCache(t *testing.T, version string) {
	cache := goEnv(t, "GOMODCACHE")
	dirs := []string{filepath.Join(cache, "github.com", "leakvet", "leakvet@"+version)}
	dl := filepath.Join(cache, "cache", "download", "github.com", "leakvet", "leakvet", "@v")
	matches, _ := filepath.Glob(filepath.Join(dl, version+".*"))
	if _, err := os.Stat(filepath.Join(dl, "list")); err == nil {
		matches = append(matches, filepath.Join(dl, "list")) // the versions the go command has seen
	}
	for _, d := range dirs {
		_ = filepath.WalkDir(d, func(p string, _ os.DirEntry, err error) error {
			if err == nil {
				_ = os.Chmod(p, 0o755) // the module cache is read-only
			}
			return nil
		})
		if err := os.RemoveAll(d); err != nil {
			t.Errorf("clean the module cache: %v", err)
		}
	}
	for _, m := range matches {
		if err := os.Remove(m); err != nil {
			t.Errorf("clean the module cache: %v", err)
		}
	}
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
