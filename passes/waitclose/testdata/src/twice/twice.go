// Package twice covers a close that can run twice on one path.
package twice

func step() error { return nil }

func deferAndExplicit() error {
	ch := make(chan int)
	defer close(ch)
	if err := step(); err != nil {
		close(ch) // want `ch may be closed twice on one path \(close of a closed channel panics\)`
		return err
	}
	return nil
}

func sequence(ch chan int) {
	close(ch)
	if step() != nil {
		return
	}
	close(ch) // want `ch may be closed twice on one path`
}

func inLoop(ch chan int, n int) {
	for i := 0; i < n; i++ {
		close(ch) // want `ch may be closed twice on one path`
	}
}

// Silent shapes.

func exclusive(ch chan int) error {
	if err := step(); err != nil {
		close(ch) // ok: this path returns
		return err
	}
	close(ch)
	return nil
}

func guarded(ch chan int, n int) {
	closed := false // ok: the flag guards the second close
	for i := 0; i < n; i++ {
		if !closed {
			close(ch)
			closed = true
		}
	}
}

func idempotent(ch chan struct{}, n int) {
	for i := 0; i < n; i++ { // ok: the select tests whether ch is closed
		select {
		case <-ch:
		default:
			close(ch)
		}
	}
}

func nilled(ch chan int, n int) {
	for i := 0; i < n; i++ { // ok: ch is set to nil after the close
		if ch != nil {
			close(ch)
			ch = nil
		}
	}
}

func perIteration(chs []chan int) {
	for _, ch := range chs { // ok: a different channel each iteration
		close(ch)
	}
}

func madePerIteration(n int) {
	for i := 0; i < n; i++ {
		ch := make(chan int) // ok: a new channel each iteration
		close(ch)
	}
}

func loopThenReturn(ch chan int, n int) {
	for i := 0; i < n; i++ {
		if i == 3 {
			close(ch) // ok: returns right after
			return
		}
	}
}

func deferOnce() {
	ch := make(chan int) // ok: one deferred close
	defer close(ch)
	_ = step()
}

func counted(tick chan int, cancel chan struct{}, n int) {
	ticks := 0 // ok: the condition holds on one iteration only (from net tests)
	for range tick {
		ticks++
		if ticks == n {
			close(cancel)
		}
	}
}

func caseInLoop(lines chan string, trigger chan struct{}) {
	for line := range lines { // ok: the case guards the close (from net/http/httputil tests)
		switch {
		case line == "":
			return
		case line == "first":
			close(trigger)
		}
	}
}

func selectCaseInLoop(tick, quit chan int, done chan struct{}) {
	for { // ok: the select case guards the close
		select {
		case <-tick:
			close(done)
		case <-quit:
			return
		}
	}
}

func unguardedAfterGuard(ch chan int, ok bool) {
	if ok {
		close(ch)
	}
	close(ch) // want `ch may be closed twice on one path`
}

// ok: every way back to the close sends on the closed channel first,
// which panics: the close cannot run twice (the missing return is a
// bug of its own, a send on a closed channel).
func sendBeforeClose(frames <-chan any) {
	errCh := make(chan error, 1)
	go func() {
		for f := range frames {
			switch f.(type) {
			case int:
				return
			default:
				errCh <- nil
				close(errCh)
			}
		}
	}()
	<-errCh
}

// Without the send, the loop closes again.
func closeInLoop(frames <-chan any) {
	errCh := make(chan error, 1)
	go func() {
		for f := range frames {
			switch f.(type) {
			case int:
				return
			default:
				close(errCh) // want `errCh may be closed twice on one path`
			}
		}
	}()
	<-errCh
}

// A goto back over the only close runs it twice on one path.
func closeAgainByGoto(n int) {
	ch := make(chan int)
	i := 0
again:
	close(ch) // want `ch may be closed twice on one path`
	i++
	if i < n {
		goto again
	}
}

// A goto that jumps forward over the only close does not.
func gotoForward(fail bool) {
	ch := make(chan int)
	if fail {
		goto out
	}
	close(ch) // ok: one close, no path back to it
out:
	_ = ch
}

// One deferred close in a loop is deferred once per iteration.
func deferInLoop(n int) {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		defer close(ch) // want `ch may be closed twice on one path`
	}
}
