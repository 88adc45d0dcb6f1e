// Package ncast covers n goroutines that send once each to a receiver
// that receives fewer times.
package ncast

func query(string) string { return "" }

func First(replicas []string) string {
	ch := make(chan string)
	for _, r := range replicas {
		go func() {
			ch <- query(r) // want `goroutine may block forever sending on ch: a goroutine is started per loop iteration but First receives only once \(possible goroutine leak\); buffer ch with capacity len\(replicas\)`
		}()
	}
	return <-ch
}

func Counted(n int) string {
	ch := make(chan string)
	for i := 0; i < n; i++ {
		go func() { ch <- query("") }() // want `a goroutine is started per loop iteration but Counted receives only once`
	}
	return <-ch
}

func Three() string {
	ch := make(chan string)
	for i := 0; i < 3; i++ {
		go func() { ch <- query("") }() // want `3 goroutines send on ch but Three receives only twice`
	}
	a := <-ch
	b := <-ch
	return a + b
}

func Two() string {
	ch := make(chan string)
	go func() { ch <- query("a") }() // want `2 goroutines send on ch but Two receives only once`
	go func() { ch <- query("b") }()
	return <-ch
}

// The buffer is too small: 1 slot, 3 senders, 1 receive.
func SmallBuffer() string {
	ch := make(chan string, 1)
	for range 3 {
		go func() { ch <- query("") }() // want `3 goroutines send on ch but SmallBuffer receives only once`
	}
	return <-ch
}

func okBuffered(replicas []string) string {
	ch := make(chan string, len(replicas)) // ok: a slot per goroutine
	for _, r := range replicas {
		go func() { ch <- query(r) }()
	}
	return <-ch
}

func okConstBuffer() string {
	ch := make(chan string, 2) // ok: 3 senders, 1 receive, 2 slots
	for i := 0; i < 3; i++ {
		go func() { ch <- query("") }()
	}
	return <-ch
}

func okRangeInt(n int) string {
	ch := make(chan string, n) // ok: a slot per goroutine
	for range n {
		go func() { ch <- query("") }()
	}
	return <-ch
}

func okAll() string {
	ch := make(chan string)
	go func() { ch <- query("a") }()
	go func() { ch <- query("b") }()
	return <-ch + <-ch // ok: both received
}

// Generic code is checked like any other.
func FirstOf[T any](fs []func() T) T {
	ch := make(chan T)
	for _, f := range fs {
		go func() { ch <- f() }() // want `a goroutine is started per loop iteration but FirstOf receives only once \(possible goroutine leak\); buffer ch with capacity len\(fs\)`
	}
	return <-ch
}

// A slice literal of two: two goroutines, a buffer of two and two
// receives.
func okSliceLiteral(a, b string) (string, string) {
	done := make(chan string, 2)
	for _, r := range []string{a, b} {
		go func() { done <- query(r) }() // ok: one slot per goroutine
	}
	return <-done, <-done
}

// The count of a slice literal also bounds the receives: three
// senders, one slot, one receive.
func SliceLiteralShort(a, b, c string) string {
	ch := make(chan string, 1)
	for _, r := range []string{a, b, c} {
		go func() { ch <- query(r) }() // want `3 goroutines send on ch but SliceLiteralShort receives only once`
	}
	return <-ch
}
