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

// ok: a loop of a fixed number of iterations leaves at most that many
// timers, each collected when it fires.
func afterInFixedLoop(l chan int) {
	fixtures := []int{1, 2, 3}
	for range fixtures {
		select {
		case <-l:
		case <-time.After(time.Second):
			return
		}
	}
	for i := 0; i < 3; i++ {
		select {
		case <-l:
		case <-time.After(time.Second):
			return
		}
	}
}

// A slice that grows has no fixed length.
func afterInGrowingLoop(l chan int, more []int) {
	fixtures := []int{1, 2, 3}
	fixtures = append(fixtures, more...)
	for range fixtures {
		select {
		case <-l:
		case <-time.After(time.Second): // want `time.After in a loop leaves a running timer behind each time another case is taken`
			return
		}
	}
}
