//go:build go1.22

package pre123

import "time"

// ok: a package named pre123 has no main.main; this main is an ordinary
// function and is checked.
func main() {
	_ = time.Tick(time.Second) // want `time.Tick leaks its ticker when main returns`
}
