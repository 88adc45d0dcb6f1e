// Package crossfile has findings, and silences, that depend on a
// function declared in a file with no go statement, no channel
// operation and no chan keyword: scope must keep those files, or a
// pass would see less (a lost finding) or, for waitclose, say more (a
// false positive). TestSameResults runs the suite on it with and
// without the filter.
package crossfile

import "sync"

// waitclose: settle, in settle.go, waits on a sync.Cond, so the close
// comes after the producers: silent. Without settle's body waitclose
// would take the call for one that does not wait, and report the close.
func settled() {
	ch := make(chan int, 3)
	for i := 0; i < 3; i++ {
		go func() { ch <- i }()
	}
	settle()
	close(ch)
}

// waitclose: the same without the wait is reported.
func unsettled() {
	ch := make(chan int, 3)
	for i := 0; i < 3; i++ {
		go func() { ch <- i }()
	}
	close(ch)
}

// rangeleak: ignore, in ignore.go, does nothing with its Pipe, so the
// goroutine's range over ch never ends. Without ignore's body the
// channel would be taken as handled there.
func ranged() {
	ch := make(Pipe)
	go func() {
		for range ch {
		}
	}()
	ignore(ch)
	ch <- 1
}

// wgdone: work, in work.go, returns early without Done.
func started(fail bool) {
	var wg sync.WaitGroup
	wg.Add(1)
	go work(&wg, fail)
	wg.Wait()
}
