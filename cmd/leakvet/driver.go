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
	"strings"

	"github.com/leakvet/leakvet/internal/driver"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// The standalone driver: it loads, analyses, fixes and prints with the
// machinery of internal/driver, and adds -sarif (sarif.go) and
// -baseline (baseline.go) around it. help, -flags, -V
// and the go vet protocol are served by main.

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
	}

	// With -fix, the first run finds the fixes; they are applied, and a
	// second run, on the fixed files, reports what remains. With -fix
	// -diff, nothing changes: the findings that remain are those whose
	// fix is not in the diff.
	errOut := io.Writer(os.Stderr)
	if d.fix && !d.diff {
		errOut = io.Discard // the second run reports the errors
	}
	res, code := analyse(d, analyzers, patterns, errOut)
	if res == nil {
		return code
	}
	if d.fix {
		fixed, err := driver.ApplyFixes(res.found)
		if err != nil {
			log.Print(err)
			return 1
		}
		if d.diff {
			if err := fixed.WriteDiff(os.Stdout); err != nil {
				log.Print(err)
				return 1
			}
			res.found = fixed.Unfixed
		} else if err := fixed.Write(); err != nil {
			log.Print(err)
			return 1
		}
		if fixed.Skipped > 0 {
			log.Printf("%d of %d fixes left out: they overlap others; run again to apply them", fixed.Skipped, fixed.Skipped+fixed.Applied)
		}
		if !d.diff && fixed.Applied > 0 {
			if res, code = analyse(d, analyzers, patterns, os.Stderr); res == nil {
				return code
			}
		} else if !d.diff {
			driver.PrintErrors(os.Stderr, res.initial) // nothing changed: the first run's errors stand
		}
	}

	found, errors := res.found, res.errors
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
		if err := res.runner.PrintJSON(os.Stdout, res.units, found); err != nil {
			log.Print(err)
			return 1
		}
		return exitCode(errors, 0)
	}
	if err := res.runner.PrintText(os.Stderr, res.units, found, d.context); err != nil {
		log.Print(err)
		return 1
	}
	return exitCode(errors, len(found))
}

// An outcome is the result of one load and analysis.
type outcome struct {
	initial []*packages.Package
	runner  *driver.Runner
	units   []*driver.Unit
	found   []*driver.Finding
	errors  int // packages' errors printed, and analyses that failed
}

// analyse loads the packages of patterns, prints their errors to
// errOut, and analyses those that are well typed. If the load fails as
// a whole, it returns a nil outcome and the exit code.
func analyse(d *driverFlags, analyzers []*analysis.Analyzer, patterns []string, errOut io.Writer) (*outcome, int) {
	dbg := func(b byte) bool { return strings.IndexByte(d.debug, b) >= 0 }
	if dbg('v') {
		log.Printf("load %s", patterns)
	}
	var factLog io.Writer
	if dbg('f') {
		factLog = os.Stderr
	}
	runner, err := driver.NewRunner(analyzers, driver.Options{
		Sequential:  dbg('p'),
		RecodeFacts: dbg('s'),
		FactLog:     factLog,
		FuncNames:   d.baseline != "",
	})
	if err != nil {
		log.Print(err)
		return nil, 1
	}
	// Each package is analysed as soon as it and the named packages it
	// imports are type-checked. Errors of loading, parsing and
	// type-checking are the user's to fix first: they are printed before
	// any finding, and the packages that have them are left out.
	conf := driver.Config(d.tags, d.test)
	initial, units, err := runner.LoadAndRun(conf, patterns)
	if err == nil && len(initial) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	if err != nil {
		log.Print(driver.OneLine(err.Error()))
		return nil, 1
	}
	res := &outcome{initial: initial, runner: runner, units: units}
	res.errors = driver.PrintErrors(errOut, initial)
	if dbg('t') {
		res.runner.PrintTimes(os.Stderr, res.units)
	}
	res.found = res.runner.Findings(res.units)
	res.errors += res.runner.Failures(res.units)
	return res, 0
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
