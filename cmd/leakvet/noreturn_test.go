package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestNoReturnFromSource runs leakvet, standalone and under go vet, on
// testdata/noreturn/app, a module that calls helpers of another module
// (testdata/noreturn/dep, by a replace directive). Neither driver
// analyses the dependency: its types come from export data, and whether
// its helpers return is read from their bodies on demand. A helper that
// ends in t.Fatal or os.Exit under another name must make the check
// silent; its twin that returns must still be reported. The reported
// lines are exactly those marked "// want <check>".
func TestNoReturnFromSource(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the fixture's dependencies; skipped with -short")
	}
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(filepath.Join("testdata", "noreturn"))); err != nil {
		t.Fatal(err)
	}
	app := filepath.Join(root, "app")
	want := wantMarkers(t, app)
	if len(want) == 0 {
		t.Fatal("the fixture has no want markers")
	}

	r := run(t, app, nil, "./...")
	if r.code != 3 {
		t.Errorf("leakvet ./...: exit code %d, want 3; stderr:\n%s", r.code, r.stderr)
	}
	if got := findings(r.stderr); !slices.Equal(got, want) {
		t.Errorf("leakvet ./... reports\n\t%s\nwant\n\t%s\nstderr:\n%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"), r.stderr)
	}

	vet := exec.Command("go", "vet", "-vettool="+leakvet, "./...")
	vet.Dir = app
	var stderr bytes.Buffer
	vet.Stderr = &stderr
	err := vet.Run()
	if _, ok := err.(*exec.ExitError); !ok && err != nil {
		t.Fatalf("go vet: %v", err)
	}
	var got []string
	for _, f := range findings(stderr.String()) {
		got = append(got, f+" sendleak") // go vet prints no check name; every marker names sendleak
	}
	if !slices.Equal(got, want) {
		t.Errorf("go vet -vettool reports\n\t%s\nwant\n\t%s\nstderr:\n%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"), stderr.String())
	}
}

// wantMarkers returns the "file:line check" of each "// want check"
// comment in the Go files of dir, sorted.
func wantMarkers(t *testing.T, dir string) []string {
	t.Helper()
	marker := regexp.MustCompile(`// want (\w+)$`)
	var want []string
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for line := 1; sc.Scan(); line++ {
			if m := marker.FindStringSubmatch(sc.Text()); m != nil {
				want = append(want, filepath.Base(name)+":"+strconv.Itoa(line)+" "+m[1])
			}
		}
	}
	slices.Sort(want)
	return want
}

// findings returns the "file:line" (and " check", when the line names
// one) of each finding in a driver's output, sorted; related positions
// (a tab after the position) are left out.
func findings(out string) []string {
	line := regexp.MustCompile(`(?m)^(?:\./)?([\w./-]+\.go):(\d+):\d+: ([^\t].*?)(?: \[(\w+)\])?$`)
	var got []string
	for _, m := range line.FindAllStringSubmatch(out, -1) {
		f := m[1] + ":" + m[2]
		if m[4] != "" {
			f += " " + m[4]
		}
		got = append(got, f)
	}
	slices.Sort(got)
	return got
}
