// Package basic covers goroutine literals that call wg.Done explicitly:
// flagged when a path skips it, silent when every path calls it, when it
// is deferred, or when the WaitGroup is handed over.
package basic

import (
	"errors"
	"exitutil"
	"log"
	"os"
	"sync"
)

func step() error { return nil }
func finish()     {}

func earlyReturn() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `wg.Done is not called on all paths of this goroutine \(wg.Wait may block forever\): defer wg.Done\(\) at the top`
		if err := step(); err != nil {
			log.Print(err)
			return
		}
		finish()
		wg.Done()
	}()
	wg.Wait()
}

func doneOnlyInBranch(ok bool) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `wg.Done is not called on all paths`
		if ok {
			wg.Done()
		}
	}()
	wg.Wait()
}

func selectCase(ch chan int, quit chan struct{}) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `wg.Done is not called on all paths`
		select {
		case v := <-ch:
			_ = v
			wg.Done()
		case <-quit:
		}
	}()
	wg.Wait()
}

type server struct{ wg sync.WaitGroup }

func (s *server) serve(conns []int) {
	for range conns {
		s.wg.Add(1)
		go func() { // want `s.wg.Done is not called on all paths of this goroutine \(s.wg.Wait may block forever\): defer s.wg.Done\(\) at the top`
			if err := step(); err != nil {
				return
			}
			s.wg.Done()
		}()
	}
	s.wg.Wait()
}

func everyPath() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: every path calls Done
		if err := step(); err != nil {
			wg.Done()
			return
		}
		finish()
		wg.Done()
	}()
	wg.Wait()
}

func deferred() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: deferred
		defer wg.Done()
		if step() != nil {
			return
		}
	}()
	wg.Wait()
}

func deferredInLiteral() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: Done deferred through a literal
		defer func() { wg.Done() }()
		if step() != nil {
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func handOver(f func(*sync.WaitGroup)) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: the WaitGroup is handed to f on the early path
		if step() != nil {
			f(&wg)
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func panics() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: the other paths never return
		switch err := step(); {
		case errors.Is(err, os.ErrNotExist):
			panic(err)
		case err != nil:
			log.Fatal(err)
		}
		wg.Done()
	}()
	wg.Wait()
}

// exitutil.Die never returns: lazycfg knows it through its fact, so the
// return after it is unreachable.
func crossPackageExit() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: the path through exitutil.Die ends the process
		if err := step(); err != nil {
			exitutil.Die(err)
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func crossPackageWarn() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `wg.Done is not called on all paths of this goroutine`
		if err := step(); err != nil {
			exitutil.Warn(err)
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func loopForever(ch chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: the only way out calls Done
		for {
			if v := <-ch; v == 0 {
				wg.Done()
				return
			}
		}
	}()
	wg.Wait()
}

func noDoneAtAll() {
	var wg sync.WaitGroup
	go func() { // ok: this goroutine does not call Done
		wg.Wait()
	}()
}

func suppressed() {
	var wg sync.WaitGroup
	wg.Add(1)
	//leakvet:ignore wgdone the other path ends the process through a hook
	go func() {
		if step() != nil {
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func perItem(reqs chan bool) {
	var wg sync.WaitGroup
	wg.Add(10)
	for range 4 {
		go func() { // ok: Done per item, the loop ends when reqs is closed (from net/http tests)
			for range reqs {
				if step() != nil {
					wg.Done()
					continue
				}
				wg.Done()
			}
		}()
	}
	for range 10 {
		reqs <- true
	}
	wg.Wait()
}

func selectLoop(c chan int, n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: a select without default always takes a case (from runtime tests)
		for i := 0; i < n; i++ {
			select {
			case c <- 0:
			case <-c:
			}
		}
		wg.Done()
	}()
	wg.Wait()
}

func twiceInSequence() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // ok: two Done calls, the goroutine holds two counts
		if step() != nil {
			return
		}
		wg.Done()
		wg.Done()
	}()
	wg.Wait()
}

func addMinusOne() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: the early path decrements with Add(-1)
		if step() != nil {
			wg.Add(-1)
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func blocksForever(ok bool) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: the other path blocks forever, it never returns
		if !ok {
			select {}
		}
		wg.Done()
	}()
	wg.Wait()
}
