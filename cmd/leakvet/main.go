// Command leakvet reports goroutine leaks in Go code.
//
// It runs standalone (leakvet ./...), as a vet tool
// (go vet -vettool=$(which leakvet) ./...) and as a fix tool
// (go fix -fixtool=$(which leakvet) ./...). Run "leakvet help" for the
// list of checks and "leakvet help <check>" for one check's documentation.
package main

import (
	"github.com/leakvet/leakvet/analyzer"
	"golang.org/x/tools/go/analysis/multichecker"
)

func main() { multichecker.Main(analyzer.All()...) }
