package integration

import (
	"fmt"
	"os"
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
	installPreCommit(t)

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
			for _, f := range want {
				if !findingRE(f).MatchString(out) {
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

// TestPreCommitConfig runs the hooks the way the README tells users to:
// a .pre-commit-config.yaml naming this repository at a commit, with
// language_version: system and args replaced, then "pre-commit install"
// so that the hooks run on "git commit". The commit is the checkout's
// HEAD: uncommitted edits are not part of it.
func TestPreCommitConfig(t *testing.T) {
	e2e(t)
	root := repoRoot(t)
	installPreCommit(t)
	head := strings.TrimSpace(mustRun(t, cmd{dir: root, args: []string{"git", "rev-parse", "HEAD"}}))
	env := []string{
		"PRE_COMMIT_HOME=" + t.TempDir(),
		"GOMODCACHE=" + goEnv(t, "GOMODCACHE"),
		"PRE_COMMIT_COLOR=never",
	}
	config := fmt.Sprintf(`repos:
  - repo: %s
    rev: %s
    hooks:
      - id: leakvet
        language_version: system
      - id: leakvet-vet
        language_version: system
        args: [-rangeleak=false, ./...]
`, root, head)
	git := []string{"git", "-c", "user.name=leakvet e2e", "-c", "user.email=e2e@leakvet.invalid"}

	leaky := filepath.Join(root, "testdata", "precommit", "leaky")
	want := markers(t, leaky)
	t.Run("leaky", func(t *testing.T) {
		repo := consumerRepo(t, leaky)
		writeFile(t, filepath.Join(repo, ".pre-commit-config.yaml"), config)
		mustRun(t, cmd{dir: repo, args: []string{"git", "add", ".pre-commit-config.yaml"}})
		out, code := run(t, cmd{dir: repo, env: env, args: []string{"pre-commit", "run", "--all-files"}})
		t.Logf("output:\n%s", out)
		if code == 0 {
			t.Errorf("pre-commit run on the leaky module: exit code 0, want failed hooks")
		}
		// The output has one section per hook, each after its id.
		sections := hookSections(out)
		for _, f := range want {
			re := findingRE(f)
			if !re.MatchString(sections["leakvet"]) {
				t.Errorf("hook leakvet: output lacks the finding %s", f)
			}
			// leakvet-vet runs with -rangeleak=false.
			if got := re.MatchString(sections["leakvet-vet"]); got != (f.check != "rangeleak") {
				t.Errorf("hook leakvet-vet with -rangeleak=false: finding %s reported: %v", f, got)
			}
		}

		mustRun(t, cmd{dir: repo, env: env, args: []string{"pre-commit", "install"}})
		out, code = run(t, cmd{dir: repo, env: env, args: append(git, "commit", "-q", "-m", "leaky")})
		if code == 0 {
			t.Errorf("git commit of the leaky module: exit code 0, want the hooks to block it\n%s", out)
		}
	})
	t.Run("clean", func(t *testing.T) {
		repo := consumerRepo(t, filepath.Join(root, "testdata", "precommit", "clean"))
		writeFile(t, filepath.Join(repo, ".pre-commit-config.yaml"), config)
		mustRun(t, cmd{dir: repo, args: []string{"git", "add", ".pre-commit-config.yaml"}})
		mustRun(t, cmd{dir: repo, env: env, args: []string{"pre-commit", "install"}})
		mustRun(t, cmd{dir: repo, env: env, args: append(git, "commit", "-q", "-m", "clean")})
	})
}

// installPreCommit installs pre-commit from Debian unless it is on PATH,
// as RECIPES.md §5 describes; CI runs as root.
func installPreCommit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("pre-commit"); err != nil {
		mustRun(t, cmd{args: []string{"apt-get", "update", "-qq"}})
		mustRun(t, cmd{
			env:  []string{"DEBIAN_FRONTEND=noninteractive"},
			args: []string{"apt-get", "install", "-y", "-qq", "pre-commit"},
		})
	}
	t.Logf("%s", strings.TrimSpace(mustRun(t, cmd{args: []string{"pre-commit", "--version"}})))
}

// findingRE matches f in the text output of leakvet or go vet:
// "file:line:col: message", the file made absolute by leakvet and
// prefixed with "./" by go vet.
func findingRE(f finding) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^(\S*/)?` + regexp.QuoteMeta(f.file) + fmt.Sprintf(`:%d:\d+: `, f.line))
}

// hookSections splits the output of pre-commit run --verbose or of a
// failed hook by hook id.
func hookSections(out string) map[string]string {
	sections := map[string]string{}
	parts := strings.Split(out, "- hook id: ")
	for _, p := range parts[1:] {
		id, rest, _ := strings.Cut(p, "\n")
		sections[strings.TrimSpace(id)] = rest
	}
	return sections
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
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
