// Package use sees the summaries of lib through facts.
package use

import "lib"

// summary: ch#0(sends 1..2)
func reply(ch chan error, err error) {
	lib.Reply(ch, err)
}

// summary: ch#0(recvs 0..loop,drains)
func drainAll(ch chan int) {
	lib.Drain(ch)
}
