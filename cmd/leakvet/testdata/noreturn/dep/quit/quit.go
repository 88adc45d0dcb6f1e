// Package quit ends the process.
package quit

import "os"

// Now exits with code, through an unexported helper.
func Now(code int) {
	exit(code)
}

func exit(code int) {
	os.Exit(code)
}
