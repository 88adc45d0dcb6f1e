//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// nobody is the user and group that runs the binary when the test runs
// as root, for whom no directory is unreadable.
const nobody = 65534

// TestUnreadableDirectory runs the binary on a directory it may not
// read. As root, it runs the binary as nobody, with a home and build
// cache of its own.
func TestUnreadableDirectory(t *testing.T) {
	dir := filepath.Join(fixture, "noread")
	if err := os.Chmod(dir, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })

	var adjust func(*exec.Cmd)
	if os.Geteuid() == 0 {
		home := t.TempDir()
		for d := home; d != filepath.Dir(d) && d != os.TempDir(); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil { // t.TempDir makes them 0700
				t.Fatal(err)
			}
		}
		if err := os.Chown(home, nobody, nobody); err != nil {
			t.Fatal(err)
		}
		adjust = func(cmd *exec.Cmd) {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
			cmd.Env = append(os.Environ(), "HOME="+home, "GOCACHE="+filepath.Join(home, "cache"),
				"GOPATH="+filepath.Join(home, "go"), "XDG_CONFIG_HOME="+filepath.Join(home, "config"))
		}
	}
	for _, tc := range []badInput{
		{"package", []string{"./noread"}, 1, `open .*/fixture/noread: permission denied`},
		{"wildcard", []string{"./noread/..."}, 1, `pattern \./noread/\.\.\.: open \./noread/: permission denied`},
		{"in ./...", []string{"./..."}, 1, `pattern \./\.\.\.: open noread: permission denied`},
	} {
		t.Run(tc.name, func(t *testing.T) { checkBadInput(t, tc, adjust) })
	}
	// Control: the same user can read the clean package.
	if r := run(t, fixture, adjust, "./ok"); r.code != 0 {
		t.Errorf("leakvet ./ok: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
}
