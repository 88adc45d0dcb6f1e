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
// it: function literals started by a go statement, by
// sync.WaitGroup.Go or by errgroup.Group.Go, and functions started as
// go f(ch) that send on their parameter (in this package, or in another
// one through facts computed when it is analysed). With
// several producers (two or more, or one started in a loop), the pass
// reports a close(ch) that runs
//
//   - in one of the producers, unconditionally and without waiting
//     (e.g. defer close(out) in every worker);
//   - in the spawning function on a path from a producer's start that
//     passes no synchronisation: no wg.Wait, no receive, no call that
//     is handed a channel or a WaitGroup;
//   - in another goroutine that waits for nothing before closing.
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
// errgroup.Group.Wait() (or any receive, which may collect every
// result), in the waiter goroutine, in a single producer that closes its
// own channel (defer close(out)), and for a close under a condition in
// a producer (the last producer, counted atomically, may close). A
// second close is not reported when the path in between reassigns the
// channel, receives from it or compares it (select { case <-ch:
// default: close(ch) }, if ch != nil), or tests a variable assigned
// right after the first close (closed = true).
//
// Known false negatives: channels held in fields or globals; producers
// started by a function other than the one that makes or receives the
// channel; a close inside a producer of another package; a close in a
// function called by
// the spawner; producers whose sends are in a helper function they
// call through a function value.
//
// Options: -waitclose.ignore-tests skips _test.go files.
//
// Suppress a report with a "//leakvet:ignore waitclose <reason>"
// comment on the line of the close or alone on the line above it.
package waitclose
