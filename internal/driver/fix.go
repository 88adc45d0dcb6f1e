package driver

// This file applies suggested fixes and prints them as a unified diff,
// for leakvet -fix and -fix -diff.

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Fixed is the outcome of applying the fixes of a set of findings, in
// memory.
type Fixed struct {
	Old, New map[string][]byte // the files the fixes change: content before and after
	Unfixed  []*Finding        // the findings whose fix was not applied: without one, or conflicting
	Applied  int               // fixes applied
	Skipped  int               // fixes left out because they overlap fixes applied before them
}

// fileEdit is an edit of a file, in byte offsets.
type fileEdit struct {
	start, end int
	text       string
}

// ApplyFixes applies the first suggested fix of each finding (the one
// the other drivers apply), in order, to the files they edit, in
// memory, and formats the files it changes as gofmt does. A fix whose
// edits overlap those of a fix applied before it is left out (the next
// run reports its finding again, and applies it); an edit identical to
// one applied before is applied once. It fails if a file changed since
// it was analysed.
func ApplyFixes(found []*Finding) (*Fixed, error) {
	fx := &Fixed{Old: make(map[string][]byte), New: make(map[string][]byte)}
	edits := make(map[string][]fileEdit) // accepted, by file
	for _, f := range found {
		if len(f.Diag.SuggestedFixes) == 0 {
			fx.Unfixed = append(fx.Unfixed, f)
			continue
		}
		mine, err := fx.edits(f, f.Diag.SuggestedFixes[0])
		if err != nil {
			return nil, err
		}
		if conflicts(edits, mine) {
			fx.Skipped++
			fx.Unfixed = append(fx.Unfixed, f)
			continue
		}
		fx.Applied++
		for file, es := range mine {
			for _, e := range es {
				if !slices.Contains(edits[file], e) {
					edits[file] = append(edits[file], e)
				}
			}
		}
	}
	for file, es := range edits {
		slices.SortFunc(es, func(x, y fileEdit) int { return cmp.Or(cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end)) })
		old := fx.Old[file]
		var b bytes.Buffer
		last := 0
		for _, e := range es {
			b.Write(old[last:e.start])
			b.WriteString(e.text)
			last = e.end
		}
		b.Write(old[last:])
		src := b.Bytes()
		if formatted, err := format.Source(src); err == nil {
			src = formatted
		}
		if bytes.Equal(src, old) {
			delete(fx.Old, file)
			continue
		}
		fx.New[file] = src
	}
	for file := range fx.Old {
		if fx.New[file] == nil {
			delete(fx.Old, file)
		}
	}
	return fx, nil
}

// edits returns the edits of fix, by file, in byte offsets, and reads
// the files they edit into fx.Old.
func (fx *Fixed) edits(f *Finding, fix analysis.SuggestedFix) (map[string][]fileEdit, error) {
	fset := f.unit.pkg.Fset
	out := make(map[string][]fileEdit)
	for _, e := range fix.TextEdits {
		tf := fset.File(e.Pos)
		if tf == nil {
			return nil, fmt.Errorf("fix %q: an edit at an unknown position", fix.Message)
		}
		name := tf.Name()
		if _, ok := fx.Old[name]; !ok {
			data, err := os.ReadFile(name)
			if err != nil {
				return nil, err
			}
			if len(data) != tf.Size() {
				return nil, fmt.Errorf("%s changed since it was analysed (%d bytes, then %d): no fix applied", name, tf.Size(), len(data))
			}
			fx.Old[name] = data
		}
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		out[name] = append(out[name], fileEdit{tf.Offset(e.Pos), tf.Offset(end), string(e.NewText)})
	}
	return out, nil
}

// conflicts reports whether an edit of mine overlaps an accepted one
// other than its identical twin: two replacements that share a byte, an
// insertion strictly inside a replacement, or two different insertions
// at the same offset.
func conflicts(accepted, mine map[string][]fileEdit) bool {
	for file, es := range mine {
		for _, e := range es {
			for _, a := range accepted[file] {
				switch {
				case a == e:
				case e.start < a.end && a.start < e.end:
					return true
				case e.start == e.end && a.start < e.start && e.start < a.end,
					a.start == a.end && e.start < a.start && a.start < e.end:
					return true
				case e.start == e.end && a.start == a.end && e.start == a.start:
					return true
				}
			}
		}
	}
	return false
}

// Write writes the fixed files.
func (fx *Fixed) Write() error {
	for _, file := range slices.Sorted(maps.Keys(fx.New)) {
		if err := os.WriteFile(file, fx.New[file], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// WriteDiff prints the fixes as a unified diff, file by file in order of
// name, with three lines of context, as go fix -diff does.
func (fx *Fixed) WriteDiff(w io.Writer) error {
	var b strings.Builder
	for _, file := range slices.Sorted(maps.Keys(fx.New)) {
		unified(&b, file+" (old)", file+" (new)", string(fx.Old[file]), string(fx.New[file]))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// lineOp is a line of a diff: kept (' '), deleted ('-') or inserted ('+').
type lineOp struct {
	kind byte
	text string // with its newline, if it has one
}

// splitLines splits s after each newline.
func splitLines(s string) []string {
	var lines []string
	for line := range strings.Lines(s) {
		lines = append(lines, line)
	}
	return lines
}

// diffLines returns the line operations that turn a into b: the lines
// of a longest common subsequence kept, the others deleted then
// inserted, region by region.
func diffLines(a, b []string) []lineOp {
	// Common prefix and suffix, then the middle by dynamic
	// programming, or wholly replaced if it is too large for that.
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	var ops []lineOp
	for _, l := range a[:p] {
		ops = append(ops, lineOp{' ', l})
	}
	ma, mb := a[p:len(a)-s], b[p:len(b)-s]
	if len(ma)*len(mb) > 1<<22 {
		for _, l := range ma {
			ops = append(ops, lineOp{'-', l})
		}
		for _, l := range mb {
			ops = append(ops, lineOp{'+', l})
		}
	} else {
		// lcs[i][j] is the length of a longest common subsequence of
		// ma[i:] and mb[j:].
		n, m := len(ma), len(mb)
		lcs := make([][]int32, n+1)
		for i := range lcs {
			lcs[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if ma[i] == mb[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		var dels, inss []lineOp
		flush := func() {
			ops = append(append(ops, dels...), inss...)
			dels, inss = nil, nil
		}
		i, j := 0, 0
		for i < n || j < m {
			switch {
			case i < n && j < m && ma[i] == mb[j]:
				flush()
				ops = append(ops, lineOp{' ', ma[i]})
				i++
				j++
			case j == m || i < n && lcs[i+1][j] >= lcs[i][j+1]:
				dels = append(dels, lineOp{'-', ma[i]})
				i++
			default:
				inss = append(inss, lineOp{'+', mb[j]})
				j++
			}
		}
		flush()
	}
	for _, l := range a[len(a)-s:] {
		ops = append(ops, lineOp{' ', l})
	}
	return ops
}

// unified writes the unified diff of a and b, named from and to, with
// three lines of context; nothing if they are equal. Hunk headers follow
// GNU diff: a count of 1 is omitted, an empty range starts at the line
// before it.
func unified(w *strings.Builder, from, to, a, b string) {
	const context = 3
	ops := diffLines(splitLines(a), splitLines(b))
	var changes []int // indices of the ops that change a line
	for i, op := range ops {
		if op.kind != ' ' {
			changes = append(changes, i)
		}
	}
	if len(changes) == 0 {
		return
	}
	fmt.Fprintf(w, "--- %s\n+++ %s\n", from, to)
	// Line numbers, in a and in b, of each op.
	aLine, bLine := make([]int, len(ops)+1), make([]int, len(ops)+1)
	for i, op := range ops {
		aLine[i+1], bLine[i+1] = aLine[i], bLine[i]
		if op.kind != '+' {
			aLine[i+1]++
		}
		if op.kind != '-' {
			bLine[i+1]++
		}
	}
	for k := 0; k < len(changes); {
		// A hunk: the changes no more than 2*context kept lines apart.
		first, last := changes[k], changes[k]
		for k++; k < len(changes) && changes[k]-last-1 <= 2*context; k++ {
			last = changes[k]
		}
		start, end := max(0, first-context), min(len(ops), last+1+context)
		na, nb := aLine[end]-aLine[start], bLine[end]-bLine[start]
		w.WriteString("@@ " + rangeOf('-', aLine[start]+1, na) + " " + rangeOf('+', bLine[start]+1, nb) + " @@\n")
		for _, op := range ops[start:end] {
			w.WriteByte(op.kind)
			w.WriteString(op.text)
			if !strings.HasSuffix(op.text, "\n") {
				w.WriteString("\n\\ No newline at end of file\n")
			}
		}
	}
}

// rangeOf formats a hunk's range of count lines from line first.
func rangeOf(sign byte, first, count int) string {
	switch {
	case count == 1:
		return fmt.Sprintf("%c%d", sign, first)
	case count == 0:
		return fmt.Sprintf("%c%d,0", sign, first-1)
	}
	return fmt.Sprintf("%c%d,%d", sign, first, count)
}
