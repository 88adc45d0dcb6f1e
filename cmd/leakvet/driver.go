package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strconv"
	"strings"

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
	json       bool
	context    int
	test       bool
	debug      string
	cpuProfile string
	memProfile string
	traceFile  string
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

// parseStandalone registers the standalone driver's flags on fs (the
// same names, defaults and meanings as multichecker's), parses args and
// returns the settings, the selected analyzers and the patterns.
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
	d := &driverFlags{context: -1, test: true}
	fs.BoolVar(&d.json, "json", false, "emit JSON output")
	fs.IntVar(&d.context, "c", -1, "display offending line with this many lines of context")
	fs.BoolVar(&d.test, "test", true, "indicates whether test files should be analyzed, too")
	fs.StringVar(&d.debug, "debug", "", `debug flags, any subset of "fpstv"`)
	fs.StringVar(&d.cpuProfile, "cpuprofile", "", "write CPU profile to this file")
	fs.StringVar(&d.memProfile, "memprofile", "", "write memory profile to this file")
	fs.StringVar(&d.traceFile, "trace", "", "write trace log to this file")
	fs.Bool("fix", false, "apply all suggested fixes")
	fs.Bool("diff", false, "with -fix, don't update the files, but print a unified diff")
	fs.Bool("sarif", false, sarifUsage)
	// No effect, as in multichecker: kept so that scripts written for
	// vet's old command line keep working.
	fs.Bool("source", false, "no effect (deprecated)")
	verbose := fs.Bool("v", false, "no effect (deprecated)")
	fs.Bool("all", false, "no effect (deprecated)")
	fs.String("tags", "", "no effect (deprecated)")
	if err := fs.Parse(args); err != nil {
		return nil, nil, nil, err
	}
	if *verbose && !strings.Contains(d.debug, "v") {
		d.debug += "v"
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

// standalone runs the standalone driver on args (flags and patterns)
// and returns the exit code: 0 clean (and always with -json), 1 an
// error, 3 findings.
func standalone(args []string, analyzers []*analysis.Analyzer) int {
	log.SetFlags(0)
	log.SetPrefix(progname + ": ")
	d, analyzers, patterns, err := parseStandalone(flag.CommandLine, args, analyzers)
	if err != nil {
		return 2 // the flag package has printed the error and the usage
	}
	if len(patterns) == 0 {
		flag.Usage()
		return 1
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
	conf := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Tests: d.test}
	initial, err := packages.Load(conf, patterns...)
	if err == nil && len(initial) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	if err != nil {
		log.Print(err)
		return 1
	}

	// Errors of loading, parsing and type-checking are the user's to
	// fix first: print them, leave the packages out, analyse the rest.
	code := 0
	if printErrors(initial) > 0 {
		code = 1
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
	units := r.run(roots)
	if d.json {
		if err := r.printJSON(os.Stdout, units); err != nil {
			log.Print(err)
			return 1
		}
		return code
	}
	found, failed, err := r.printText(os.Stderr, units, d.context)
	if err != nil {
		log.Print(err)
		return 1
	}
	if dbg('t') {
		r.printTimes(os.Stderr, units)
	}
	switch {
	case failed > 0:
		return 1
	case found > 0:
		return 3
	}
	return code
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
// initial, each once, and returns how many it found. When a package has
// type errors, the compiler's report of the same errors (a list error
// that go list's build of its export data produced) is not printed
// again.
func printErrors(initial []*packages.Package) int {
	n := 0
	errModules := make(map[*packages.Module]bool)
	for p := range packages.Postorder(initial) {
		typeErrors := slices.ContainsFunc(p.Errors, func(e packages.Error) bool { return e.Kind == packages.TypeError })
		for _, e := range p.Errors {
			n++
			if typeErrors && e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# ") {
				continue
			}
			fmt.Fprintln(os.Stderr, e)
		}
		if m := p.Module; m != nil && m.Error != nil && !errModules[m] {
			errModules[m] = true
			fmt.Fprintln(os.Stderr, m.Error.Err)
			n++
		}
	}
	return n
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
