package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
)

var (
	leakvet string // absolute path of the binary under test
	sample  string // absolute path of a pristine copy of testdata/sample
	tmp     string // scratch directory for the whole run
	want    set    // the markers of the sample: "file:line check"
)

func TestMain(m *testing.M) {
	if os.Getenv("LEAKVET_E2E") != "1" {
		fmt.Println("e2e: skipped; set LEAKVET_E2E=1 to build leakvet and run it through every driver")
		os.Exit(0)
	}
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	var err error
	tmp, err = os.MkdirTemp("", "leakvet-e2e-")
	if err == nil {
		tmp, err = filepath.EvalSymlinks(tmp) // positions come back resolved
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)

	leakvet = filepath.Join(tmp, "bin", "leakvet")
	build := exec.Command("go", "build", "-buildvcs=false", "-o", leakvet, "github.com/leakvet/leakvet/cmd/leakvet")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: build leakvet:", err)
		return 1
	}
	sample = filepath.Join(tmp, "sample")
	if err := os.CopyFS(sample, os.DirFS(filepath.Join("..", "testdata", "sample"))); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: copy the sample:", err)
		return 1
	}
	want, err = markers(sample)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	return m.Run()
}

// A set holds findings as "file:line check" (file relative to the
// module root, with slashes) or, where a driver does not name the
// check, as "file:line".
type set map[string]bool

// lines returns s without the check names: "file:line".
func (s set) lines() set {
	out := make(set)
	for k := range s {
		loc, _, _ := strings.Cut(k, " ")
		out[loc] = true
	}
	return out
}

// equal reports the difference between got and want as test errors.
func equal(t *testing.T, driver string, got, want set) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if !got[k] {
			t.Errorf("%s: missing %s (marked in the sample, not reported)", driver, k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if !want[k] {
			t.Errorf("%s: unexpected %s (reported, not marked)", driver, k)
		}
	}
}

// markerRE matches a marker comment at the end of a line; wantRE finds
// anything that looks like one, so that a malformed marker is an error
// and not a silently dropped expectation.
var (
	markerRE = regexp.MustCompile(`// leakvet:want((?: [a-z][a-z0-9]*)+)$`)
	wantRE   = regexp.MustCompile(`leakvet:want`)
)

// markers returns the marked findings of the module at root.
func markers(root string) (set, error) {
	s := make(set)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel := relative(root, path)
		for i, line := range strings.Split(string(data), "\n") {
			if !wantRE.MatchString(line) {
				continue
			}
			m := markerRE.FindStringSubmatch(strings.TrimRight(line, " \t\r"))
			if m == nil {
				return fmt.Errorf("%s:%d: malformed marker (want %q at the end of the line): %s",
					rel, i+1, "// leakvet:want <check> ...", line)
			}
			for _, check := range strings.Fields(m[1]) {
				s[fmt.Sprintf("%s:%d %s", rel, i+1, check)] = true
			}
		}
		return nil
	})
	return s, err
}

// relative returns path relative to root, with slashes, if it is inside
// root; otherwise path unchanged.
func relative(root, path string) string {
	if filepath.IsAbs(path) {
		if rel, err := filepath.Rel(root, path); err == nil && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel)
		}
		return path
	}
	return filepath.ToSlash(path)
}

// copySample returns a fresh copy of the sample, for runs that write.
func copySample(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "sample")
	if err := os.CopyFS(dir, os.DirFS(sample)); err != nil {
		t.Fatal(err)
	}
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// result is the outcome of one command.
type result struct {
	code           int
	stdout, stderr string
}

// run runs name with args in dir, with env added to the environment.
func run(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code := 0
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		code = exit.ExitCode()
	}
	return result{code, stdout.String(), stderr.String()}
}

// privateCache returns the environment of a go command with a build
// cache of its own: go vet and go fix cache their results, and a
// replayed result would not exercise the binary.
func privateCache(t *testing.T) []string {
	return []string{"GOCACHE=" + t.TempDir(), "GOFLAGS=-buildvcs=false"}
}

// jsonTree is the driver's -json output: package → check → diagnostics
// or {"error": ...}.
type jsonTree map[string]map[string]json.RawMessage

// jsonDiagnostic is the part of a -json diagnostic the tests read.
type jsonDiagnostic struct {
	Posn           string `json:"posn"`
	Message        string `json:"message"`
	SuggestedFixes []struct {
		Message string `json:"message"`
		Edits   []struct {
			Filename   string `json:"filename"`
			Start, End int
			New        string `json:"new"`
		} `json:"edits"`
	} `json:"suggested_fixes"`
}

// finding is one diagnostic of a JSON tree, deduplicated across the
// package and its test variant.
type finding struct {
	key   string // "file:line check"
	check string
	diag  jsonDiagnostic
}

// decodeTrees decodes a stream of JSON trees (go vet -json prints one
// per package) into findings, failing on check errors.
func decodeTrees(t *testing.T, driver, root, out string) []finding {
	t.Helper()
	var findings []finding
	seen := make(map[string]bool)
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var tree jsonTree
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("%s: decode JSON output: %v\n%s", driver, err, out)
		}
		for _, pkg := range slices.Sorted(maps.Keys(tree)) {
			for _, check := range slices.Sorted(maps.Keys(tree[pkg])) {
				raw := tree[pkg][check]
				var diags []jsonDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Errorf("%s: %s on %s failed: %s", driver, check, pkg, raw)
					continue
				}
				for _, d := range diags {
					file, line := splitPosn(t, root, d.Posn)
					f := finding{key: fmt.Sprintf("%s:%d %s", file, line, check), check: check, diag: d}
					if id := f.key + " " + d.Message; !seen[id] {
						seen[id] = true
						findings = append(findings, f)
					}
				}
			}
		}
	}
	return findings
}

// keys returns the set of the findings' keys.
func keys(findings []finding) set {
	s := make(set)
	for _, f := range findings {
		s[f.key] = true
	}
	return s
}

var posnRE = regexp.MustCompile(`^(.*):(\d+):(\d+)$`)

// splitPosn returns the file (relative to root) and line of a
// "file:line:col" position.
func splitPosn(t *testing.T, root, posn string) (string, int) {
	t.Helper()
	m := posnRE.FindStringSubmatch(posn)
	if m == nil {
		t.Fatalf("malformed position %q", posn)
	}
	line, _ := strconv.Atoi(m[2])
	return relative(root, m[1]), line
}

// textLines parses the text output of the standalone driver,
// "file:line:col: message [check]" per finding, with related information
// indented by a tab after the position; it returns the "file:line check"
// of the findings and fails on any other line.
func textLines(t *testing.T, driver, root, out string) set {
	return parseText(t, driver, root, out, true)
}

// vetLines parses the text output of go vet, in which a finding has no
// check name: "file:line:col: message" per finding, and returns the
// "file:line" of the findings.
func vetLines(t *testing.T, driver, root, out string) set {
	var text strings.Builder
	for line := range strings.Lines(out) {
		if !strings.HasPrefix(line, "# ") { // go vet's package header
			text.WriteString(line)
		}
	}
	return parseText(t, driver, root, text.String(), false)
}

func parseText(t *testing.T, driver, root, out string, named bool) set {
	t.Helper()
	re := regexp.MustCompile(`^(.*?:\d+:\d+): (.*)$`)
	nameRE := regexp.MustCompile(` \[([a-z0-9]+)\]$`)
	s := make(set)
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		m := re.FindStringSubmatch(sc.Text())
		if m == nil {
			t.Errorf("%s: unexpected output line %q", driver, sc.Text())
			continue
		}
		if strings.HasPrefix(m[2], "\t") {
			continue // related information
		}
		file, line := splitPosn(t, root, m[1])
		check := nameRE.FindStringSubmatch(m[2])
		switch {
		case !named && check != nil:
			t.Errorf("%s: a finding with a check's name, where the driver adds none: %q", driver, sc.Text())
		case !named:
			s[fmt.Sprintf("%s:%d", file, line)] = true
		case check == nil:
			t.Errorf("%s: a finding that does not end with its check's name: %q", driver, sc.Text())
		default:
			s[fmt.Sprintf("%s:%d %s", file, line, check[1])] = true
		}
	}
	return s
}

// TestSampleCoversSuite checks the markers against the suite: each
// names a check of the suite, and each check has at least one.
func TestSampleCoversSuite(t *testing.T) {
	checks := make(map[string]int)
	for _, a := range analyzer.All() {
		checks[a.Name] = 0
	}
	for k := range want {
		_, check, _ := strings.Cut(k, " ")
		if _, ok := checks[check]; !ok {
			t.Errorf("marker %s names no check of the suite", k)
			continue
		}
		checks[check]++
	}
	for _, name := range slices.Sorted(maps.Keys(checks)) {
		if checks[name] == 0 {
			t.Errorf("check %s has no marker in testdata/sample: add leaky code for it", name)
		}
	}
}

// wantCode is the standalone exit code for the sample: 3 with findings.
func wantCode() int {
	if len(want) > 0 {
		return 3
	}
	return 0
}

func TestStandaloneText(t *testing.T) {
	t.Parallel()
	r := run(t, sample, nil, leakvet, "./...")
	if r.code != wantCode() || r.stdout != "" {
		t.Errorf("leakvet ./...: exit code %d, want %d; stdout:\n%s", r.code, wantCode(), r.stdout)
	}
	equal(t, "leakvet ./...", textLines(t, "leakvet ./...", sample, r.stderr), want)
}

func TestStandaloneJSON(t *testing.T) {
	t.Parallel()
	r := run(t, sample, nil, leakvet, "-json", "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("leakvet -json ./...: exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	equal(t, "leakvet -json ./...", keys(decodeTrees(t, "leakvet -json", sample, r.stdout)), want)
}

func TestStandaloneWithoutTests(t *testing.T) {
	t.Parallel()
	r := run(t, sample, nil, leakvet, "-test=false", "-json", "./...")
	if r.code != 0 {
		t.Errorf("leakvet -test=false -json ./...: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	notTests := make(set)
	for k := range want {
		if file, _, _ := strings.Cut(k, ":"); !strings.HasSuffix(file, "_test.go") {
			notTests[k] = true
		}
	}
	equal(t, "leakvet -test=false -json ./...", keys(decodeTrees(t, "leakvet -test=false", sample, r.stdout)), notTests)
}

func TestSARIF(t *testing.T) {
	t.Parallel()
	r := run(t, sample, nil, leakvet, "-sarif", "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("leakvet -sarif ./...: exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
			} `json:"invocations"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatalf("decode SARIF: %v\n%s", err, r.stdout)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Invocations) != 1 || !log.Runs[0].Invocations[0].ExecutionSuccessful {
		t.Fatalf("unexpected SARIF log:\n%s", r.stdout)
	}
	got := make(set)
	for _, res := range log.Runs[0].Results {
		if len(res.Locations) != 1 {
			t.Errorf("result %s has %d locations, want 1", res.RuleID, len(res.Locations))
			continue
		}
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("result %s: uri %q is not relative to %%SRCROOT%%", res.RuleID, loc.ArtifactLocation.URI)
		}
		key := fmt.Sprintf("%s:%d %s", loc.ArtifactLocation.URI, loc.Region.StartLine, res.RuleID)
		if got[key] {
			t.Errorf("duplicate result %s", key)
		}
		got[key] = true
	}
	equal(t, "leakvet -sarif ./...", got, want)
}

func TestGoVet(t *testing.T) {
	t.Parallel()
	env := privateCache(t)
	vettool := "-vettool=" + leakvet

	r := run(t, sample, env, "go", "vet", vettool, "./...")
	wantVet := 0
	if len(want) > 0 {
		wantVet = 1
	}
	if r.code != wantVet || r.stdout != "" {
		t.Errorf("go vet: exit code %d, want %d; stdout:\n%s", r.code, wantVet, r.stdout)
	}
	equal(t, "go vet", vetLines(t, "go vet", sample, r.stderr), want.lines())

	r = run(t, sample, env, "go", "vet", vettool, "-json", "./...")
	if r.code != 0 {
		t.Errorf("go vet -json: exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	equal(t, "go vet -json", keys(decodeTrees(t, "go vet -json", sample, r.stdout)), want)

	// Check flags pass through go vet: turn the first check off.
	off := analyzer.All()[0].Name
	others := make(set)
	for k := range want {
		if !strings.HasSuffix(k, " "+off) {
			others[k] = true
		}
	}
	r = run(t, sample, env, "go", "vet", vettool, "-json", "-"+off+"=false", "./...")
	if r.code != 0 {
		t.Errorf("go vet -json -%s=false: exit code %d, want 0; stderr:\n%s", off, r.code, r.stderr)
	}
	equal(t, "go vet -json -"+off+"=false", keys(decodeTrees(t, "go vet -json", sample, r.stdout)), others)
}

// hunkRE matches the header of a unified diff hunk.
var hunkRE = regexp.MustCompile(`^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@`)

// diffFiles splits a unified diff into file → hunks (the header lines
// dropped, the file named relative to root), so that diffs of go fix
// and of the standalone driver compare regardless of their headers.
func diffFiles(t *testing.T, root, diff string) map[string]string {
	t.Helper()
	files := make(map[string]string)
	var cur string
	fileRE := regexp.MustCompile(`^--- (?:a/)?(\S+)`)
	for line := range strings.Lines(diff) {
		switch {
		case strings.HasPrefix(line, "--- "):
			m := fileRE.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("malformed diff header %q", line)
			}
			cur = relative(root, m[1])
		case strings.HasPrefix(line, "+++ "), strings.HasPrefix(line, "diff "), strings.HasPrefix(line, "index "):
		default:
			if cur == "" {
				t.Fatalf("diff line before any file header: %q", line)
			}
			files[cur] += line
		}
	}
	return files
}

// changedLines returns the lines of the old file that a file's hunks
// change: those removed, and for text only added, the lines on either
// side of the insertion.
func changedLines(t *testing.T, file, hunks string) set {
	t.Helper()
	s := make(set)
	old := 0
	for line := range strings.Lines(hunks) {
		switch {
		case strings.HasPrefix(line, "@@"):
			m := hunkRE.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("malformed hunk header %q", line)
			}
			old, _ = strconv.Atoi(m[1])
		case strings.HasPrefix(line, "-"):
			s[fmt.Sprintf("%s:%d", file, old)] = true
			old++
		case strings.HasPrefix(line, "+"):
			s[fmt.Sprintf("%s:%d", file, old-1)] = true
			s[fmt.Sprintf("%s:%d", file, old)] = true
		default:
			old++
		}
	}
	return s
}

// fixLines returns, for the first fix of each finding (the one the
// drivers apply), the lines of the original files its edits touch.
func fixLines(t *testing.T, root string, findings []finding) (set, []finding) {
	t.Helper()
	s := make(set)
	var fixed []finding
	for _, f := range findings {
		if len(f.diag.SuggestedFixes) == 0 {
			continue
		}
		fixed = append(fixed, f)
		for _, e := range f.diag.SuggestedFixes[0].Edits {
			data, err := os.ReadFile(e.Filename)
			if err != nil {
				t.Fatal(err)
			}
			// The edit replaces the bytes [Start, End): the last one
			// is at End-1, unless the edit only inserts.
			first := 1 + bytes.Count(data[:e.Start], []byte("\n"))
			last := 1 + bytes.Count(data[:max(e.Start, e.End-1)], []byte("\n"))
			for l := first; l <= last; l++ {
				s[fmt.Sprintf("%s:%d", relative(root, e.Filename), l)] = true
			}
		}
	}
	return s, fixed
}

func TestGoFix(t *testing.T) {
	t.Parallel()
	env := privateCache(t)
	fixtool := "-fixtool=" + leakvet

	// The fixes the standalone driver suggests.
	r := run(t, sample, nil, leakvet, "-json", "./...")
	findings := decodeTrees(t, "leakvet -json", sample, r.stdout)
	touched, fixed := fixLines(t, sample, findings)

	// go fix -diff prints them and changes nothing.
	r = run(t, sample, env, "go", "fix", fixtool, "-diff", "./...")
	wantCode := 0
	if len(fixed) > 0 {
		wantCode = 1
	}
	if r.code != wantCode {
		t.Errorf("go fix -diff: exit code %d, want %d; stderr:\n%s", r.code, wantCode, r.stderr)
	}
	goFix := diffFiles(t, sample, r.stdout)
	sameFiles(t, "the sample and its copy after go fix -diff", filepath.Join("..", "testdata", "sample"), sample)

	// The standalone driver prints the same diff, then the findings
	// that the diff does not resolve, and exits 3 if there are any.
	unfixed := make(set)
	for _, f := range findings {
		if len(f.diag.SuggestedFixes) == 0 {
			unfixed[f.key] = true
		}
	}
	wantFixCode := 0
	if len(unfixed) > 0 {
		wantFixCode = 3
	}
	r = run(t, sample, nil, leakvet, "-fix", "-diff", "./...")
	if r.code != wantFixCode {
		t.Errorf("leakvet -fix -diff: exit code %d, want %d; stderr:\n%s", r.code, wantFixCode, r.stderr)
	}
	equal(t, "leakvet -fix -diff", textLines(t, "leakvet -fix -diff", sample, r.stderr), unfixed)
	if standalone := diffFiles(t, sample, r.stdout); !maps.Equal(goFix, standalone) {
		t.Errorf("go fix -diff and leakvet -fix -diff differ:\n%s\n---- versus ----\n%s", goFix, standalone)
	}

	// The diff changes exactly the lines the fixes edit.
	changed := make(set)
	for file, hunks := range goFix {
		for k := range changedLines(t, file, hunks) {
			changed[k] = true
		}
	}
	for _, k := range slices.Sorted(maps.Keys(touched)) {
		if !changed[k] {
			t.Errorf("go fix -diff: a fix edits %s, the diff does not change it", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(removedLines(t, goFix))) {
		if !touched[k] {
			t.Errorf("go fix -diff changes %s, which no fix edits", k)
		}
	}

	// Applied, the fixes resolve exactly their findings, and the
	// module still builds.
	dir := copySample(t)
	r = run(t, dir, env, "go", "fix", fixtool, "./...")
	if r.code != 0 {
		t.Fatalf("go fix: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if r := run(t, dir, env, "go", "build", "./..."); r.code != 0 {
		t.Errorf("the fixed sample does not build:\n%s", r.stderr)
	}

	// The standalone driver applies the same fixes.
	dir2 := copySample(t)
	if r := run(t, dir2, nil, leakvet, "-fix", "./..."); r.code != wantFixCode {
		t.Errorf("leakvet -fix: exit code %d, want %d; stderr:\n%s", r.code, wantFixCode, r.stderr)
	} else if got, want := byFile(textLines(t, "leakvet -fix", dir2, r.stderr)), byFile(unfixed); !maps.Equal(got, want) {
		// Lines move where a fix inserts some: compare by file.
		t.Errorf("leakvet -fix reports %v, want the findings without a fix, %v", got, want)
	}
	sameFiles(t, "go fix and leakvet -fix", dir, dir2)
	r = run(t, dir, nil, leakvet, "-json", "./...")
	remaining := make(map[string]int) // "file check message" → count
	for _, f := range decodeTrees(t, "leakvet -json after go fix", dir, r.stdout) {
		file, _, _ := strings.Cut(f.key, ":")
		remaining[file+" "+f.check+" "+f.diag.Message]++
	}
	expected := make(map[string]int)
	for _, f := range findings {
		if len(f.diag.SuggestedFixes) == 0 {
			file, _, _ := strings.Cut(f.key, ":")
			expected[file+" "+f.check+" "+f.diag.Message]++
		}
	}
	for _, k := range slices.Sorted(maps.Keys(expected)) {
		if remaining[k] != expected[k] {
			t.Errorf("after go fix: %d × %s, want %d (findings without a fix stay)", remaining[k], k, expected[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(remaining)) {
		if expected[k] == 0 {
			t.Errorf("after go fix: %d × %s, want none (its fix was applied)", remaining[k], k)
		}
	}
}

// byFile counts the findings of s ("file:line check") by "file check".
func byFile(s set) map[string]int {
	m := make(map[string]int)
	for k := range s {
		loc, check, _ := strings.Cut(k, " ")
		file, _, _ := strings.Cut(loc, ":")
		m[file+" "+check]++
	}
	return m
}

// removedLines returns the old-file lines that the diffs remove.
func removedLines(t *testing.T, files map[string]string) set {
	t.Helper()
	s := make(set)
	for file, hunks := range files {
		old := 0
		for line := range strings.Lines(hunks) {
			switch {
			case strings.HasPrefix(line, "@@"):
				m := hunkRE.FindStringSubmatch(line)
				if m == nil {
					t.Fatalf("malformed hunk header %q", line)
				}
				old, _ = strconv.Atoi(m[1])
			case strings.HasPrefix(line, "-"):
				s[fmt.Sprintf("%s:%d", file, old)] = true
				old++
			case strings.HasPrefix(line, "+"):
			default:
				old++
			}
		}
	}
	return s
}

// TestSARIFUnderGo checks that go vet and go fix reject -sarif, which is
// for the standalone driver only, with one message.
func TestSARIFUnderGo(t *testing.T) {
	t.Parallel()
	env := privateCache(t)
	for _, args := range [][]string{
		{"vet", "-vettool=" + leakvet, "-sarif", "./..."},
		{"fix", "-fixtool=" + leakvet, "-sarif", "./..."},
	} {
		r := run(t, sample, env, "go", args...)
		if r.code != 2 || strings.Count(r.stderr, "flag provided but not defined: -sarif\n") != 1 {
			t.Errorf("go %s: exit code %d, want 2 and one rejection of -sarif; stderr:\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
}

// sameFiles checks that the Go files under a and b are the same; what
// names the two in messages.
func sameFiles(t *testing.T, what, a, b string) {
	t.Helper()
	read := func(root string) map[string]string {
		files := make(map[string]string)
		root, err := filepath.Abs(root)
		if err != nil {
			t.Fatal(err)
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			data, err := os.ReadFile(path)
			files[relative(root, path)] = string(data)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	fa, fb := read(a), read(b)
	for _, name := range slices.Sorted(maps.Keys(fa)) {
		if fa[name] != fb[name] {
			t.Errorf("%s: %s differs:\n%s\n---- versus ----\n%s", what, name, fa[name], fb[name])
		}
	}
	if len(fa) != len(fb) {
		t.Errorf("%s: different sets of files", what)
	}
}

// TestSelectCheck runs each check alone (-<check>) and checks that it
// reports exactly its own markers, and that turning it off
// (-<check>=false) silences exactly those.
func TestSelectCheck(t *testing.T) {
	for _, a := range analyzer.All() {
		only, others := make(set), make(set)
		for k := range want {
			if strings.HasSuffix(k, " "+a.Name) {
				only[k] = true
			} else {
				others[k] = true
			}
		}
		t.Run(a.Name, func(t *testing.T) {
			t.Parallel()
			r := run(t, sample, nil, leakvet, "-json", "-"+a.Name, "./...")
			equal(t, "leakvet -"+a.Name, keys(decodeTrees(t, "leakvet -"+a.Name, sample, r.stdout)), only)
			r = run(t, sample, nil, leakvet, "-json", "-"+a.Name+"=false", "./...")
			equal(t, "leakvet -"+a.Name+"=false", keys(decodeTrees(t, "leakvet -"+a.Name+"=false", sample, r.stdout)), others)
		})
	}
}

// ignoreRE matches a suppression directive, with the check it names
// first; generatedRE matches the header of a generated file.
var (
	ignoreRE    = regexp.MustCompile(`//leakvet:ignore ([a-z0-9]+)(?:,[a-z0-9,]+)? .*$`)
	generatedRE = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)
)

// TestSilenceIsEarned checks that the sample's silent leaks are silent
// for the reason they claim: with each //leakvet:ignore directive that
// suppresses something (unmarked) removed, its check reports on the
// directive's line or the next; with the generated-file header removed,
// the file has findings.
func TestSilenceIsEarned(t *testing.T) {
	t.Parallel()
	dir := copySample(t)
	wantAt := make(map[string][]string) // check → "file:line" (either of two) per directive
	generated := make(map[string]bool)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel := relative(dir, path)
		if generatedRE.Match(data) {
			generated[rel] = true
			data = generatedRE.ReplaceAll(data, []byte("// (header removed)"))
		}
		lines := strings.Split(string(data), "\n")
		for i, line := range lines {
			m := ignoreRE.FindStringSubmatch(line)
			if m == nil || markerRE.MatchString(line) {
				continue // a stale directive is itself a marked finding
			}
			wantAt[m[1]] = append(wantAt[m[1]], fmt.Sprintf("%s:%d %s:%d", rel, i+1, rel, i+2))
			lines[i] = ignoreRE.ReplaceAllString(line, "// (directive removed)")
		}
		return os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(wantAt) == 0 || len(generated) == 0 {
		t.Fatalf("the sample has %d used directives and %d generated files; want at least one of each", len(wantAt), len(generated))
	}

	r := run(t, dir, nil, leakvet, "-json", "./...")
	got := keys(decodeTrees(t, "leakvet -json (unsuppressed)", dir, r.stdout))
	for check, places := range wantAt {
		for _, p := range places {
			a, b, _ := strings.Cut(p, " ")
			if !got[a+" "+check] && !got[b+" "+check] {
				t.Errorf("without its directive, %s reports nothing at %s: the directive suppresses nothing", check, a)
			}
		}
	}
	for file := range generated {
		found := false
		for k := range got {
			found = found || strings.HasPrefix(k, file+":")
		}
		if !found {
			t.Errorf("without its generated-file header, %s has no findings: it proves nothing about generated files", file)
		}
	}
}
