// Package basic covers the recognition of WaitGroup and errgroup calls.
package basic

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

type S struct{ wg sync.WaitGroup }

func F(s *S, pwg *sync.WaitGroup) {
	var wg sync.WaitGroup
	wg.Add(1) // want `add wg in F`
	go func() {
		defer wg.Done() // want `done wg deferred in the function literal in F`
	}()
	s.wg.Add(1)      // want `add s.wg in F`
	s.wg.Done()      // want `done s.wg in F`
	(&wg).Wait()     // want `wait wg in F`
	pwg.Done()       // want `done pwg in F`
	(*pwg).Wait()    // want `wait pwg in F`
	wg.Go(func() {}) // want `go wg in F$`
	for range 2 {
		wg.Go(func() { // want `go wg loops=1 in F`
			wg.Wait() // want `wait wg in the function literal in F$`
		})
	}
	var g errgroup.Group
	g.Go(func() error { return nil }) // want `go g \(errgroup\) in F`
	_ = g.Wait()                      // want `wait g \(errgroup\) in F`
	var m sync.Mutex
	m.Lock()
	m.Unlock()
}

type myWG struct{ sync.WaitGroup }

func Embedded(w *myWG) {
	w.Done() // want `done w in Embedded`
}
