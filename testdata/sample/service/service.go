// Package service holds long-lived objects whose goroutines leak
// through their fields, next to a twin with a complete lifecycle.
package service

// Indexer's loop exits only on stopc, which Close forgets to close.
type Indexer struct {
	reqs  chan string
	stopc chan struct{}
}

// NewIndexer starts the indexer's loop.
func NewIndexer() *Indexer {
	ix := &Indexer{reqs: make(chan string), stopc: make(chan struct{})}
	go ix.loop() // leakvet:want fieldleak
	return ix
}

func (ix *Indexer) loop() {
	for {
		select {
		case r := <-ix.reqs:
			_ = r
		case <-ix.stopc:
			return
		}
	}
}

// Add indexes s.
func (ix *Indexer) Add(s string) {
	select {
	case ix.reqs <- s:
	case <-ix.stopc:
	}
}

// Close is meant to stop the loop, but does not.
func (ix *Indexer) Close() {}

// Store has the complete lifecycle: Close closes stopc.
type Store struct {
	reqs  chan string
	stopc chan struct{}
}

// NewStore starts the store's loop.
func NewStore() *Store {
	s := &Store{reqs: make(chan string), stopc: make(chan struct{})}
	go s.loop()
	return s
}

func (s *Store) loop() {
	for {
		select {
		case r := <-s.reqs:
			_ = r
		case <-s.stopc:
			return
		}
	}
}

// Put stores v unless the store is closed.
func (s *Store) Put(v string) {
	select {
	case s.reqs <- v:
	case <-s.stopc:
	}
}

// Close stops the loop.
func (s *Store) Close() { close(s.stopc) }
