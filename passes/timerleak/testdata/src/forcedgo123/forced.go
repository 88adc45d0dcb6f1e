//go:build go1.22

// Package forcedgo123 is run with -timerleak.semantics=go123: the go1.22
// file is judged by the Go 1.23 rules.
package forcedgo123

import "time"

func stop(t *time.Timer) {
	t.Stop()
	<-t.C // want `blocks forever since Go 1.23`
}

// ok: unstopped timers are collected under Go 1.23 semantics.
func wait(ch chan int) int {
	t := time.NewTimer(time.Second)
	select {
	case <-t.C:
		return 0
	case v := <-ch:
		return v
	}
}
