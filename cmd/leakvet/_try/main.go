package main

import (
	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/passes/rangeleak"
	"github.com/leakvet/leakvet/passes/sendleak"
	"golang.org/x/tools/go/analysis/multichecker"
)

func main() { multichecker.Main(append(analyzer.All(), sendleak.Analyzer, rangeleak.Analyzer)...) }
