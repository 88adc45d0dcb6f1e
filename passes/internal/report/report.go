// Package report is the one way a leakvet pass reports a diagnostic.
//
// It applies the policies every pass shares:
//
//   - diagnostics in generated files (ast.IsGenerated) are dropped, and
//     in _test.go files when the pass skips them (SkipTests);
//   - a "//leakvet:ignore <checks> <reason>" directive on the line of a
//     diagnostic, or alone on the line above it, suppresses the
//     diagnostics of the named checks there; <checks> is one check name
//     or several separated by commas, and the reason is required (it
//     may be set off by "//", as with //nolint);
//   - a directive that suppresses nothing is itself reported, so stale
//     suppressions do not accumulate, and so is a malformed one (no
//     reason, or a name that is not a check of the suite).
//
// A pass creates a Reporter at the start of its run, reports through
// it, and calls Finish before returning.
//
// # Who reports a directive
//
// Every pass that runs sees every directive, but each problem must be
// reported once, by one pass, whatever checks are enabled:
//
//   - "unused" is reported by each check the directive names, for
//     itself: only that check knows whether it suppressed something;
//   - "no reason", "no check" and "unknown check" are reported by the
//     directive's owner: the first check it names that belongs to the
//     suite, or else the suite's first check in alphabetical order.
//
// A problem whose owner is disabled goes unreported. The names of the
// suite are listed here, in Checks: a pass cannot see the others, and
// the analyzer package, which lists them, cannot import this internal
// package. A test asserts that Checks and analyzer.All agree.
package report

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// DirectivePrefix starts a suppression comment.
const DirectivePrefix = "//leakvet:ignore"

// Category is the Diagnostic.Category of the reports about directives.
const Category = "directive"

// checks are the names of every check of the suite, sorted.
var checks = []string{
	"callleak",
	"fieldleak",
	"lockleak",
	"rangeleak",
	"sendleak",
	"timerleak",
	"waitclose",
	"wgdone",
}

// Checks returns the names of every check of the suite, sorted.
func Checks() []string {
	return slices.Clone(checks)
}

// directive is one "//leakvet:ignore checks reason" comment.
type directive struct {
	pos, end token.Pos // of the comment
	line     int       // line of the comment
	alone    bool      // the comment is the only thing on its line
	checks   []string  // names as written, possibly empty strings
	reason   string
	used     bool // it suppressed a diagnostic of this Reporter's check
}

// Reporter reports the diagnostics of one pass over one package.
type Reporter struct {
	pass       *analysis.Pass
	name       string
	suite      []string             // checks, or a test's suite
	generated  map[*token.File]bool // files whose diagnostics are dropped
	directives map[*token.File][]*directive
	files      []*token.File // in the order of pass.Files, for stable output
}

// New returns a Reporter for the pass named name.
func New(pass *analysis.Pass, name string) *Reporter {
	r := &Reporter{
		pass:       pass,
		name:       name,
		suite:      checks,
		generated:  make(map[*token.File]bool),
		directives: make(map[*token.File][]*directive),
	}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		r.files = append(r.files, tf)
		if ast.IsGenerated(f) {
			r.generated[tf] = true
			continue // neither its diagnostics nor its directives count
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

// SkipTests makes the Reporter treat _test.go files as outside the
// pass: their diagnostics are dropped and their directives are not
// checked, not even for being unused, since the pass did not look.
// A pass calls it, before Finish, when its ignore-tests option is set.
func (r *Reporter) SkipTests() {
	for _, tf := range r.files {
		if strings.HasSuffix(tf.Name(), "_test.go") {
			r.generated[tf] = true
			delete(r.directives, tf)
		}
	}
}

// parseDirective parses c if it is a suppression directive.
//
//	//leakvet:ignore sendleak,timerleak the receiver outlives the process
//	                 ^ checks            ^ reason
//	//leakvet:ignore sendleak // the receiver outlives the process
func parseDirective(c *ast.Comment, tf *token.File, f *ast.File) *directive {
	rest, ok := strings.CutPrefix(c.Text, DirectivePrefix)
	if !ok {
		return nil
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil // e.g. //leakvet:ignorefoo
	}
	d := &directive{pos: c.Pos(), end: c.End(), line: tf.Line(c.Pos())}
	if fields := strings.Fields(rest); len(fields) > 0 {
		d.checks = strings.Split(fields[0], ",")
		// The reason may be set off by "//", as with //nolint.
		reason := strings.Join(fields[1:], " ")
		d.reason = strings.TrimSpace(strings.TrimPrefix(reason, "//"))
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
	return slices.Contains(d.checks, check)
}

// owner returns the check that reports the directive's problems other
// than "unused"; see the package documentation.
func (r *Reporter) owner(d *directive) string {
	for _, c := range d.checks {
		if slices.Contains(r.suite, c) {
			return c
		}
	}
	return r.suite[0]
}

// unknown returns the names in d that are not checks of the suite.
func (r *Reporter) unknown(d *directive) []string {
	var out []string
	for _, c := range d.checks {
		if !slices.Contains(r.suite, c) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// Report reports d unless it is in a generated or skipped file, or
// suppressed.
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
			continue // a directive without a reason suppresses nothing
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

// Finish reports the directives that are malformed or suppressed
// nothing, each problem by one pass only. Call it once, after the pass's
// last Report.
func (r *Reporter) Finish() {
	for _, tf := range r.files {
		for _, d := range r.directives[tf] {
			r.check(d)
		}
	}
}

// check reports the problems of d that are this Reporter's to report.
func (r *Reporter) check(d *directive) {
	report := func(format string, args ...any) {
		r.pass.Report(analysis.Diagnostic{
			Pos:      d.pos,
			End:      d.end,
			Category: Category,
			Message:  fmt.Sprintf(format, args...),
		})
	}
	if r.owner(d) == r.name {
		switch {
		case len(d.checks) == 0:
			report("leakvet:ignore directive names no check (write %s <check> <reason>)", DirectivePrefix)
			return
		case d.reason == "":
			report("leakvet:ignore directive has no reason, so it suppresses nothing (write %s %s <reason>)",
				DirectivePrefix, strings.Join(d.checks, ","))
		}
		if u := r.unknown(d); len(u) > 0 {
			report("leakvet:ignore directive names unknown check %s (known: %s)",
				quoteList(u), strings.Join(r.suite, ", "))
		}
	}
	if d.reason != "" && d.names(r.name) && !d.used {
		report("unused leakvet:ignore directive: no %s diagnostic here to suppress", r.name)
	}
}

// quoteList renders names as `"a"` or `"a", "b"`.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// IsTestFile reports whether pos is in a _test.go file. Passes with an
// ignore-tests option skip such positions before doing any work; the
// Reporter's SkipTests drops what they report there anyway.
func IsTestFile(pass *analysis.Pass, pos token.Pos) bool {
	f := pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}
