// Package analysisdoc extracts an analyzer's documentation from the
// package comment of its doc.go file.
//
// A pass embeds its doc.go and calls Extract with its name. The package
// comment must contain a section headed "# Analyzer <name>"; the text of
// that section, up to the next heading, becomes Analyzer.Doc. The section
// opens with the title line "<name>: <summary>"; as in the Go team's
// passes, the "<name>:" prefix is dropped from Analyzer.Doc, because the
// drivers print the name before the summary ("leakvet help").
package analysisdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the text of the "# Analyzer name" section of the
// package comment in content, the source of a doc.go file.
// It panics if the section is missing: that is a programming error that
// every pass's test catches.
func Extract(content, name string) string {
	doc, err := extract(content, name)
	if err != nil {
		panic("internal error: " + err.Error())
	}
	return doc
}

func extract(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("parse doc.go: %w", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go of %s has no package comment", name)
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name
	var (
		lines []string
		in    bool
	)
	for line := range strings.SplitSeq(text, "\n") {
		if strings.HasPrefix(line, "# ") {
			if in {
				break // next section
			}
			in = strings.TrimSpace(line) == heading
			continue
		}
		if in {
			lines = append(lines, line)
		}
	}
	if !in && lines == nil {
		return "", fmt.Errorf("doc.go of %s has no %q section", name, heading)
	}
	body := strings.TrimSpace(strings.Join(lines, "\n"))
	rest, ok := strings.CutPrefix(body, name+":")
	if !ok {
		return "", fmt.Errorf("doc.go of %s: %q is not followed by a %q title line", name, heading, name+": <summary>")
	}
	return strings.TrimSpace(rest), nil
}
