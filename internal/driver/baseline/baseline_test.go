package baseline

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestWriteRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.json")
	a := Key{"sendleak", "a/a.go", "Fetch", "goroutine may block forever sending on ch"}
	b := Key{"timerleak", "a/a.go", "T.Stop", "drain <b> & \"q\""}
	c := Key{"rangeleak", "0.go", "", "jobs is never closed"}
	if err := Write(path, []Key{b, a, c, a}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Sorted by file, function, check, message; a count only above 1;
	// no HTML escaping.
	want := `{
	"version": 1,
	"findings": [
		{
			"check": "rangeleak",
			"file": "0.go",
			"func": "",
			"message": "jobs is never closed"
		},
		{
			"check": "sendleak",
			"file": "a/a.go",
			"func": "Fetch",
			"message": "goroutine may block forever sending on ch",
			"count": 2
		},
		{
			"check": "timerleak",
			"file": "a/a.go",
			"func": "T.Stop",
			"message": "drain <b> & \"q\""
		}
	]
}
`
	if string(data) != want {
		t.Errorf("baseline file:\n%s\nwant:\n%s", data, want)
	}
	known, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if w := map[Key]int{a: 2, b: 1, c: 1}; !maps.Equal(known, w) {
		t.Errorf("Read = %v, want %v", known, w)
	}
}

func TestNew(t *testing.T) {
	a := Key{"sendleak", "a.go", "F", "m"}
	b := Key{"sendleak", "a.go", "G", "m"}
	known := map[Key]int{a: 2}
	for _, tc := range []struct {
		keys []Key
		want []int
	}{
		{nil, nil},
		{[]Key{a}, nil},
		{[]Key{a, a}, nil},
		{[]Key{a, a, a}, []int{2}}, // beyond the count
		{[]Key{b, a}, []int{0}},    // another function
		{[]Key{a, b, a, a, b}, []int{1, 3, 4}},
	} {
		if got := New(known, tc.keys); !slices.Equal(got, tc.want) {
			t.Errorf("New(%v) = %v, want %v", tc.keys, got, tc.want)
		}
	}
	if known[a] != 2 {
		t.Errorf("New changed the known counts: %v", known)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Read(filepath.Join(dir, "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read of a missing file: %v, want fs.ErrNotExist", err)
	}
	for _, tc := range []struct{ content, want string }{
		{`not json`, "invalid character"},
		{`{"version": 1, "findings": [{"line": 3}]}`, `unknown field "line"`},
		{`{"version": 2, "findings": []}`, "version 2, want 1"},
	} {
		path := filepath.Join(dir, "b.json")
		if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(path); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%s): %v, want an error with %q", tc.content, err, tc.want)
		}
	}
}
