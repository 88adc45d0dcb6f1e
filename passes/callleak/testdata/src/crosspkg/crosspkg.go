// Package crosspkg uses worklib's Pool: its start and stop methods,
// its constructor and its methods that keep the receiver or not come
// from facts.
package crosspkg

import (
	"errors"

	"worklib"
)

func Run(n int) error {
	p := worklib.New()
	p.Start() // want `p.Start starts a goroutine that only p.Stop ends, but Run can return without calling it`
	if p.Size() < n {
		return errors.New("small")
	}
	p.Stop()
	return nil
}

func okRun() {
	p := worklib.New()
	p.Start() // ok
	defer p.Stop()
}

func okShared() {
	p := worklib.Shared()
	p.Start() // ok: not a new value
}

func okPublished() {
	p := worklib.New()
	p.Start() // ok: Publish keeps it
	p.Publish()
}
