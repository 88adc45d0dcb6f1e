// Package exitutil has a helper that ends the process under a name that
// does not say so, and one that returns.
package exitutil

import (
	"fmt"
	"os"
)

// Die prints err and exits.
func Die(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

// Warn prints err.
func Warn(err error) {
	fmt.Fprintln(os.Stderr, err)
}
