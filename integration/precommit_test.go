package integration

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPreCommit runs each hook of .pre-commit-hooks.yaml with
// "pre-commit try-repo" in throwaway git repositories made from the
// modules under testdata/precommit: the hook fails on the leaky module,
// printing every marked finding, and passes on the clean one.
//
// try-repo installs the hooks from this checkout as pre-commit does from
// a released tag (uncommitted edits included, through a shadow commit).
// The hook environment gets a fresh PRE_COMMIT_HOME and shares the
// module cache, so its "go install ./..." needs no download.
func TestPreCommit(t *testing.T) {
	e2e(t)
	root := repoRoot(t)
	if _, err := exec.LookPath("pre-commit"); err != nil {
		// Debian's package, as RECIPES.md §5 describes; CI runs as root.
		mustRun(t, cmd{args: []string{"apt-get", "update", "-qq"}})
		mustRun(t, cmd{
			env:  []string{"DEBIAN_FRONTEND=noninteractive"},
			args: []string{"apt-get", "install", "-y", "-qq", "pre-commit"},
		})
	}
	t.Logf("pre-commit %s", strings.TrimSpace(mustRun(t, cmd{args: []string{"pre-commit", "--version"}})))

	env := []string{
		"PRE_COMMIT_HOME=" + t.TempDir(),
		"GOMODCACHE=" + goEnv(t, "GOMODCACHE"),
		"PRE_COMMIT_COLOR=never",
	}
	leaky := filepath.Join(root, "testdata", "precommit", "leaky")
	clean := filepath.Join(root, "testdata", "precommit", "clean")
	want := markers(t, leaky)

	for _, hook := range []string{"leakvet", "leakvet-vet"} {
		t.Run(hook+"/leaky", func(t *testing.T) {
			repo := consumerRepo(t, leaky)
			out, code := run(t, cmd{dir: repo, env: env, args: []string{"pre-commit", "try-repo", root, hook, "--all-files", "--verbose"}})
			t.Logf("output:\n%s", out)
			if code == 0 || !strings.Contains(out, "Failed") {
				t.Errorf("hook %s on the leaky module: exit code %d, want a failed hook", hook, code)
			}
			// The text drivers print "file:line:col: message"; go vet
			// prefixes the file with "./".
			for _, f := range want {
				re := regexp.MustCompile(`(?m)^(\S*/)?` + regexp.QuoteMeta(f.file) + fmt.Sprintf(`:%d:\d+: `, f.line))
				if !re.MatchString(out) {
					t.Errorf("hook %s: output lacks the finding %s", hook, f)
				}
			}
		})
		t.Run(hook+"/clean", func(t *testing.T) {
			repo := consumerRepo(t, clean)
			out, code := run(t, cmd{dir: repo, env: env, args: []string{"pre-commit", "try-repo", root, hook, "--all-files", "--verbose"}})
			if code != 0 || !strings.Contains(out, "Passed") {
				t.Errorf("hook %s on the clean module: exit code %d, want a passed hook\n%s", hook, code, out)
			}
		})
	}
}

// consumerRepo returns a new git repository holding a copy of the module
// src, its files added to the index (pre-commit --all-files sees only
// tracked files).
func consumerRepo(t *testing.T, src string) string {
	t.Helper()
	repo := filepath.Join(t.TempDir(), "repo")
	copyDir(t, src, repo)
	mustRun(t, cmd{dir: repo, args: []string{"git", "init", "-q"}})
	mustRun(t, cmd{dir: repo, args: []string{"git", "add", "-A"}})
	return repo
}
