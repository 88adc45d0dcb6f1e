// Command realworld compares leakvet's findings on the third-party
// precision suite with the checked-in verdicts. scripts/realworld.sh runs
// leakvet on each module and then this program; see that script, and
// docs/realworld/README.md for the verdict file's format.
//
// Usage:
//
//	realworld -verdicts FILE [MODULE VERSION SRCDIR OUTPREFIX]...
//
// For each module it reads OUTPREFIX.json (leakvet -json), .stderr and
// .rc. It prints the findings per module and check with their verdicts,
// the new findings as verdict-file lines to fill in, the verdicts that no
// finding matched, and the counts real / false / debatable / new. It
// writes every finding to findings.tsv beside the outputs.
//
// Verdicts are real, debatable, false (a known false positive, still
// reported) and fixed (a false positive that is no longer reported and
// must not come back). With -mark-fixed it rewrites the verdict file,
// turning false into fixed for the false positives no longer reported.
//
// It exits 1 when a fixed false positive is reported again, when a real
// finding is no longer reported, when leakvet crashed or a check failed,
// or (with -strict) when a finding is new or still false.
package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A verdict is one line of the verdict file.
type verdict struct {
	module, check, file string
	line                int
	function            string
	verdict             string // real, debatable, false or fixed
	reason              string
	lineno              int // in the verdict file
	used                bool
}

func (v *verdict) pos() string { return v.file + ":" + strconv.Itoa(v.line) }

// A finding is one diagnostic, deduplicated over the package variants
// (a package and its test variant report the same finding twice).
type finding struct {
	module, check, file string
	line, col           int
	function            string
	message             string
	verdict             *verdict
	moved               bool // matched by function, not by line
}

func (f *finding) pos() string { return f.file + ":" + strconv.Itoa(f.line) }

var verdictWords = []string{"real", "debatable", "false", "fixed"}

func main() {
	verdictsFile := flag.String("verdicts", "docs/realworld/verdicts.tsv", "the verdict file")
	strict := flag.Bool("strict", os.Getenv("REALWORLD_STRICT") == "1", "also fail on new findings and on false ones still reported")
	markFixed := flag.Bool("mark-fixed", os.Getenv("REALWORLD_MARK_FIXED") == "1", "mark the false verdicts no finding matched as fixed in the verdict file")
	flag.Parse()
	args := flag.Args()
	if len(args)%4 != 0 {
		fatalf("want MODULE VERSION SRCDIR OUTPREFIX quadruples, got %d arguments", len(args))
	}
	verdicts, err := readVerdicts(*verdictsFile)
	if err != nil {
		fatalf("%v", err)
	}

	failed := false
	var all []*finding
	var outDir string
	modules := map[string]bool{}
	keys := moduleKeys(args)
	for i := 0; i < len(args); i += 4 {
		mod, ver, src, out := keys[i/4], args[i+1], args[i+2], args[i+3]
		modules[mod] = true
		outDir = filepath.Dir(out)
		fs, problems, fatal := readFindings(mod, src, out)
		for _, p := range problems {
			fmt.Printf("%s@%s: %s\n", mod, ver, p)
		}
		failed = failed || fatal
		all = append(all, fs...)
	}

	match(all, verdicts)
	report(all, verdicts, modules)

	for _, f := range all {
		switch {
		case f.verdict == nil, f.verdict.verdict == "false":
			failed = failed || *strict
		case f.verdict.verdict == "fixed":
			failed = true
		}
	}
	for _, v := range verdicts {
		if !v.used && modules[v.module] && v.verdict == "real" {
			failed = true
		}
	}
	if *markFixed {
		if err := markFixedVerdicts(*verdictsFile, verdicts, modules); err != nil {
			fatalf("%v", err)
		}
	}
	if outDir != "" {
		if err := writeFindings(filepath.Join(outDir, "findings.tsv"), all); err != nil {
			fatalf("%v", err)
		}
	}
	if failed {
		os.Exit(1)
	}
}

// moduleKeys returns the name under which the verdict file knows each
// MODULE VERSION SRCDIR OUTPREFIX quadruple of args: the module's path,
// or, for a module listed at several versions, path@version for every
// version but the first.
func moduleKeys(args []string) []string {
	var keys []string
	seen := map[string]bool{}
	for i := 0; i+1 < len(args); i += 4 {
		mod, ver := args[i], args[i+1]
		if seen[mod] {
			keys = append(keys, mod+"@"+ver)
			continue
		}
		seen[mod] = true
		keys = append(keys, mod)
	}
	return keys
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "realworld: "+format+"\n", args...)
	os.Exit(2)
}

// readVerdicts reads the verdict file: tab-separated columns module,
// check, file:line, function, verdict, reason; '#' lines and blank lines
// are comments, the first other line is the header.
func readVerdicts(name string) ([]*verdict, error) {
	f, err := os.Open(name)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var vs []*verdict
	seen := map[string]int{}
	sc := bufio.NewScanner(f)
	header := true
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 6 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 6 (module, check, file:line, function, verdict, reason)", name, n, len(cols))
		}
		file, lineStr, ok := cutLast(cols[2], ":")
		l, err := strconv.Atoi(lineStr)
		if !ok || err != nil {
			return nil, fmt.Errorf("%s:%d: position %q is not file:line", name, n, cols[2])
		}
		if !slices.Contains(verdictWords, cols[4]) {
			return nil, fmt.Errorf("%s:%d: verdict %q is not one of %v", name, n, cols[4], verdictWords)
		}
		if strings.TrimSpace(cols[5]) == "" {
			return nil, fmt.Errorf("%s:%d: a verdict needs its reason", name, n)
		}
		v := &verdict{module: cols[0], check: cols[1], file: file, line: l, function: cols[3],
			verdict: cols[4], reason: cols[5], lineno: n}
		key := v.module + "\t" + v.check + "\t" + v.pos()
		if prev, dup := seen[key]; dup {
			return nil, fmt.Errorf("%s:%d: the same finding as line %d", name, n, prev)
		}
		seen[key] = n
		vs = append(vs, v)
	}
	return vs, sc.Err()
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

// The shape of leakvet -json: package ID -> check -> diagnostics, or
// check -> {"error": ...} when the check failed on that package.
type jsonDiag struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

// readFindings reads one module's output. problems are worth printing;
// fatal says leakvet crashed or a check failed.
func readFindings(mod, src, out string) (fs []*finding, problems []string, fatal bool) {
	rc, _ := os.ReadFile(out + ".rc")
	code := strings.TrimSpace(string(rc))
	stderr, _ := os.ReadFile(out + ".stderr")
	if strings.Contains(string(stderr), "panic:") {
		problems = append(problems, "leakvet panicked:\n"+tail(string(stderr), 20))
		fatal = true
	} else if code != "0" && code != "3" {
		// Exit 1 with packages that do not load (cgo, build tags) is
		// not the checks' fault: say so and go on.
		problems = append(problems, fmt.Sprintf("leakvet exited %s; some packages did not load:\n%s", code, tail(string(stderr), 5)))
	}
	data, err := os.ReadFile(out + ".json")
	if err != nil {
		return nil, append(problems, err.Error()), true
	}
	var tree map[string]map[string]json.RawMessage
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil, append(problems, "no JSON output"), true
	}
	if err := json.Unmarshal(data, &tree); err != nil {
		return nil, append(problems, "bad JSON output: "+err.Error()), true
	}
	seen := map[string]bool{}
	funcs := newFuncIndex()
	for pkg, checks := range tree {
		for check, raw := range checks {
			var diags []jsonDiag
			if err := json.Unmarshal(raw, &diags); err != nil {
				var e struct{ Error string }
				json.Unmarshal(raw, &e)
				problems = append(problems, fmt.Sprintf("%s failed on %s: %s", check, pkg, e.Error))
				fatal = true
				continue
			}
			for _, d := range diags {
				file, line, col, ok := splitPosn(d.Posn)
				if !ok {
					problems = append(problems, "bad position "+d.Posn)
					continue
				}
				rel, err := filepath.Rel(src, file)
				if err != nil || strings.HasPrefix(rel, "..") {
					rel = file // outside the module: a generated or cgo file
				}
				key := check + "\t" + rel + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col) + "\t" + d.Message
				if seen[key] {
					continue
				}
				seen[key] = true
				fs = append(fs, &finding{module: mod, check: check, file: filepath.ToSlash(rel), line: line, col: col,
					function: funcs.enclosing(file, line), message: d.Message})
			}
		}
	}
	slices.SortFunc(fs, func(a, b *finding) int {
		return cmp.Or(cmp.Compare(a.check, b.check), cmp.Compare(a.file, b.file),
			cmp.Compare(a.line, b.line), cmp.Compare(a.col, b.col), cmp.Compare(a.message, b.message))
	})
	return fs, problems, fatal
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "\t" + strings.Join(lines, "\n\t")
}

var posnRE = regexp.MustCompile(`^(.*):(\d+):(\d+)$`)

func splitPosn(p string) (file string, line, col int, ok bool) {
	m := posnRE.FindStringSubmatch(p)
	if m == nil {
		return "", 0, 0, false
	}
	line, _ = strconv.Atoi(m[2])
	col, _ = strconv.Atoi(m[3])
	return m[1], line, col, true
}

// funcIndex names the function declaration enclosing a line, such as
// "(*Conn).Close" or "TestDial", parsing each file once.
type funcIndex struct {
	fset  *token.FileSet
	files map[string]*ast.File
}

func newFuncIndex() *funcIndex {
	return &funcIndex{fset: token.NewFileSet(), files: map[string]*ast.File{}}
}

func (x *funcIndex) enclosing(file string, line int) string {
	f, ok := x.files[file]
	if !ok {
		f, _ = parser.ParseFile(x.fset, file, nil, parser.SkipObjectResolution)
		x.files[file] = f
	}
	if f == nil {
		return "-"
	}
	for _, d := range f.Decls {
		if x.fset.Position(d.Pos()).Line > line || x.fset.Position(d.End()).Line < line {
			continue
		}
		switch d := d.(type) {
		case *ast.FuncDecl:
			return funcName(d)
		case *ast.GenDecl:
			return "(package level)"
		}
	}
	return "-"
}

func funcName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = "*", s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	name := "?"
	if id, ok := t.(*ast.Ident); ok {
		name = id.Name
	}
	if star != "" {
		return "(*" + name + ")." + d.Name.Name
	}
	return name + "." + d.Name.Name
}

// match gives each finding its verdict: the one at its module, check and
// file:line (the modules are pinned, so their lines do not move), or
// else, when the check now reports the same leak at another line of the
// same function, the one verdict of that function that nothing else
// matched.
func match(fs []*finding, vs []*verdict) {
	byPos := map[string]*verdict{}
	for _, v := range vs {
		byPos[v.module+"\t"+v.check+"\t"+v.pos()] = v
	}
	var rest []*finding
	for _, f := range fs {
		if v := byPos[f.module+"\t"+f.check+"\t"+f.pos()]; v != nil {
			f.verdict, v.used = v, true
		} else {
			rest = append(rest, f)
		}
	}
	for _, f := range rest {
		var cands []*verdict
		for _, v := range vs {
			if !v.used && v.module == f.module && v.check == f.check && v.file == f.file &&
				v.function == f.function && v.function != "-" {
				cands = append(cands, v)
			}
		}
		if len(cands) == 1 {
			f.verdict, f.moved, cands[0].used = cands[0], true, true
		}
	}
}

type counts struct{ real, false, debatable, new int }

func (c *counts) add(f *finding) {
	switch {
	case f.verdict == nil:
		c.new++
	case f.verdict.verdict == "real":
		c.real++
	case f.verdict.verdict == "false", f.verdict.verdict == "fixed":
		c.false++
	default:
		c.debatable++
	}
}

func (c counts) String() string {
	return fmt.Sprintf("%4d real %4d false %4d debatable %4d new", c.real, c.false, c.debatable, c.new)
}

// precision is real / (real + false), the share of findings that are
// not debatable and are right.
func (c counts) precision() string {
	if c.real+c.false == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(c.real)/float64(c.real+c.false))
}

func report(fs []*finding, vs []*verdict, modules map[string]bool) {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()

	fmt.Fprintln(w, "\n== findings")
	var mod, check string
	for _, f := range sortedByModule(fs) {
		if f.module != mod || f.check != check {
			mod, check = f.module, f.check
			fmt.Fprintf(w, "%s %s:\n", mod, check)
		}
		v := "NEW"
		if f.verdict != nil {
			v = f.verdict.verdict
			if v == "fixed" {
				v = "FIXED FALSE POSITIVE IS BACK"
			}
			if f.moved {
				v += fmt.Sprintf(" (verdict of line %d: update the verdict file)", f.verdict.line)
			}
		}
		fmt.Fprintf(w, "\t%s\t%s\t%s\n\t\t%s\n", f.pos(), f.function, v, f.message)
	}

	var fresh []*finding
	for _, f := range fs {
		if f.verdict == nil {
			fresh = append(fresh, f)
		}
	}
	if len(fresh) > 0 {
		fmt.Fprintf(w, "\n== %d new findings without a verdict (lines for the verdict file; fill in verdict and reason)\n", len(fresh))
		for _, f := range sortedByModule(fresh) {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t?\t%s\n", f.module, f.check, f.pos(), f.function, f.message)
		}
	}

	// Verdicts of the modules run that no finding matched.
	var gone []*verdict
	for _, v := range vs {
		if !v.used && modules[v.module] {
			gone = append(gone, v)
		}
	}
	if len(gone) > 0 {
		fmt.Fprintf(w, "\n== %d verdicts without a finding\n", len(gone))
		for _, v := range gone {
			what := "stale: no longer reported"
			switch v.verdict {
			case "false":
				what = "no longer reported: mark it fixed (REALWORLD_MARK_FIXED=1)"
			case "fixed":
				what = "fixed false positive (kept: it must not come back)"
			case "real":
				what = "LOST: a real leak is no longer reported"
			}
			fmt.Fprintf(w, "verdicts.tsv:%d\t%s\t%s\t%s\t%s\t%s\n", v.lineno, v.module, v.check, v.pos(), v.verdict, what)
		}
	}

	fmt.Fprintln(w, "\n== summary per check (precision = real / (real + false))")
	per := map[string]*counts{}
	var total counts
	for _, f := range fs {
		if per[f.check] == nil {
			per[f.check] = &counts{}
		}
		per[f.check].add(f)
		total.add(f)
	}
	var checks []string
	for c := range per {
		checks = append(checks, c)
	}
	slices.Sort(checks)
	for _, c := range checks {
		fmt.Fprintf(w, "%-10s %s  precision %s\n", c, per[c], per[c].precision())
	}
	fmt.Fprintf(w, "%-10s %s  precision %s\n", "total", total, total.precision())
	var fixed, lost int
	for _, v := range gone {
		switch v.verdict {
		case "false", "fixed":
			fixed++
		case "real":
			lost++
		}
	}
	fmt.Fprintf(w, "verdicts without a finding: %d (false positives gone %d, real findings lost %d, debatable gone %d)\n",
		len(gone), fixed, lost, len(gone)-fixed-lost)
	var back, open int
	for _, f := range fs {
		if f.verdict != nil && f.verdict.verdict == "fixed" {
			back++
		}
		if f.verdict != nil && f.verdict.verdict == "false" {
			open++
		}
	}
	if open > 0 {
		fmt.Fprintf(w, "%d known false positives are still reported\n", open)
	}
	if back > 0 {
		fmt.Fprintf(w, "FAIL: %d fixed false positives are reported again\n", back)
	}
	if lost > 0 {
		fmt.Fprintf(w, "FAIL: %d real findings are no longer reported\n", lost)
	}
}

// markFixedVerdicts rewrites the verdict file, turning the verdict false
// into fixed on the lines whose finding no longer comes (of the modules
// run), so that it fails if it ever comes back.
func markFixedVerdicts(name string, vs []*verdict, modules map[string]bool) error {
	lines := map[int]bool{}
	for _, v := range vs {
		if !v.used && modules[v.module] && v.verdict == "false" {
			lines[v.lineno] = true
		}
	}
	if len(lines) == 0 {
		return nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	text := strings.SplitAfter(string(data), "\n")
	for n := range lines {
		cols := strings.Split(text[n-1], "\t")
		cols[4] = "fixed"
		text[n-1] = strings.Join(cols, "\t")
	}
	fmt.Printf("marked %d verdicts fixed in %s\n", len(lines), name)
	return os.WriteFile(name, []byte(strings.Join(text, "")), 0o666)
}

func sortedByModule(fs []*finding) []*finding {
	s := slices.Clone(fs)
	slices.SortStableFunc(s, func(a, b *finding) int {
		return cmp.Or(cmp.Compare(a.module, b.module), cmp.Compare(a.check, b.check))
	})
	return s
}

// writeFindings writes every finding, one a line, with its verdict.
func writeFindings(name string, fs []*finding) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "module\tcheck\tposition\tfunction\tverdict\tmessage")
	for _, x := range sortedByModule(fs) {
		v := "?"
		if x.verdict != nil {
			v = x.verdict.verdict
		}
		fmt.Fprintf(w, "%s\t%s\t%s:%d\t%s\t%s\t%s\n", x.module, x.check, x.pos(), x.col, x.function, v, x.message)
	}
	return closeAll(w, f)
}

func closeAll(w *bufio.Writer, c io.Closer) error {
	if err := w.Flush(); err != nil {
		c.Close()
		return err
	}
	return c.Close()
}
