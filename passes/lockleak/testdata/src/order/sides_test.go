package order

import "testing"

// ok: the test looks at the store under both locks, in the opposite
// order of Flush; Flush never runs during the test.
func TestStoreState(t *testing.T) {
	s := new(Store)
	other(s)
	s.data.Lock()
	s.meta.Lock()
	n := s.n
	s.meta.Unlock()
	s.data.Unlock()
	if n != 0 {
		t.Fatal(n)
	}
}

func other(s *Store) { _ = s }

// Both orders in test code: two tests that run in parallel deadlock.
func TestRingHead(t *testing.T) {
	t.Parallel()
	r := shared
	r.head.Lock()
	r.tail.Lock()
	r.n++
	r.tail.Unlock()
	r.head.Unlock()
}

func TestRingTail(t *testing.T) {
	t.Parallel()
	r := shared
	r.tail.Lock()
	r.head.Lock() // want `r.head is locked while r.tail is held, but TestRingHead locks them in the opposite order`
	r.n--
	r.head.Unlock()
	r.tail.Unlock()
}

var shared = new(Ring)

func newDuo() *Duo { return new(Duo) }

// ok: two parallel tests take a duo's locks in opposite orders, but
// each on a duo of its own.
func TestOwnFirst(t *testing.T) {
	t.Parallel()
	d := newDuo()
	d.first.Lock()
	d.second.Lock()
	d.n++
	d.second.Unlock()
	d.first.Unlock()
}

func TestOwnSecond(t *testing.T) {
	t.Parallel()
	a := newDuo()
	for _, d := range []*Duo{a, newDuo()} {
		d.second.Lock()
		d.first.Lock()
		d.n--
		d.first.Unlock()
		d.second.Unlock()
	}
}
