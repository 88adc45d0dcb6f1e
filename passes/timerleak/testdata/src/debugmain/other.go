//go:build go1.23

package main

import "time"

// ok: the directive in main.go applies to this file too.
func stop2(t *time.Timer) {
	if !t.Stop() {
		<-t.C
	}
}
