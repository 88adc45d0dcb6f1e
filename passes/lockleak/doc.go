// Package lockleak defines an Analyzer that reports goroutines that
// can block forever on a sync.Mutex or sync.RWMutex.
//
// # Analyzer lockleak
//
// lockleak: report mutex misuse that blocks goroutines forever
//
// A goroutine waiting in mu.Lock() for a mutex that nobody will unlock
// is leaked, with everything it holds, as surely as one blocked on a
// channel. The pass reports five shapes of the mistake, from a model
// of the mutexes each function holds at each point (a variable, a
// field path such as s.mu or s.shard.mu, or a mutex embedded in s):
//
// Missing unlock (category "unlock"). A function locks a mutex and
// reaches a return, or the end of its body, still holding it, while its
// other returns have unlocked it: the early return skipped the Unlock,
// and the next Lock blocks forever. The same holds for the paths of a
// loop body that locks a mutex on every iteration: a continue that
// skips the Unlock deadlocks the next iteration.
//
//	// WRONG: the error path keeps s.mu locked
//	func (s *Store) Put(k, v string) error {
//		s.mu.Lock()
//		if err := s.check(k); err != nil {
//			return err
//		}
//		s.m[k] = v
//		s.mu.Unlock()
//		return nil
//	}
//
//	// RIGHT: unlock on every path
//	func (s *Store) Put(k, v string) error {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		...
//	}
//
// A suggested fix inserts the Unlock before the return when the
// function has a single such return, the other paths unlock explicitly,
// and the returned values are constants or local variables (so that
// evaluating them after the Unlock reads nothing the mutex guards).
//
// A lock helper nobody can release (category "unlock"). A function
// returns holding a mutex on every path, by its own lock call (a retry
// loop that returns from inside its critical section, a loop left by a
// break before the Unlock), so its callers would have to unlock it; but
// nothing in the package can: the mutex is an unexported, non-embedded
// field (or an unexported package-level variable) used only through
// its lock methods, and every unlock of it in the package releases a
// lock its own function took on every path to the unlock (no unlock
// helper, no caller that unlocks after calling a lock helper, no
// deferred unlock of a hold taken elsewhere, no function literal that
// unlocks). The hold is then never released, and another function's
// Lock of the mutex (or RLock, after a write hold) blocks forever once
// the helper has run. Reported at the helper's first return, with the
// blocked lock as a related position.
//
//	// WRONG: the closed path returns with c.mu read-locked, and no
//	// caller can unlock it: Close blocks forever
//	func (r *remote) acquire() error {
//		for {
//			r.c.mu.RLock()
//			if r.c.closed {
//				return errClosed
//			}
//			r.c.mu.RUnlock()
//			...
//		}
//	}
//
// Re-lock (category "relock"). A mutex is locked while the same path
// already holds it, directly or through a call of a function that locks
// it (a method on the same receiver, a function given the same mutex or
// its owner, a package-level mutex), through any chain of calls in the
// package and across packages through facts. Go's mutexes are not
// reentrant: Lock under Lock blocks forever. RLock under RLock of the
// same RWMutex also counts: a writer that arrives in between blocks the
// second RLock, and the writer waits for the first.
//
//	// WRONG: Len locks s.mu again
//	func (s *Store) Add(v int) {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		if s.Len() > max { ... }
//	}
//
// Lock order (category "order"). Two lock classes (a field of a named
// type, or a package-level mutex; a mutex promoted through embedded
// structs is a field of the outermost named type that embeds it on the
// path, so two kinds of value that embed one base are apart) are
// acquired in both orders: B while
// holding A in one function, A while holding B in another. Two
// goroutines running them can each take one and wait for the other. Two
// read locks do not exclude each other, so a cycle needs a write lock
// on one side of each mutex; a third lock held in both places (a gate)
// orders them. An acquisition on a path that ends in a panic (a check
// for a misuse, such as a concurrent Read) does not count.
//
// An acquisition may be a call of a function of the package (or with a
// fact) that locks the mutex on every path, at the top level of its
// body, through any chain of such calls: Conn.Close holds c.mu and
// calls c.srv.remove, which locks s.mu; Server.Shutdown holds s.mu and
// calls c.shut, which locks c.mu. The report names the calls and where
// the callee locks. Through calls, a pair or cycle is left alone when
// the callee locks a value the function made (x := &T{}; x.init(): no
// other goroutine can hold it yet), or when one of the functions waits
// (a channel operation, wg.Wait, c.Wait) before it takes the lock it
// holds, or every caller of the function (an unexported helper called
// only statically) waits before its call: it may wait for the goroutine
// that runs the other order to end (a Close that waits for its receive
// loop), an order the model does not see.
//
// Nor does an acquisition made while holding the lock of a value the
// function has just made (c := &T{}; c.mu.Lock()) and not yet handed to
// anything: before the acquisition it only selects its fields and calls
// its methods (taken not to publish it), never passes, assigns, sends,
// captures or starts a goroutine with it. No other goroutine can wait
// for that lock, so the acquisition closes no pair or cycle (a server
// initialising a connection it has just accepted under its lock).
//
// The acquisitions of a pair or cycle are all in test files or all
// outside them. A test that takes the package's locks in an order its
// code does not (to look at state under both) deadlocks only if the
// code's opposite order runs at the same time, which only the test
// decides; on real code the tests never started it. Orders within the
// code, or within the tests (two parallel tests), are reported, except
// between two test functions that each lock only objects of their own:
// every mutex reached from a local variable the test defines once from
// a call's result, a composite literal, a field or element of such a
// variable, or a range over them (never a package-level variable or a
// parameter). Each test's harness is then another instance (a helper
// that returns a shared value would hide a pair).
//
// A pair needs two goroutines, each at one of its places: it is left
// alone when both functions can only ever run on one goroutine. Every
// way to reach each of them is known (static calls of unexported
// functions, literals called where they are written) and starts from
// the same go statement, one that runs at most once (in no loop, in a
// function that runs once: main.main, an init function, or a function
// called once from such a place), or from the main goroutine (main.main
// and the init functions). An exported function, a function or method
// used as a value, a method an interface of the package declares, a go
// statement in a loop or in a function called twice, or a second go
// statement, each lets a second goroutine in, and the pair is reported.
// A run loop started once per connection (go c.run() for each accepted
// connection) is many goroutines, each with its own values, which this
// rule does not model: such a pair is still reported.
//
// Cycles of three to five classes (A→B→C→A, each pair taken in one
// order only) are reported the same way, at the last acquisition with
// every hold and acquisition as related positions: each lock acquired
// must exclude the hold of the next goroutine, no two goroutines of
// the cycle may hold a common lock (a gate) in modes that exclude each
// other, and no two of its places may be confined to one goroutine.
//
// Held across a wait (category "wait"). A goroutine sends on (or
// receives from) a channel, calls wg.Wait(), or calls c.Wait() on a
// condition variable whose lock is not M, while holding a mutex M, and
// every goroutine that could take the other side must lock M first: it
// holds M at its own operation, or its loop locks M on every iteration
// before coming back to the operation. A counterpart that only tries
// its operation (a case of a select with a default) must hold M at it:
// it can never meet a goroutine that waits holding M, while a try made
// between two locks of a loop may. When every counterpart holds M at
// its operation and one of them is a case of a select with other cases
// or a default (so it is not reported itself), the wait is reported;
// otherwise a send and a receive that both hold M are reported once, at
// the send; for a WaitGroup, every function
// that calls its Done locks M at the top level of its body before the
// Done (anywhere, for a deferred Done); for a condition variable, every
// function that signals or broadcasts it locks M at the top level of
// its body before doing so (c.Wait releases c.L, not M). The holder
// waits for the counterpart, the counterpart waits for M.
//
// The send, receive or wg.Wait may be in a function of the package
// that the holder calls with M held (s.mu.Lock(); s.notify(e), where
// notify sends on s.events), through any chain of functions that lock
// or block themselves, unless a function of the chain unlocks a mutex
// its caller holds; and a counterpart may lock M through a call of a
// function that locks it on every path (h := s.snapshot() at the top
// of its loop). A channel field may also be handed to a function that
// does nothing with its parameter but send on it, or receive from it
// (sendTo(s.events, e)), and a WaitGroup field to one that only waits
// on it (waitFor(&p.wg)): the call is then the operation. A counterpart
// in an unexported function of the package that nothing calls but
// static calls (no function or method value, no interface of the
// package with a method of that name) stands for its callers: each must
// lock M first (s.next() { return <-s.events }, called by a loop that
// locks). So does a helper that calls Done, Signal or Broadcast on a
// field of its receiver or of a parameter (p.finish() { p.wg.Done() }):
// each of its calls, up to three helpers up, must follow a lock of M of
// the same value at the top level of its function (anywhere for a
// deferred call), and a call in a go statement keeps the rule silent.
// The report names the call and the operation inside it.
//
// A receive under M from a channel that nothing sends on, so that only
// a close ends it, is reported when every close of it comes after a
// loop that locks M of the same value on every iteration: a loop at the
// top level of the closing function, before the close (anywhere, for a
// deferred close), whose body locks M at its top level (directly or
// through a call of a function that locks it on every path) with no
// return, branch or panic before the lock. An iteration under way when
// the receiver takes M blocks at the lock, and the close never comes
// (a Close that holds the lock while it waits for a worker that ranges
// over its input).
//
// The channel must be an unexported field of a type of the package,
// made unbuffered wherever it is made, never closed and used nowhere
// but in channel operations and in such calls (for the close rule:
// only received from, closed and made, with any buffer), so that the
// package sees every counterpart; M and the channel must belong to the same value
// on both sides; the blocked operation must not be a case of a select
// with other cases. A WaitGroup must likewise be an unexported field
// used only through Add, Done and Wait (and such calls); a condition
// variable an unexported field used only through its methods and L,
// assigned only x.c = sync.NewCond(&x.m).
//
//	// WRONG: dispatch needs r.mu before each receive
//	func (r *Router) Notify(e Event) {
//		r.mu.Lock()
//		defer r.mu.Unlock()
//		r.events <- e
//	}
//	func (r *Router) dispatch() {
//		for {
//			r.mu.Lock()
//			h := r.handlers
//			r.mu.Unlock()
//			e := <-r.events
//			...
//		}
//	}
//
// Condition variables (category "cond"). c.Wait() on a sync.Cond that
// nothing in the package signals or broadcasts blocks forever. Only
// condition variables that no other package can reach count: an
// unexported field of a type of the package, an unexported
// package-level variable or a local variable, used only through Wait,
// Signal, Broadcast, L and assignments of new condition variables.
//
// Two more shapes of Wait are reported in the same category. A Wait that
// no loop of its function encloses does not re-check its condition: a
// wakeup (Signal, Broadcast) does not mean the condition holds, and a
// Wait that starts after the wakeup it needed blocks forever. A Wait in
// a function literal, in a function with a goto, or in a function of the
// package that is called in a loop or a function literal, or used as a
// value, is left alone (its caller may loop). So is a guarded Wait: its
// function, holding a lock of the condition variable's owner since
// before, has just checked a field of that owner (the Wait is in the
// body of that if statement, or follows one that returns), the
// (unexported) field is made by sync.NewCond on a mutex of its owner
// and used only for its L, Wait, Signal and Broadcast, and every Signal
// and Broadcast follows a lock of its owner in its function: the signaller changes the state under the
// lock, so its wakeup cannot come before the Wait. Without a loop such
// a goroutine may go on when the condition no longer holds, but it does
// not block. And a Wait in a for loop
// whose condition cannot change: it reads only local variables of basic
// types (and constants), none assigned in the loop, addressed, used in a
// method call or captured by a function literal, and the loop has no
// break, return, goto, label or panic. Once entered, it never ends.
//
//	// WRONG: nothing can change exists while the loop waits
//	exists := true
//	for exists {
//		w.cv.Wait()
//	}
//
//	// RIGHT: re-check the state the signaller changes
//	for !w.removed {
//		w.cv.Wait()
//	}
//
// The functions examined are those that call a Lock, RLock, Unlock,
// RUnlock, TryLock or TryRLock method, and those that call a lock
// helper by name: a function of the package that locks without
// unlocking or the converse, or a function of another package whose
// fact says it returns holding a mutex or releases one.
//
// The pass is silent:
//
//   - for a lock helper, a function that returns holding the mutex on
//     every path (unless nothing in the package can release it, see
//     above), and for functions named ...Locked (they run with the
//     lock held by convention); their callers apply their effect. A
//     helper is found by its summary too, so a function that leaves a
//     loop from inside the critical section each iteration closes is
//     one: its callers, and the function literals that call it, are
//     walked, and a caller that locks the mutex again is reported as a
//     re-lock. A lock at the top of a loop without a condition counts
//     as taken by every call; a callee that unlocks the mutex its
//     caller holds and locks it again takes it after the caller's
//     other locks (lock order);
//   - for a function that returns with the mutex held on success only:
//     a bool or error result is true or nil on the paths that keep it
//     and not on those that release it. Not when the function is
//     unexported and every call of it in the package drops its results:
//     nobody can know it still holds the mutex, and the path that keeps
//     it is reported;
//   - for an Unlock in a defer statement, a deferred function literal or
//     a deferred function of the package that unlocks (a literal may
//     unlock through its parameter: defer func(s *T) { ... }(s));
//   - when the lock and the unlock are both conditional
//     (if x { mu.Lock() } ... if x { mu.Unlock() }): only points that
//     every path reaches holding the mutex, or not holding it, count;
//   - after TryLock or TryRLock, whose result decides;
//   - for mutexes in slices and maps, returned by calls, or used any
//     other way than calling their methods: stored (&mu), passed as a
//     method value, locked or unlocked in a function literal (a
//     goroutine, a callback) of the function. A lock taken and released
//     in different goroutines is out of the model; a literal that both
//     locks and unlocks a captured mutex takes and gives back its own
//     hold, and its paths are judged like any function's;
//   - for a mutex passed to a function of another package without a
//     fact, or whose owner is passed to a function value or interface
//     method: it may unlock it;
//   - on paths through the branch of an if statement that a constant
//     condition rules out (if false { return }): no execution takes it;
//   - on paths that end in a panic or a call that never returns, or
//     pass a lock of a mutex the path already holds (it blocks there:
//     only that lock is reported), and in functions with a goto;
//   - when an unlock is handed to a callee (the callee unlocks a mutex
//     it did not lock: its callers count it as an unlock);
//   - for a missing unlock in a function that runs with the mutex held
//     by its caller: it unlocks it, directly or through a call, on a
//     path that did not lock it ("Lock must be held", a release around
//     I/O and a lock again). A path that never touches the mutex then
//     returns holding it as surely as one that releases it and locks it
//     again, and holding is what every path gives back.
//
// Known false negatives: Wait loops whose condition reads fields or
// calls functions, even when nothing changes them; channel fields that are
// buffered, exported or escape; WaitGroups and condition variables that
// are not fields, or that are made or used otherwise;
// functions that lock only through helpers reached by other names
// (function values, interfaces); a break out of a loop with the mutex
// held when the code after the loop merges it with paths that released
// it; calls through function values and interfaces; mutexes reached
// through aliases (p := s; p.mu.Unlock()); lock-order cycles of more
// than five classes, or through a callee that locks on some paths only;
// a re-lock, a lock-order acquisition or a blocking operation through a
// chain of calls whose intermediate functions neither lock nor have a
// channel operation or Wait call themselves, beyond one level; a channel handed to a function that also uses it
// otherwise (stores it, sends and receives, starts a goroutine with it);
// a counterpart two calls away from the function that locks; re-locks of the same class on different values (a parent and a child
// node); a lock helper whose hold a function of the package could
// release (a caller that unlocks after calling it, anywhere), even when
// the callers on the path at hand never do; a lock helper that is a
// function literal; a counterpart that tries its operation (a select
// with a default) in a helper called under the mutex.
//
// Options:
//
//	-lockleak.ignore-tests   skip _test.go files (default false)
//
// To suppress a report, put a directive with a reason on the line of the
// diagnostic or alone on the line above:
//
//	//leakvet:ignore lockleak the callee unlocks on this path
package lockleak
