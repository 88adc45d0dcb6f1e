package timerleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strings"

	"github.com/leakvet/leakvet/passes/internal/analysisdoc"
	"github.com/leakvet/leakvet/passes/internal/lazycfg"
	"github.com/leakvet/leakvet/passes/internal/report"
	"github.com/leakvet/leakvet/passes/internal/scope"
	"golang.org/x/tools/go/analysis"
)

//go:embed doc.go
var doc string

// Categories of the diagnostics, one per kind of finding.
const (
	CategoryDrain         = "drain"          // blocking drain after Stop, Go 1.23 semantics
	CategoryDrainReceived = "drain-received" // blocking drain after Stop when t.C may have been received
	CategoryUnstopped     = "unstopped"      // timer not stopped on all paths (before Go 1.23)
	CategoryAfterInLoop   = "after-in-loop"  // time.After in a looping select (before Go 1.23)
	CategoryTick          = "tick"           // time.Tick in a function that returns (before Go 1.23)
	CategoryReset         = "reset"          // Reset with a possibly stale value (before Go 1.23)
	CategoryDeadDrain     = "dead-drain"     // a drain that never runs since Go 1.23 (cleanup hint, off by default)
)

// Values of Config.Semantics.
const (
	SemanticsAuto   = "auto"   // by the file's Go version
	SemanticsPre123 = "pre123" // asynchronous timer channels (before Go 1.23)
	SemanticsGo123  = "go123"  // synchronous timer channels (Go 1.23 and later)
)

// Config holds the options of the pass. The zero value is the default.
type Config struct {
	// Semantics selects the timer semantics to judge code by: "auto"
	// (or empty: by each file's Go version), "pre123" or "go123".
	Semantics string `json:"semantics"`
	// DeadDrains also reports, as a cleanup hint and not a leak, a drain
	// after Stop that can never run under Go 1.23 semantics.
	DeadDrains bool `json:"dead-drains"`
}

// Analyzer runs with the default Config; drivers set its flags.
var Analyzer = New(Config{})

// New returns a fresh analyzer configured by cfg.
// Tests and the plugin never mutate Analyzer.
func New(cfg Config) *analysis.Analyzer {
	c := &cfg
	a := &analysis.Analyzer{
		Name:     "timerleak",
		Doc:      analysisdoc.Extract(doc, "timerleak"),
		URL:      "https://pkg.go.dev/github.com/leakvet/leakvet/passes/timerleak",
		Requires: []*analysis.Analyzer{scope.Analyzer, lazycfg.Analyzer},
		Run:      c.run,
	}
	a.Flags.Var(semanticsFlag{&c.Semantics}, "semantics",
		"timer semantics to judge code by: auto (by each file's Go version), pre123 or go123")
	a.Flags.BoolVar(&c.DeadDrains, "dead-drains", c.DeadDrains,
		"also report, as a cleanup hint, drains after Stop that never run since Go 1.23")
	return a
}

// semanticsFlag is -timerleak.semantics: it rejects a bad value when the
// command line is parsed, before any analysis, so that a driver reports
// it once as a usage error.
type semanticsFlag struct{ p *string }

func (f semanticsFlag) String() string {
	if f.p == nil {
		return ""
	}
	return *f.p
}

func (f semanticsFlag) Set(v string) error {
	switch v {
	case "", SemanticsAuto, SemanticsPre123, SemanticsGo123:
		*f.p = v
		return nil
	}
	return fmt.Errorf("want auto, pre123 or go123")
}

// semantics is the timer behaviour that applies to a file.
type semantics int

const (
	semUnknown semantics = iota // no Go version known: only version-independent checks
	semPre123                   // asynchronous channels, unstopped timers live until they fire
	semGo123                    // synchronous channels, unreferenced timers are collected
)

// run walks every function of the package once. For each function it
//
//  1. finds the Stop-then-drain sites of *time.Timer values and asks the
//     control-flow graph whether t.C may already have been received on a
//     path to the Stop (a select case, an earlier receive, a previous
//     loop iteration, or, for a deferred closure, anywhere before the
//     enclosing function returns) with no Reset or reassignment between;
//  2. in files judged by pre-Go 1.23 semantics, follows each local timer
//     created by time.NewTimer, NewTicker or AfterFunc to the function's
//     returns (as lostcancel does for cancel functions), checks each
//     Reset for a possibly stale value, and looks at every time.After
//     and time.Tick call.
//
// Which semantics applies is decided per file (see fileSemantics).
func (c *Config) run(pass *analysis.Pass) (any, error) {
	switch c.Semantics {
	case "", SemanticsAuto, SemanticsPre123, SemanticsGo123:
	default:
		return nil, fmt.Errorf("invalid -timerleak.semantics %q: want auto, pre123 or go123", c.Semantics)
	}
	r := report.New(pass, "timerleak")
	defer r.Finish()

	// Fast path. Every pre-1.23 check starts at a qualified time.X call,
	// which needs the import. The drain checks do not: a *time.Timer can
	// come from another package's API (a struct field, a return value),
	// so they run in every file that receives from a field C (see scope).
	importsTime := false
	for _, imp := range pass.Pkg.Imports() {
		if imp.Path() == "time" {
			importsTime = true
			break
		}
	}

	a := &checker{
		pass:        pass,
		r:           r,
		cfgs:        pass.ResultOf[lazycfg.Analyzer].(*lazycfg.CFGs),
		importsTime: importsTime,
		debugs:      debugSemantics(pass),
		deadDrains:  c.DeadDrains,
	}
	a.forced = map[string]semantics{
		SemanticsPre123: semPre123,
		SemanticsGo123:  semGo123,
	}[c.Semantics]

	// Only the timer-relevant files: the others have no drain and no
	// call of the time package (see scope).
	for _, curFile := range pass.ResultOf[scope.Analyzer].(*scope.Result).TimerFiles {
		file := curFile.Node().(*ast.File)
		sem := a.fileSemantics(file)
		for cur := range curFile.Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			a.checkFunc(cur, file, sem)
		}
	}
	return nil, nil
}

// checker holds the state of one run.
type checker struct {
	pass        *analysis.Pass
	r           *report.Reporter
	cfgs        *lazycfg.CFGs
	importsTime bool
	forced      semantics // from Config.Semantics; semUnknown means auto
	debugs      map[*ast.File]semantics
	deadDrains  bool // report drains that never run (Config.DeadDrains)
	fieldMemo   map[*types.Var]fieldMemo
}

// fileSemantics reports the timer semantics that applies to file.
//
// Forced semantics win. Otherwise a visible //go:debug asynctimerchan
// directive decides (see debugSemantics), and then the file's Go
// version: the module's go line, or a //go:build go1.N constraint.
// Without any version (GOPATH mode, ad hoc packages), and in the time
// package itself, only the version-independent checks run.
func (a *checker) fileSemantics(file *ast.File) semantics {
	if a.forced != semUnknown {
		return a.forced
	}
	if s, ok := a.debugs[file]; ok {
		return s
	}
	if path := a.pass.Pkg.Path(); path == "time" || path == "time_test" {
		// The time package makes timers of both kinds itself, whatever
		// asynctimerchan says, and its tests run under both: its
		// timers follow no one version's rules.
		return semUnknown
	}
	v := a.pass.TypesInfo.FileVersions[file]
	if v == "" {
		v = a.pass.Pkg.GoVersion()
	}
	switch {
	case !version.IsValid(v):
		return semUnknown
	case version.Compare(v, "go1.23") >= 0:
		return semGo123
	default:
		return semPre123
	}
}

// debugSemantics returns, for each file a //go:debug asynctimerchan=N
// directive applies to, the semantics it selects.
//
// A //go:debug directive only takes effect in a main package, where it
// sets the default for the whole program, and in _test.go files, where
// it sets it for the test binary. asynctimerchan=1 (and =2, the same
// channel behaviour on the new implementation) bring back the
// asynchronous channels; =0 selects the Go 1.23 behaviour.
func debugSemantics(pass *analysis.Pass) map[*ast.File]semantics {
	isMain := pass.Pkg.Name() == "main"
	var (
		pkgWide   semantics
		testFiles semantics
		out       = make(map[*ast.File]semantics)
	)
	for _, f := range pass.Files {
		isTest := report.IsTestFile(pass, f.FileStart)
		for _, cg := range f.Comments {
			if cg.Pos() > f.Package {
				break // directives precede the package clause
			}
			for _, c := range cg.List {
				s, ok := parseAsyncTimerChan(c.Text)
				if !ok {
					continue
				}
				switch {
				case isMain:
					pkgWide = s
				case isTest:
					testFiles = s
				}
			}
		}
	}
	for _, f := range pass.Files {
		isTest := report.IsTestFile(pass, f.FileStart)
		switch {
		case pkgWide != semUnknown:
			out[f] = pkgWide
		case isTest && testFiles != semUnknown:
			out[f] = testFiles
		}
	}
	return out
}

// parseAsyncTimerChan parses a "//go:debug asynctimerchan=N" comment.
func parseAsyncTimerChan(text string) (semantics, bool) {
	rest, ok := strings.CutPrefix(text, "//go:debug ")
	if !ok {
		return semUnknown, false
	}
	for kv := range strings.SplitSeq(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
		if k != "asynctimerchan" {
			continue
		}
		switch v {
		case "0":
			return semGo123, true
		case "1", "2":
			return semPre123, true
		}
	}
	return semUnknown, false
}

// srcText returns the source text of n, formatted from a copy if the
// file's content is not available.
func (a *checker) srcText(n ast.Node) string {
	tf := a.pass.Fset.File(n.Pos())
	if tf != nil {
		if content, err := a.pass.ReadFile(tf.Name()); err == nil {
			start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
			if 0 <= start && start <= end && end <= len(content) {
				return string(content[start:end])
			}
		}
	}
	if e, ok := n.(ast.Expr); ok {
		return types.ExprString(e)
	}
	return ""
}

// lineIndent returns the whitespace that starts the line of pos.
func (a *checker) lineIndent(pos token.Pos) string {
	tf := a.pass.Fset.File(pos)
	if tf == nil {
		return ""
	}
	content, err := a.pass.ReadFile(tf.Name())
	if err != nil {
		return ""
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	i := start
	for i < len(content) && (content[i] == ' ' || content[i] == '\t') {
		i++
	}
	return string(content[start:i])
}

// stmtLineRange returns the range to delete to remove stmt: its whole
// line(s) when nothing else shares them, else the statement alone.
func (a *checker) stmtLineRange(stmt ast.Node) (token.Pos, token.Pos) {
	pos, end := stmt.Pos(), stmt.End()
	tf := a.pass.Fset.File(pos)
	if tf == nil {
		return pos, end
	}
	content, err := a.pass.ReadFile(tf.Name())
	if err != nil {
		return pos, end
	}
	s, e := tf.Offset(pos), tf.Offset(end)
	ls := s
	for ls > 0 && (content[ls-1] == ' ' || content[ls-1] == '\t') {
		ls--
	}
	le := e
	for le < len(content) && (content[le] == ' ' || content[le] == '\t') {
		le++
	}
	if (ls == 0 || content[ls-1] == '\n') && le < len(content) && content[le] == '\n' {
		return tf.Pos(ls), tf.Pos(le + 1)
	}
	return pos, end
}

// afterLine returns where to insert a statement after stmt: the end of
// its line when only spaces or a line comment follow it there, else its
// end.
func (a *checker) afterLine(stmt ast.Node) token.Pos {
	end := stmt.End()
	tf := a.pass.Fset.File(end)
	if tf == nil {
		return end
	}
	content, err := a.pass.ReadFile(tf.Name())
	if err != nil {
		return end
	}
	e := tf.Offset(end)
	i := e
	for i < len(content) && (content[i] == ' ' || content[i] == '\t') {
		i++
	}
	if i < len(content) && content[i] != '\n' && !strings.HasPrefix(string(content[i:min(i+2, len(content))]), "//") {
		return end // more code on the line
	}
	for i < len(content) && content[i] != '\n' {
		i++
	}
	return tf.Pos(i)
}
