package order

import "sync"

// A store whose code takes meta before data.
type Store struct {
	meta sync.Mutex
	data sync.Mutex
	n    int
}

func (s *Store) Flush() {
	s.meta.Lock()
	defer s.meta.Unlock()
	s.data.Lock()
	s.n++
	s.data.Unlock()
}

// A ring whose tests take its locks in both orders.
type Ring struct {
	head sync.Mutex
	tail sync.Mutex
	n    int
}

// A duo whose tests each make their own.
type Duo struct {
	first  sync.Mutex
	second sync.Mutex
	n      int
}
