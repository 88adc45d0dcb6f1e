// Package halt has helpers that end the process under names the name
// rule does not know. lazycfg exports a NoReturnFact for the exported
// ones whose graph has no reachable return, and only for those.
package halt

import (
	"fmt"
	"os"
)

func Die(msg string) { // want Die:"noReturn"
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(2)
}

// Check ends with a call of Die, a function of this package that ends
// with a call that never returns.
func Check(err error) { // want Check:"noReturn"
	if err != nil {
		fmt.Println(err)
	}
	Die("check")
}

// DieUnless ends with a call that never returns, but may return first.
func DieUnless(ok bool) {
	if ok {
		return
	}
	os.Exit(1)
}

// Abort panics.
func Abort(v any) { // want Abort:"noReturn"
	panic(v)
}

// Exiter's Quit never returns.
type Exiter struct{}

func (Exiter) Quit() { // want Quit:"noReturn"
	die("quit")
}

// die never returns but is not exported: no fact.
func die(msg string) {
	Die(msg)
}

// Either never returns, but by exiting in both branches of an if: its
// body does not end with a call, so no graph is built and it gets no
// fact. Its callers in other packages take it as returning.
func Either(b bool) {
	if b {
		os.Exit(1)
	} else {
		os.Exit(2)
	}
}

// Log ends with a call that returns.
func Log(msg string) {
	fmt.Println(msg)
}

// Spin calls itself: a cycle with no way out is taken as returning.
func Spin() {
	Spin()
}
