package summary_test

import (
	"bytes"
	"encoding/gob"
	"go/ast"
	"go/types"
	"reflect"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/passes/internal/summary"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestFacts checks the facts of the exported functions (want comments)
// and, through the Result, the in-package summary of every function
// whose doc comment has a "summary:" line ("none" for no summary).
func TestFacts(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), summary.Analyzer, "lib", "use")
	checked := 0
	for _, res := range results {
		r := res.Result.(*summary.Result)
		for _, f := range res.Pass.Files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Doc == nil {
					continue
				}
				want, ok := summaryLine(fd.Doc)
				if !ok {
					continue
				}
				checked++
				fn := res.Pass.TypesInfo.Defs[fd.Name].(*types.Func)
				got := "none"
				if s := r.Of(fn); s != nil {
					got = s.String()
				}
				if got != want {
					t.Errorf("%s: summary %q, want %q", summary.Describe(fn, nil), got, want)
				}
			}
		}
	}
	if checked < 20 {
		t.Errorf("checked %d summaries, want at least 20", checked)
	}
}

func summaryLine(cg *ast.CommentGroup) (string, bool) {
	for _, c := range cg.List {
		if s, ok := strings.CutPrefix(c.Text, "// summary: "); ok {
			return s, true
		}
	}
	return "", false
}

// TestGob checks that a summary survives gob as a fact, as facts do
// in go vet, and that its encoding stays small.
func TestGob(t *testing.T) {
	in := &summary.Summary{
		Params: []summary.Param{{Index: 1, Name: "ch", MinSend: 1, MaxSend: summary.Unbounded, MaxWhen: "err != nil", NoRecv: "ctx.Done()", NoRecvArg: -1, Closes: true}},
		Future: &summary.Future{Result: 0, Name: "out", Cap: 1, MinSend: 2, MaxSend: 2, Goroutines: 2},
		Start:  &summary.Start{Field: "quit", Stops: []string{"Close", "Stop"}, Maybe: true, Err: true, New: true},
		Stays:  true,
		Fresh:  true,
	}
	roundTrip := func(sum *summary.Summary) (*summary.Summary, int) {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(summary.ExportFact(sum)); err != nil {
			t.Fatal(err)
		}
		n := buf.Len()
		f := new(summary.Fact)
		if err := gob.NewDecoder(&buf).Decode(f); err != nil {
			t.Fatal(err)
		}
		return f.Summary(), n
	}
	out, _ := roundTrip(in)
	if !reflect.DeepEqual(in.Params, out.Params) || !reflect.DeepEqual(in.Start, out.Start) || !reflect.DeepEqual(in.Future, out.Future) || in.String() != out.String() {
		t.Errorf("gob round trip: got %v, want %v", out, in)
	}
	if _, n := roundTrip(&summary.Summary{Stays: true}); n > 64 {
		t.Errorf("a fact that says stays takes %d bytes, want at most 64", n)
	}
}
