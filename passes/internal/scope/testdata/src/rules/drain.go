package rules // want "^concurrency timer$"

// A timer from elsewhere, in a file that does not import time.
func _(c *clock) {
	if !c.t.Stop() {
		<-c.t.C
	}
}
