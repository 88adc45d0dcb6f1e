// Package aggregator is leakvet's leak-free reference: a concurrent data
// aggregator that fans out to many sources, processes batches with a
// bounded worker pool and streams results, and leaves no goroutine
// behind on timeout, cancellation, error, panic, or a consumer that stops
// reading.
//
// It is written to be imported, and to be read: each function shows the
// fixed form of a goroutine leak that leakvet reports. Its "before"
// versions live in testdata/aggregator/leaky; the tests prove that
// leakvet flags them and that they leak at run time, while this package
// is clean under both.
//
// # The patterns
//
// [FetchAndAggregate] starts one goroutine per source. Each sends its
// result exactly once on a channel buffered for len(sources), so no send
// can block after the caller has returned on its timeout. The sources
// run under a child context that is cancelled on return, so they stop
// working as soon as nobody waits for them.
//
// [ProcessBatch] hands batches to a fixed number of workers. The first
// error cancels the shared context; every send selects on ctx.Done();
// one waiter goroutine closes the result and error channels, once, after
// wg.Wait(); and ProcessBatch returns only when every goroutine it
// started has finished.
//
// [StreamResults] returns a receive-only channel. Its producers select on
// ctx.Done() at every send and every wait, and a waiter closes the
// channel after they are done, so the stream ends cleanly whether the
// sources run dry or the consumer cancels the context and walks away.
// Polling uses one time.Timer per producer with defer t.Stop(), and
// Reset only after its value was received: since Go 1.23 a timer needs
// no drain, and a blocking drain after Stop can block forever.
//
// A panic in a Source or batch function is recovered in the goroutine
// that called it and reported as a [*PanicError]: the process does not
// crash, and the goroutine still sends its outcome, so nobody waits for it
// in vain.
//
// # The caller's part
//
// A Source or batch function must return once its context is done. No
// goroutine of the aggregator blocks after its caller has gone, but a
// function that ignores its context cannot be stopped: until it returns,
// its goroutine lives on. A consumer that stops reading a
// stream must cancel the context it passed to StreamResults; it need not
// drain the channel.
package aggregator
