// Package report is the one way a leakvet pass reports a diagnostic.
//
// It applies the policies every pass shares:
//
//   - diagnostics in generated files (ast.IsGenerated) are dropped;
//   - a "//leakvet:ignore <check> <reason>" directive on the line of a
//     diagnostic, or alone on the line above it, suppresses the
//     diagnostics of that check there;
//   - a directive that names the pass but suppresses nothing is itself
//     reported, as is one without a reason, so stale suppressions do
//     not accumulate.
//
// A pass creates a Reporter at the start of its run, reports through
// it, and calls Finish before returning.
package report

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// DirectivePrefix starts a suppression comment.
const DirectivePrefix = "//leakvet:ignore"

// directive is one "//leakvet:ignore check reason" comment.
type directive struct {
	pos    token.Pos // of the comment
	file   *token.File
	line   int  // line of the comment
	alone  bool // the comment is the only thing on its line
	checks []string
	reason string
	used   bool
}

// Reporter reports the diagnostics of one pass over one package.
type Reporter struct {
	pass       *analysis.Pass
	name       string
	generated  map[*token.File]bool
	directives map[*token.File][]*directive
}

// New returns a Reporter for the pass named name.
func New(pass *analysis.Pass, name string) *Reporter {
	r := &Reporter{
		pass:       pass,
		name:       name,
		generated:  make(map[*token.File]bool),
		directives: make(map[*token.File][]*directive),
	}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		if ast.IsGenerated(f) {
			r.generated[tf] = true
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if d := parseDirective(c, tf, f); d != nil {
					r.directives[tf] = append(r.directives[tf], d)
				}
			}
		}
	}
	return r
}

// parseDirective parses c if it is a suppression directive.
func parseDirective(c *ast.Comment, tf *token.File, f *ast.File) *directive {
	if !strings.HasPrefix(c.Text, DirectivePrefix) {
		return nil
	}
	rest := c.Text[len(DirectivePrefix):]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil // e.g. //leakvet:ignorefoo
	}
	fields := strings.Fields(rest)
	d := &directive{pos: c.Pos(), file: tf, line: tf.Line(c.Pos())}
	if len(fields) > 0 {
		d.checks = strings.Split(fields[0], ",")
		d.reason = strings.Join(fields[1:], " ")
	}
	d.alone = commentAlone(c, tf, f)
	return d
}

// commentAlone reports whether no code precedes c on its line.
func commentAlone(c *ast.Comment, tf *token.File, f *ast.File) bool {
	lineStart := tf.LineStart(tf.Line(c.Pos()))
	before := func(p token.Pos) bool { return p >= lineStart && p < c.Pos() }
	alone := true
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case nil, *ast.CommentGroup, *ast.Comment:
			return false
		}
		if !alone || n.End() <= lineStart || n.Pos() >= c.Pos() {
			return false // n lies wholly before or after the comment's line prefix
		}
		if before(n.Pos()) || before(n.End()-1) {
			alone = false
		}
		return alone
	})
	return alone
}

// names reports whether the directive names the check.
func (d *directive) names(check string) bool {
	for _, c := range d.checks {
		if c == check {
			return true
		}
	}
	return false
}

// Report reports d unless it is in a generated file or suppressed.
func (r *Reporter) Report(d analysis.Diagnostic) {
	tf := r.pass.Fset.File(d.Pos)
	if tf == nil {
		r.pass.Report(d)
		return
	}
	if r.generated[tf] {
		return
	}
	line := tf.Line(d.Pos)
	suppressed := false
	for _, dir := range r.directives[tf] {
		if dir.reason == "" || !dir.names(r.name) {
			continue
		}
		if dir.line == line || (dir.alone && dir.line == line-1) {
			dir.used = true
			suppressed = true
		}
	}
	if !suppressed {
		r.pass.Report(d)
	}
}

// Reportf reports a diagnostic with no fix at [pos, end).
func (r *Reporter) Reportf(pos, end token.Pos, format string, args ...any) {
	r.Report(analysis.Diagnostic{Pos: pos, End: end, Message: fmt.Sprintf(format, args...)})
}

// Finish reports the directives that name this pass but are malformed
// or suppressed nothing. Call it once, after the pass's last Report.
func (r *Reporter) Finish() {
	for tf, dirs := range r.directives {
		if r.generated[tf] {
			continue
		}
		for _, d := range dirs {
			if !d.names(r.name) || d.used {
				continue
			}
			if d.reason == "" {
				r.pass.Report(analysis.Diagnostic{
					Pos:      d.pos,
					Category: "directive",
					Message:  fmt.Sprintf("%s directive needs a reason: %s %s <reason>", r.name, DirectivePrefix, r.name),
				})
				continue
			}
			r.pass.Report(analysis.Diagnostic{
				Pos:      d.pos,
				Category: "directive",
				Message:  fmt.Sprintf("unused %s directive: no %s diagnostic here to suppress", DirectivePrefix, r.name),
			})
		}
	}
}
