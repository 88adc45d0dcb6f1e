// Package baseline reads and writes leakvet's baseline files: the
// findings of a codebase recorded once, so that later runs report only
// new ones.
//
// A baseline identifies findings by what survives edits elsewhere in a
// file: the check, the file (relative to the baseline file's directory,
// with slashes), the function that encloses the finding ("Type.Method",
// "Func", "" outside functions) and the message. It has no line or
// column: a finding stays known when code above it moves. The file is
// JSON, its entries sorted, one per distinct key with a count when the
// key occurs more than once.
package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"slices"
)

// Version is the version of the file format.
const Version = 1

// A Key identifies findings in a baseline.
type Key struct {
	Check   string `json:"check"`
	File    string `json:"file"`
	Func    string `json:"func"`
	Message string `json:"message"`
}

// file is the content of a baseline file.
type file struct {
	Version  int     `json:"version"`
	Findings []entry `json:"findings"`
}

type entry struct {
	Key
	Count int `json:"count,omitempty"` // omitted when 1
}

// Write records the findings with the given keys in the file at path,
// replacing it.
func Write(path string, keys []Key) error {
	counts := make(map[Key]int)
	for _, k := range keys {
		counts[k]++
	}
	f := file{Version: Version, Findings: []entry{}}
	for k, n := range counts {
		e := entry{Key: k}
		if n > 1 {
			e.Count = n
		}
		f.Findings = append(f.Findings, e)
	}
	slices.SortFunc(f.Findings, func(x, y entry) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Func, y.Func),
			cmp.Compare(x.Check, y.Check), cmp.Compare(x.Message, y.Message))
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "\t")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// Read returns the findings recorded in the file at path: how many
// times each key occurs. An error wraps fs.ErrNotExist if there is no
// such file.
func Read(path string) (map[Key]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", path, err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("baseline %s: version %d, want %d", path, f.Version, Version)
	}
	known := make(map[Key]int)
	for _, e := range f.Findings {
		known[e.Key] += max(e.Count, 1)
	}
	return known, nil
}

// New returns the indices in keys of the findings that known does not
// record: of findings with the same key, those beyond the recorded
// count, in order.
func New(known map[Key]int, keys []Key) []int {
	left := make(map[Key]int, len(known))
	for k, n := range known {
		left[k] = n
	}
	var fresh []int
	for i, k := range keys {
		if left[k] > 0 {
			left[k]--
			continue
		}
		fresh = append(fresh, i)
	}
	return fresh
}
