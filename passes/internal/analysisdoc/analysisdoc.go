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
	text, ok := packageComment(content)
	if !ok {
		return "", fmt.Errorf("doc.go of %s has no package comment", name)
	}
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

// packageComment returns the text of the package comment of content, a
// Go file whose package comment is made of line comments, as
// ast.CommentGroup.Text gives it: without the comment markers and the
// space after them, without directives, trailing spaces and leading
// and trailing blank lines, with each run of blank lines made one. It
// reports false if there is no such comment.
//
// Every process of the suite computes each analyzer's Doc when it
// starts, go vet's runs of one package included: parsing the files with
// go/parser there cost more than analysing a small package.
func packageComment(content string) (string, bool) {
	var group []string // the run of line comments before the current line
	for line := range strings.Lines(content) {
		line = strings.TrimRight(line, " \t\r\n")
		switch {
		case strings.HasPrefix(line, "//"):
			group = append(group, line[2:])
			continue
		case strings.HasPrefix(line, "package ") && len(group) > 0:
			return commentText(group), true
		case strings.HasPrefix(line, "package "):
			return "", false
		}
		group = nil // a blank line or code: the comment is not the package's
	}
	return "", false
}

// commentText formats the lines of a group of line comments, their
// "//" removed, as ast.CommentGroup.Text does.
func commentText(lines []string) string {
	var out []string
	for _, c := range lines {
		switch {
		case strings.HasPrefix(c, " "):
			c = c[1:]
		case isDirective(c):
			continue
		}
		out = append(out, strings.TrimRight(c, " \t"))
	}
	// Drop leading blank lines and make each run of blank lines one.
	var b strings.Builder
	blank := false
	for _, c := range out {
		if c == "" {
			blank = b.Len() > 0
			continue
		}
		if blank {
			b.WriteString("\n")
			blank = false
		}
		b.WriteString(c)
		b.WriteString("\n")
	}
	return b.String()
}

// isDirective reports whether c, a line comment without its "//", is a
// directive such as "go:build" or "lint:ignore": a lower-case word, a
// colon and a letter, with no space before it.
func isDirective(c string) bool {
	if strings.HasPrefix(c, "line ") || strings.HasPrefix(c, "extern ") || strings.HasPrefix(c, "export ") {
		return true
	}
	colon := strings.Index(c, ":")
	if colon <= 0 || colon+1 >= len(c) {
		return false
	}
	for i := 0; i <= colon+1; i++ {
		if i == colon {
			continue
		}
		b := c[i]
		if !('a' <= b && b <= 'z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return true
}
