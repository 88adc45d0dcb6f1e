package sarif

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// checkSARIF reports the violations of validateSARIF as test errors.
func checkSARIF(t *testing.T, data []byte) {
	t.Helper()
	for _, e := range Validate(data) {
		t.Errorf("SARIF %s", e)
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
			errs := Validate([]byte(data))
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
	tree := Tree{
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
	tool := Tool{Name: "leakvet", Version: "v1.2.3", Release: true, InformationURI: "https://example.com/leakvet"}
	log, failed, err := Convert(tree, tool, analyzers, cwd, []string{"-: # example.com/c", "c.go:1:1: oops"}, true)
	if err != nil || !failed {
		t.Errorf("Convert: %v; a check failed, but the run is reported successful", err)
	}
	if d := log.Runs[0].Tool.Driver; d.Version != "v1.2.3" || d.SemanticVersion != "1.2.3" || d.InformationURI != "https://example.com/leakvet@v1.2.3" {
		t.Errorf("Convert: driver %q version %q (semantic %q), informationUri %q; want the release's", d.Name, d.Version, d.SemanticVersion, d.InformationURI)
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
