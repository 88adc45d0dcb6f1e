// Command goker compares leakvet's findings on the GoKer kernels (the
// real goroutine-leak bugs that ship with Go in
// src/runtime/testdata/testgoroutineleakprofile/goker) with the
// checked-in verdicts, and measures recall and precision.
// scripts/goker.sh runs leakvet on a copy of the kernels and then this
// program; docs/realworld/goker.md describes the figures.
//
// Usage:
//
//	goker -verdicts FILE -readme README.md -dir KERNELS -rc N OUT.json
//
// README.md documents each bug ("## Cockroach/10214" and a table with
// its type and sub-type); KERNELS is the analysed copy, one file per bug
// named after it (cockroach10214.go); OUT.json is leakvet -json's output
// and N its exit code.
//
// Verdicts are bug (the finding names the documented bug), real (a real
// leak or deadlock in the kernel, not the documented one), false (no
// execution does what the message says) and fixed (a false positive no
// longer reported, which must not come back).
//
// It prints each bug file as found (a finding with verdict bug is
// reported) or missed, recall per bug type and sub-type, precision
// (bug+real)/(bug+real+false), the findings without a verdict as lines to
// add to the verdict file, and the missed files with their type. It exits
// 1 when a bug or real finding is lost, a fixed one comes back, leakvet
// failed, or (with -strict) a finding has no verdict; 2 on a usage error.
package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A bug is one kernel file and its entry in the README.
type bug struct {
	file    string // cockroach10214.go
	id      string // cockroach#10214
	typ     string // Resource, Communication or Mixed
	subtype string // normalised: double locking, AB-BA, RWR, channel, ...
	found   bool
	lines   []string // findings in this file, for the report
}

func (b *bug) kind() string { return b.typ + "/" + b.subtype }

// A verdict is one line of the verdict file.
type verdict struct {
	file, id, kind, check string
	line                  int
	verdict               string // bug, real, false or fixed
	reason                string
	lineno                int // in the verdict file
	used                  bool
}

// A finding is one diagnostic of leakvet's output.
type finding struct {
	file, check string
	line, col   int
	message     string
	verdict     *verdict
}

var verdictWords = []string{"bug", "real", "false", "fixed"}

func main() {
	verdictsFile := flag.String("verdicts", "docs/realworld/goker.tsv", "the verdict file")
	readme := flag.String("readme", "", "the kernels' README.md")
	dir := flag.String("dir", "", "the directory leakvet analysed")
	rc := flag.Int("rc", 0, "leakvet's exit code")
	strict := flag.Bool("strict", os.Getenv("GOKER_STRICT") == "1", "also fail on findings without a verdict")
	flag.Parse()
	if flag.NArg() != 1 || *readme == "" || *dir == "" {
		fmt.Fprintln(os.Stderr, "usage: goker -verdicts FILE -readme README.md -dir KERNELS -rc N OUT.json")
		os.Exit(2)
	}
	bugs, err := readReadme(*readme, *dir)
	if err != nil {
		fatalf("%v", err)
	}
	vs, err := readVerdicts(*verdictsFile)
	if err != nil {
		fatalf("%v", err)
	}
	fs, problems := readFindings(flag.Arg(0), *dir)
	if *rc != 0 && *rc != 3 {
		problems = append(problems, fmt.Sprintf("leakvet exited %d (want 0 or 3)", *rc))
	}
	if !report(os.Stdout, bugs, vs, fs, problems, *strict) {
		os.Exit(1)
	}
}

// report prints the comparison and reports whether it passes.
func report(w io.Writer, bugs []*bug, vs []*verdict, fs []*finding, problems []string, strict bool) bool {
	ok := len(problems) == 0
	for _, p := range problems {
		fmt.Fprintf(w, "FAIL: %s\n", p)
	}
	byFile := map[string]*bug{}
	for _, b := range bugs {
		byFile[b.file] = b
	}
	index := map[string]*verdict{}
	for _, v := range vs {
		index[v.file+"\t"+v.check+"\t"+strconv.Itoa(v.line)] = v
		if b := byFile[v.file]; b == nil {
			fmt.Fprintf(w, "warning: verdict line %d: %s is not a documented bug file\n", v.lineno, v.file)
		} else if v.kind != b.kind() || v.id != b.id {
			fmt.Fprintf(w, "warning: verdict line %d: the README says %s %s\n", v.lineno, b.id, b.kind())
		}
	}
	counts := map[string]int{}
	var unjudged []*finding
	for _, f := range fs {
		v := index[f.file+"\t"+f.check+"\t"+strconv.Itoa(f.line)]
		f.verdict = v
		word := "NEW"
		if v != nil {
			v.used = true
			word = v.verdict
			counts[v.verdict]++
			switch v.verdict {
			case "bug":
				if b := byFile[f.file]; b != nil {
					b.found = true
				}
			case "fixed":
				word = "BACK (fixed, must not come back)"
				ok = false
			}
		} else {
			unjudged = append(unjudged, f)
			if strict {
				ok = false
			}
		}
		line := fmt.Sprintf("  %-6s %s:%d [%s] %s", word, f.file, f.line, f.check, f.message)
		if b := byFile[f.file]; b != nil {
			b.lines = append(b.lines, line)
		} else {
			fmt.Fprintf(w, "%s (not a documented bug file)\n", line)
		}
	}

	fmt.Fprintln(w, "== per file")
	for _, b := range bugs {
		state := "missed"
		if b.found {
			state = "FOUND"
		}
		fmt.Fprintf(w, "%-20s %-6s %-20s %s\n", b.file, state, b.id, b.kind())
		for _, l := range b.lines {
			fmt.Fprintln(w, l)
		}
	}

	var lost []*verdict
	for _, v := range vs {
		if v.used {
			continue
		}
		switch v.verdict {
		case "bug", "real":
			lost = append(lost, v)
			ok = false
		case "false":
			fmt.Fprintf(w, "no longer reported (mark it fixed): %s:%d [%s]\n", v.file, v.line, v.check)
		}
	}
	if len(lost) > 0 {
		fmt.Fprintln(w, "== LOST: findings with verdict bug or real that are no longer reported")
		for _, v := range lost {
			fmt.Fprintf(w, "LOST %s %s:%d [%s] %s\n", v.verdict, v.file, v.line, v.check, v.reason)
		}
	}
	if len(unjudged) > 0 {
		fmt.Fprintln(w, "== new findings: add to the verdict file (file, bug, type, check, line, verdict, reason)")
		for _, f := range unjudged {
			id, kind := "?", "?"
			if b := byFile[f.file]; b != nil {
				id, kind = b.id, b.kind()
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t?\t%s\n", f.file, id, kind, f.check, f.line, f.message)
		}
	}

	fmt.Fprintln(w, "== missed bug files")
	for _, b := range bugs {
		if !b.found {
			fmt.Fprintf(w, "  %-20s %s\n", b.file, b.kind())
		}
	}

	fmt.Fprintln(w, "== summary")
	printRecall(w, bugs)
	judged := counts["bug"] + counts["real"] + counts["false"]
	fmt.Fprintf(w, "findings: %d (bug %d, real %d, false %d, without verdict %d)\n",
		len(fs), counts["bug"], counts["real"], counts["false"], len(unjudged))
	fmt.Fprintf(w, "precision: %s\n", ratio(counts["bug"]+counts["real"], judged))
	if !ok {
		fmt.Fprintln(w, "goker: FAIL")
	}
	return ok
}

// typeOrder lists the bug types and sub-types in the order of the report.
var typeOrder = []string{
	"Resource/double locking", "Resource/AB-BA", "Resource/RWR", "Resource/missing unlock",
	"Communication/channel", "Communication/channel & context",
	"Communication/channel & condition variable", "Communication/condition variable",
	"Mixed/channel & lock", "Mixed/channel & WaitGroup", "Mixed/misuse WaitGroup",
}

// printRecall prints the recall overall, per type and per sub-type.
func printRecall(w io.Writer, bugs []*bug) {
	found, all := map[string]int{}, map[string]int{}
	var kinds []string
	for _, b := range bugs {
		for _, k := range []string{"", b.typ, b.kind()} {
			if all[k] == 0 && k != "" {
				kinds = append(kinds, k)
			}
			all[k]++
			if b.found {
				found[k]++
			}
		}
	}
	// Each type, then its sub-types: the known ones in typeOrder's order,
	// any other after them.
	rank := func(k string) int { return cmp.Or(slices.Index(typeOrder, k)+1, len(typeOrder)+1) }
	types := []string{"Resource", "Communication", "Mixed"}
	key := func(k string) (int, int) {
		t, _, sub := strings.Cut(k, "/")
		if !sub {
			return slices.Index(types, t), 0
		}
		return slices.Index(types, t), rank(k)
	}
	slices.SortFunc(kinds, func(a, b string) int {
		ta, ra := key(a)
		tb, rb := key(b)
		return cmp.Or(cmp.Compare(ta, tb), cmp.Compare(ra, rb), strings.Compare(a, b))
	})
	fmt.Fprintf(w, "recall: %s of the documented bugs found\n", ratio(found[""], all[""]))
	for _, k := range kinds {
		indent := "  "
		if strings.Contains(k, "/") {
			indent = "    "
		}
		fmt.Fprintf(w, "%s%-44s %s\n", indent, k, ratio(found[k], all[k]))
	}
}

func ratio(n, d int) string {
	if d == 0 {
		return fmt.Sprintf("%d/%d", n, d)
	}
	return fmt.Sprintf("%d/%d (%.0f%%)", n, d, 100*float64(n)/float64(d))
}

// readReadme reads the bugs documented in the README that have a file in dir.
//
//	## Cockroach/10214
//	| Bug ID |  Ref | Patch | Type | Sub-type |
//	| ---- | ---- | ---- | ---- | ---- |
//	|[cockroach#10214]|[pull request]|[patch]| Resource | AB-BA leak |
func readReadme(name, dir string) ([]*bug, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	row := regexp.MustCompile(`^\|\s*\[([a-z0-9]+)#([0-9]+)\]\s*\|[^|]*\|[^|]*\|([^|]*)\|([^|]*)\|`)
	var bugs []*bug
	seen := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		m := row.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		file := m[1] + m[2] + ".go"
		if seen[file] {
			continue
		}
		seen[file] = true
		if _, err := os.Stat(filepath.Join(dir, file)); err != nil {
			fmt.Fprintf(os.Stderr, "goker: warning: %s is documented but has no file\n", file)
			continue
		}
		bugs = append(bugs, &bug{file: file, id: m[1] + "#" + m[2],
			typ: strings.TrimSpace(m[3]), subtype: normalise(m[4])})
	}
	if len(bugs) == 0 {
		return nil, fmt.Errorf("%s: no documented bug has a file in %s", name, dir)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if base := filepath.Base(f); !seen[base] && base != "main.go" {
			fmt.Fprintf(os.Stderr, "goker: warning: %s is not documented in the README\n", base)
		}
	}
	return bugs, nil
}

// normalise spells a sub-type one way: the README writes "Double Locking"
// and "Double locking", "AB-BA deadlock" and "AB-BA leak".
func normalise(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, " deadlock"), " leak")
	s = strings.ReplaceAll(s, "ab-ba", "AB-BA")
	s = strings.ReplaceAll(s, "rwr", "RWR")
	return strings.ReplaceAll(s, "waitgroup", "WaitGroup")
}

// readVerdicts reads the tab-separated verdict file: a header line,
// # comments, then file, bug, type, check, line, verdict, reason.
func readVerdicts(name string) ([]*verdict, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var vs []*verdict
	seen := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n, header := 0, false
	for sc.Scan() {
		n++
		l := sc.Text()
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if !header {
			header = true
			continue
		}
		col := strings.Split(l, "\t")
		if len(col) != 7 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 7 (file, bug, type, check, line, verdict, reason)", name, n, len(col))
		}
		line, err := strconv.Atoi(col[4])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: bad line %q", name, n, col[4])
		}
		if !slices.Contains(verdictWords, col[5]) {
			return nil, fmt.Errorf("%s:%d: verdict %q, want one of %s", name, n, col[5], strings.Join(verdictWords, ", "))
		}
		if col[6] == "" {
			return nil, fmt.Errorf("%s:%d: a verdict needs a reason", name, n)
		}
		key := col[0] + "\t" + col[3] + "\t" + col[4]
		if prev := seen[key]; prev != 0 {
			return nil, fmt.Errorf("%s:%d: same finding as line %d", name, n, prev)
		}
		seen[key] = n
		vs = append(vs, &verdict{file: col[0], id: col[1], kind: col[2], check: col[3], line: line,
			verdict: col[5], reason: col[6], lineno: n})
	}
	return vs, sc.Err()
}

// readFindings reads leakvet -json's output: package ID -> check ->
// diagnostics, or check -> {"error": ...} when the check failed.
func readFindings(name, dir string) (fs []*finding, problems []string) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, []string{err.Error()}
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &tree); err != nil {
		return nil, []string{"bad JSON output: " + err.Error()}
	}
	seen := map[string]bool{}
	for pkg, checks := range tree {
		for check, raw := range checks {
			var diags []struct {
				Posn    string `json:"posn"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(raw, &diags); err != nil {
				var e struct{ Error string }
				json.Unmarshal(raw, &e)
				problems = append(problems, fmt.Sprintf("%s failed on %s: %s", check, pkg, e.Error))
				continue
			}
			for _, d := range diags {
				file, line, col, ok := splitPosn(d.Posn)
				if !ok {
					problems = append(problems, "bad position "+d.Posn)
					continue
				}
				if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
					file = filepath.ToSlash(rel)
				}
				f := &finding{file: file, check: check, line: line, col: col, message: d.Message}
				key := fmt.Sprintf("%s\t%s:%d:%d\t%s", check, file, line, col, d.Message)
				if !seen[key] {
					seen[key] = true
					fs = append(fs, f)
				}
			}
		}
	}
	slices.SortFunc(fs, func(a, b *finding) int {
		return cmp.Or(strings.Compare(a.file, b.file), cmp.Compare(a.line, b.line),
			cmp.Compare(a.col, b.col), strings.Compare(a.check, b.check))
	})
	return fs, problems
}

// splitPosn splits "file:line:col".
func splitPosn(p string) (file string, line, col int, ok bool) {
	i := strings.LastIndex(p, ":")
	if i < 0 {
		return "", 0, 0, false
	}
	j := strings.LastIndex(p[:i], ":")
	if j < 0 {
		return "", 0, 0, false
	}
	line, err1 := strconv.Atoi(p[j+1 : i])
	col, err2 := strconv.Atoi(p[i+1:])
	return p[:j], line, col, err1 == nil && err2 == nil
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "goker: "+format+"\n", args...)
	os.Exit(2)
}
