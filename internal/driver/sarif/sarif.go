// Package sarif converts the standalone driver's -json output into a
// SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), for
// code-scanning tools: one run, a rule per check (id, description,
// helpUri), a result per finding with its related locations and
// suggested fixes. File URIs are relative to the current directory
// (uriBaseId %SRCROOT%), columns are in UTF-16 code units. Load and type
// errors become notifications of the invocation, marked unsuccessful.
package sarif

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/leakvet/leakvet/internal/driver"
	"golang.org/x/tools/go/analysis"
)

const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"
	srcRoot      = "%SRCROOT%" // the uriBaseId of files under the current directory
)

// Tree is the -json output of the driver: package ID → check name →
// a list of diagnostics or an {"error": ...} object.
type Tree map[string]map[string]json.RawMessage

// The SARIF 2.1.0 objects this command writes: only the properties it
// sets. Names follow the specification's.
type (
	Log struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                        `json:"tool"`
		Invocations        []sarifInvocation                `json:"invocations"`
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
		ColumnKind         string                           `json:"columnKind"`
		Results            []sarifResult                    `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name            string      `json:"name"`
		Version         string      `json:"version,omitempty"`
		SemanticVersion string      `json:"semanticVersion,omitempty"`
		InformationURI  string      `json:"informationUri"`
		Rules           []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		ShortDescription     sarifMessage       `json:"shortDescription"`
		FullDescription      *sarifMessage      `json:"fullDescription,omitempty"`
		HelpURI              string             `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level   string       `json:"level"`
		Message sarifMessage `json:"message"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        int             `json:"ruleIndex"`
		Level            string          `json:"level"`
		Message          sarifMessage    `json:"message"`
		Locations        []sarifLocation `json:"locations"`
		RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
		Fixes            []sarifFix      `json:"fixes,omitempty"`
		Properties       map[string]any  `json:"properties,omitempty"`
	}
	sarifLocation struct {
		ID               *int                  `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifMessage         `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           *sarifRegion          `json:"region,omitempty"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int  `json:"startLine,omitempty"`
		StartColumn int  `json:"startColumn,omitempty"`
		EndLine     int  `json:"endLine,omitempty"`
		EndColumn   int  `json:"endColumn,omitempty"`
		ByteOffset  *int `json:"byteOffset,omitempty"`
		ByteLength  *int `json:"byteLength,omitempty"`
	}
	sarifFix struct {
		Description     sarifMessage          `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Replacements     []sarifReplacement    `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion           `json:"deletedRegion"`
		InsertedContent *sarifArtifactContent `json:"insertedContent,omitempty"`
	}
	sarifArtifactContent struct {
		Text string `json:"text"`
	}
)

// Tool describes the tool that made the findings.
type Tool struct {
	Name           string // e.g. "leakvet"
	Version        string // the version of its build, "" if unknown
	Release        bool   // Version names the build's contents (a tag or a commit, not "+dirty")
	InformationURI string // its documentation; for a release, "@"+Version is appended
}

// Convert converts the driver's JSON tree into a SARIF log with one
// run, by tool, whose checks are analyzers. cwd is the directory file
// URIs are relative to; notes are the driver's messages on stderr (load
// and type errors); ok reports whether the driver exited 0. It also
// reports whether the run failed: the driver did not exit 0 or a check
// failed.
//
// Diagnostics are deduplicated as the text output does: a file of
// package p is also analysed as part of "p [p.test]".
func Convert(tree Tree, tool Tool, analyzers []*analysis.Analyzer, cwd string, notes []string, ok bool) (*Log, bool, error) {
	c := &converter{cwd: cwd, lines: make(map[string][]string)}

	drv := sarifDriver{Name: tool.Name, InformationURI: tool.InformationURI, Rules: []sarifRule{}}
	// The version of the build, and the documentation of that version
	// when it names the build's contents.
	if tool.Version != "" {
		drv.Version = tool.Version
		if tool.Release {
			drv.SemanticVersion = strings.TrimPrefix(tool.Version, "v")
			drv.InformationURI += "@" + tool.Version
		}
	}
	ruleIndex := make(map[string]int)
	addRule := func(id, doc, url string) {
		ruleIndex[id] = len(drv.Rules)
		rule := sarifRule{
			ID:                   id,
			ShortDescription:     sarifMessage{Text: id},
			HelpURI:              url,
			DefaultConfiguration: sarifConfiguration{Level: "warning"},
		}
		if doc != "" {
			title, _, _ := strings.Cut(doc, "\n")
			rule.ShortDescription.Text = strings.TrimPrefix(title, id+": ")
			rule.FullDescription = &sarifMessage{Text: doc}
		}
		drv.Rules = append(drv.Rules, rule)
	}
	for _, a := range analyzers {
		addRule(a.Name, a.Doc, a.URL)
	}

	inv := sarifInvocation{ExecutionSuccessful: ok}
	for _, n := range notes {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifMessage{Text: n}})
	}

	results := []sarifResult{}
	seen := make(map[string]bool)
	for _, pkg := range sortedKeys(tree) {
		checks := tree[pkg]
		for _, check := range sortedKeys(checks) {
			raw := checks[check]
			var failure struct {
				Err string `json:"error"`
			}
			if json.Unmarshal(raw, &failure) == nil && failure.Err != "" {
				inv.ExecutionSuccessful = false
				inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
					Level:   "error",
					Message: sarifMessage{Text: fmt.Sprintf("%s: %s: %s", pkg, check, failure.Err)},
				})
				continue
			}
			var diags []driver.JSONDiagnostic
			if err := json.Unmarshal(raw, &diags); err != nil {
				return nil, false, fmt.Errorf("decode the diagnostics of %s in %s: %v", check, pkg, err)
			}
			if _, ok := ruleIndex[check]; !ok {
				addRule(check, "", "") // not in the suite: cannot happen with this binary
			}
			for _, d := range diags {
				key := strings.Join([]string{check, d.Posn, d.End, d.Message}, "\x00")
				if seen[key] {
					continue // the same file in p and p [p.test]
				}
				seen[key] = true
				results = append(results, c.result(check, ruleIndex[check], d))
			}
		}
	}

	run := sarifRun{
		Tool:        sarifTool{Driver: drv},
		Invocations: []sarifInvocation{inv},
		ColumnKind:  "utf16CodeUnits",
		Results:     results,
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{
			srcRoot: {URI: strings.TrimSuffix(fileURI(cwd), "/") + "/"},
		},
	}
	log := &Log{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
	return log, !inv.ExecutionSuccessful, nil
}

// converter turns driver positions into SARIF locations.
type converter struct {
	cwd   string
	lines map[string][]string // file → its lines, for UTF-16 columns
}

// result converts one diagnostic of the check with the given rule index.
func (c *converter) result(check string, index int, d driver.JSONDiagnostic) sarifResult {
	r := sarifResult{
		RuleID:    check,
		RuleIndex: index,
		Level:     "warning",
		Message:   sarifMessage{Text: d.Message},
		Locations: []sarifLocation{c.location(d.Posn, d.End)},
	}
	if d.Category != "" {
		r.Properties = map[string]any{"category": d.Category}
	}
	for i, rel := range d.Related {
		loc := c.location(rel.Posn, rel.End)
		loc.ID = new(i + 1)
		loc.Message = &sarifMessage{Text: rel.Message}
		r.RelatedLocations = append(r.RelatedLocations, loc)
	}
	for _, fix := range d.SuggestedFixes {
		f := sarifFix{Description: sarifMessage{Text: fix.Message}}
		byFile := make(map[string]int) // file → index in ArtifactChanges
		for _, e := range fix.Edits {
			i, ok := byFile[e.Filename]
			if !ok {
				i = len(f.ArtifactChanges)
				byFile[e.Filename] = i
				f.ArtifactChanges = append(f.ArtifactChanges, sarifArtifactChange{ArtifactLocation: c.artifact(e.Filename)})
			}
			rep := sarifReplacement{DeletedRegion: sarifRegion{ByteOffset: new(e.Start), ByteLength: new(e.End - e.Start)}}
			if e.New != "" {
				rep.InsertedContent = &sarifArtifactContent{Text: e.New}
			}
			f.ArtifactChanges[i].Replacements = append(f.ArtifactChanges[i].Replacements, rep)
		}
		r.Fixes = append(r.Fixes, f)
	}
	return r
}

// posnRE matches a token.Position in its String form, "file:line:col"
// or "file:line"; the file name may itself contain colons.
var posnRE = regexp.MustCompile(`^(.*?):(\d+)(?::(\d+))?$`)

// location converts the driver's "file:line:col" start and end
// positions.
func (c *converter) location(posn, end string) sarifLocation {
	file, line, col := splitPosn(posn)
	loc := sarifLocation{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: c.artifact(file)}}
	if line == 0 {
		return loc // no position: the file alone
	}
	region := &sarifRegion{StartLine: line, StartColumn: c.column(file, line, col)}
	region.EndLine, region.EndColumn = region.StartLine, region.StartColumn
	if efile, eline, ecol := splitPosn(end); efile == file && eline >= line {
		region.EndLine, region.EndColumn = eline, c.column(file, eline, ecol)
	}
	loc.PhysicalLocation.Region = region
	return loc
}

// splitPosn splits a position string; line is 0 if there is none.
func splitPosn(posn string) (file string, line, col int) {
	m := posnRE.FindStringSubmatch(posn)
	if m == nil {
		return posn, 0, 0
	}
	line, _ = strconv.Atoi(m[2])
	col, _ = strconv.Atoi(m[3]) // 0 when absent
	return m[1], line, col
}

// column converts the driver's 1-based byte column on line of file into
// a 1-based UTF-16 column, as SARIF's default columnKind requires. A
// column of 0 (unknown) becomes 1, the start of the line. If the file
// cannot be read the byte column is kept.
func (c *converter) column(file string, line, col int) int {
	if col <= 0 {
		return 1
	}
	lines, ok := c.lines[file]
	if !ok {
		data, err := os.ReadFile(file)
		if err == nil {
			lines = strings.Split(string(data), "\n")
		}
		c.lines[file] = lines
	}
	if line > len(lines) {
		return col
	}
	text := lines[line-1]
	prefix := text[:min(col-1, len(text))]
	n := 0
	for _, r := range prefix {
		if r == utf8.RuneError {
			n++
			continue
		}
		n += len(utf16.AppendRune(nil, r))
	}
	return n + 1 + max(0, col-1-len(text)) // past the end: keep counting bytes
}

// artifact returns the location of file: relative to the current
// directory when inside it, an absolute file URI otherwise.
func (c *converter) artifact(file string) sarifArtifactLocation {
	if filepath.IsAbs(file) {
		if rel, err := filepath.Rel(c.cwd, file); err == nil && filepath.IsLocal(rel) {
			return sarifArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath(), URIBaseID: srcRoot}
		}
		return sarifArtifactLocation{URI: fileURI(file)}
	}
	return sarifArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(file)}).EscapedPath(), URIBaseID: srcRoot}
}

// fileURI returns the file URI of an absolute path.
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/x → /C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// sortedKeys returns the keys of m in order, for a deterministic log.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmp.Compare)
	return keys
}
