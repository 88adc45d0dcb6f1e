// Package fields covers WaitGroups held in struct fields: the rule is
// the same as for a local WaitGroup, keyed by the receiver's text.
package fields

import "sync"

func step() error { return nil }

type Server struct {
	wg   sync.WaitGroup
	errs []error
}

// A method starts a counted literal whose error path skips Done.
func (s *Server) Start() {
	s.wg.Add(1)
	go func() { // want `s.wg.Done is not called on all paths of this goroutine \(s.wg.Wait may block forever\)`
		if err := step(); err != nil {
			s.errs = append(s.errs, err)
			return
		}
		s.wg.Done()
	}()
}

func (s *Server) Close() { s.wg.Wait() }

// A method started as a goroutine.
func (s *Server) Serve() {
	s.wg.Add(1)
	go s.loop()
}

func (s *Server) loop() { // want `s.wg.Done is not called on all paths of this goroutine`
	for {
		if step() != nil {
			return
		}
		if len(s.errs) > 3 {
			break
		}
	}
	s.wg.Done()
}

// An embedded struct holds the WaitGroup.
type group struct{ wg sync.WaitGroup }

type Outer struct {
	group
	n int
}

func (o *Outer) Run() {
	o.wg.Add(1)
	go func() { // want `o.wg.Done is not called on all paths of this goroutine`
		if o.n == 0 {
			return
		}
		o.wg.Done()
	}()
	o.wg.Wait()
}

// A generic type.
type Batch[T any] struct {
	wg    sync.WaitGroup
	items []T
}

func (b *Batch[T]) Run(f func(T) bool) {
	for _, it := range b.items {
		b.wg.Add(1)
		go func() { // want `b.wg.Done is not called on all paths of this goroutine`
			if !f(it) {
				return
			}
			b.wg.Done()
		}()
	}
	b.wg.Wait()
}

// ok: Done deferred.
func (s *Server) Deferred() {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if step() != nil {
			return
		}
	}()
}

// ok: the WaitGroup's address is handed over on the path that skips
// the explicit Done.
func (s *Server) Handed() {
	s.wg.Add(1)
	go func() {
		if step() != nil {
			finish(&s.wg)
			return
		}
		s.wg.Done()
	}()
}

func finish(wg *sync.WaitGroup) { wg.Done() }

// ok: the goroutine adjusts the count itself.
func (s *Server) Adjusted() {
	s.wg.Add(1)
	go func() {
		if step() != nil {
			s.wg.Add(-1)
			return
		}
		s.wg.Done()
	}()
}

// ok: Done on every path.
func (s *Server) Every() {
	s.wg.Add(1)
	go func() {
		if step() != nil {
			s.wg.Done()
			return
		}
		s.wg.Done()
	}()
}

// ok: a helper of the package calls Done on the same field, through
// its own receiver, on the path without the explicit Done.
func (s *Server) finish() { s.wg.Done() }

func (s *Server) Helped() {
	s.wg.Add(1)
	go func() {
		if step() != nil {
			s.finish()
			return
		}
		s.wg.Done()
	}()
}

// ok: the helper calls another helper that defers Done in a literal.
func (s *Server) cleanup() { s.release() }

func (s *Server) release() {
	func() {
		defer s.wg.Done()
	}()
}

func (s *Server) Helped2() {
	s.wg.Add(1)
	go func() {
		if step() != nil {
			s.cleanup()
			return
		}
		s.wg.Done()
	}()
}

// A helper that touches another WaitGroup field does not count.
type Two struct {
	a, b sync.WaitGroup
}

func (t *Two) doneB() { t.b.Done() }

func (t *Two) Run() {
	t.a.Add(1)
	t.b.Add(1)
	go func() { // want `t.a.Done is not called on all paths of this goroutine`
		if step() != nil {
			t.doneB()
			return
		}
		t.a.Done()
		t.b.Done()
	}()
	t.a.Wait()
	t.b.Wait()
}
