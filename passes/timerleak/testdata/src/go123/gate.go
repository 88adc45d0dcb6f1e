//go:build go1.23

package go123

import "time"

// The safe-reset idiom: a flag cleared in the case that receives from
// the timer gates the drain, so the drain never follows that receive.
func gatedByFlag(events <-chan int, stop <-chan struct{}) {
	timer := time.NewTimer(time.Second)
	timerRunning := true
	for {
		select {
		case <-events:
		case <-timer.C:
			timerRunning = false
		case <-stop:
			return
		}
		if timerRunning && !timer.Stop() {
			<-timer.C
		}
		timer.Reset(time.Second)
		timerRunning = true
	}
}

// The flag is set again without a Reset: after the receive it may be
// true while the timer has fired and been received.
func flagSetTooSoon(events <-chan int, stop <-chan struct{}) {
	timer := time.NewTimer(time.Second)
	timerRunning := true
	for {
		select {
		case <-events:
			timerRunning = true
		case <-timer.C:
			timerRunning = false
		case <-stop:
			return
		}
		if timerRunning && !timer.Stop() {
			<-timer.C // want `blocking drain of timer.C after timer.Stop\(\) can block forever: timer.C may already have been received by the select above`
		}
		timer.Reset(time.Second)
	}
}
