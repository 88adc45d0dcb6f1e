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

func Tick(n int) error {
	t := worklib.NewTicker()
	t.Start() // want `t.Start starts a goroutine that only t.Close ends, but Tick can return without calling it`
	if n < 0 {
		return errors.New("negative")
	}
	t.Close()
	return nil
}

func okTick() {
	t := worklib.NewTicker()
	t.Start() // ok: closed on return
	defer t.Close()
}

func Lazy(n int) error {
	l := worklib.NewLazy()
	l.Start() // want `l.Start may start a goroutine that only l.Stop ends, but Lazy can return without calling it`
	if n < 0 {
		return errors.New("negative")
	}
	l.Stop()
	return nil
}

func okLazy() {
	l := &worklib.Lazy{}
	l.Start() // ok: stopped on every path
	l.Stop()
}

func Serve(n int) error {
	s := worklib.NewServer()
	if err := s.Start(); err != nil { // want `s.Start starts a goroutine that only s.Close ends, but Serve can return without calling it`
		return err
	}
	if n < 0 {
		return errors.New("negative")
	}
	s.Close()
	return nil
}

func okServe() error {
	s := worklib.NewServer()
	if err := s.Start(); err != nil { // ok: returns only when the start failed
		return err
	}
	defer s.Close()
	return nil
}

func Watch(n int) error {
	w := worklib.NewWatcher() // want `worklib.NewWatcher starts a goroutine that only w.Close ends, but Watch can return without calling it`
	if n < 0 {
		return errors.New("negative")
	}
	w.Close()
	return nil
}

func okWatch() {
	w := worklib.NewWatcher() // ok: closed on return
	defer w.Close()
}

func Talk(addr string, n int) error {
	c, err := worklib.Dial(addr) // want `worklib.Dial starts a goroutine that only c.Close ends, but Talk can return without calling it`
	if err != nil {
		return err // ok: nothing started
	}
	if n < 0 {
		return errors.New("negative")
	}
	c.Close()
	return nil
}

func okTalk(addr string) error {
	c, err := worklib.Dial(addr) // ok: closed once dialled
	if err != nil {
		return err
	}
	defer c.Close()
	return nil
}

func okTalkUntested(addr string) {
	c, _ := worklib.Dial(addr) // ok: the error is not tested: not followed
	_ = c
}
