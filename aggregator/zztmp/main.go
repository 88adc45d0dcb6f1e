package main

import (
	"github.com/leakvet/leakvet/passes/rangeleak"
	"github.com/leakvet/leakvet/passes/sendleak"
	"github.com/leakvet/leakvet/passes/timerleak"
	"golang.org/x/tools/go/analysis/multichecker"
)

func main() { multichecker.Main(rangeleak.Analyzer, sendleak.Analyzer, timerleak.Analyzer) }
