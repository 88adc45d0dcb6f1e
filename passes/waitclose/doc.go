// Package waitclose defines an Analyzer that reports channels closed
// before all of their producers are done, and channels closed twice.
//
// # Analyzer waitclose
//
// waitclose: report closes not ordered after all producers
//
// When several goroutines send on one channel, the channel must be
// closed exactly once, after the last of them has sent: by a waiter
// goroutine (go func() { wg.Wait(); close(ch) }()) or by the spawning
// function after wg.Wait returns. Closed anywhere else, a producer that
// is still running panics with "send on closed channel", or a second
// close panics with "close of closed channel", and the consumers may
// stop early and leave the remaining producers blocked.
//
// The producers of a local channel ch are the goroutines that send on
// it: function literals started by a go statement, by sync.WaitGroup.Go
// or by errgroup.Group.Go, and functions started as go f(ch) that send
// on their parameter (in this package, or in another one through facts
// computed when it is analysed). With several producers (two or more
// starts, or one in a loop that does not also declare the channel), the
// pass reports a close(ch) that runs
//
//   - in one of the producers, unconditionally and without waiting
//     (e.g. defer close(out) in every worker);
//   - in the spawning function on a path from a producer's start that
//     passes no synchronisation: no Wait call, no receive, no select,
//     no call that is handed a channel or a WaitGroup, no dynamic call
//     (a function value or interface method may wait), and no call of
//     a function of the package that waits or receives;
//   - in another goroutine that waits for nothing before closing and
//     is not started after the producers are done.
//
// Independently of producers, it reports a close that can run after
// another close of the same channel on one path of a function: two
// closes in sequence, a close in a loop, or close(ch) together with
// defer close(ch).
//
//	// WRONG: the first worker to finish closes results under the others
//	for _, job := range jobs {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			defer close(results)
//			results <- run(job)
//		}()
//	}
//
//	// RIGHT: one waiter closes it after the last send
//	for _, job := range jobs {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			results <- run(job)
//		}()
//	}
//	go func() {
//		wg.Wait()
//		close(results)
//	}()
//
// The pass stays silent for a close after wg.Wait() or
// errgroup.Group.Wait() (or after a receive or a loop of receives,
// which may collect every result), in the waiter goroutine, in a single
// producer that closes its own channel (defer close(out)), and for a
// close under a condition in a producer (the last producer, counted
// atomically, may close). A second close is not reported when the path
// in between reassigns the channel, sends on it (the send panics
// first: a bug of its own), receives from it or compares it
// (select { case <-ch: default: close(ch) }, if ch != nil), tests a
// variable assigned right after the first close (closed = true), or
// evaluates again the if, case or select guard of the first close
// (if ticks == n { close(ch) } in a loop).
//
// In tests, findings are reported whether or not the test failed on the
// path: a close in the wrong place panics or a Wait hangs the test, so
// the failure-path policy of sendleak (-sendleak.test-fail-paths) does
// not apply.
//
// For channels and WaitGroups held in unexported struct fields,
// fieldleak reports the producer shape (its producer rule: a field
// closed unconditionally by each of the goroutines a loop starts on one
// object) and a method that waits on a WaitGroup field for goroutines
// that range over a field nothing closes (its range rule: the Wait
// never returns).
//
// Known false negatives: channels held in fields or globals; producers
// started by a function other than the one that starts the others;
// producers started through a function value (go f(ch) with f a
// variable); a close inside a producer of another package or in a
// function the spawner calls; a close in a goroutine that waits for
// something unrelated.
//
// A channel declared by the loop that starts the producers (for _, out
// := range outs) is one channel per iteration with Go 1.22 loop
// variables, and one shared channel before: the file's Go version
// decides.
//
// Options: -waitclose.ignore-tests skips _test.go files.
//
// Suppress a report with a "//leakvet:ignore waitclose <reason>"
// comment on the line of the close or alone on the line above it.
package waitclose
