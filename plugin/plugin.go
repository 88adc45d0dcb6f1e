// Package plugin is the golangci-lint module plugin of leakvet.
//
// Importing it registers a linter named "leakvet" that runs every check
// of the suite. Build a golangci-lint binary that contains it with
// "golangci-lint custom" (see .custom-gcl.yml), then enable it in
// .golangci.yml:
//
//	linters:
//	  enable:
//	    - leakvet
//	  settings:
//	    custom:
//	      leakvet:
//	        type: module
//	        description: finds goroutine leaks
//	        settings:
//	          disable: [timerleak]
//
// The settings block decodes into analyzer.Config: "disable" lists the
// checks to leave out and each check's options live under its name, with
// the same keys as its command-line flags. An unknown key or check name
// is an error, so a misspelt setting never goes unnoticed.
package plugin

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"github.com/leakvet/leakvet/analyzer"
	"golang.org/x/tools/go/analysis"
)

// Name is the linter name under golangci-lint: the key of the custom
// linter's settings, the word to enable, and the word of //nolint:leakvet.
const Name = "leakvet"

func init() {
	register.Plugin(Name, New)
}

// Plugin is the leakvet linter as golangci-lint sees it.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes the settings of the custom linter into analyzer.Config and
// builds the suite from them. golangci-lint calls it once per run, with
// the settings block as it was decoded from YAML (nil when absent).
func New(settings any) (register.LinterPlugin, error) {
	cfg, err := register.DecodeSettings[analyzer.Config](settings)
	if err != nil {
		return nil, fmt.Errorf("leakvet settings: %w", err)
	}
	// Build now rather than in BuildAnalyzers, so that a bad setting
	// fails as early as possible, with the settings named in the error.
	analyzers, err := analyzer.Build(cfg)
	if err != nil {
		return nil, fmt.Errorf("leakvet settings: %w", err)
	}
	return &Plugin{analyzers: analyzers}, nil
}

// BuildAnalyzers returns the configured checks: fresh instances, so the
// package-level analyzers that drivers bind flags to stay untouched.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return p.analyzers, nil
}

// GetLoadMode reports that the checks need type information.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
