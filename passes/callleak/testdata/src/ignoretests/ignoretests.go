package ignoretests

type server struct{ quit chan struct{} }

func (s *server) start() { go func() { <-s.quit }() }

func (s *server) stop() { close(s.quit) }

func run() {
	s := &server{quit: make(chan struct{})}
	s.start() // want `s.start starts a goroutine that only s.stop ends`
}
