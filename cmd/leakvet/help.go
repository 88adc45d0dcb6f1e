package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

// docURL is where to read more: the repository's README.
const docURL = "https://github.com/leakvet/leakvet#readme"

// help serves "leakvet help [check ...]" and returns the exit code.
// With no check, it prints leakvet's own help, whose check list and
// flags come from the analyzers and the standalone driver's flag set,
// so that a new check or flag appears in it without an edit here. With
// checks, it prints their documentation and options (through
// multichecker, which exits).
func help(w io.Writer, names []string, analyzers []*analysis.Analyzer) int {
	for _, name := range names {
		if !slices.ContainsFunc(analyzers, func(a *analysis.Analyzer) bool { return a.Name == name }) {
			fail(2, "unknown check %q; run %q for the list", name, progname+" help")
		}
	}
	if len(names) > 0 {
		multichecker.Main(analyzers...)
		return 0
	}
	if err := printHelp(w, analyzers); err != nil {
		return 1
	}
	return 0
}

// printHelp prints leakvet's top-level help.
func printHelp(w io.Writer, analyzers []*analysis.Analyzer) error {
	var b strings.Builder
	fmt.Fprintf(&b, `%[1]s finds goroutine leaks in Go code: goroutines that block forever on a
channel that nobody will receive from or close, timers that are drained
twice or never stopped, channels closed by one of several producers,
WaitGroups whose Done a path skips, mutexes left held. A check reports
only when it can say why the goroutine blocks forever.

Usage:

`, progname)
	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	for _, line := range [][2]string{
		{"%[1]s [flags] [packages]", "standalone, e.g. %[1]s ./..."},
		{"go vet -vettool=$(command -v %[1]s) [flags] [packages]", "as a vet tool"},
		{"go fix -fixtool=$(command -v %[1]s) [-diff] [packages]", "apply the suggested fixes"},
		{"%[1]s help <check>", "a check's documentation and options"},
	} {
		fmt.Fprintf(tw, "  "+line[0]+"\t# "+line[1]+"\n", progname)
	}
	tw.Flush()
	fmt.Fprintf(&b, `
Checks (all run by default; -<check> runs only the checks so named,
-<check>=false leaves one out, -<check>.<option> sets an option):

`)
	tw = tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	for _, a := range analyzers {
		title, _, _ := strings.Cut(a.Doc, "\n")
		fmt.Fprintf(tw, "  %s\t%s\n", a.Name, strings.TrimPrefix(title, a.Name+": "))
	}
	tw.Flush()

	b.WriteString("\nFlags:\n\n")
	fs := flag.NewFlagSet(progname, flag.ContinueOnError)
	registerFlags(fs)
	fs.SetOutput(&b)
	deprecated := []string{"all", "source", "v"}
	fs.VisitAll(func(f *flag.Flag) {
		if !slices.Contains(deprecated, f.Name) {
			printFlag(&b, f)
		}
	})

	fmt.Fprintf(&b, `
Exit codes: 0 no findings, 1 an error (a package that does not load or
compile, a check that failed; also with findings), 2 a usage error, 3
findings. -json and -sarif exit 0 with findings. Under go vet and go fix
the go command sets the exit code.

Findings end with their check's name, e.g. [sendleak]; silence one with
a directive on its line or the line above:

  //%[1]s:ignore sendleak <reason>

More: %[2]s
`, progname, docURL)
	_, err := io.WriteString(w, b.String())
	return err
}

// printFlag prints one flag as flag.PrintDefaults does.
func printFlag(w io.Writer, f *flag.Flag) {
	name, usage := flag.UnquoteUsage(f)
	line := "  -" + f.Name
	if name != "" {
		line += " " + name
	}
	if len(line) <= 4 { // a one-letter boolean flag: usage on the same line
		line += "\t"
	} else {
		line += "\n    \t"
	}
	line += strings.ReplaceAll(usage, "\n", "\n    \t")
	if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
		line += fmt.Sprintf(" (default %s)", f.DefValue)
	}
	fmt.Fprintln(w, line)
}
