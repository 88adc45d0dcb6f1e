package main

import (
	"encoding/gob"
	"encoding/json"
	"flag"
	"os"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// Under go vet and go fix, the go command runs the tool on every
// dependency of the named packages too, "for facts only" (VetxOnly), and
// runs every check that uses facts there. leakvet keeps to the rule of
// its standalone driver instead: facts flow between the named packages,
// and a dependency contributes none. Both drivers then see the same
// facts, and a dependency costs what it costs any vet tool: the
// type-checking whose result (the package's types, in its vetx file)
// the packages that import it need.

// vetxOnly reports whether the go command's config file asks for a
// facts-only run. An unreadable file is left to unitchecker to report.
func vetxOnly(cfgFile string) bool {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return false
	}
	var cfg struct{ VetxOnly bool }
	return json.Unmarshal(data, &cfg) == nil && cfg.VetxOnly
}

// factsOnly serves a facts-only run: it accepts the same flags as a
// full run, type-checks the package and writes its vetx file with its
// types and no facts of its own, and exits.
func factsOnly(flags []string, cfgFile string, analyzers []*analysis.Analyzer) {
	if _, _, _, err := parseStandalone(flag.CommandLine, flags, analyzers); err != nil {
		os.Exit(2)
	}
	// The vetx files of the dependencies may hold facts of the named
	// packages among them (re-exported); decoding them needs the types.
	for a := range expand(analyzers) {
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
	}
	unitchecker.Run(cfgFile, nil) // exits
}

// expand returns analyzers and all they require, transitively.
func expand(analyzers []*analysis.Analyzer) map[*analysis.Analyzer]bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer)
	visit = func(as []*analysis.Analyzer) {
		for _, a := range as {
			if !seen[a] {
				seen[a] = true
				visit(a.Requires)
			}
		}
	}
	visit(analyzers)
	return seen
}
