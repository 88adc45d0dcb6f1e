// Package forcedpre123 is run with -timerleak.semantics=pre123: the file
// has no Go version, yet is judged by the pre-1.23 rules.
package forcedpre123

import "time"

// ok: the documented drain.
func stop(t *time.Timer) {
	if !t.Stop() {
		<-t.C
	}
}

func wait(ch chan int) int {
	t := time.NewTimer(time.Second) // want `timer t is not stopped on all paths`
	select {
	case <-t.C:
		return 0
	case v := <-ch:
		return v
	}
}
