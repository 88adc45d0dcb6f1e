package aggregator_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
	"time"
)

// The goroutine leak profile of Go 1.26 exists only in a test binary
// built with the experiment:
//
//	GOEXPERIMENT=goroutineleakprofile go test -run LeakProfile ./aggregator/
//
// It reports goroutines blocked on a channel, lock or WaitGroup that no
// running goroutine can reach any more: leaked for good. Without the
// experiment these tests skip.

// leakProfile returns the goroutineleak profile, skipping t without it.
func leakProfile(t *testing.T) *pprof.Profile {
	t.Helper()
	p := pprof.Lookup("goroutineleak")
	if p == nil {
		t.Skip("goroutineleak profile unavailable: run with GOEXPERIMENT=goroutineleakprofile")
	}
	return p
}

// leaked runs a leak detection cycle and returns the number of leaked
// goroutines and their stacks. WriteTo runs the detection; Count then
// reports its result.
func leaked(t *testing.T, p *pprof.Profile) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := p.WriteTo(&buf, 1); err != nil {
		t.Fatal(err)
	}
	return p.Count(), buf.String()
}

// retry calls done until it returns true, waiting longer each time, and
// reports whether it ever did. A goroutine counts as leaked only once it
// has parked, and one on its way out is not leaked: both take a moment.
func retry(done func() bool) bool {
	for i := range 12 {
		if done() {
			return true
		}
		time.Sleep(time.Millisecond << i) // 4 s in all
	}
	return done()
}

// TestLeakProfile runs each twin scenario under the leak profile: the
// fixed function adds no leaked goroutine, and its twin leaks one whose
// stack goes through the line of the twin's bug.
func TestLeakProfile(t *testing.T) {
	p := leakProfile(t)
	for _, tc := range twinCases {
		t.Run(tc.name+"/fixed", func(t *testing.T) {
			base, _ := leaked(t, p)
			tc.fixed()
			var n int
			var prof string
			if !retry(func() bool { n, prof = leaked(t, p); return n <= base }) {
				t.Errorf("%d new leaked goroutine(s):\n%s", n-base, prof)
			}
		})
		t.Run(tc.name+"/leaky", func(t *testing.T) {
			base, _ := leaked(t, p)
			line := lineOf(t, tc.file, tc.fn, tc.at)
			at := regexp.MustCompile(fmt.Sprintf(`/testdata/aggregator/leaky/%s:%d\b`, regexp.QuoteMeta(tc.file), line))
			go tc.leaky()
			var n int
			var prof string
			if !retry(func() bool { n, prof = leaked(t, p); return n > base && at.MatchString(prof) }) {
				t.Errorf("no leaked goroutine at leaky/%s:%d (%d new):\n%s", tc.file, line, n-base, prof)
			}
		})
	}
}

// fixedScenarios are the scenario tests of aggregator_test.go, which
// TestLeakProfileFixed runs again under the leak profile.
var fixedScenarios = []func(*testing.T){
	TestFetchAndAggregate,
	TestFetchAndAggregateSlowSourcePastTimeout,
	TestFetchAndAggregateCancelled,
	TestFetchAndAggregateCancelledBefore,
	TestFetchAndAggregateFailingAndPanicking,
	TestFetchAndAggregateNoSources,
	TestFetchAndAggregateThousands,
	TestProcessBatch,
	TestProcessBatchFirstErrorStopsTheRest,
	TestProcessBatchPanic,
	TestProcessBatchCancelled,
	TestProcessBatchNoItems,
	TestProcessBatchThousands,
	TestStreamResults,
	TestStreamResultsConsumerWalksAway,
	TestStreamResultsPolling,
	TestStreamResultsCancelledBefore,
	TestStreamResultsNoSources,
	TestStreamResultsThousands,
}

// testName returns the name of a test function.
func testName(test func(*testing.T)) string {
	name := runtime.FuncForPC(reflect.ValueOf(test).Pointer()).Name()
	return name[strings.LastIndex(name, ".")+1:]
}

// TestLeakProfileFixed runs every scenario test of the aggregator under
// the leak profile: together they add no leaked goroutine.
func TestLeakProfileFixed(t *testing.T) {
	p := leakProfile(t)
	base, _ := leaked(t, p)
	for _, test := range fixedScenarios {
		t.Run(testName(test), test)
	}
	var n int
	var prof string
	if !retry(func() bool { n, prof = leaked(t, p); return n <= base }) {
		t.Errorf("%d new leaked goroutine(s):\n%s", n-base, prof)
	}
}

// TestFixedScenariosListed checks that fixedScenarios lists every test of
// aggregator_test.go.
func TestFixedScenariosListed(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "aggregator_test.go", nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var listed, want []string
	for _, test := range fixedScenarios {
		listed = append(listed, testName(test))
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "Test") && fd.Name.Name != "TestMain" {
			want = append(want, fd.Name.Name)
		}
	}
	if len(want) == 0 || !slices.Equal(listed, want) {
		t.Errorf("fixedScenarios lists\n\t%v\naggregator_test.go declares\n\t%v", listed, want)
	}
}
