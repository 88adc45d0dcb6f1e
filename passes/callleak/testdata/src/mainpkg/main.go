package main

type server struct{ quit chan struct{} }

func (s *server) start() { go func() { <-s.quit }() }

func (s *server) stop() { close(s.quit) }

func main() {
	s := &server{quit: make(chan struct{})}
	s.start() // ok: the process ends with main
}

func helper() {
	s := &server{quit: make(chan struct{})}
	s.start() // want `s.start starts a goroutine that only s.stop ends`
}
