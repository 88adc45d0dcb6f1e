// Package localwg covers the waitgroup rule on local WaitGroups: Add
// and Wait, and nothing anywhere calls Done or Go.
package localwg

import "sync"

func work() {}

func Run(n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			work()
		}()
	}
	wg.Wait() // want `wg.Wait blocks forever: wg.Add is called but nothing calls wg.Done \(possible goroutine leak\)`
}

func Literal() {
	wg := sync.WaitGroup{}
	wg.Add(2)
	go work()
	go work()
	func() {
		wg.Wait() // want `wg.Wait blocks forever`
	}()
}

// ok: Done in the goroutine.
func Done(n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	wg.Wait()
}

// ok: the address is handed to a helper, which may call Done.
func Handed() {
	var wg sync.WaitGroup
	wg.Add(1)
	go finish(&wg)
	wg.Wait()
}

func finish(wg *sync.WaitGroup) { wg.Done() }

// ok: Done as a method value.
func MethodValue() {
	var wg sync.WaitGroup
	wg.Add(1)
	done := wg.Done
	go func() { done() }()
	wg.Wait()
}

// ok: Add(-1) is a Done.
func Minus() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { wg.Add(-1) }()
	wg.Wait()
}

// ok: a count that is not a constant may be zero.
func Unknown(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	wg.Wait()
}

// ok: Go counts and is done by itself.
func Go() {
	var wg sync.WaitGroup
	wg.Add(1)
	wg.Go(work)
	wg.Done()
	wg.Wait()
}

// ok: a pointer may be shared.
func Pointer(wg *sync.WaitGroup) {
	wg.Add(1)
	wg.Wait()
}

// ok: a global may be done elsewhere.
var global sync.WaitGroup

func Global() {
	global.Add(1)
	global.Wait()
}
