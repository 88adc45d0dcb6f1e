// Command leakvet reports goroutine leaks in Go code.
//
// One binary serves three drivers:
//
//	leakvet [flags] [packages]                     # standalone, e.g. leakvet ./...
//	go vet -vettool=$(which leakvet) [flags] [packages]
//	go fix -fixtool=$(which leakvet) [-diff] [packages]
//
// Run "leakvet help" for the list of checks and flags, and
// "leakvet help <check>" for one check's documentation. Each check can be
// selected with -<check> or turned off with -<check>=false; its options
// are -<check>.<option>.
//
// # Output
//
// Standalone, findings are printed as "file:line:col: message" on
// standard error (-c=N adds N lines of context). -json prints the
// driver's JSON tree on standard output, -fix applies the suggested
// fixes and -fix -diff prints them as a unified diff instead.
//
// -sarif prints a SARIF 2.1.0 log on standard output for code-scanning
// tools: one run, a rule per check (id, description, helpUri), a result
// per finding with its related locations and suggested fixes. File URIs
// are relative to the current directory (uriBaseId %SRCROOT%), columns
// are in UTF-16 code units. Load and type errors become notifications of
// the invocation, marked unsuccessful. -sarif is for the standalone
// driver only and does not combine with -json, -fix or -diff; it reruns
// this binary with -json and converts the output.
//
// # What is loaded
//
// Only the named packages are parsed and type-checked for analysis.
// Standalone, their dependencies come from the compiler's export data;
// under go vet and go fix, the go command runs this tool on each
// dependency "for facts only", and it then only type-checks it for the
// types its importers need (vetx.go). Facts, the summaries one package's
// analysis leaves for the packages that import it (such as "sends on its
// channel parameter without a way out"), flow between the named
// packages: name the whole module (./...) to have them across it. A
// dependency that is not named contributes no facts, which can only
// hide a finding, and every driver sees the same facts. Standalone -fix
// runs the slower multichecker driver, which analyses every dependency
// from source.
//
// # Exit codes
//
// Standalone:
//
//	0  no findings; also with -json or -sarif when the analysis ran, and after -fix
//	1  an error: a package failed to load or compile, a pattern matched
//	   no packages, or a check failed
//	2  a usage error: an unknown flag or check
//	3  findings were reported
//
// Under go vet and go fix, the go command sets the exit code (1 for
// findings or errors).
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/leakvet/leakvet/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

const (
	progname   = "leakvet"
	sarifUsage = "emit a SARIF 2.1.0 log on stdout (standalone only)"
)

// main wraps multichecker.Main, which does all the work, and handles
// only what it gets wrong or lacks:
//
//   - "help <name>" for an unknown check (Main says "Analyzer not
//     registered" with a misleading exit code 1);
//   - a usage message that points at "leakvet help" instead of
//     listing every flag of every check;
//   - a wildcard pattern that matches no packages next to one that
//     does (go/packages drops go list's warning and Main exits 0);
//   - -sarif, which reruns this binary with -json and converts.
func main() {
	analyzers := analyzer.All()
	flag.CommandLine.Usage = usage

	args := os.Args[1:]
	vf := valueFlags(analyzers)
	n := leadingFlags(args, vf)
	flags, rest := args[:n], args[n:]

	// The standalone driver (driver.go) runs text and -json output, and
	// -sarif through -json. multichecker.Main does the rest: help, the
	// go vet and go fix protocol (-flags, -V, a .cfg file) and -fix.
	//
	// -sarif is the one flag this command adds. It is registered so
	// that "leakvet help" lists it and flag.Parse accepts it, but not
	// for "leakvet -flags", the query by which go vet and go fix learn
	// which flags to pass on: they reject -sarif themselves, once,
	// instead of running the tool on every package to fail.
	query, _ := extractBool(flags, "flags", vf)
	multi := func() {
		if !query {
			flag.Bool("sarif", false, sarifUsage)
		}
		multichecker.Main(analyzers...)
	}
	if query || len(rest) == 0 || hasFlag(flags, "V") {
		multi()
		return
	}

	if rest[0] == "help" {
		for _, name := range rest[1:] {
			if !slices.ContainsFunc(analyzers, func(a *analysis.Analyzer) bool { return a.Name == name }) {
				fail(2, "unknown check %q; run %q for the list", name, progname+" help")
			}
		}
		multi()
		return
	}

	sarif, others := extractBool(flags, "sarif", vf)
	if len(rest) == 1 && strings.HasSuffix(rest[0], ".cfg") {
		if sarif {
			fail(2, "-sarif is not supported under go vet or go fix; run %q", progname+" -sarif ./...")
		}
		if vetxOnly(rest[0]) {
			factsOnly(flags, rest[0], analyzers)
		}
		multi() // unitchecker: go vet or go fix
		return
	}

	if len(rest) > 1 {
		if empty := emptyPatterns(rest); len(empty) > 0 {
			fail(1, "pattern %s matched no packages", strings.Join(empty, ", "))
		}
	}

	if sarif {
		os.Exit(runSARIF(others, rest, analyzers))
	}
	if fix, _ := extractBool(flags, "fix", vf); fix {
		multi()
		return
	}
	os.Exit(standalone(args, analyzers))
}

// usage replaces the flag package's default, which lists every flag of
// every check after a parse error.
func usage() {
	fmt.Fprintf(flag.CommandLine.Output(),
		"usage: %s [-flag] [package ...]\nrun %q for the checks and flags\n", progname, progname+" help")
}

// fail prints a one-line message in the style of the driver's own
// (log prefix "leakvet: ") and exits with code.
func fail(code int, format string, args ...any) {
	fmt.Fprintf(os.Stderr, progname+": "+format+"\n", args...)
	os.Exit(code)
}
