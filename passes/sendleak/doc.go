// Package sendleak defines an Analyzer that reports channel sends in
// goroutines that can block forever because their receiver stops
// receiving first.
//
// # Analyzer sendleak
//
// sendleak: report sends abandoned by their receiver
//
// A goroutine blocked on a channel send stays blocked, with everything
// it references, until some other goroutine receives. When the only
// receiver is the function that started the goroutine and that function
// can return first, nobody ever receives: the goroutine leaks. The
// check follows a channel made in a function F, sent on by goroutines
// started in F and received from by F itself, and reports a send when
// some path of F returns having received fewer values than the senders
// can send and the buffer can hold. The message names the path:
//
//   - timeout: F selects on the channel and on time.After, a timer's
//     C or ctx.Done(), and returns from the other case;
//   - early-return: F returns (or, in a loop, makes a new channel)
//     before receiving, or returns from inside its receive loop, for
//     instance on the first error;
//   - ncast: n goroutines started in a loop send once each, F receives
//     fewer times (typically once) and the buffer is smaller than n;
//   - double-send: one goroutine can send more times on some path than
//     F receives;
//   - generator: F takes a context.Context (or a done, quit, stop or
//     cancel channel) and returns the channel as <-chan T, fed by a
//     goroutine whose sends do not select on it, so the goroutine blocks
//     once the caller stops receiving. Several goroutines, or goroutines
//     started in a loop, are reported when the channel is unbuffered.
//
// The goroutine may be a function literal (started by a go statement,
// by sync.WaitGroup.Go or by errgroup.Group.Go), a function literal
// that takes the channel as an argument (go func(out chan<- T)
// {...}(ch)), or a named function or method (go worker(in, out)), also
// from another package: a fact records which channel parameters a function sends on
// without a way out, and how many times (or, for a function that sends
// through helpers, its summary does). The diagnostic is at the send
// for a function literal, and at the channel argument of the go
// statement for a named function.
//
// Helpers are followed through function summaries, in the package and
// across packages: a goroutine literal that calls a function that only
// sends on the channel (go func() { reply(ch, err) }()) sends what the
// summary of that function says, and the report is at the call ("in
// reply (called here)", with the condition under which reply sends
// most); F may hand the channel to a function that only receives from
// it (return waitFor(ctx, ch)), and when that function can return
// through another select case without receiving, that path abandons
// the senders. Its related location is the select
// case or the return where F gives up (or the make of a new channel
// that replaces the old one in a loop).
//
// Cancellation asymmetry: a receive loop that gives up on a
// cancellation while its producer cannot. F's loop returns from a
// select case on ctx.Done(), a timer or a stop channel, from a select
// on such a case inside "for v := range c" (a forwarder whose output
// is cancelled), or from a branch that tests ctx.Err(); or F hands c to
// a helper that receives until c is closed and can return through such
// a case (return collect(ctx, c)). The producer, or a helper it calls
// (go produce(c, xs), go func() { produce(c, xs) }()), sends more
// values than the buffer holds without a way out: the path through the
// cancellation abandons it, however many values it sends. A helper's
// sends in a loop with a constant trip count count as that many (its
// SendsFact), so that eight sends against a buffer of six are reported
// and seven against six (the receiver takes one first) are not.
//
//	// WRONG: after ctx is done nobody receives; produce blocks.
//	go produce(ch, xs)
//	for v := range ch {
//		if ctx.Err() != nil {
//			return ctx.Err()
//		}
//		...
//	}
//
//	// RIGHT: produce selects on ctx.Done() too, or the path drains ch.
//
// A select on ctx.Done() is no way out when nothing cancels ctx while
// the senders wait: ctx is the context of an errgroup made in F
// (errgroup.WithContext), or a value context over one, whose parent is
// a parameter of F, context.Background() or context.TODO(), and F
// holds no cancel function of the chain. The group cancels that
// context only when a worker fails or when Wait returns, after every
// worker has returned; so when F stops receiving early (returns inside
// its range, takes one value of many) while no worker has failed, every
// remaining worker blocks on its send, and the goroutine waiting on
// g.Wait with them (the message names that goroutine whenever the
// blocked senders are workers of a group that a goroutine of F waits
// for). The message says so and asks for a context that F
// cancels with defer. Contexts from Background or TODO through values
// only are never cancelled, in an errgroup or not. The select keeps its
// way out when F cancels any context of the chain (deferred or not),
// the chain has a deadline, or the worker can return an error after
// its send (the failing worker cancels the group, and may be why F
// stopped).
//
//	// WRONG: a bad value ends the loop; no worker failed, so ctx is
//	// never cancelled and the other workers block on their send.
//	g, ctx := errgroup.WithContext(ctx)
//	for _, u := range urls {
//		g.Go(func() error {
//			select {
//			case results <- fetch(ctx, u):
//			case <-ctx.Done():
//				return ctx.Err()
//			}
//			return nil
//		})
//	}
//	go func() { g.Wait(); close(results) }()
//	for r := range results {
//		if r == "" {
//			return errBad
//		}
//	}
//
//	// RIGHT: cancel the group's parent when F returns.
//	ctx, cancel := context.WithCancel(ctx)
//	defer cancel()
//	g, ctx := errgroup.WithContext(ctx)
//
// How it decides: along every path of F's control-flow graph the check
// counts the values owed to F (each go statement adds the most its
// goroutine can send; a loop that only starts goroutines adds all of
// them, unbounded if the trip count is not a constant: for i := 0;
// i < 3; i++, range 3, range over an array or over a slice literal
// without keys, []T{a, b}) and takes one
// away per receive. A path that returns
// owing more than the buffer holds abandons a sender. A select case
// counts as a receive only when it is taken; a select without default
// always takes one of its cases; calls that never return (panic,
// os.Exit, log.Fatal, t.Fatal) end a path without returning.
//
// Example:
//
//	// WRONG: after the timeout nobody receives; the goroutine blocks forever.
//	func FetchWithTimeout(url string) (string, error) {
//		ch := make(chan string)
//		go func() { ch <- fetch(url) }()
//		select {
//		case s := <-ch:
//			return s, nil
//		case <-time.After(time.Second):
//			return "", errTimeout
//		}
//	}
//
//	// RIGHT: the buffer takes the one value nobody may receive.
//	func FetchWithTimeout(url string) (string, error) {
//		ch := make(chan string, 1)
//		go func() { ch <- fetch(url) }()
//		select {
//		case s := <-ch:
//			return s, nil
//		case <-time.After(time.Second):
//			return "", errTimeout
//		}
//	}
//
// A suggested fix buffers the channel when that is certain to be enough:
// make(chan T) becomes make(chan T, 1) for one goroutine that sends at
// most once, and make(chan T, len(xs)) for one goroutine per element of
// xs (or make(chan T, n) for "for i := 0; i < n; i++") that sends at most
// once.
//
// The check is silent when:
//
//   - the buffer holds every value that can be abandoned (1 for a single
//     send, len(xs) or n for one goroutine per element or iteration);
//   - the send is in a select with another case (ctx.Done(), a done
//     channel) or a default;
//   - F receives every value on every path before it returns. A loop
//     that receives from the channel and runs to its end (for example
//     "for v := range ch", or "for range xs") is taken to drain every
//     sender, and so is a branch that finds the channel closed ("if
//     !ok" after "v, ok := <-ch");
//   - F returns from inside its receive loop on a condition that does
//     not test a received value, such as a counter of live workers
//     reaching zero: the check assumes the count is right. This holds
//     also for a loop that receives from several channels and counts
//     what it received on all of them ("case <-a: done++; case <-b:
//     done++", then "if done == 2 { return }"), as long as no timeout
//     or cancellation case moves the counter;
//   - the channel escapes: it is stored in a field, a global, a slice or
//     a map, assigned to another variable, sent on a channel, passed to
//     a function that is not a goroutine known to only send on it (nor
//     a helper known to only receive from it), received from by another
//     goroutine, or closed by F;
//   - the channel is only closed, never sent on;
//   - the send happens in a function literal that F does not start
//     with a go statement, sync.WaitGroup.Go or errgroup.Group.Go:
//     callbacks, deferred functions;
//   - a goroutine started in a loop sends only on some paths ("the last
//     one signals"): all goroutines but one are counted at their fewest
//     sends;
//   - a send repeated by a loop is guarded by a condition inside the
//     loop ("if first { ch <- v; first = false }"): the number of sends
//     is unknown;
//   - the sends fit in what is received plus the buffer, counted as
//     intervals: a send repeated by a loop runs at most the loop's trip
//     bound times (a constant trip count whose counter the body does not
//     move, or a range over a local slice that only grows by append in
//     such loops, e.g. one element per iteration of "for i := 1; i < 5;
//     i++"), and a goroutine per element of such a slice starts at most
//     that many senders. Sends repeated by a loop without a bound, into
//     a buffer of some size, are an unknown count that cannot be shown
//     to exceed it (without a buffer, one send more than received is
//     enough, and is reported);
//   - the only sender returns once the buffer is full ("c <- v; if
//     len(c) == N { return }" with N the capacity expression or cap(c)):
//     it never sends into a full buffer;
//   - the path receives a signal that tells the sender owes nothing
//     more: the sender (a literal, or a function of the package started
//     as "go f(c, d)") sends on (or closes) another channel d made in F
//     that only it signals, no path of the sender goes on from that
//     signal to a blocking send on c, and F received from d
//     ("errs <- err; return" on one path and "close(done)" on the
//     other, F took the done case; or a reader whose error ends its
//     loop, "if err != nil { errs <- err; return }; msgs <- m", and F
//     returns from its errs case);
//   - the path that returns early ends in a call that never returns;
//   - the goroutine (a function literal) defers, at the top level of
//     its body, a function that calls recover and discards its result
//     ("defer func() { recover() }()"), and every path to the send
//     calls first a function of the package that can panic (a call of
//     panic in its body or in the functions of the package it calls,
//     three calls deep): the code counts on a panic as a way out (a
//     Push that blocks until Close and then panics), and the send may
//     never run. A recover whose value is used (logged, re-panicked)
//     guards every goroutine alike and changes nothing;
//   - in tests, the path that abandons the sender has already marked the
//     test failed (t.Error*, t.Fatal*, t.Fail*, their b. and f. forms,
//     Ginkgo's Fail, or a helper of the package that starts with one):
//     the run already reports the failure, and the goroutine dies with
//     the test process. A leak on a path that has not failed is
//     reported. -sendleak.test-fail-paths reports both, saying "after
//     marking the test failed" for the former.
//
// Known false negatives:
//
//   - channels that are globals or elements of slices and maps; an
//     unexported field is fieldleak's: its exited and unserviced rules
//     count a send repeated by an endless loop, or the sends of a
//     function body, against the field's constant buffer, once the
//     receiving loop is gone or when nothing receives;
//   - a computed buffer size that is too small (make(chan T, n/2)): the
//     check does not compare expressions with the number of sends;
//   - receive loops are assumed to receive every value when they exit
//     normally, even if their trip count is smaller than the number of
//     senders, and when a counter ends them;
//   - goroutines started through a function that takes a func value
//     (other than sync.WaitGroup.Go and errgroup.Group.Go), and sends
//     from a function literal nested in the goroutine;
//   - a send that selects on the Done of a context that nothing in F
//     cancels, outside an errgroup: the caller may cancel its own
//     context, so the select is taken to have a way out;
//   - a goroutine whose send count depends on a condition inside a loop;
//   - a send after a call that can panic, in a goroutine that discards
//     a recovered panic, even when that call cannot panic there;
//   - generators fed by more than one goroutine, or by goroutines
//     started in a loop, through a buffered channel (the sends cannot be
//     counted against the buffer), and generators that take no context
//     or done channel;
//   - functions with more than 64 sending go statements on one channel,
//     or so many paths that the search gives up.
//
// Options:
//
//	-sendleak.ignore-tests      skip _test.go files (default false)
//	-sendleak.test-fail-paths   also report leaks that happen only after
//	                            the test was marked failed (default false)
//
// To suppress a report, put a directive with a reason on the line of the
// diagnostic or alone on the line above:
//
//	//leakvet:ignore sendleak the caller always drains ch
package sendleak
