// Package halt is a dependency of the app module (by a replace
// directive): helpers that never return under names that do not say so,
// and twins that return. leakvet does not analyse this module when it
// runs on the app; it reads these bodies from source on demand.
package halt

import (
	"fmt"
	"os"
	"testing"

	"example.com/dep/quit"
)

// MustFail ends the test, through a helper of this file.
func MustFail(t testing.TB, msg string) {
	t.Helper()
	fail(t, msg)
}

func fail(t testing.TB, msg string) {
	t.Fatalf("%s", msg)
}

// Note logs msg and returns.
func Note(t testing.TB, msg string) {
	t.Helper()
	t.Log(msg)
}

// Stop ends the process, on both branches.
func Stop(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// Check ends the process only when err is not nil.
func Check(err error) {
	if err != nil {
		os.Exit(1)
	}
}

// Leave ends the process through another package of the module.
func Leave(code int) {
	quit.Now(code)
}

// Fatal is named as a fatal logger is, but only prints and returns:
// its body wins over its name.
func Fatal(msg string) {
	fmt.Println(msg)
}

// A Reporter reports through the test it holds.
type Reporter struct {
	t testing.TB
}

// NewReporter returns a Reporter for t.
func NewReporter(t testing.TB) *Reporter {
	return &Reporter{t: t}
}

// Abort ends the test: t.Fatal through a field.
func (r *Reporter) Abort(msg string) {
	r.t.Fatal(msg)
}

// Warn logs and returns.
func (r *Reporter) Warn(msg string) {
	r.t.Log(msg)
}

// Forever calls itself: a cycle with no way out is taken as returning.
func Forever() {
	Forever()
}

// hook is a function value: a call of it cannot be resolved.
var hook = func() {}

// Hook calls the hook.
func Hook() {
	hook()
}
