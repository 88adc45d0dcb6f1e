// Package rangeleak defines an Analyzer that reports goroutines ranging
// over a channel that is never closed.
//
// # Analyzer rangeleak
//
// rangeleak: report goroutines ranging over unclosed channels
//
// A for-range loop over a channel ends only when the channel is closed.
// When a function makes a channel, starts goroutines that range over
// it, and nothing ever closes it, those goroutines receive the last
// value and then block forever: each one is leaked, with everything it
// references.
//
// The pass reports a "for v := range ch" in a goroutine (a function
// literal started by a go statement, or a function started as
// go worker(ch), in this package or another) when ch is a local
// variable made in the enclosing function, no code the pass can see
// closes it, and the loop body has no return, break or goto that could
// end the loop early. What functions of other packages do with a
// channel parameter (close it, keep it, range over it) is known through
// facts computed when their package is analysed.
//
//	// WRONG: the workers never finish
//	jobs := make(chan Job)
//	for range n {
//		go func() {
//			for j := range jobs {
//				handle(j)
//			}
//		}()
//	}
//	for _, j := range all {
//		jobs <- j
//	}
//
//	// RIGHT: close the channel when the last value is sent
//	for _, j := range all {
//		jobs <- j
//	}
//	close(jobs)
//
// The pass stays silent when the channel is closed anywhere in the
// function or its literals (on any path: it does not check that the
// close is reached); when it escapes (stored in a field, global, map or
// slice, sent on another channel, aliased, returned, or passed to a
// dynamic call or to a variadic or interface parameter); when a
// function it is passed to closes it or lets it escape; and when the
// channel is made in main.main, whose return ends the process, or in a
// function that never returns (a server loop: the workers live as long
// as it does).
//
// In tests, a worker left ranging is reported whether or not the test
// failed: nothing closes the channel on any path, so the failure-path
// policy of sendleak (-sendleak.test-fail-paths) does not apply.
//
// Channels held in unexported struct fields are fieldleak's: its range
// rule applies this rule to a field that nothing in the package closes
// while the field's type has a Close (or Stop, Shutdown, ...) method.
//
// Known false negatives: channels held in globals or exported fields;
// channels passed through function values or interfaces; a close that
// exists but is never reached; a range loop with any return, break or
// goto in its body is assumed to end (e.g. on a sentinel value).
//
// Options: -rangeleak.ignore-tests skips _test.go files.
//
// Suppress a report with a "//leakvet:ignore rangeleak <reason>"
// comment on the line of the range statement (or the go statement)
// or alone on the line above it.
package rangeleak
