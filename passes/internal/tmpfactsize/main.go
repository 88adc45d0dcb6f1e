// Command tmpfactsize (not committed) measures the encoded size of the
// summary facts on the packages named by its arguments.
package main

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"log"
	"os"

	"github.com/leakvet/leakvet/passes/internal/summary"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

type entry struct {
	Obj  string
	Fact analysis.Fact
}

func main() {
	gob.Register(new(summary.Summary))
	gob.Register(new(summary.Exports))
	cfg := &packages.Config{Mode: packages.LoadAllSyntax}
	pkgs, err := packages.Load(cfg, os.Args[1:]...)
	if err != nil {
		log.Fatal(err)
	}
	g, err := checker.Analyze([]*analysis.Analyzer{summary.Analyzer}, pkgs, nil)
	if err != nil {
		log.Fatal(err)
	}
	total, nfacts, npkgs, withFacts := 0, 0, 0, 0
	for act := range g.All() {
		if act.Analyzer != summary.Analyzer {
			continue
		}
		npkgs++
		if r, ok := act.Result.(*summary.Result); ok && os.Getenv("S") != "" {
			for _, fn := range r.Starts() {
				fmt.Printf("START %s %s: %v\n", act.Package.PkgPath, summary.Describe(fn, nil), r.Of(fn))
			}
			for _, fn := range r.Futures() {
				fmt.Printf("FUTURE %s %s: %v\n", act.Package.PkgPath, summary.Describe(fn, nil), r.Of(fn))
			}
		}
		var es []entry
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() == act.Package.Types {
				es = append(es, entry{f.Object.Name(), f.Fact})
			}
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package == act.Package.Types {
				es = append(es, entry{"", f.Fact})
			}
		}
		if len(es) == 0 {
			continue
		}
		withFacts++
		nfacts += len(es)
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(es); err != nil {
			log.Fatal(err)
		}
		total += buf.Len()
		if len(os.Getenv("V")) > 0 {
			for _, e := range es {
				fmt.Printf("%s %s: %v\n", act.Package.PkgPath, e.Obj, e.Fact)
			}
		}
	}
	fmt.Printf("packages %d, with facts %d, facts %d, encoded %d bytes\n", npkgs, withFacts, nfacts, total)
}
