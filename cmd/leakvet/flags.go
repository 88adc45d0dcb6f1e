package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

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

func (versionValue) String() string { return "" }

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
	if d.diff && d.json {
		return nil, nil, nil, usageErrorf("-diff and -json must not be combined: -diff prints the fixes, -json the findings")
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
