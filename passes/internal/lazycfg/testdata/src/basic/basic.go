// Package basic covers the no-return inference of lazycfg: the builtin
// panic, calls within the package (recursion included), the standard
// library's list, the name rule for other packages, and literals. The
// probe reports "noreturn" on each function whose graph has no
// reachable return.
package basic

import (
	"log"
	"os"
	"testing"

	"halt"
	"go.uber.org/zap"
	"lib"
)

func panics() { panic("x") } // want `noreturn panics`

func callsPanics() { panics() } // want `noreturn callsPanics`

func mayPanic(b bool) { // ok: returns when !b
	if b {
		panics()
	}
}

func callsMayPanic() { mayPanic(true) } // ok: mayPanic may return

// ping and pong form a cycle that never returns: ping exits after pong,
// and pong never returns because ping does not. Whichever is asked
// first, both are solved together.
func ping(n int) { // want `noreturn ping`
	if n > 0 {
		pong(n)
	}
	os.Exit(0)
}

func pong(n int) { ping(n - 1) } // want `noreturn pong`

func callsPong() { pong(1) } // want `noreturn callsPong`

// loopA and loopB only call each other: taken as returning (the least
// fixed point), as ctrlflow does.
func loopA() { loopB() } // ok: no call surely ends the cycle

func loopB() { loopA() } // ok: no call surely ends the cycle

func selfExit(n int) { // want `noreturn selfExit`
	if n > 0 {
		selfExit(n - 1)
	}
	os.Exit(1)
}

func selfFatal(n int) { // ok: the recursive call is assumed to return
	if n == 0 {
		log.Fatal("x")
	}
	selfFatal(n - 1)
}

func exits() { os.Exit(1) } // want `noreturn exits`

func fatal() { log.Fatal("x") } // want `noreturn fatal`

func fatalf() { log.Fatalf("%d", 1) } // want `noreturn fatalf`

func logPanicln() { log.Panicln("x") } // want `noreturn logPanicln`

func loggerFatal(l *log.Logger) { l.Fatalln("x") } // want `noreturn loggerFatal`

func tFatal(t *testing.T) { t.Fatal("x") } // want `noreturn tFatal`

func bSkipNow(b *testing.B) { b.SkipNow() } // want `noreturn bSkipNow`

func fFailNow(f *testing.F) { f.FailNow() } // want `noreturn fFailNow`

func tbFatalf(tb testing.TB) { tb.Fatalf("%d", 1) } // want `noreturn tbFatalf`

func tbError(tb testing.TB) { tb.Error("x") } // ok: Error returns

func tLog(t *testing.T) { t.Log("x") } // ok: Log returns

// helper embeds testing.TB: the call is still TB's Fatal.
type helper struct{ testing.TB }

func (h helper) stop() { h.Fatal("x") } // want `noreturn stop`

func fatalLate(err error) { // ok: returns early when err is nil
	if err == nil {
		return
	}
	log.Fatal(err)
}

func zapFatal(l *zap.Logger) { l.Fatal("x") } // want `noreturn zapFatal`

func zapInfo(l *zap.Logger) { l.Info("x") } // ok: not listed

func libFatal() { lib.Fatal("x") } // want `noreturn libFatal`

func libExit() { lib.Exit() } // want `noreturn libExit`

func libFatalf(t lib.T) { t.Fatalf("x") } // want `noreturn libFatalf`

func libGoexit(t *lib.T) { t.Goexit() } // want `noreturn libGoexit`

func libFatalish() { lib.Fatalish() } // ok: the name does not say so

func libLogger(l lib.Logger) { l.Fatal("x") } // ok: interface method, any implementation

// The helpers of package halt: known through their NoReturnFact.

func haltDie() { halt.Die("x") } // want `noreturn haltDie`

func haltCheck(err error) { halt.Check(err) } // want `noreturn haltCheck`

func haltAbort() { halt.Abort(1) } // want `noreturn haltAbort`

func haltQuit(e halt.Exiter) { e.Quit() } // want `noreturn haltQuit`

func haltDieUnless() { halt.DieUnless(false) } // ok: DieUnless may return

func haltEither() { halt.Either(true) } // ok: Either has no fact (no graph was built)

func haltLog() { halt.Log("x") } // ok: Log returns

func haltSpin() { halt.Spin() } // ok: Spin is taken as returning

// Fatal is declared in this package: its body, which returns, decides.
func Fatal(args ...any) {}

func callsOwnFatal() { Fatal("x") } // ok: this package's Fatal returns

var dynamic func()

func callsDynamic() { dynamic() } // ok: dynamic call

type S struct{}

func (S) die() { panic(1) } // want `noreturn die`

func callsDie(s S) { s.die() } // want `noreturn callsDie`

func gen[T any](T) { panic(0) } // want `noreturn gen`

func callsGen() { gen(1) } // want `noreturn callsGen`

type G[T any] struct{}

func (G[T]) die() { os.Exit(2) } // want `noreturn die`

func callsGDie(g G[int]) { g.die() } // want `noreturn callsGDie`

func afterExit() { // ok: the literal's exit does not end afterExit
	f := func() { os.Exit(1) } // want `noreturn literal`
	_ = f
}

var _ = func() { callsPong() } // want `noreturn literal`

var _ = func() { mayPanic(false) } // ok: mayPanic may return

func bodyless() // ok: no body, no graph
