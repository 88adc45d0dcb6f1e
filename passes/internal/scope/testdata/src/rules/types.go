// Package rules has one file per rule of scope: each file is kept for
// the reason its name says, and plain.go for none.
package rules // want "^concurrency$"

import "sync"

// A named channel type: files that use it need no chan keyword.
type Pipe chan int

// ChanOfInt is a constraint whose type set is channels.
type ChanOfInt interface{ ~chan int }

// box holds a channel in a field, so that the files below reach it
// without defining a channel variable.
type box struct {
	p  Pipe
	wg sync.WaitGroup
	sync.WaitGroup
}
