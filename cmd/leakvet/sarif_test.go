package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/internal/driver"
	"github.com/leakvet/leakvet/internal/driver/sarif"
)

// checkSARIF reports the violations of validateSARIF as test errors.
func checkSARIF(t *testing.T, data []byte) {
	t.Helper()
	for _, e := range sarif.Validate(data) {
		t.Errorf("SARIF %s", e)
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
	var log sarif.Log
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

	var tree sarif.Tree
	if err := json.Unmarshal([]byte(j.stdout), &tree); err != nil {
		t.Fatalf("decode -json: %v", err)
	}
	want := make(map[string]bool) // check, file:line:col, message
	for _, checks := range tree {
		for check, raw := range checks {
			var diags []driver.JSONDiagnostic
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
