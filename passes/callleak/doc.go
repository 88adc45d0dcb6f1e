// Package callleak defines an Analyzer that reports goroutines leaked
// across a call: a value whose start method launches a goroutine that
// only its stop method ends, started and then dropped without the
// stop; and a channel returned by a function whose goroutine blocks
// because the caller never receives from it.
//
// # Analyzer callleak
//
// callleak: report goroutines leaked across calls
//
// The check relies on function summaries (computed for every function
// of the package, and passed as facts for the exported ones of other
// packages), so the callee may be declared in the same package or in
// another one. It reports two shapes.
//
// Start without stop (category no-stop). A method starts, on every
// path, a goroutine that returns only after receiving from an
// unexported channel field of its receiver, and the package closes or
// sends on that field only in other methods of the type: the stop
// methods (or methods calling them). The field holds a channel the
// package makes: a field set from a channel made elsewhere (T{quit:
// quit}, t.quit = q) may be closed by code the package does not see,
// and the check is silent. The goroutine may instead wait for
// a context derived from context.Background() or context.TODO() whose
// cancel function the start method keeps only in an unexported field
// (ctx, cancel := context.WithCancel(context.Background()); w.cancel =
// cancel): the methods that call the field are the stop methods. A
// start method without results may start its goroutine on some paths
// only (the first call, when enabled): the caller cannot tell, and the
// message says "may start". A start method whose only result is an
// error may start it on exactly the paths that return nil (it returns
// an error, and starts nothing, when it cannot start); its caller must
// test the error right after the call ("if err := w.Start(); err !=
// nil", or "err := w.Start()" then "if err != nil"), and the branch
// where the start failed needs no stop. A caller that does not test it
// so is not followed. A constructor may start the goroutine itself: a
// function that makes a new value of its type, starts such a goroutine
// on every path and returns the value (p := &Poller{...}; go p.loop();
// return p) hands its caller the same duty; "p := NewPoller()" is
// checked as a start call, and reported there. A constructor with a
// second result, an error, counts when it starts the goroutine exactly
// when the error is nil (return nil, err before the go statement;
// return p, nil after it), and its caller tests the error right after
// the call ("p, err := Dial(a)" then "if err != nil"). A function that makes a new value
// of the type (&T{...}, T{...}, new(T), var v T, or a constructor that
// returns a new value nothing else holds), calls the start method, and
// can return on some path without calling a stop method leaks the
// goroutine: nothing else can ever end it. The report is at the start
// call, with the return as the related position. A return of the value
// itself hands it, and the duty, to the caller on that path only: the
// other paths still need the stop (a constructor that starts the
// goroutine and then fails, returning nil and an error). So does a
// constructor that starts the goroutine with its own go statement and
// can then fail: the report is at the go statement.
//
//	// WRONG: when listen fails, the loop runs forever.
//	func NewServer(addr string) (*Server, error) {
//		s := &Server{quit: make(chan struct{})}
//		go s.loop() // returns only after <-s.quit
//		if err := s.listen(addr); err != nil {
//			return nil, err
//		}
//		return s, nil
//	}
//
//	// RIGHT: stop it before dropping it.
//	if err := s.listen(addr); err != nil {
//		s.Close()
//		return nil, err
//	}
//
//	// WRONG: on the error path nobody stops the worker's goroutine.
//	func Process(jobs []Job) error {
//		w := NewWorker()
//		w.Start()
//		for _, j := range jobs {
//			if err := w.Do(j); err != nil {
//				return err
//			}
//		}
//		w.Stop()
//		return nil
//	}
//
//	// RIGHT
//	func Process(jobs []Job) error {
//		w := NewWorker()
//		w.Start()
//		defer w.Stop()
//		...
//	}
//
// Dropped future (categories dropped and abandoned). A function makes a
// channel, starts one goroutine that sends on it without a way out (no
// select on a context or a stop channel), and returns the channel; its
// buffer is smaller than the number of sends. A caller that discards
// the result (a call statement, "_ = f(x)", go f(x)) or stops waiting
// for it (a select whose other case waits on time.After, a context's
// Done or a timer and returns) leaves the goroutine blocked forever.
// When the function is in the package, the report is at its send, with
// the caller's call or case as the related position, and suggests
// make(chan T, 1) when the goroutine sends once; otherwise it is at the
// call.
//
//	// WRONG: after the timeout nobody receives from fetch's channel.
//	func fetch(url string) <-chan string {
//		ch := make(chan string)
//		go func() { ch <- get(url) }()
//		return ch
//	}
//
//	select {
//	case s := <-fetch(url):
//		return s, nil
//	case <-time.After(time.Second):
//		return "", errTimeout
//	}
//
//	// RIGHT: make(chan string, 1) in fetch.
//
// A future may be fed by several goroutines, each started once on every
// path (the first answer wins): their sends add up. A caller that
// receives from it once (category short: "<-race(a, b)", or a variable
// whose only use is one receive outside a loop) while the goroutines
// send a known number of values larger than one plus the buffer leaves
// the others blocked.
//
//	// WRONG: the slower goroutine blocks forever.
//	func race(a, b string) <-chan string {
//		ch := make(chan string)
//		go func() { ch <- get(a) }()
//		go func() { ch <- get(b) }()
//		return ch
//	}
//
//	return <-race(a, b)
//
//	// RIGHT: make(chan string, 1) in race: the loser's value fits.
//
// The check is silent when:
//
//   - the value escapes: it is returned, stored in a field, a variable,
//     a slice or a map, passed to any function, captured as a method
//     value, or a method is called on it that may keep it (a method is
//     followed only when its receiver stays in it: it selects fields
//     and calls such methods);
//   - a stop method is deferred, or called in a function literal;
//   - the value is not provably new: a parameter, a global, the result
//     of a function that may return a shared value;
//   - the function is main of package main (the process ends);
//   - the goroutine can return on its own, on a path that receives from
//     no field of the receiver, or a function of the package, or the
//     start method itself, closes or sends on the field;
//   - the future's buffer holds every value (a loop that sends into a
//     buffer counts only when it never ends: one that may end, on a
//     read error say, may send fewer values than the buffer holds),
//     its goroutine selects on a
//     context or a stop channel, or the caller receives from it as
//     many times as it sends (in a loop, or once per value).
//
// Known false negatives: start methods with results that start their
// goroutine on some paths only, unless the result is an error that is
// nil exactly when it started, and its caller tests it right after the
// call; goroutines stopped through
// a context derived from a parameter (the caller may cancel it) or
// started by a constructor that can fail after starting it, or keeps
// the value elsewhere, futures fed by
// goroutines started in a loop, a
// caller that receives once from a future that sends in a loop, and a
// caller that hands the value or the future to another function.
//
// Options:
//
//	-callleak.ignore-tests   skip _test.go files (default false)
//
// To suppress a report, put a directive with a reason on the line of the
// diagnostic or alone on the line above:
//
//	//leakvet:ignore callleak the process exits right after
package callleak
