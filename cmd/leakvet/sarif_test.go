package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
	"golang.org/x/tools/go/analysis"
)

// validateSARIF checks data against the constraints of the SARIF 2.1.0
// schema (sarif-schema-2.1.0.json, OASIS standard) for the objects this
// command writes: required properties, types, enumerations and minimum
// values, plus the cross-references the specification requires
// (ruleIndex ↔ ruleId, uriBaseId ↔ originalUriBaseIds).
//
// It returns the violations, each "path: problem".
func validateSARIF(data []byte) []string {
	var log map[string]any
	if err := json.Unmarshal(data, &log); err != nil {
		return []string{fmt.Sprintf("SARIF log is not a JSON object: %v", err)}
	}
	v := &validator{}
	v.log(log)
	return v.errs
}

// checkSARIF reports the violations of validateSARIF as test errors.
func checkSARIF(t *testing.T, data []byte) {
	t.Helper()
	for _, e := range validateSARIF(data) {
		t.Errorf("SARIF %s", e)
	}
}

// validator collects schema violations, each at a JSON path.
type validator struct {
	errs  []string
	bases map[string]bool // the run's originalUriBaseIds
}

func (v *validator) errorf(path, format string, args ...any) {
	v.errs = append(v.errs, path+": "+fmt.Sprintf(format, args...))
}

// object returns m[key] as an object; required ones must exist.
func (v *validator) object(m map[string]any, path, key string, required bool) map[string]any {
	x, ok := m[key]
	if !ok {
		if required {
			v.errorf(path, "missing required property %q", key)
		}
		return nil
	}
	o, ok := x.(map[string]any)
	if !ok {
		v.errorf(path+"."+key, "want an object, got %T", x)
	}
	return o
}

// array returns m[key] as an array with at least min elements.
func (v *validator) array(m map[string]any, path, key string, required bool, min int) []any {
	x, ok := m[key]
	if !ok {
		if required {
			v.errorf(path, "missing required property %q", key)
		}
		return nil
	}
	a, ok := x.([]any)
	if !ok {
		v.errorf(path+"."+key, "want an array, got %T", x)
		return nil
	}
	if len(a) < min {
		v.errorf(path+"."+key, "want at least %d elements, got %d", min, len(a))
	}
	return a
}

// str returns m[key] as a string.
func (v *validator) str(m map[string]any, path, key string, required bool) (string, bool) {
	x, ok := m[key]
	if !ok {
		if required {
			v.errorf(path, "missing required property %q", key)
		}
		return "", false
	}
	s, ok := x.(string)
	if !ok {
		v.errorf(path+"."+key, "want a string, got %T", x)
	}
	return s, ok
}

// integer returns m[key] as an integer of at least min.
func (v *validator) integer(m map[string]any, path, key string, required bool, min int) (int, bool) {
	x, ok := m[key]
	if !ok {
		if required {
			v.errorf(path, "missing required property %q", key)
		}
		return 0, false
	}
	f, ok := x.(float64)
	if !ok || f != float64(int(f)) {
		v.errorf(path+"."+key, "want an integer, got %v", x)
		return 0, false
	}
	if int(f) < min {
		v.errorf(path+"."+key, "want at least %d, got %d", min, int(f))
	}
	return int(f), true
}

// uri checks that m[key] is a URI reference; absolute ones must be.
func (v *validator) uri(m map[string]any, path, key string, required, absolute bool) string {
	s, ok := v.str(m, path, key, required)
	if !ok {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		v.errorf(path+"."+key, "not a URI: %v", err)
		return s
	}
	if absolute && !u.IsAbs() {
		v.errorf(path+"."+key, "want an absolute URI, got %q", s)
	}
	return s
}

// log: sarifLog requires version and runs.
func (v *validator) log(m map[string]any) {
	if s, _ := v.str(m, "sarifLog", "version", true); s != "2.1.0" {
		v.errorf("sarifLog.version", "want %q, got %q", "2.1.0", s)
	}
	v.uri(m, "sarifLog", "$schema", false, true)
	for i, r := range v.array(m, "sarifLog", "runs", true, 0) {
		v.run(asObject(v, r, fmt.Sprintf("runs[%d]", i)), fmt.Sprintf("runs[%d]", i))
	}
}

func asObject(v *validator, x any, path string) map[string]any {
	m, ok := x.(map[string]any)
	if !ok {
		v.errorf(path, "want an object, got %T", x)
	}
	return m
}

// run requires tool; results and invocations are optional.
func (v *validator) run(m map[string]any, path string) {
	v.bases = make(map[string]bool)
	for id, x := range v.object(m, path, "originalUriBaseIds", false) {
		loc := asObject(v, x, path+".originalUriBaseIds."+id)
		// An artifactLocation; the spec requires a base URI to be
		// absolute or itself based, and to end with a slash.
		if s := v.uri(loc, path+".originalUriBaseIds."+id, "uri", true, true); !strings.HasSuffix(s, "/") {
			v.errorf(path+".originalUriBaseIds."+id, "uri %q does not end with a slash", s)
		}
		v.bases[id] = true
	}
	if s, ok := v.str(m, path, "columnKind", false); ok && s != "utf16CodeUnits" && s != "unicodeCodePoints" {
		v.errorf(path+".columnKind", "invalid value %q", s)
	}
	tool := v.object(m, path, "tool", true)
	var rules []any
	if tool != nil {
		driver := v.object(tool, path+".tool", "driver", true)
		if driver != nil {
			rules = v.toolComponent(driver, path+".tool.driver")
		}
	}
	for i, x := range v.array(m, path, "invocations", false, 0) {
		p := fmt.Sprintf("%s.invocations[%d]", path, i)
		inv := asObject(v, x, p)
		if _, ok := inv["executionSuccessful"].(bool); !ok {
			v.errorf(p, "missing required boolean %q", "executionSuccessful")
		}
		for j, n := range v.array(inv, p, "toolExecutionNotifications", false, 0) {
			q := fmt.Sprintf("%s.toolExecutionNotifications[%d]", p, j)
			note := asObject(v, n, q)
			v.level(note, q)
			v.message(v.object(note, q, "message", true), q+".message")
		}
	}
	for i, x := range v.array(m, path, "results", false, 0) {
		p := fmt.Sprintf("%s.results[%d]", path, i)
		v.result(asObject(v, x, p), p, rules)
	}
}

// toolComponent requires name; each rule (reportingDescriptor) requires
// id, and its descriptions (multiformatMessageString) require text.
func (v *validator) toolComponent(m map[string]any, path string) []any {
	v.str(m, path, "name", true)
	v.uri(m, path, "informationUri", false, true)
	rules := v.array(m, path, "rules", false, 0)
	ids := make(map[string]bool)
	for i, x := range rules {
		p := fmt.Sprintf("%s.rules[%d]", path, i)
		r := asObject(v, x, p)
		id, _ := v.str(r, p, "id", true)
		if ids[id] {
			v.errorf(p+".id", "duplicate rule id %q", id)
		}
		ids[id] = true
		for _, key := range []string{"shortDescription", "fullDescription"} {
			if d := v.object(r, p, key, false); d != nil {
				v.str(d, p+"."+key, "text", true)
			}
		}
		v.uri(r, p, "helpUri", false, true)
		if c := v.object(r, p, "defaultConfiguration", false); c != nil {
			v.level(c, p+".defaultConfiguration")
		}
	}
	return rules
}

// level checks the optional level enumeration.
func (v *validator) level(m map[string]any, path string) {
	if s, ok := v.str(m, path, "level", false); ok && !slices.Contains([]string{"none", "note", "warning", "error"}, s) {
		v.errorf(path+".level", "invalid value %q", s)
	}
}

// message requires text or id.
func (v *validator) message(m map[string]any, path string) {
	if m == nil {
		return
	}
	_, hasText := m["text"].(string)
	_, hasID := m["id"].(string)
	if !hasText && !hasID {
		v.errorf(path, "message has neither text nor id")
	}
}

// result requires message; ruleIndex, if present, must designate the
// rule whose id is ruleId.
func (v *validator) result(m map[string]any, path string, rules []any) {
	v.message(v.object(m, path, "message", true), path+".message")
	v.level(m, path)
	id, hasID := v.str(m, path, "ruleId", false)
	if i, ok := v.integer(m, path, "ruleIndex", false, -1); ok && i >= 0 {
		if i >= len(rules) {
			v.errorf(path+".ruleIndex", "%d out of range (%d rules)", i, len(rules))
		} else if rule, _ := rules[i].(map[string]any); hasID && rule["id"] != id {
			v.errorf(path+".ruleIndex", "designates rule %v, but ruleId is %q", rule["id"], id)
		}
	}
	for i, x := range v.array(m, path, "locations", false, 0) {
		p := fmt.Sprintf("%s.locations[%d]", path, i)
		v.location(asObject(v, x, p), p)
	}
	ids := make(map[int]bool)
	for i, x := range v.array(m, path, "relatedLocations", false, 0) {
		p := fmt.Sprintf("%s.relatedLocations[%d]", path, i)
		loc := asObject(v, x, p)
		v.location(loc, p)
		if id, ok := v.integer(loc, p, "id", false, -1); ok {
			if ids[id] {
				v.errorf(p+".id", "duplicate id %d", id)
			}
			ids[id] = true
		}
	}
	for i, x := range v.array(m, path, "fixes", false, 0) {
		p := fmt.Sprintf("%s.fixes[%d]", path, i)
		fix := asObject(v, x, p)
		v.message(v.object(fix, p, "description", false), p+".description")
		// fix requires artifactChanges (at least one); each
		// artifactChange requires artifactLocation and replacements
		// (at least one); each replacement requires deletedRegion.
		for j, y := range v.array(fix, p, "artifactChanges", true, 1) {
			q := fmt.Sprintf("%s.artifactChanges[%d]", p, j)
			change := asObject(v, y, q)
			v.artifactLocation(v.object(change, q, "artifactLocation", true), q+".artifactLocation")
			for k, z := range v.array(change, q, "replacements", true, 1) {
				r := fmt.Sprintf("%s.replacements[%d]", q, k)
				rep := asObject(v, z, r)
				v.region(v.object(rep, r, "deletedRegion", true), r+".deletedRegion")
				if c := v.object(rep, r, "insertedContent", false); c != nil {
					if _, hasText := c["text"]; !hasText {
						if _, hasBinary := c["binary"]; !hasBinary {
							v.errorf(r+".insertedContent", "artifactContent has neither text nor binary")
						}
					}
				}
			}
		}
	}
}

// location: physicalLocation requires artifactLocation (or address).
func (v *validator) location(m map[string]any, path string) {
	if msg := v.object(m, path, "message", false); msg != nil {
		v.message(msg, path+".message")
	}
	phys := v.object(m, path, "physicalLocation", false)
	if phys == nil {
		return
	}
	v.artifactLocation(v.object(phys, path+".physicalLocation", "artifactLocation", true), path+".physicalLocation.artifactLocation")
	if r := v.object(phys, path+".physicalLocation", "region", false); r != nil {
		v.region(r, path+".physicalLocation.region")
	}
}

// artifactLocation: a relative uri needs a uriBaseId that the run
// defines.
func (v *validator) artifactLocation(m map[string]any, path string) {
	if m == nil {
		return
	}
	s := v.uri(m, path, "uri", false, false)
	base, hasBase := v.str(m, path, "uriBaseId", false)
	if u, err := url.Parse(s); err == nil && !u.IsAbs() {
		if !hasBase {
			v.errorf(path, "relative uri %q without uriBaseId", s)
		} else if !v.bases[base] {
			v.errorf(path+".uriBaseId", "%q is not in originalUriBaseIds", base)
		}
		if strings.HasPrefix(s, "/") || strings.HasPrefix(s, "../") {
			v.errorf(path+".uri", "%q is not relative to its base", s)
		}
	}
}

// region needs a start (startLine, charOffset or byteOffset); lines and
// columns are 1-based, offsets 0-based; the end does not precede the
// start.
func (v *validator) region(m map[string]any, path string) {
	if m == nil {
		return
	}
	startLine, hasLine := v.integer(m, path, "startLine", false, 1)
	startCol, hasCol := v.integer(m, path, "startColumn", false, 1)
	endLine, hasEndLine := v.integer(m, path, "endLine", false, 1)
	endCol, hasEndCol := v.integer(m, path, "endColumn", false, 1)
	_, hasChar := v.integer(m, path, "charOffset", false, -1)
	_, hasByte := v.integer(m, path, "byteOffset", false, 0)
	v.integer(m, path, "charLength", false, 0)
	v.integer(m, path, "byteLength", false, 0)
	if !hasLine && !hasChar && !hasByte {
		v.errorf(path, "region has no startLine, charOffset or byteOffset")
	}
	if hasEndLine && hasLine && endLine < startLine {
		v.errorf(path, "endLine %d before startLine %d", endLine, startLine)
	}
	if hasCol && hasEndCol && (!hasEndLine || endLine == startLine) && endCol < startCol {
		v.errorf(path, "endColumn %d before startColumn %d", endCol, startCol)
	}
}

// TestValidator checks that validateSARIF rejects broken logs, so that
// its silence on real output means something.
func TestValidator(t *testing.T) {
	good := `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"a","shortDescription":{"text":"t"}}]}},
		"originalUriBaseIds":{"%SRCROOT%":{"uri":"file:///w/"}},
		"results":[{"ruleId":"a","ruleIndex":0,"level":"warning","message":{"text":"m"},
		  "locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.go","uriBaseId":"%SRCROOT%"},
		  "region":{"startLine":3,"startColumn":2,"endLine":3,"endColumn":5}}}]}]}]}`
	for _, tc := range []struct{ name, old, new string }{
		{"good", "", ""},
		{"no version", `"version":"2.1.0",`, ``},
		{"wrong version", `"2.1.0"`, `"2.0.0"`},
		{"no runs", `,"runs":[`, `,"runz":[`},
		{"no tool", `"tool":`, `"tooll":`},
		{"no driver", `"driver":`, `"drive":`},
		{"no driver name", `"name":"x",`, ``},
		{"no rule id", `{"id":"a",`, `{`},
		{"no short text", `{"text":"t"}`, `{}`},
		{"no message", `"message":{"text":"m"},`, ``},
		{"message without text", `{"text":"m"}`, `{"markdown":"m"}`},
		{"bad level", `"warning"`, `"fatal"`},
		{"ruleIndex out of range", `"ruleIndex":0`, `"ruleIndex":1`},
		{"ruleIndex designates another rule", `"ruleId":"a"`, `"ruleId":"b"`},
		{"relative uri without base", `,"uriBaseId":"%SRCROOT%"`, ``},
		{"undefined base", `"uriBaseId":"%SRCROOT%"`, `"uriBaseId":"%ELSEWHERE%"`},
		{"base without slash", `"file:///w/"`, `"file:///w"`},
		{"zero line", `"startLine":3`, `"startLine":0`},
		{"end before start", `"endColumn":5`, `"endColumn":1`},
		{"no start", `"startLine":3,"startColumn":2,`, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := strings.Replace(good, tc.old, tc.new, 1)
			if tc.old != "" && data == good {
				t.Fatalf("%q not found in the log", tc.old)
			}
			errs := validateSARIF([]byte(data))
			if (tc.name == "good") != (len(errs) == 0) {
				t.Errorf("validateSARIF reported %d errors: %q", len(errs), errs)
			}
		})
	}
}

// TestToSARIF converts a driver JSON tree made for the purpose: two
// checks, a duplicate from a test variant, a related location, a fix
// with two edits, a check failure, a file outside the current directory
// and a non-ASCII line.
func TestToSARIF(t *testing.T) {
	cwd := t.TempDir()
	src := filepath.Join(cwd, "sub dir", "a.go")
	if err := os.MkdirAll(filepath.Dir(src), 0o755); err != nil {
		t.Fatal(err)
	}
	// Line 3: "é" is 2 bytes and 1 UTF-16 unit; "𝄞" is 4 bytes and 2 units.
	if err := os.WriteFile(src, []byte("package a\n\nvar s = \"é𝄞\"; var ch = make(chan int)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(filepath.Dir(cwd), "elsewhere", "b.go")
	diag := func(posn, end, msg string) map[string]any {
		return map[string]any{"posn": posn, "end": end, "message": msg}
	}
	d1 := diag(src+":3:26", src+":3:40", "ch leaks")
	d1["category"] = "timeout"
	d1["related"] = []any{diag(src+":1:1", src+":1:8", "the receiver returns here")}
	d1["suggested_fixes"] = []any{map[string]any{"message": "Buffer the channel", "edits": []any{
		map[string]any{"filename": src, "start": 60, "end": 60, "new": ", 1"},
		map[string]any{"filename": src, "start": 0, "end": 3, "new": ""},
	}}}
	raw := func(x any) json.RawMessage {
		data, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	tree := jsonTree{
		"example.com/a": {
			"alpha": raw([]any{d1}),
			"beta":  raw(map[string]string{"error": "beta crashed"}),
		},
		"example.com/a [example.com/a.test]": {
			"alpha": raw([]any{d1}), // the same finding again
		},
		"example.com/b": {
			"gamma": raw([]any{diag(other+":7", other+":7", "no column")}),
		},
	}
	analyzers := []*analysis.Analyzer{
		{Name: "alpha", Doc: "alpha: finds alphas\n\nMore text.", URL: "https://example.com/alpha"},
		{Name: "beta", Doc: "beta: finds betas"},
		{Name: "delta", Doc: "finds deltas\n\nThe summary has no name prefix."},
	}
	log, failed := toSARIF(tree, analyzers, cwd, []string{"-: # example.com/c", "c.go:1:1: oops"}, true)
	if !failed {
		t.Errorf("toSARIF: a check failed, but the run is reported successful")
	}
	data, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	checkSARIF(t, data)

	run := log.Runs[0]
	if got := len(run.Results); got != 2 {
		t.Fatalf("got %d results, want 2 (the duplicate dropped):\n%s", got, data)
	}
	r := run.Results[0]
	if r.RuleID != "alpha" || run.Tool.Driver.Rules[r.RuleIndex].ID != "alpha" || r.Message.Text != "ch leaks" || r.Level != "warning" {
		t.Errorf("result 0: %+v", r)
	}
	loc := r.Locations[0].PhysicalLocation
	if loc.ArtifactLocation != (sarifArtifactLocation{URI: "sub%20dir/a.go", URIBaseID: srcRoot}) {
		t.Errorf("artifact location %+v, want sub%%20dir/a.go relative to %s", loc.ArtifactLocation, srcRoot)
	}
	// Byte column 26 follows `var s = "é𝄞"; var ch ` (25 bytes, 22
	// UTF-16 units), so the UTF-16 column is 23; byte 40 → 37.
	if *loc.Region != (sarifRegion{StartLine: 3, StartColumn: 23, EndLine: 3, EndColumn: 37}) {
		t.Errorf("region %+v, want 3:23-3:37", *loc.Region)
	}
	if len(r.RelatedLocations) != 1 || r.RelatedLocations[0].Message.Text != "the receiver returns here" ||
		*r.RelatedLocations[0].ID != 1 || r.RelatedLocations[0].PhysicalLocation.Region.EndColumn != 8 {
		t.Errorf("related locations: %s", raw(r.RelatedLocations))
	}
	if len(r.Fixes) != 1 || len(r.Fixes[0].ArtifactChanges) != 1 || len(r.Fixes[0].ArtifactChanges[0].Replacements) != 2 {
		t.Fatalf("fixes: %s", raw(r.Fixes))
	}
	rep := r.Fixes[0].ArtifactChanges[0].Replacements
	if *rep[0].DeletedRegion.ByteOffset != 60 || *rep[0].DeletedRegion.ByteLength != 0 || rep[0].InsertedContent.Text != ", 1" ||
		*rep[1].DeletedRegion.ByteOffset != 0 || *rep[1].DeletedRegion.ByteLength != 3 || rep[1].InsertedContent != nil {
		t.Errorf("replacements: %s", raw(rep))
	}
	if r.Properties["category"] != "timeout" {
		t.Errorf("properties: %v", r.Properties)
	}

	g := run.Results[1]
	wantURI := "file://" + filepath.ToSlash(other)
	if g.RuleID != "gamma" || run.Tool.Driver.Rules[g.RuleIndex].ID != "gamma" ||
		g.Locations[0].PhysicalLocation.ArtifactLocation != (sarifArtifactLocation{URI: wantURI}) ||
		*g.Locations[0].PhysicalLocation.Region != (sarifRegion{StartLine: 7, StartColumn: 1, EndLine: 7, EndColumn: 1}) {
		t.Errorf("result 1 (file outside the directory, no column): %s", raw(g))
	}

	rules := run.Tool.Driver.Rules
	if len(rules) != 4 || rules[0].ShortDescription.Text != "finds alphas" || rules[0].HelpURI != "https://example.com/alpha" ||
		rules[0].FullDescription.Text != "alpha: finds alphas\n\nMore text." || rules[1].ID != "beta" ||
		rules[2].ShortDescription.Text != "finds deltas" || rules[3].ID != "gamma" || rules[3].ShortDescription.Text != "gamma" {
		t.Errorf("rules: %s", raw(rules))
	}
	inv := run.Invocations[0]
	var notes []string
	for _, n := range inv.ToolExecutionNotifications {
		notes = append(notes, n.Message.Text)
	}
	wantNotes := []string{"-: # example.com/c", "c.go:1:1: oops", "example.com/a: beta: beta crashed"}
	if inv.ExecutionSuccessful || !slices.Equal(notes, wantNotes) {
		t.Errorf("invocation: successful %v, notes %q; want false, %q", inv.ExecutionSuccessful, notes, wantNotes)
	}
	if base := run.OriginalURIBaseIDs[srcRoot].URI; base != "file://"+filepath.ToSlash(cwd)+"/" {
		t.Errorf("%s = %q", srcRoot, base)
	}
}

// TestSARIFSample runs -sarif over the sample module and checks the log
// against the schema and against -json: one result per distinct
// diagnostic, and a rule for every check of the suite.
func TestSARIFSample(t *testing.T) {
	sample, err := filepath.Abs(filepath.Join("..", "..", "testdata", "sample"))
	if err != nil {
		t.Fatal(err)
	}
	// Read the sample's files here, where go test sees it, so that a
	// change to them invalidates a cached result of this test.
	err = filepath.WalkDir(sample, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			_, err = os.ReadFile(path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// The two runs load the sample with its dependencies: run them
	// side by side.
	var j result
	done := make(chan struct{})
	go func() {
		defer close(done)
		j = run(t, sample, nil, "-json", "./...")
	}()
	r := run(t, sample, nil, "-sarif", "./...")
	<-done
	if r.code != 0 {
		t.Fatalf("leakvet -sarif ./...: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	checkSARIF(t, []byte(r.stdout))
	var log sarifLog
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run0 := log.Runs[0]
	var ruleIDs []string
	for _, rule := range run0.Tool.Driver.Rules {
		ruleIDs = append(ruleIDs, rule.ID)
	}
	for _, a := range analyzer.All() {
		if !slices.Contains(ruleIDs, a.Name) {
			t.Errorf("no rule for check %s (rules %q)", a.Name, ruleIDs)
		}
	}

	var tree jsonTree
	if err := json.Unmarshal([]byte(j.stdout), &tree); err != nil {
		t.Fatalf("decode -json: %v", err)
	}
	want := make(map[string]bool) // check, file:line:col, message
	for _, checks := range tree {
		for check, raw := range checks {
			var diags []jsonDiagnostic
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Fatalf("%s: %s", check, raw)
			}
			for _, d := range diags {
				want[check+" "+d.Posn+" "+d.Message] = true
			}
		}
	}
	got := make(map[string]bool)
	for _, res := range run0.Results {
		loc := res.Locations[0].PhysicalLocation
		// The sample is ASCII: UTF-16 columns equal byte columns.
		key := fmt.Sprintf("%s %s:%d:%d %s", res.RuleID, filepath.Join(sample, filepath.FromSlash(loc.ArtifactLocation.URI)),
			loc.Region.StartLine, loc.Region.StartColumn, res.Message.Text)
		if got[key] {
			t.Errorf("duplicate result %s", key)
		}
		got[key] = true
	}
	for k := range want {
		if !got[k] {
			t.Errorf("-json has %s, -sarif does not", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("-sarif has %s, -json does not", k)
		}
	}
	if len(analyzer.All()) > 0 && len(got) == 0 {
		t.Errorf("no results on the sample module")
	}
}
