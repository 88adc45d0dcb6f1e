package aggregator_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/leakvet/leakvet/aggregator"
	"github.com/leakvet/leakvet/testdata/aggregator/leaky"
)

// The leaky twins live under testdata, which "./..." skips; they are
// imported by path.
const (
	leakyPath = "github.com/leakvet/leakvet/testdata/aggregator/leaky"
	leakyDir  = "../testdata/aggregator/leaky"
)

// twinFrames are the functions of the twins in which the twin tests leave
// goroutines blocked on purpose: the twins that leak, and every closure
// they start. TestMain ignores goroutines with one of them on their
// stack, and checks every other goroutine.
var twinFrames = []string{
	"FetchAndAggregate[...].func1", // worker blocked on its send
	"FetchWithTimer[...]",          // caller blocked in the deferred drain
	"FetchWithTimer[...].func1",    // its worker, whose source waits for the caller
	"ProcessBatch[...].func1",      // feeder blocked behind the workers
	"ProcessBatch[...].func2",      // worker blocked on its send
	"ProcessBatchNoClose[...].func1",
	"ProcessBatchNoClose[...].func2", // worker blocked in its range
	"ProcessBatchSkipDone[...]",      // caller ranging over results
	"ProcessBatchSkipDone[...].func1",
	"ProcessBatchSkipDone[...].func2", // worker whose batch waits for the caller
	"ProcessBatchSkipDone[...].func3", // waiter blocked in wg.Wait
	"StreamResults[...].func1",        // producer blocked on its send
	"StreamResults[...].func2",        // waiter blocked behind the producers
}

type (
	fetchFunc  = func(context.Context, []aggregator.Source[int], time.Duration) ([]aggregator.Result[int], error)
	batchFunc  = func(context.Context, []int, int, int, func(context.Context, []int) ([]int, error)) ([]int, error)
	streamFunc = func(context.Context, []aggregator.Source[int], time.Duration) <-chan aggregator.Result[int]
)

// A twinCase is one scenario, run on a function of the aggregator and on
// its leaky twin. The scenario only drives the calls, and owns every
// context and channel it uses, so that a twin's leak is unreachable from
// the test, as the leak profile requires. The fixed run must leave no
// goroutine; the leaky run must leave one blocked in state at the line
// of leaky/<file> that starts with at, inside function fn.
type twinCase struct {
	name         string
	fixed, leaky func() // may never return for a twin
	file, fn, at string
	state        string // as goleak prints it
}

var errBoom = errors.New("boom")

// slowPastTimeout queries a fast source and one that answers only after
// the call returned.
func slowPastTimeout(fetch fetchFunc) func() {
	return func() {
		release := make(chan struct{})
		fetch(context.Background(), []aggregator.Source[int]{value("a", 1), late("slow", 2, release)}, 10*time.Millisecond)
		close(release)
	}
}

// timeoutFires queries a source that answers only when its context ends,
// so the timeout always fires first.
func timeoutFires(fetch fetchFunc) func() {
	return func() {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		src := aggregator.Source[int]{Name: "slow", Fetch: func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 0, ctx.Err()
		}}
		fetch(ctx, []aggregator.Source[int]{src}, 10*time.Millisecond)
	}
}

// firstBatchFails processes four batches on two workers; batch 0 fails
// at once, and the others finish only after the call returned or their
// context ended.
func firstBatchFails(batch batchFunc) func() {
	return func() {
		release := make(chan struct{})
		fn := func(ctx context.Context, b []int) ([]int, error) {
			if b[0] == 0 {
				return nil, errBoom
			}
			select {
			case <-release:
			case <-ctx.Done():
			}
			return b, nil
		}
		batch(context.Background(), ints(4), 1, 2, fn)
		close(release)
	}
}

// allBatchesSucceed processes four batches on two workers.
func allBatchesSucceed(batch batchFunc) func() {
	return func() {
		batch(context.Background(), ints(4), 1, 2, double)
	}
}

// walkAway reads one result of three, cancels and stops reading.
func walkAway(stream streamFunc) func() {
	return func() {
		ctx, cancel := context.WithCancel(context.Background())
		ch := stream(ctx, many(3), 0)
		<-ch
		cancel()
	}
}

var twinCases = []twinCase{{
	name:  "FetchAndAggregate/slow source past timeout",
	fixed: slowPastTimeout(aggregator.FetchAndAggregate[int]),
	leaky: slowPastTimeout(leaky.FetchAndAggregate[int]),
	file:  "fetch.go", fn: "FetchAndAggregate", at: "results <- ", state: "chan send",
}, {
	name:  "FetchWithTimer/timeout fires",
	fixed: timeoutFires(aggregator.FetchAndAggregate[int]),
	leaky: timeoutFires(leaky.FetchWithTimer[int]),
	file:  "fetch.go", fn: "FetchWithTimer", at: "<-t.C", state: "chan receive",
}, {
	name:  "ProcessBatch/first batch fails",
	fixed: firstBatchFails(aggregator.ProcessBatch[int, int]),
	leaky: firstBatchFails(leaky.ProcessBatch[int, int]),
	file:  "batch.go", fn: "ProcessBatch", at: "results <- ", state: "chan send",
}, {
	name:  "ProcessBatchNoClose/all batches succeed",
	fixed: allBatchesSucceed(aggregator.ProcessBatch[int, int]),
	leaky: allBatchesSucceed(leaky.ProcessBatchNoClose[int, int]),
	file:  "batch.go", fn: "ProcessBatchNoClose", at: "for i := range jobs", state: "chan receive",
}, {
	name:  "ProcessBatchSkipDone/first batch fails",
	fixed: firstBatchFails(aggregator.ProcessBatch[int, int]),
	leaky: firstBatchFails(leaky.ProcessBatchSkipDone[int, int]),
	file:  "batch.go", fn: "ProcessBatchSkipDone", at: "wg.Wait()", state: "sync.WaitGroup.Wait",
}, {
	name:  "StreamResults/consumer walks away",
	fixed: walkAway(aggregator.StreamResults[int]),
	leaky: walkAway(leaky.StreamResults[int]),
	file:  "stream.go", fn: "StreamResults", at: "out <- ", state: "chan send",
}}

// TestTwin runs each scenario on the fixed function, which must leave no
// goroutine, and on its twin, which goleak must find leaking exactly where
// the twin's documented bug is.
func TestTwin(t *testing.T) {
	for _, tc := range twinCases {
		t.Run("fixed/"+tc.name, func(t *testing.T) {
			noLeaks(t)
			tc.fixed()
		})
	}
	// The twins run together: goleak.Find gives up on a leak only after
	// its retries, so one search serves them all, and each looks for its
	// own line in the report.
	t.Run("leaky", func(t *testing.T) {
		before := goleak.IgnoreCurrent()
		for _, tc := range twinCases {
			go tc.leaky()
		}
		err := goleak.Find(before)
		if err == nil {
			t.Fatal("goleak found no goroutine left by the twins")
		}
		for _, tc := range twinCases {
			t.Run(tc.name, func(t *testing.T) {
				line := lineOf(t, tc.file, tc.fn, tc.at)
				if !blockedAt(err.Error(), tc.state, fmt.Sprintf("%s:%d", tc.file, line)) {
					t.Errorf("goleak found no goroutine in state %q at leaky/%s:%d; it found:\n%v", tc.state, tc.file, line, err)
				}
			})
		}
	})
}

// blockedAt reports whether goleak's report lists a goroutine in state
// whose stack has a frame at fileLine of the leaky package.
func blockedAt(report, state, fileLine string) bool {
	for _, g := range strings.Split(report, "Goroutine ")[1:] {
		_, rest, _ := strings.Cut(g, " in state ")
		if strings.HasPrefix(rest, state+",") && strings.Contains(g, "/testdata/aggregator/leaky/"+fileLine+" ") {
			return true
		}
	}
	return false
}

// lineOf returns the line of leaky/<file> whose code starts with at,
// inside the declaration of function fn. It fails t unless there is
// exactly one.
func lineOf(t testing.TB, file, fn, at string) int {
	t.Helper()
	f, err := os.Open(filepath.Join(leakyDir, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var found []int
	in := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "func ") {
			in = strings.HasPrefix(line, "func "+fn+"[")
		}
		code, _, _ := strings.Cut(line, "//")
		if in && strings.HasPrefix(strings.TrimSpace(code), at) {
			found = append(found, n)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 {
		t.Fatalf("leaky/%s: function %s has %d lines starting with %q, want 1", file, fn, len(found), at)
	}
	return found[0]
}

// crashTwinEnv makes the test binary run crashTwin instead of the tests.
const crashTwinEnv = "AGGREGATOR_CRASH_TWIN"

// crashTwin runs ProcessBatchCloseInWorker on two workers, then waits for
// the crash. If none came, every goroutine would be asleep and the
// runtime would end the process with a deadlock error instead.
func crashTwin() {
	out, err := leaky.ProcessBatchCloseInWorker(context.Background(), ints(8), 1, 2, double)
	fmt.Printf("ProcessBatchCloseInWorker returned %v, %v\n", out, err)
	select {}
}

// ProcessBatchCloseInWorker does not leak: it closes results once per
// worker, so it crashes. The fixed ProcessBatch on the same input is
// TestProcessBatch.
func TestTwinProcessBatchCloseInWorkerCrashes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashTwinEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("ProcessBatchCloseInWorker did not crash:\n%s", out)
	}
	panicRE := regexp.MustCompile(`panic: (close of closed channel|send on closed channel)`)
	if !panicRE.Match(out) || !strings.Contains(string(out), leakyPath+".ProcessBatchCloseInWorker") {
		t.Errorf("%v; want a panic on the closed results channel in ProcessBatchCloseInWorker:\n%s", err, out)
	}
}
