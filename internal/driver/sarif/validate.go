package sarif

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Validate checks data against the constraints of the SARIF 2.1.0
// schema (sarif-schema-2.1.0.json, OASIS standard) for the objects this
// package writes: required properties, types, enumerations and minimum
// values, plus the cross-references the specification requires
// (ruleIndex ↔ ruleId, uriBaseId ↔ originalUriBaseIds).
//
// It returns the violations, each "path: problem".
func Validate(data []byte) []string {
	var log map[string]any
	if err := json.Unmarshal(data, &log); err != nil {
		return []string{fmt.Sprintf("SARIF log is not a JSON object: %v", err)}
	}
	v := &validator{}
	v.log(log)
	return v.errs
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
