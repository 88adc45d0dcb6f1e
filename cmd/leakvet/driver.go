package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// The standalone driver.
//
// multichecker loads every dependency of the named packages from source
// as soon as one analyzer uses facts, and runs the fact-producing
// analyzers on all of them: on the standard library that doubles the
// time and the memory of a run. This driver instead loads only the
// named packages from source (dependencies come from the compiler's
// export data, as for an analyzer without facts) and lets facts flow
// only between named packages: when pkg/a calls a function of pkg/b and
// both are named (as with ./...), the facts of pkg/b reach pkg/a, as
// under go vet. What a named package learns from an unnamed one is
// lost; the checks treat a function they know nothing about as one that
// may do anything, so this costs findings, never adds one.
//
// It runs the analyzers with its own scheduler (run.go), which keeps an
// analyzer's result only while the package it belongs to is analysed.
// It serves text and -json output (and -sarif, through -json). -fix,
// help, -flags, -V and the go vet protocol stay with multichecker.Main.

// driverFlags are the standalone driver's own settings, as flags.
type driverFlags struct {
	json           bool
	context        int
	test           bool
	tags           string
	fix, diff      bool
	sarif          bool
	baseline       string
	updateBaseline bool
	verbose        bool // -v: an alias of -debug=v
	debug          string
	cpuProfile     string
	memProfile     string
	traceFile      string
}

// triState is a check's enabling flag: -<check> selects it (and only the
// checks so selected run), -<check>=false drops it.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) Set(value string) error {
	b, err := strconv.ParseBool(value)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	*ts = setFalse
	if b {
		*ts = setTrue
	}
	return nil
}

func (ts *triState) String() string {
	if ts != nil && *ts == setFalse {
		return "false"
	}
	return "true"
}

func (ts *triState) IsBoolFlag() bool { return true }

// versionValue is -V: main handles it before any parsing; it is
// registered so that help lists it and a stray -V=false parses.
type versionValue struct{}

func (versionValue) String() string   { return "" }
func (versionValue) IsBoolFlag() bool { return true }
func (versionValue) Set(v string) error {
	if _, err := strconv.ParseBool(v); err != nil && v != "full" {
		return fmt.Errorf("want -V or -V=full")
	}
	return nil
}

// A usageError is a mistake on the command line: main prints it on one
// line and exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// buildFlags are the go command's build flags that leakvet does not
// take on its command line (-tags it does). The go command reads them
// from GOFLAGS, which reaches leakvet's loader.
var buildFlags = []string{
	"C", "a", "asan", "asmflags", "buildmode", "buildvcs", "compiler", "cover", "covermode",
	"coverpkg", "gccgoflags", "gcflags", "installsuffix", "ldflags", "linkshared", "mod",
	"modcacherw", "modfile", "msan", "n", "overlay", "p", "pgo", "pkgdir", "race",
	"toolexec", "trimpath", "work", "x",
}

// boolBuildFlags are the build flags that take no value.
var boolBuildFlags = []string{"a", "asan", "cover", "linkshared", "modcacherw", "msan", "n", "race", "trimpath", "work", "x"}

// parseStandalone registers the standalone driver's flags on fs (the
// same names, defaults and meanings as multichecker's, and leakvet's
// own), parses args and returns the settings, the selected analyzers
// and the patterns. A parse error is a *usageError.
func parseStandalone(fs *flag.FlagSet, args []string, analyzers []*analysis.Analyzer) (*driverFlags, []*analysis.Analyzer, []string, error) {
	enabled := make(map[*analysis.Analyzer]*triState)
	for _, a := range analyzers {
		ts := new(triState)
		fs.Var(ts, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		enabled[a] = ts
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	d := registerFlags(fs)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return nil, nil, nil, flagError(err, analyzers)
	}
	if d.verbose && !strings.Contains(d.debug, "v") {
		d.debug += "v"
	}
	if d.diff && !d.fix {
		return nil, nil, nil, usageErrorf("-diff works only with -fix: leakvet -fix -diff ./...")
	}
	if d.updateBaseline && d.baseline == "" {
		return nil, nil, nil, usageErrorf("-update-baseline needs -baseline=FILE")
	}
	if d.sarif {
		for name, set := range map[string]bool{"json": d.json, "fix": d.fix} {
			if set {
				return nil, nil, nil, usageErrorf("-sarif and -%s must not be combined", name)
			}
		}
	}

	// If any -<check> is true, run only those; otherwise drop every
	// -<check>=false.
	want := setFalse
	for _, ts := range enabled {
		if *ts == setTrue {
			want = setTrue
		}
	}
	keep := slices.DeleteFunc(slices.Clone(analyzers), func(a *analysis.Analyzer) bool {
		if want == setTrue {
			return *enabled[a] != setTrue
		}
		return *enabled[a] == setFalse
	})
	return d, keep, fs.Args(), nil
}

// registerFlags registers the driver's own flags on fs.
func registerFlags(fs *flag.FlagSet) *driverFlags {
	d := &driverFlags{context: -1, test: true}
	fs.BoolVar(&d.test, "test", true, "analyse test files too")
	fs.StringVar(&d.tags, "tags", "", "a comma-separated list of build tags, as for go build and go vet")
	fs.BoolVar(&d.json, "json", false, "print the findings as JSON on stdout (exit code 0 with findings)")
	fs.BoolVar(&d.sarif, "sarif", false, sarifUsage)
	fs.BoolVar(&d.fix, "fix", false, "apply the suggested fixes, then report the findings that remain")
	fs.BoolVar(&d.diff, "diff", false, "with -fix, print the fixes as a unified diff instead of applying them")
	fs.StringVar(&d.baseline, "baseline", "", "report only findings not recorded in this `file`; if it does not exist, record the current findings in it")
	fs.BoolVar(&d.updateBaseline, "update-baseline", false, "with -baseline, record the current findings in the file, replacing it")
	fs.IntVar(&d.context, "c", -1, "print the offending line with this many lines of context")
	fs.Var(versionValue{}, "V", "print the version and exit; -V=full in the form go vet reads")
	fs.Var(versionValue{}, "version", "print the version and exit")
	fs.StringVar(&d.debug, "debug", "", `debug flags, any subset of "fpstv"`)
	fs.StringVar(&d.cpuProfile, "cpuprofile", "", "write a CPU profile to this file")
	fs.StringVar(&d.memProfile, "memprofile", "", "write a memory profile to this file")
	fs.StringVar(&d.traceFile, "trace", "", "write a trace log to this file")
	// No effect, as in multichecker: kept so that scripts written for
	// vet's old command line keep working.
	fs.Bool("source", false, "no effect (deprecated)")
	fs.BoolVar(&d.verbose, "v", false, "no effect (deprecated)")
	fs.Bool("all", false, "no effect (deprecated)")
	return d
}

// flagError turns an error of the flag package into a one-line usage
// error that says what to do.
func flagError(err error, analyzers []*analysis.Analyzer) error {
	const undefined = "flag provided but not defined: -"
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, undefined)
	if !ok {
		return &usageError{msg}
	}
	if slices.Contains(buildFlags, name) {
		example := "-" + name + "=..."
		if slices.Contains(boolBuildFlags, name) {
			example = "-" + name
		}
		return usageErrorf("-%s is a build flag: leakvet takes only -tags; set others in GOFLAGS (GOFLAGS=%s leakvet ./...)", name, example)
	}
	if check, _, ok := strings.Cut(name, "."); ok {
		for _, a := range analyzers {
			if a.Name != check {
				continue
			}
			return usageErrorf("unknown option -%s: run %q for the options of %s", name, progname+" help "+check, check)
		}
	}
	return usageErrorf("unknown flag -%s: no check or flag has that name; run %q for the list", name, progname+" help")
}

// standalone runs the standalone driver on flags and patterns and
// returns the exit code: 0 clean (and with -json or -sarif, findings or
// not), 1 an error (also when there are findings), 2 a usage error, 3
// findings.
func standalone(flags, patterns []string, all []*analysis.Analyzer) int {
	log.SetFlags(0)
	log.SetPrefix(progname + ": ")
	fs := flag.NewFlagSet(progname, flag.ContinueOnError)
	d, analyzers, rest, err := parseStandalone(fs, append(slices.Clone(flags), patterns...), all)
	if err != nil {
		log.Print(err)
		return 2
	}
	if len(rest) == 0 {
		usage(os.Stderr)
		return 2
	}
	patterns = rest
	for _, p := range patterns {
		if len(p) > 1 && p[0] == '-' {
			log.Printf("flag %s after the packages: flags go before them", p)
			return 2
		}
	}
	if len(patterns) > 1 {
		if empty := emptyPatterns(patterns); len(empty) > 0 {
			log.Printf("pattern %s matched no packages", strings.Join(empty, ", "))
			return 1
		}
	}
	if d.sarif {
		_, others := extractBool(flags, "sarif", valueFlags(all))
		return runSARIF(others, patterns, all)
	}
	var fixed *fixOutcome
	if d.fix {
		fixed = applyFixes(fs, d, patterns)
	}

	dbg := func(b byte) bool { return strings.IndexByte(d.debug, b) >= 0 }
	stop, err := startProfiles(d)
	if err != nil {
		log.Print(err)
		return 1
	}
	defer stop()

	if dbg('v') {
		log.SetPrefix("")
		log.SetFlags(log.Lmicroseconds)
		log.Printf("load %s", patterns)
	}
	conf := loadConfig(d)
	initial, _, err := load(conf, patterns)
	if err == nil && len(initial) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	if err != nil {
		log.Print(oneLine(err.Error()))
		return 1
	}

	// Errors of loading, parsing and type-checking are the user's to
	// fix first: print them, leave the packages out, analyse the rest.
	errors := printErrors(os.Stderr, initial)
	if fixed != nil {
		if errors == 0 {
			fixed.printNotes(os.Stderr) // otherwise they repeat the errors
		}
		if fixed.code != 0 {
			errors++
		}
	}
	roots := rootsOnly(initial)

	var factLog io.Writer
	if dbg('f') {
		factLog = os.Stderr
	}
	r, err := newRunner(analyzers, dbg('p'), dbg('s'), factLog)
	if err != nil {
		log.Print(err)
		return 1
	}
	r.funcNames = d.baseline != ""
	units := r.run(roots)
	if dbg('t') {
		defer r.printTimes(os.Stderr, units)
	}
	found := r.findings(units)
	errors += r.failures(units)
	if d.fix && d.diff {
		// What the diff does not resolve: the findings without a fix.
		found = slices.DeleteFunc(found, func(f *finding) bool { return len(f.diag.SuggestedFixes) > 0 })
	}
	if d.baseline != "" {
		var done bool
		found, done, err = applyBaseline(d, found, errors)
		if err != nil {
			log.Print(err)
			return 1
		}
		if done { // the baseline was written
			return exitCode(errors, 0)
		}
	}

	if d.json {
		if err := r.printJSON(os.Stdout, units, found); err != nil {
			log.Print(err)
			return 1
		}
		return exitCode(errors, 0)
	}
	if err := r.printText(os.Stderr, units, found, d.context); err != nil {
		log.Print(err)
		return 1
	}
	return exitCode(errors, len(found))
}

// exitCode returns the exit code of a run with the given numbers of
// errors and of findings printed as text: an error wins over findings,
// since it means some code was not analysed.
func exitCode(errors, findings int) int {
	switch {
	case errors > 0:
		return 1
	case findings > 0:
		return 3
	}
	return 0
}

// loadConfig returns the loader's configuration for the settings d.
//
// The build flags come from -tags and GOFLAGS. go/packages first asks
// the go command for its version with modules off, a query that fails
// if GOFLAGS holds a flag valid only with modules (-modfile=, -mod=);
// such flags move from GOFLAGS to the loader's build flags, which reach
// go list alone, so that GOFLAGS=-modfile=other.mod works as under go
// vet.
func loadConfig(d *driverFlags) *packages.Config {
	conf := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Tests: d.test}
	goflags, ok := os.LookupEnv("GOFLAGS")
	if ok {
		var keep []string
		for _, f := range strings.Fields(goflags) {
			name, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
			if name == "mod" || name == "modfile" || name == "modcacherw" {
				conf.BuildFlags = append(conf.BuildFlags, f)
			} else {
				keep = append(keep, f)
			}
		}
		if len(conf.BuildFlags) > 0 {
			conf.Env = append(os.Environ(), "GOFLAGS="+strings.Join(keep, " "))
		}
	}
	if d.tags != "" {
		conf.BuildFlags = append(conf.BuildFlags, "-tags="+d.tags)
	}
	return conf
}

// rootsOnly returns the well-typed packages among initial, with their
// import graphs cut down to those packages, so that facts flow among
// them alone. A package that failed to load
// or type-check is left out: its errors are printed already, and its
// analysis would fail.
func rootsOnly(initial []*packages.Package) []*packages.Package {
	byID := make(map[string]*packages.Package, len(initial))
	for _, p := range initial {
		if len(p.Errors) == 0 && !p.IllTyped && p.Types != nil {
			byID[p.ID] = p
		}
	}
	var roots []*packages.Package
	for _, p := range initial {
		if byID[p.ID] != p {
			continue
		}
		imports := make(map[string]*packages.Package)
		for path, imp := range p.Imports {
			if q := byID[imp.ID]; q != nil {
				imports[path] = q
			}
		}
		p.Imports = imports
		roots = append(roots, p)
	}
	return roots
}

// printErrors prints the errors of the packages in the import graph of
// initial to w, one line each in the compiler's form ("file:line:col:
// message", the file relative to the current directory when inside it;
// a message alone when there is no position), and returns how many it
// printed. As the compiler does, it reports only the first syntax error
// of a line, and no type errors in a package with syntax errors (they
// are consequences of the parser's recovery). The compiler's own report
// of a package's errors (a list error that go list's build of its
// export data produced) is not printed again when the package's errors
// are known.
func printErrors(w io.Writer, initial []*packages.Package) int {
	n := 0
	seen := make(map[string]bool)
	print := func(line string) {
		if line != "" && !seen[line] {
			seen[line] = true
			fmt.Fprintln(w, line)
			n++
		}
	}
	lineSeen := make(map[string]bool) // file:line of a syntax error
	for p := range packages.Postorder(initial) {
		kinds := make(map[packages.ErrorKind]bool)
		for _, e := range p.Errors {
			kinds[e.Kind] = true
		}
		for _, e := range p.Errors {
			switch {
			case e.Kind == packages.TypeError && kinds[packages.ParseError]:
				continue
			case e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# ") && (kinds[packages.TypeError] || kinds[packages.ParseError]):
				continue
			case e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# "):
				// The compiler's output: a "# package" line, then one
				// line per error.
				for line := range strings.Lines(e.Msg) {
					if line = strings.TrimSpace(line); !strings.HasPrefix(line, "# ") {
						print(shortPosn(line))
					}
				}
				continue
			case e.Kind == packages.ParseError && e.Pos != "":
				file, line, _ := splitPosn(e.Pos)
				if k := fmt.Sprint(file, ":", line); lineSeen[k] {
					continue
				} else {
					lineSeen[k] = true
				}
			}
			if e.Pos == "" {
				print(oneLine(e.Msg))
			} else {
				print(shortPosn(e.Pos) + ": " + oneLine(e.Msg))
			}
		}
		if m := p.Module; m != nil && m.Error != nil {
			print(oneLine(m.Error.Err))
		}
	}
	return n
}

// oneLine joins the lines of a message, as the go command's hints
// ("to add it:\n\tgo get ...") have several.
func oneLine(msg string) string {
	if !strings.Contains(msg, "\n") {
		return msg
	}
	return strings.Join(strings.Fields(msg), " ")
}

// cwd is the current directory, for shortPosn.
var cwd = sync.OnceValue(func() string {
	dir, _ := os.Getwd()
	return dir
})

// shortPosn returns a position ("file:line:col", or a line of text that
// starts with one) with the file relative to the current directory if
// it is inside it, as the go command prints positions.
func shortPosn(posn string) string {
	if dir := cwd(); dir != "" {
		if rel, ok := strings.CutPrefix(posn, dir+string(filepath.Separator)); ok {
			return rel
		}
	}
	return posn
}

// startProfiles starts the profiles and trace asked for by flags and
// returns the function that writes them.
func startProfiles(d *driverFlags) (stop func(), err error) {
	var stops []func()
	stop = func() {
		for _, f := range slices.Backward(stops) {
			f()
		}
	}
	if d.cpuProfile != "" {
		f, err := os.Create(d.cpuProfile)
		if err != nil {
			return stop, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return stop, err
		}
		stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
	}
	if d.traceFile != "" {
		f, err := os.Create(d.traceFile)
		if err != nil {
			return stop, err
		}
		if err := trace.Start(f); err != nil {
			return stop, err
		}
		stops = append(stops, func() { trace.Stop(); f.Close() })
	}
	if d.memProfile != "" {
		f, err := os.Create(d.memProfile)
		if err != nil {
			return stop, err
		}
		stops = append(stops, func() {
			runtime.GC() // up-to-date statistics
			if err := pprof.WriteHeapProfile(f); err != nil {
				log.Print(err)
			}
			f.Close()
		})
	}
	return stop, nil
}
