// Package failing holds constructors that start a goroutine and can
// then fail: on the failing path the value is dropped, and nothing
// else can stop its goroutine.
package failing

import "errors"

var errBad = errors.New("bad")

type Server struct {
	reqs chan int
	quit chan struct{}
}

func (s *Server) run() {
	for {
		select {
		case r := <-s.reqs:
			_ = r
		case <-s.quit:
			return
		}
	}
}

func (s *Server) Close() { close(s.quit) }

func (s *Server) Do(r int) {
	select {
	case s.reqs <- r:
	case <-s.quit:
	}
}

func (s *Server) start() { go s.run() }

func check(n int) error {
	if n < 0 {
		return errBad
	}
	return nil
}

// New starts the loop, then fails without stopping it.
func New(n int) (*Server, error) {
	s := &Server{reqs: make(chan int), quit: make(chan struct{})}
	go s.run() // want `New starts a goroutine that only s.Close ends, but can return an error without s \(possible goroutine leak\); call s.Close before each return that does not return s`
	if err := check(n); err != nil {
		return nil, err
	}
	return s, nil
}

// NewStart starts it through a start method, then fails.
func NewStart(n int) (*Server, error) {
	s := &Server{reqs: make(chan int), quit: make(chan struct{})}
	s.start() // want `s.start starts a goroutine that only s.Close ends, but NewStart can return without calling it \(possible goroutine leak\); call s.Close before each return that does not return s`
	if n > 10 {
		return nil, errBad
	}
	return s, nil
}

// okClosed stops the loop on the failing path.
func okClosed(n int) (*Server, error) {
	s := &Server{reqs: make(chan int), quit: make(chan struct{})}
	go s.run()
	if err := check(n); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// okStartClosed stops it on the failing path, after a start method.
func okStartClosed(n int) (*Server, error) {
	s := &Server{reqs: make(chan int), quit: make(chan struct{})}
	s.start()
	if err := check(n); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// okDeferred stops it in a deferred function on failure.
func okDeferred(n int) (_ *Server, err error) {
	s := &Server{reqs: make(chan int), quit: make(chan struct{})}
	s.start()
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	if err := check(n); err != nil {
		return nil, err
	}
	return s, nil
}

// okFailsFirst fails before it starts anything.
func okFailsFirst(n int) (*Server, error) {
	if err := check(n); err != nil {
		return nil, err
	}
	s := &Server{reqs: make(chan int), quit: make(chan struct{})}
	go s.run()
	return s, nil
}

// okWithErr hands the value to the caller with the error.
func okWithErr(n int) (*Server, error) {
	s := &Server{reqs: make(chan int), quit: make(chan struct{})}
	s.start()
	if err := check(n); err != nil {
		return s, err
	}
	return s, nil
}

var last *Server

// okKept keeps the value where others can stop it.
func okKept(n int) (*Server, error) {
	s := &Server{reqs: make(chan int), quit: make(chan struct{})}
	s.start()
	if err := check(n); err != nil {
		last = s
		return nil, err
	}
	return s, nil
}

// okNoError cannot fail: the caller owns the goroutine.
func okNoError() *Server {
	s := &Server{reqs: make(chan int), quit: make(chan struct{})}
	go s.run()
	return s
}
