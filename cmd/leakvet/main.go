// Command leakvet reports goroutine leaks in Go code.
//
// One binary serves three drivers:
//
//	leakvet [flags] [packages]                     # standalone, e.g. leakvet ./...
//	go vet -vettool=$(command -v leakvet) [flags] [packages]
//	go fix -fixtool=$(command -v leakvet) [-diff] [packages]
//
// "leakvet help" prints leakvet's help: the checks, the drivers, the
// flags, the exit codes. "leakvet help <check>" prints one check's
// documentation. Each check can be selected with -<check> or turned off
// with -<check>=false; its options are -<check>.<option>. -V, -version
// and --version print the version from the build information; -V=full
// prints it in the form by which go vet keys its cache.
//
// # Output
//
// Standalone, findings are printed on standard error as
// "file:line:col: message [check]", the file relative to the current
// directory, in order of position, each followed by its related
// positions (-c=N adds N lines of context). Under go vet, the go command
// prints the messages itself, without the check's name. -json prints the
// driver's JSON tree on standard output.
//
// -sarif prints a SARIF 2.1.0 log on standard output for code-scanning
// tools: one run, a rule per check (id, description, helpUri), a result
// per finding with its related locations and suggested fixes. File URIs
// are relative to the current directory (uriBaseId %SRCROOT%), columns
// are in UTF-16 code units. Load and type errors become notifications of
// the invocation, marked unsuccessful. -sarif is for the standalone
// driver only and does not combine with -json or -fix; it reruns this
// binary with -json and converts the output (sarif.go).
//
// -fix applies the suggested fixes (internal/driver/fix.go) and
// analyses again; -fix -diff prints them as a unified diff instead;
// both then report the findings that remain. -baseline=FILE reports only findings that FILE does not
// record, and records them when FILE does not exist (baseline.go).
//
// Errors of the code are printed one per line in the compiler's form.
// Mistakes on the command line (an unknown flag, check or option, a bad
// option value, a build flag other than -tags) are reported once, on
// one line, before any analysis.
//
// # What is loaded
//
// Only the named packages are parsed and type-checked for analysis,
// with the build tags of -tags and the build flags of GOFLAGS.
// Standalone, their dependencies come from the compiler's export data;
// under go vet and go fix, the go command runs this tool on each
// dependency "for facts only", and it then only type-checks it for the
// types its importers need (vetx.go). Facts, the summaries one package's
// analysis leaves for the packages that import it (such as "sends on its
// channel parameter without a way out"), flow between the named
// packages: name the whole module (./...) to have them across it. A
// dependency that is not named contributes no facts, which can only
// hide a finding, and every driver sees the same facts.
//
// # Exit codes
//
// Standalone:
//
//	0  no findings; with -json or -sarif, the analysis ran (findings or not)
//	1  an error: a package failed to load or compile, a pattern matched
//	   no packages, or a check failed; also when there are findings
//	2  a usage error
//	3  findings were reported (also by -fix, for those that remain)
//
// Under go vet and go fix, the go command sets the exit code (1 for
// findings or errors).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/leakvet/leakvet/analyzer"
	"golang.org/x/tools/go/analysis/multichecker"
)

const (
	progname   = "leakvet"
	sarifUsage = "print a SARIF 2.1.0 log on stdout, for code-scanning tools"
)

// main dispatches among the three drivers and leakvet's own commands:
//
//   - -V, -V=full, -version and --version print the version;
//   - "leakvet help" prints leakvet's help, "leakvet help <check>" a
//     check's documentation (through multichecker);
//   - -flags and a single .cfg argument are the go vet and go fix
//     protocol, served by multichecker (unitchecker);
//   - everything else is the standalone driver (driver.go), which
//     serves text, -json, -sarif (sarif.go), -fix and -baseline
//     (baseline.go).
func main() {
	analyzers := analyzer.All()
	flag.CommandLine.Usage = func() { usage(flag.CommandLine.Output()) }

	args := os.Args[1:]
	vf := valueFlags(analyzers)
	n := leadingFlags(args, vf)
	flags, rest := args[:n], args[n:]

	if asked, full, err := versionRequest(flags); err != nil {
		fail(2, "%v", err)
	} else if asked {
		if err := printVersion(os.Stdout, full); err != nil {
			fail(1, "%v", err)
		}
		os.Exit(0)
	}

	// "leakvet -flags" is the query by which go vet and go fix learn
	// which flags to pass on; multichecker answers it with the flags it
	// defines, which leaves out the standalone ones (-sarif, -baseline):
	// go vet and go fix reject them once, instead of running the tool
	// on every package to fail.
	if query, _ := extractBool(flags, "flags", vf); query {
		multichecker.Main(analyzers...)
		return
	}

	if len(rest) > 0 && rest[0] == "help" {
		os.Exit(help(os.Stdout, rest[1:], analyzers))
	}

	if len(rest) == 1 && strings.HasSuffix(rest[0], ".cfg") {
		if set, _ := extractBool(flags, "sarif", vf); set {
			fail(2, "-sarif is not supported under go vet or go fix; run %q", progname+" -sarif ./...")
		}
		if hasFlag(flags, "baseline") || hasFlag(flags, "update-baseline") {
			fail(2, "-baseline is not supported under go vet or go fix; run %q", progname+" -baseline=FILE ./...")
		}
		if vetxOnly(rest[0]) {
			factsOnly(flags, rest[0], analyzers)
		}
		startingHeap(unitHeap)
		multichecker.Main(analyzers...) // unitchecker: go vet or go fix
		return
	}

	os.Exit(standalone(flags, rest, analyzers))
}

// usage prints the short usage message, for bare "leakvet".
func usage(w io.Writer) {
	fmt.Fprintf(w, `usage: %[1]s [flags] [packages]
       go vet -vettool=$(command -v %[1]s) [flags] [packages]
       go fix -fixtool=$(command -v %[1]s) [-diff] [packages]
run "%[1]s help" for the checks and flags
`, progname)
}

// fail prints a one-line message in the style of the driver's own
// (log prefix "leakvet: ") and exits with code.
func fail(code int, format string, args ...any) {
	fmt.Fprintf(os.Stderr, progname+": "+format+"\n", args...)
	os.Exit(code)
}
