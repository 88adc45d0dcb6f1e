// Package analyzer is the leakvet suite: the one list of analyzers that
// every front end (the leakvet binary, go vet -vettool, go fix -fixtool
// and the golangci-lint plugin) runs.
package analyzer

import (
	"fmt"
	"slices"

	"github.com/leakvet/leakvet/passes/callleak"
	"github.com/leakvet/leakvet/passes/fieldleak"
	"github.com/leakvet/leakvet/passes/lockleak"
	"github.com/leakvet/leakvet/passes/rangeleak"
	"github.com/leakvet/leakvet/passes/sendleak"
	"github.com/leakvet/leakvet/passes/timerleak"
	"github.com/leakvet/leakvet/passes/waitclose"
	"github.com/leakvet/leakvet/passes/wgdone"
	"golang.org/x/tools/go/analysis"
)

// Config configures the whole suite. The zero value is the default:
// every check enabled with its default options. The JSON keys are the
// settings of the golangci-lint plugin.
type Config struct {
	// Disable lists checks to leave out, by name.
	Disable []string `json:"disable,omitempty"`

	// The options of each check, under its name. A new pass adds its
	// Config here, its Analyzer to defaults and its New to build (and
	// its name to report's list of checks; the tests say so otherwise).
	Timerleak timerleak.Config `json:"timerleak"`
	Sendleak  sendleak.Config  `json:"sendleak"`
	Rangeleak rangeleak.Config `json:"rangeleak"`
	Wgdone    wgdone.Config    `json:"wgdone"`
	Waitclose waitclose.Config `json:"waitclose"`
	Callleak  callleak.Config  `json:"callleak"`
	Fieldleak fieldleak.Config `json:"fieldleak"`
	Lockleak  lockleak.Config  `json:"lockleak"`
}

// All returns the suite's analyzers with their default configuration.
// Drivers bind their flags (-<check>.<flag>) to these instances.
func All() []*analysis.Analyzer {
	return slices.Clone(defaults)
}

// defaults are the package-level Analyzer of every pass, in the order
// "leakvet help" lists them.
var defaults = []*analysis.Analyzer{
	timerleak.Analyzer,
	sendleak.Analyzer,
	rangeleak.Analyzer,
	wgdone.Analyzer,
	waitclose.Analyzer,
	callleak.Analyzer,
	fieldleak.Analyzer,
	lockleak.Analyzer,
}

// build returns a fresh instance of every pass, configured by cfg.
func build(cfg Config) []*analysis.Analyzer {
	return []*analysis.Analyzer{ // in the order of defaults
		timerleak.New(cfg.Timerleak),
		sendleak.New(cfg.Sendleak),
		rangeleak.New(cfg.Rangeleak),
		wgdone.New(cfg.Wgdone),
		waitclose.New(cfg.Waitclose),
		callleak.New(cfg.Callleak),
		fieldleak.New(cfg.Fieldleak),
		lockleak.New(cfg.Lockleak),
	}
}

// Build returns fresh analyzers configured by cfg, without the disabled
// ones. It never mutates the instances that All returns.
func Build(cfg Config) ([]*analysis.Analyzer, error) {
	all := build(cfg)
	for _, name := range cfg.Disable {
		if !slices.ContainsFunc(all, func(a *analysis.Analyzer) bool { return a.Name == name }) {
			return nil, fmt.Errorf("disable: unknown check %q (known: %s)", name, names(all))
		}
	}
	var out []*analysis.Analyzer
	for _, a := range all {
		if !slices.Contains(cfg.Disable, a.Name) {
			out = append(out, a)
		}
	}
	return out, nil
}

func names(as []*analysis.Analyzer) string {
	s := ""
	for i, a := range as {
		if i > 0 {
			s += ", "
		}
		s += a.Name
	}
	return s
}
