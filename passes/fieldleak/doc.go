// Package fieldleak defines an Analyzer that reports goroutine leaks in
// long-lived objects: channels, tickers, WaitGroups and cancel
// functions held in unexported struct fields.
//
// # Analyzer fieldleak
//
// fieldleak: report goroutines blocked by an object's fields
//
// In a service the leaking goroutine usually belongs to an object: a
// Server or Pool whose methods start a loop goroutine (go s.run()),
// talk to it over fields (s.reqs, s.quit), count it on s.wg and stop it
// in Close. An unexported field of a struct type can only be touched by
// its package, so the package holds every send, receive, close, Stop,
// Done and cancel call there will ever be on it: a closed world. The
// pass uses it, for fields whose value does not escape (its address is
// not taken, it is not stored elsewhere, passed to code of another
// package or to an unknown function, converted to an interface,
// returned, or used with len or cap as a semaphore) and whose every
// assigned value is made in view.
//
// It reports:
//
//   - unserviced: a goroutine whose loop exits only on a channel field
//     that nothing in the package sends on or closes; it never returns.
//     Also a receive, range or select that waits only on such fields,
//     and a send on an unbuffered channel field that nothing in the
//     package receives from, in a goroutine the package starts, or in
//     a function that such a goroutine calls (statically, up to three
//     calls away) (a package analysed without its tests may look dead
//     when only the tests fire the channel; a go statement shows the
//     code runs). On a field whose buffer has a known constant
//     capacity N, a send repeated by a loop without a bound (a for
//     loop with no condition, a range over a channel), or the (N+1)-th
//     of the sends that are statements at the top level of its
//     function's body, fills the buffer, and blocks forever.
//     Likewise for a local channel that nothing can send on or close:
//     made once in its function F, and every other use of it (none, a
//     comparison, len or cap, or an argument) passes it to functions
//     whose summaries (of the package, or imported as facts from
//     another) say they neither send on the parameter, close it nor
//     let it escape (store it, hand it to code without a summary, use
//     it in a goroutine or literal). A channel stored anywhere,
//     returned, captured by a literal that sends or closes, converted
//     (to an interface), passed to a function without a summary, to a
//     dynamic call or to a variadic parameter stays outside. A receive
//     from it, a range over it, or a select without default whose
//     every case receives from such locals or dead fields blocks
//     forever; it is reported directly in F or in a goroutine literal
//     started there (a range in such a goroutine is rangeleak's), not
//     in init, a package-level initializer or main.main, nor, in
//     package main, where it runs once per process (a program may
//     park its main goroutine on purpose).
//
//   - ignored: a goroutine whose loop has no exit at all (or ranges
//     over a field nothing closes) and blocks on fields of a type whose
//     Close, Stop, Shutdown (or the like) method closes another channel
//     field of that type: the close was meant to stop it.
//
//   - exited: a send on an unbuffered channel field whose every
//     receiver is the loop of a goroutine that can return on another
//     signal (a channel field the package closes or sends a stop value
//     on, a context field's Done); once the loop has returned, the send
//     blocks forever. The "poll the stop channel, then send in default"
//     shape is one. A sender that fires the signal itself orders its
//     sends before it and is left alone. The suggested fix puts the
//     send in a select with a case on the signal, when the signal is a
//     close, the send is a statement of a block and sends on a field of
//     a plain variable that also selects the signal field; for a stop
//     value sent on the field the message says to close it instead (a
//     select on it would take the loop's value), with no fix.
//     sendleak's rule for fields: on a field whose buffer has a known
//     constant capacity N, the send is reported when a loop without a
//     bound repeats it (a for loop with no condition, a range over a
//     channel such as a ticker's C), or when it is the (N+1)-th of the
//     sends on the field that are statements at the top level of its
//     function's body (all of them run on the path that takes no early
//     return): once the receiving loop has returned, N values fill the
//     buffer and the next send blocks. A send run once per call, by a
//     loop over a slice or with a condition, or on another branch than
//     the others, may fit: silent.
//
//   - range: rangeleak's rule for fields. A goroutine whose loop is a
//     range over a channel field that nothing in the package closes,
//     with no return, break or goto in its body, when the field's type
//     has a method that ends its life (exactly Close, Stop, Shutdown,
//     Quit, Terminate, Halt, Kill, Dispose, Destroy or Teardown, in any
//     case; or a type of the package that embeds it has one) that
//     closes no other channel field the loop could watch (that is the
//     ignored rule): the loop outlives the object. Also
//     when a method of the package waits on a WaitGroup field that the
//     goroutine defers Done on (waitclose's "wait for the producers"
//     shape): that Wait never returns either, and the message names
//     it. A type with neither such a method nor such a Wait may live
//     as long as the process: silent.
//
//   - producer: waitclose's rule for fields. A close of a channel field
//     by a goroutine that sends on it, unconditionally (at the top
//     level of its body, or deferred there) and waiting for nothing
//     first (no receive, select, range over a channel or Wait call
//     before it), when a go statement in a loop starts that goroutine
//     on the same object every iteration (the receiver of go x.m(), or
//     a variable a literal captures, declared before the loop and not
//     assigned in it; the loop does not assign the field). The first
//     producer to finish closes the channel under the others, whose
//     sends then panic. One object per iteration is silent; a
//     receive-only getter does not silence it (no one else can send
//     or close).
//
//   - ticker: a range over the C of a ticker field that the package
//     stops, or a goroutine's loop with no exit that waits on it: Stop
//     does not close C, so the loop never ends.
//
//   - waitgroup: Wait on a WaitGroup field that is added to with a
//     positive count but on which nothing in the package calls Done or
//     Go. Likewise for a local sync.WaitGroup variable every use of
//     which, in the function that declares it and its literals, is a
//     call of its Add (with a positive constant) or Wait: no code can
//     ever call its Done.
//
//   - waitinloop: Wait, in the body of the loop that starts the
//     counted goroutine, when that goroutine's first blocking step (a
//     receive, or a send on an unbuffered channel) can only be
//     completed by what the loop does after the Wait: every send or
//     close (for a receive), or receive (for a send), of the channel is
//     in that loop body after the Wait. The first of them can only run
//     once a Wait has returned, which needs a goroutine to finish
//     first: Wait never returns. The WaitGroup (a local or a field) is
//     used only by positive constant Adds, the Wait and the goroutine's
//     deferred Done; the loop is not inside another loop; the channel
//     is a local made in view or a field in the closed world.
//     Also under this name: Wait in the body of that loop when the
//     whole count was added before the loop (wg.Add(len(items)), or a
//     constant of at least 2) and the loop starts one goroutine per
//     iteration: the first Wait needs every Done, and only one
//     goroutine exists then (a local WaitGroup used only by that Add,
//     the goroutine's deferred Done and the Wait; the count is a
//     constant or the length of what the loop ranges over). These two
//     apply in package main as anywhere else: a Wait that never
//     returns hangs the program there.
//
//   - selfclose: a receive from, or a range over, a channel whose only
//     close is deferred by the function that waits on it, while
//     nothing sends on it: the close runs when that function returns,
//     it cannot return while it waits, and nothing else can wake it.
//     The channel is a local made once in the function, every close of
//     it is "defer close(ch)" in that function, nothing sends on it,
//     and it is not stored, aliased or converted; it may be passed to
//     calls as a receive-only channel (<-chan T), through which no code
//     can send or close. The wait is directly in the function (not in
//     a literal) and outside select. A variable of the function that
//     can hold only that channel (or nil) is the channel: one assigned
//     in a callback the callback's parameter, when the callback is
//     handed to one static call of a function of the package that only
//     calls it, passing its own parameter, which the call binds to the
//     channel. Also a channel field in the closed world that nothing
//     sends on, whose every close is "defer close(x.f)" at the top
//     level of one function F: a receive from x.f (the same x, never
//     assigned in F) that is a statement at the top level of F, with no
//     return before it, blocks every run of F on x.
//
//   - cancel: a context.CancelFunc field, set by context.WithCancel (or
//     WithCancelCause; WithTimeout and WithDeadline end on their own)
//     from a context nobody cancels, that nothing in the package calls
//     before a goroutine's wait for that context ends, while a
//     goroutine waits for it. The field is set directly (ctx, s.cancel
//     = context.WithCancel(parent)) or from a local that is only
//     stored there and called (ctx, cancel := ...; s.cancel = cancel,
//     or T{cancel: cancel}); its calls are those of the field and of
//     the local. The parent is context.Background() or TODO(), or a
//     parameter of the function, assigned only there, that every call
//     of the function passes one of them, when no other code can call
//     the function. The goroutine is one the function starts that
//     receives from ctx.Done(), or one that receives Done of a context
//     field whose only assignment stores ctx. A call of the cancel
//     does not count when it is in a declared function that nothing
//     in the package calls and no other code can (see below), in one
//     whose every reference is a static call from such code, or after
//     the wait, in the waiting function, when the wait is a statement
//     at the top level of its body with no return before it and the
//     function runs only as that goroutine (a go statement's literal,
//     or a function whose only reference is that go statement): the
//     first cancel would need an ended wait, which needs a cancel
//     first. No other code can call a function that is unexported, or
//     in package main, other than main and init, the Test, Benchmark,
//     Fuzz and Example functions of test files, an unexported method
//     whose name an interface of the package declares (it may be
//     called through it), an exported method outside package main,
//     and, in package main, an exported method of a type that may
//     reach an interface (embedded in a struct, a type argument, or a
//     value of the type, or a pointer to it, used as another type than
//     its own: passed to an any parameter, say), through which another
//     package could call it.
//
//     // WRONG: Close does not stop the loop
//     type Indexer struct {
//     reqs  chan string
//     stopc chan struct{}
//     }
//
//     func NewIndexer() *Indexer {
//     ix := &Indexer{reqs: make(chan string), stopc: make(chan struct{})}
//     go ix.loop() // never returns: nothing closes ix.stopc
//     return ix
//     }
//
//     func (ix *Indexer) loop() {
//     for {
//     select {
//     case r := <-ix.reqs:
//     ix.index(r)
//     case <-ix.stopc:
//     return
//     }
//     }
//     }
//
//     func (ix *Indexer) Close() {}
//
//     // RIGHT
//     func (ix *Indexer) Close() { close(ix.stopc) }
//
// The pass is silent on exported fields (other packages may use them),
// on fields whose value escapes as above, on goroutines that run for
// the life of the process, and on loops with an exit it cannot rule
// out (a return, a
// break, a panic, a call that may end the goroutine).
//
// A goroutine runs for the life of the process when it is started by
// an init function, a package-level initializer or through sync.Once,
// or, in package main, when it starts once per process: by main, or
// by a function that main or init reaches through calls each made
// once. A position of package main runs once when it is in main.main,
// init or a package-level initializer; or in a function literal called
// where it is written (f(), go f(), defer f()) or run by sync.Once,
// at a position that runs once; or in a declared function or method
// whose only reference in the package is a static call at a position
// that runs once. Inside a for or range statement (other than its init
// statement or range expression), in a function literal handed to
// other code (a handler, a callback), in a function called from
// several places, or in one nothing calls directly (a function value,
// an interface method, a test), it may run per request: goroutines
// started there are judged as in any package (a function that a table
// of commands runs once, through a function value, is judged so too: a
// goroutine it starts that blocks forever is reported). The unshared,
// selfclose, waitgroup, waitinloop, cancel, exited and producer rules
// apply in package main as they are.
//
// A local channel
// variable whose only assignment reads the field, the channel
// parameter of a package function the field is passed to, and a call
// of a getter are the field: a method without parameters, with one
// channel result, whose every return returns the field, nil, or the
// call of another getter of the field (func (t *T) c() chan X { return
// t.c }; a chain, x.Stopper().ShouldQuiesce(); a nil guard before the
// return). So is a call of an interface method of the package with
// the getter's name, when the getter is the package's only method of
// that name and its type implements the interface (the package's own
// class hierarchy: nothing else can implement an unexported method).
// An exported getter of a receive-only channel is a getter, through
// which others can only receive (so is a method value of it); an
// exported getter of a bidirectional channel makes the field escape,
// and so does an unexported getter used as a method value or
// expression, or that shares its name with another method of the
// package an interface call may reach instead.
//
// Known false negatives: for selfclose, a wait in a callee of the
// function that defers the close (directly or through a function
// value), a channel passed to a call as a bidirectional channel, and a
// field wait below a branch. Interface methods with several
// implementations in the package, and getters of generic types called
// through an interface, are not followed (the field escapes); a field assigned a channel made elsewhere (a local
// variable, a parameter) is out of the model; a positional composite
// literal whose type is elided ([]T{{...}}) in a file that names no
// modelled field is not seen.
//
// Options: -fieldleak.ignore-tests skips _test.go files.
//
// Suppress a report with a "//leakvet:ignore fieldleak <reason>"
// comment on its line or alone on the line above it.
package fieldleak
