// Package halt is a dependency of the robustness fixtures that is not
// analysed: the suite reads these bodies from source to decide whether
// a call of them returns. It covers the shapes the reader resolves:
// same-file helpers, parameters, fields, methods of generic types,
// recursion, function values, labels and goto.
package halt

import (
	"fmt"
	"os"
	"testing"
)

// MustFail ends the test.
func MustFail(t testing.TB, msg string) {
	t.Helper()
	fail(t, msg)
}

func fail(t testing.TB, msg string) { t.Fatalf("%s", msg) }

// Stop ends the process on every path.
func Stop(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// Check returns when err is nil.
func Check(err error) {
	if err != nil {
		os.Exit(1)
	}
}

// Fatal prints and returns.
func Fatal(msg string) { fmt.Println(msg) }

// Spin loops, with a label and a goto, until it exits.
func Spin(n int) {
loop:
	for i := 0; ; i++ {
		switch {
		case i > n:
			break loop
		case i%2 == 0:
			continue
		}
	}
	goto end
end:
	panic(n)
}

// Ping and Pong call each other.
func Ping(n int) {
	if n > 0 {
		Pong(n - 1)
	}
	os.Exit(n)
}

// Pong calls Ping.
func Pong(n int) { Ping(n) }

var hook = func() {}

// Exit calls a function value.
func Exit() { hook() }

// A Box holds a test.
type Box[T any] struct {
	t testing.TB
	v T
}

// Abort ends the test held in the field.
func (b *Box[T]) Abort() { b.t.FailNow() }

// Keep returns.
func (b Box[T]) Keep() { _ = b.v }

// Run calls f, and then never returns.
func Run(f func()) {
	f()
	defer fmt.Println("unreachable")
	func() { os.Exit(2) }()
	select {}
}
