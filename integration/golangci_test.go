package integration

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
)

const (
	gclModule  = "github.com/golangci/golangci-lint/v2"
	gclVersion = "v2.15.0" // also in .custom-gcl.yml
)

// TestGolangciLint builds a golangci-lint binary with the leakvet plugin
// the way users do, with "golangci-lint custom" and the root
// .custom-gcl.yml, runs it on testdata/gcl and asserts that it reports
// exactly the marked findings; then that the documented example
// configuration works, that a check named in "disable" stays silent,
// that a check's option reaches it, and that a bad setting is a clear
// error.
//
// "golangci-lint custom" clones golangci-lint's git repository. This
// machine reaches only the Go module proxy, so the test seeds a local git
// repository from the module's source in the module cache and has git
// clone that instead: git's url.<base>.insteadOf, set through the
// GIT_CONFIG_COUNT/KEY/VALUE variables that golangci-lint passes on to
// git. Everything else is the real user flow.
func TestGolangciLint(t *testing.T) {
	e2e(t)
	root := repoRoot(t)
	tmp := t.TempDir()

	// 1. golangci-lint itself, from the module proxy.
	bin := filepath.Join(tmp, "bin")
	mustRun(t, cmd{
		env:  []string{"GOBIN=" + bin},
		args: []string{"go", "install", gclModule + "/cmd/golangci-lint@" + gclVersion},
	})
	gcl := filepath.Join(bin, "golangci-lint")
	if out := mustRun(t, cmd{args: []string{gcl, "version"}}); !strings.Contains(out, strings.TrimPrefix(gclVersion, "v")) {
		t.Fatalf("golangci-lint version: %s, want %s", out, gclVersion)
	}

	// 2. A git repository with the release's source, tagged as upstream.
	// (Outside any module, so that no go.mod or go.sum changes.)
	src := strings.TrimSpace(mustRun(t, cmd{
		dir:  tmp,
		args: []string{"go", "mod", "download", "-json", gclModule + "@" + gclVersion},
	}))
	var mod struct{ Dir string }
	if err := json.Unmarshal([]byte(src), &mod); err != nil || mod.Dir == "" {
		t.Fatalf("go mod download: %v\n%s", err, src)
	}
	mirror := filepath.Join(tmp, "golangci-lint.git")
	copyDir(t, mod.Dir, mirror)
	git := []string{"git", "-c", "user.name=leakvet e2e", "-c", "user.email=e2e@leakvet.invalid", "-c", "init.defaultBranch=main"}
	mustRun(t, cmd{dir: mirror, args: append(git, "init", "-q")})
	mustRun(t, cmd{dir: mirror, args: append(git, "add", "-A")})
	mustRun(t, cmd{dir: mirror, args: append(git, "commit", "-q", "-m", gclVersion)})
	mustRun(t, cmd{dir: mirror, args: append(git, "tag", gclVersion)})

	// 3. golangci-lint custom, run in the repository root so that it reads
	// .custom-gcl.yml, whose "path: ." builds this checkout's plugin.
	// The clone URL is the upstream repository of gclModule; git rewrites
	// it to the mirror.
	cloneURL := "https://" + strings.TrimSuffix(gclModule, "/v2") + ".git"
	custom := filepath.Join(tmp, "custom")
	mustRun(t, cmd{
		dir: root,
		env: []string{
			"GIT_CONFIG_COUNT=1",
			"GIT_CONFIG_KEY_0=url.file://" + filepath.ToSlash(mirror) + ".insteadOf",
			"GIT_CONFIG_VALUE_0=" + cloneURL,
		},
		args: []string{gcl, "custom", "-v", "--destination", custom},
	})
	customGCL := filepath.Join(custom, "custom-gcl")
	if runtime.GOOS == "windows" {
		customGCL += ".exe"
	}

	// 4. The sample module, with its .golangci.yml.
	sample := filepath.Join(root, "testdata", "gcl")
	want := markers(t, sample)
	leftovers := markersOf(t, sample, "related")
	mustRun(t, cmd{dir: sample, args: []string{customGCL, "config", "verify"}})
	if out := mustRun(t, cmd{dir: sample, args: []string{customGCL, "linters"}}); !strings.Contains(out, "leakvet") {
		t.Errorf("custom-gcl linters does not list leakvet:\n%s", out)
	}

	t.Run("all", func(t *testing.T) {
		got, related := golangciRun(t, customGCL, sample, "")
		compare(t, "custom-gcl run", got, want)
		checkRelated(t, got, related, leftovers)
	})

	// The documented example configuration, every setting at its
	// default: the plugin accepts it, and it finds the same leaks.
	t.Run("example-config", func(t *testing.T) {
		example, err := os.ReadFile(filepath.Join(root, ".golangci.example.yml"))
		if err != nil {
			t.Fatal(err)
		}
		got, related := golangciRun(t, customGCL, sample, string(example), "--enable-only=leakvet")
		compare(t, "custom-gcl run with .golangci.example.yml", got, want)
		checkRelated(t, got, related, leftovers)
	})

	// Each check in turn disabled through the settings: its findings go,
	// the others' stay.
	var checks []string
	for _, f := range want {
		if !slices.Contains(checks, f.check) {
			checks = append(checks, f.check)
		}
	}
	for _, a := range analyzer.All() {
		if !slices.Contains(checks, a.Name) {
			t.Errorf("testdata/gcl has no finding of check %s: add one, marked // leakvet:want %s", a.Name, a.Name)
		}
	}
	base, err := os.ReadFile(filepath.Join(sample, ".golangci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, check := range checks {
		t.Run("disable-"+check, func(t *testing.T) {
			cfg := withSettings(t, string(base), "disable: ["+check+"]")
			var wantRest, leftRest []finding
			for _, f := range want {
				if f.check != check {
					wantRest = append(wantRest, f)
				}
			}
			for _, f := range leftovers {
				if f.check != check {
					leftRest = append(leftRest, f)
				}
			}
			got, related := golangciRun(t, customGCL, sample, cfg)
			compare(t, "custom-gcl run with "+check+" disabled", got, wantRest)
			checkRelated(t, got, related, leftRest)
		})
	}

	// A check's option, under the check's name: sendleak's ignore-tests
	// silences its findings in _test.go files, and only those.
	t.Run("option", func(t *testing.T) {
		cfg := withSettings(t, string(base), "sendleak: {ignore-tests: true}")
		var wantRest []finding
		for _, f := range want {
			if !(f.check == "sendleak" && strings.HasSuffix(f.file, "_test.go")) {
				wantRest = append(wantRest, f)
			}
		}
		if len(wantRest) == len(want) {
			t.Fatal("testdata/gcl has no sendleak finding in a _test.go file")
		}
		got, related := golangciRun(t, customGCL, sample, cfg)
		compare(t, "custom-gcl run with sendleak.ignore-tests", got, wantRest)
		checkRelated(t, got, related, leftovers)
	})

	// A misspelt setting stops the run with an error naming it.
	t.Run("bad-setting", func(t *testing.T) {
		cfg := withSettings(t, string(base), "disabel: [sendleak]")
		path := filepath.Join(t.TempDir(), "golangci.yml")
		if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		out, code := run(t, cmd{dir: sample, args: []string{customGCL, "run", "-c", path, "./..."}})
		if code == 0 || code == 1 || !strings.Contains(out, `unknown field "disabel"`) {
			t.Errorf("custom-gcl run with a misspelt setting: exit code %d, want a failure naming the setting:\n%s", code, out)
		}
	})
}

// golangciRun runs customGCL on the module dir, with the configuration
// cfg when it is not empty and the extra flags, and returns the findings
// of leakvet and, apart, their related information.
func golangciRun(t *testing.T, customGCL, dir, cfg string, extra ...string) (got, related []finding) {
	t.Helper()
	tmp := t.TempDir()
	jsonOut := filepath.Join(tmp, "issues.json")
	args := []string{
		customGCL, "run",
		"--output.json.path=" + jsonOut, "--output.text.path=stdout",
		"--path-mode=abs", // else relative to the configuration file
		"--max-issues-per-linter=0", "--max-same-issues=0", "--uniq-by-line=false",
	}
	if cfg != "" {
		path := filepath.Join(tmp, "golangci.yml")
		if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "-c", path)
	}
	args = append(append(args, extra...), "./...")
	text, code := run(t, cmd{dir: dir, args: args})
	t.Logf("custom-gcl output:\n%s", text)
	data, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatalf("custom-gcl run: exit code %d, no JSON report: %v", code, err)
	}
	var report struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename string
				Line     int
			}
		}
	}
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatalf("custom-gcl run: exit code %d, the report is not JSON: %v\n%s", code, err, data)
	}
	for _, is := range report.Issues {
		if is.FromLinter != "leakvet" {
			t.Errorf("issue from linter %q, want only leakvet: %s", is.FromLinter, is.Text)
			continue
		}
		// A linter with several analyzers prefixes the text with the
		// analyzer's name, and reports each Diagnostic.Related as an
		// issue of its own, with "(related information)" after the name.
		check, _, ok := strings.Cut(is.Text, ": ")
		if !ok {
			t.Errorf("%s:%d: issue text %q names no check", is.Pos.Filename, is.Pos.Line, is.Text)
			continue
		}
		rel, err := filepath.Rel(dir, is.Pos.Filename)
		if err != nil {
			t.Fatal(err)
		}
		f := finding{filepath.ToSlash(rel), is.Pos.Line, check}
		if c, ok := strings.CutSuffix(check, "(related information)"); ok {
			f.check = c
			related = append(related, f)
			continue
		}
		got = append(got, f)
	}
	if wantCode := min(len(got)+len(related), 1); code != wantCode {
		t.Errorf("custom-gcl run: exit code %d with %d issues, want %d", code, len(got)+len(related), wantCode)
	}
	return got, related
}

// checkRelated asserts that each related-information issue belongs to a
// finding of its check in its file, or is one of the leftovers of
// findings silenced by //nolint, and that each leftover is there.
func checkRelated(t *testing.T, got, related, leftovers []finding) {
	t.Helper()
	for _, r := range related {
		if !slices.Contains(leftovers, r) &&
			!slices.ContainsFunc(got, func(f finding) bool { return f.file == r.file && f.check == r.check }) {
			t.Errorf("%s: related information without a %s finding in its file", r, r.check)
		}
	}
	for _, l := range leftovers {
		if !slices.Contains(related, l) {
			t.Errorf("%s: no related information left over here", l)
		}
	}
}

// withSettings returns the configuration cfg with setting, a one-line
// YAML mapping entry, added to the leakvet settings. The settings block
// must start with the line "        settings:" and must not contain the
// same key.
func withSettings(t *testing.T, cfg, setting string) string {
	t.Helper()
	const start = "\n        settings:\n"
	i := strings.Index(cfg, start)
	if i < 0 {
		t.Fatalf("testdata/gcl/.golangci.yml: no line %q", strings.TrimSpace(start))
	}
	i += len(start)
	return cfg[:i] + "          " + setting + "\n" + cfg[i:]
}
