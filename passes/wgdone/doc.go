// Package wgdone defines an Analyzer that reports goroutines that skip
// wg.Done on some path.
//
// # Analyzer wgdone
//
// wgdone: report goroutines that return without calling Done
//
// A goroutine counted by wg.Add must call wg.Done exactly once, however
// it ends. When it calls wg.Done explicitly at the end of its body, an
// early return (typically on an error) skips the call: the counter never
// reaches zero, wg.Wait blocks forever, and so does the goroutine that
// waits, with everything it holds.
//
// The pass reports a goroutine (a function literal started by a go
// statement, or a function of the package that a go statement starts)
// that calls wg.Done() explicitly, not deferred, when some path from its
// entry to a return or to the end of its body calls no wg.Done(). Paths
// that end in a panic or in a call that never returns (os.Exit,
// log.Fatal, runtime.Goexit, t.FailNow, ...) do not count, and neither
// do the exits of loops that have none: a "for range" over a channel
// that is never closed (time.Tick(d), the C of a ticker or timer, a
// local channel that the package never closes, passes on or lets
// escape) ends only through a return or a break out of its body. A
// path that marks a test failed (t.Errorf, then return) and skips Done
// is reported: the test then hangs in wg.Wait instead of reporting its
// failure.
//
//	// WRONG: the error path skips Done
//	wg.Add(1)
//	go func() {
//		if err := step(); err != nil {
//			return
//		}
//		finish()
//		wg.Done()
//	}()
//	wg.Wait()
//
//	// RIGHT: Done runs however the goroutine ends
//	wg.Add(1)
//	go func() {
//		defer wg.Done()
//		if err := step(); err != nil {
//			return
//		}
//		finish()
//	}()
//	wg.Wait()
//
// A WaitGroup held in a struct field (s.wg, o.wg through an embedded
// struct, the field of a generic type) is matched by the receiver's
// text as a local one is: a method that starts a counted literal, or a
// method started as go s.loop(), that skips s.wg.Done on a path is
// reported the same way. A helper of the package that reaches the
// same field through its own receiver (func (s *Server) finish() {
// s.wg.Done() }), called by the goroutine directly or a few calls
// down, may call Done on the goroutine's behalf: the pass is then
// silent. fieldleak's waitgroup rule covers a field WaitGroup that
// nothing calls Done on at all.
//
// With Go 1.25 or later, wg.Go(func() { ... }) does the Add and the Done
// itself.
//
// The suggested fix deletes the explicit wg.Done() calls and inserts
// "defer wg.Done()" at the top of the goroutine. It is offered only when
// that keeps the behaviour of the paths that did call Done: every
// explicit call is a statement followed by nothing but a return, no
// path calls it twice, the WaitGroup is in scope at the top, and the
// goroutine has no other defer statement (whose order relative to Done
// would change).
//
// The pass stays silent when the goroutine already defers wg.Done, calls
// it from a nested function, or uses the WaitGroup in any other way
// (passes it to a function, stores it, captures it in a literal): the
// Done may be handed over. It is also silent when the goroutine calls
// wg.Add itself (wg.Add(-1) on the early path), and when a path can call
// Done more than once (Done per item in a loop: the WaitGroup counts
// items, not this goroutine).
//
// Known false negatives: a Done reached only through a helper function
// that the goroutine calls; goroutines that never call Done at all (the
// count may belong to someone else); WaitGroups held in slices or maps
// (ws[i].Done()) are matched by their source text.
//
// Options: -wgdone.ignore-tests skips _test.go files.
//
// Suppress a report with a "//leakvet:ignore wgdone <reason>" comment
// on the line of the go statement (or of the function declaration) or
// alone on the line above it.
package wgdone
