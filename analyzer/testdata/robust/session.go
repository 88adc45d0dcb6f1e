// Odd shapes for the rules added on the held-out bugs: lock helpers
// found by their summaries, locks retaken after a release, literals
// that lock captured mutexes, conditional helpers whose results are
// dropped, stop values sent on fields, and Waits after a whole count.
package robust

import (
	"errors"
	"sync"
	"time"
)

type session struct {
	mu     sync.RWMutex
	other  sync.Mutex
	closed bool
	status chan chan int
	stop   chan struct{}
	n      int
}

func (s *session) lockUntilClosed() {
	for {
		s.mu.Lock()
		if s.closed {
			break
		}
		s.mu.Unlock()
	}
}

func (s *session) retake() {
	s.mu.Unlock()
	s.mu.Lock()
}

func (s *session) tryHold() error {
	s.mu.Lock()
	if s.n == 0 {
		return nil
	}
	s.mu.Unlock()
	return errors.New("busy")
}

func (s *session) chain() {
	s.lockUntilClosed()
	s.other.Lock()
	s.retake()
	s.other.Unlock()
	s.tryHold()
	f := func() { s.lockUntilClosed(); s.retake() }
	f()
	go func() {
		s.mu.RLock()
		if s.closed {
			return
		}
		s.mu.RUnlock()
	}()
	time.AfterFunc(time.Second, func() {
		s.mu.Lock()
		s.mu.Lock()
		s.mu.Unlock()
	})
}

func (s *session) loop() {
	for {
		select {
		case c := <-s.status:
			c <- s.n
		case <-s.stop:
			return
		}
	}
}

func (s *session) ask() int {
	c := make(chan int)
	s.status <- c
	return <-c
}

func (s *session) halt() {
	s.stop <- struct{}{}
	go s.loop()
}

func waits(xs []int, m map[int]int) {
	var wg sync.WaitGroup
	wg.Add(len(xs))
	for range xs {
		go func() { defer wg.Done() }()
		wg.Wait()
	}
	var wg2 sync.WaitGroup
	wg2.Add(len(m))
	for i := 0; i < len(m); i++ {
		go func() { defer wg2.Done() }()
		wg2.Wait()
	}
	var wg3 sync.WaitGroup
	wg3.Add(2)
	for {
		go func() { defer wg3.Done() }()
		wg3.Wait()
		break
	}
}
