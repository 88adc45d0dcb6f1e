//go:build go1.22

package pre123

import (
	"os"
	"time"
)

func work() {}

// ok: every other case leaves the loop, so at most one timer is left
// behind, as with a select outside any loop.
func afterOtherReturns(quit chan bool) {
	for {
		select {
		case <-time.After(time.Second):
			work()
		case <-quit:
			return
		}
	}
}

// ok: the same with a labelled break, an if whose branches both leave,
// and a call that never returns.
func afterOtherBreaks(quit chan bool, ch chan int) {
loop:
	for {
		select {
		case <-time.After(time.Second):
			work()
		case <-quit:
			break loop
		case v := <-ch:
			if v > 0 {
				return
			} else {
				os.Exit(1)
			}
		}
	}
}

// An unlabelled break leaves only the select: the loop goes on.
func afterOtherBreaksSelect(quit chan bool) {
	for {
		select {
		case <-time.After(time.Second): // want `time.After in a loop leaves a running timer behind each time another case is taken`
			work()
		case <-quit:
			break
		}
	}
}

// One other case leaves the loop, another continues it.
func afterOneContinues(quit chan bool, ch chan int) {
	for {
		select {
		case <-time.After(time.Second): // want `time.After in a loop leaves a running timer behind each time another case is taken`
			work()
		case <-quit:
			return
		case v := <-ch:
			if v > 0 {
				return
			}
		}
	}
}
