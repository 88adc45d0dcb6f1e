// Package timerleak defines an Analyzer that reports misuse of timers and
// tickers, judged by the Go version each file is compiled for.
//
// # Analyzer timerleak
//
// timerleak: report timer and ticker misuse by Go version
//
// Go 1.23 changed timers (https://go.dev/doc/go1.23#timer-changes).
// Before, a timer's channel had a buffer of one: a timer that fired left
// its value there until received, Stop could return false with that stale
// value still waiting, and a timer or ticker that was never stopped could
// not be collected until it fired (a ticker: never). Since Go 1.23 the
// channel is synchronous: Stop and Reset guarantee that no stale value is
// received afterwards, Stop returns false only once the value was
// received or the timer was already stopped, and unreferenced timers and
// tickers are collected whether stopped or not. Advice that was right
// before is wrong after, and the other way round, so this analyzer looks
// at the Go version of each file.
//
// In every version it reports a blocking drain of t.C right after
// t.Stop(), as in the pre-1.23 idiom
//
//	if !t.Stop() {
//		<-t.C
//	}
//
// or "t.Stop(); <-t.C", when t.C may already have been received on a path
// to it with no Reset in between: by a select case or an earlier receive
// in the same function, in a previous loop iteration, or, for a drain in
// a deferred function literal, anywhere in the enclosing function before
// it returns. The drain then waits for a value that never comes, and the
// goroutine leaks. The fix offered makes the drain non-blocking:
//
//	select {
//	case <-t.C:
//	default:
//	}
//
// For files compiled with Go 1.23 or later, Stop returns false only
// once t.C was received or the timer was stopped, and then leaves
// nothing to drain. A drain under "if !t.Stop()" (also "if cond &&
// !t.Stop()") is reported when a path exists on which it blocks: a
// receive from t.C or a Stop of the same timer may precede it with no
// Reset in between (above, in a previous loop iteration, or before a
// deferred drain runs), or the timer's history is not visible because
// it comes from outside the function (a parameter, a receiver's field,
// a captured or global variable) or was assigned from a call; the
// message then says so. A timer in an unexported field of a struct type
// of the package is judged in the package's closed world: the drain is
// reported when some receive from the field's timer or Stop of it is
// not followed at once by a new timer (or nil) stored in the field; it
// is silent when every one is, and when the timer leaves the field in a
// way the pass cannot follow (copied out, its channel passed on). Under
// "if cond && !t.Stop()" the drain's own
// Stop or receive in a previous iteration does not count: cond usually
// tracks the timer's state (if active == 0) and holds again only after a
// Reset. Nor does a receive in a select case that sets a local boolean
// of cond to false ("case <-t.C: running = false" ... "if running &&
// !t.Stop()"), when every other assignment of it sets it false or stands
// next to a Reset of the timer. A timer put in a struct literal
// on the spot (l := &T{timer: time.NewTimer(d)}) is a new timer too.
// A drain of a timer made in the function that
// nothing received or stopped before (a fresh timer, time.NewTimer(0)
// stopped at once, a timer re-armed by Reset before each use) can never
// run and is not reported. "t.Stop(); <-t.C" is always reported: after
// Stop nothing is sent. The fix offered deletes the drain.
//
//	// WRONG (go 1.23 and later)
//	if !t.Stop() {
//		<-t.C
//	}
//	// RIGHT
//	t.Stop()
//
// For files compiled with a Go version before 1.23 it also reports:
//
//   - a timer from time.NewTimer, time.NewTicker or time.AfterFunc,
//     held in a local variable, that may still be pending on some path
//     to a return of the function (as lostcancel does for cancel
//     functions); a received t.C settles a NewTimer timer. The fix
//     offered adds "defer t.Stop()" after the definition when that is
//     right on every path (NewTimer and NewTicker defined once with :=
//     outside any loop);
//   - time.After in a select, inside a loop, that has another case that
//     may continue the loop: each time it is taken, a timer is left
//     running until it fires (a case that always leaves the loop, by a
//     return, a labelled break, or a call that never returns, leaves at
//     most one, as a select outside a loop does; a loop run a fixed
//     number of times, over an array, a constant, constant bounds or a
//     slice literal never assigned again, leaves a bounded number, each
//     collected when it fires);
//   - time.Tick in a function that can return, other than main.main and
//     init: its ticker can never be stopped;
//   - t.Reset on a NewTimer timer that may have fired without t.C being
//     received, because a select (or a non-blocking receive) that could
//     have received it took another way, with no Stop and drain before:
//     the stale value is delivered right after the Reset. A Reset of a
//     timer that nothing waited for yet is assumed to be in time.
//
// For example, before Go 1.23:
//
//	// WRONG (go 1.22)
//	t := time.NewTimer(d)
//	select {
//	case <-t.C:
//	case <-ctx.Done():
//		return ctx.Err() // t is pending until it fires
//	}
//	// RIGHT
//	t := time.NewTimer(d)
//	defer t.Stop()
//
// It stays silent on "defer t.Stop()", on non-blocking drains, on the
// documented pre-1.23 drain when it cannot see a receive of t.C before
// it, on timers that escape (returned, stored in a field or a global,
// passed to a call, captured by a closure), in main.main and init, and,
// under Go 1.23 semantics, on unstopped timers, time.After in loops and
// time.Tick.
//
// Which version applies: the file's Go version, from the module's go line
// or a //go:build go1.N constraint (types.Info.FileVersions). A
// "//go:debug asynctimerchan=1" (or =2) directive in a main package
// selects the old semantics for the whole package, =0 the new; in a
// _test.go file of another package it applies to that package's test
// files only. A go.mod "godebug asynctimerchan=1" line, a GODEBUG
// environment variable and directives in the main package of another
// module are not visible to an analyzer: in that case use
// -timerleak.semantics=pre123. Strictly, Go decides the timer behaviour
// by the main module's go line, not the file's; the file's version is
// the best guess visible to a per-package analysis. Without any Go
// version (GOPATH mode; the standard library as go/packages loads it),
// and in the time package and its tests, which make timers of both
// kinds whatever the setting, only the version-independent check runs. Go 1.27 removed the
// asynctimerchan setting: a program built with Go 1.27 or later has the
// new behaviour whatever its go line says, so if you build modules with
// an old go line with a new toolchain, use -timerleak.semantics=go123.
//
// Known false negatives: drains and receives reached through other
// functions or goroutines; under Go 1.23 semantics, a Stop or receive
// that the function's other uses of the timer (passed to a call,
// captured by a closure) may make; before Go 1.23, drains under "if cond &&
// !t.Stop()" (cond tracks state the pass cannot follow); timers held in fields (only the drain check
// follows those); a drain separated from its Stop by other statements;
// "t.Stop(); <-t.C" before Go 1.23 when nothing shows a receive (it
// blocks when the timer had not fired); tickers' Reset; Reset in a
// function that looks at the result of the timer's Stop (it manages the
// channel by rules the pass cannot follow, such as counters); a Reset of
// a timer that nothing waited for yet; deferred drains in named
// functions; time.NewTimer(d).C used directly.
//
// Options:
//
//	-timerleak.semantics=auto|pre123|go123
//	    auto (the default; empty means auto) judges each file by its Go
//	    version as above; pre123 and go123 judge every file by that
//	    semantics.
//	-timerleak.dead-drains
//	    also report, as a cleanup hint and never as a leak, a drain after
//	    Stop that can never run under Go 1.23 semantics (the timer was
//	    made in the function and nothing received or stopped it before),
//	    with a fix that deletes it (default false).
//
// Suppress a finding with "//leakvet:ignore timerleak <reason>".
package timerleak
