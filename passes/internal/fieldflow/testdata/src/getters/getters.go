// Package getters exercises unexported getters of channel fields: their
// calls are the field, unless the getter is exported, used as a method
// value, or may be called through an interface of the package that
// another method may implement. A call through an interface whose one
// implementation in the package is the getter is the field too.
package getters

type T struct {
	c chan int // want "chan c unbuffered"
	d chan int // want "chan d escaped@42"
	e chan int // want "chan e escaped@46"
	f chan int // want "chan f unbuffered"
	g chan int // want "chan g unbuffered"
	h chan int // want "chan h escaped@64"
	k chan int // want "chan k escaped@71"
}

func New() *T {
	t := &T{c: make(chan int), d: make(chan int), e: make(chan int), f: make(chan int), g: make(chan int)} // want "assign c" "assign d" "assign e" "assign f" "assign g"
	go t.run()
	return t
}

func (t *T) ch() chan int { return t.c }

func (t *T) run() {
	for v := range t.ch() { // want "range c"
		_ = v
	}
	<-t.recvG() // want "recv g"
}

func (t *T) Put(v int) {
	t.ch() <- v // want "send c"
	c := t.ch()
	close(c) // want "close c"
}

func (t *T) recvG() <-chan int { return t.g }

// D is exported: other packages can call it.
func (t *T) D() chan int { return t.d }

func (t *T) getE() chan int { return t.e }

func (t *T) Hand() func() chan int { return t.getE }

func (t *T) getF() chan int { return t.f }

type fer interface{ getF() chan int }

func viaInterface(x fer) { x.getF() <- 1 } // want "send f"

// Two methods of the package are named getH: a call through the
// interface may reach either.
func (t *T) getH() chan int { return t.h }

type U struct{}

func (U) getH() chan int { return nil }

type her interface{ getH() chan int }

func viaH(x her) { x.getH() <- 1 }

// The interface's method value escapes.
func (t *T) getK() chan int { return t.k }

type ker interface{ getK() chan int }

func viaK(x ker) func() chan int { return x.getK }

// Exported accessors of receive-only channels, guarded by a nil check,
// and chains of getters: their calls are the field. Other packages may
// receive (recv-only).
type S struct {
	q chan int // want "chan q recv-only unbuffered"
	r chan int // want "chan r recv-only unbuffered"
	m chan int // want "chan m escaped@116"
	n chan int // want "chan n escaped@118"
	b bool
}

func NewS() *S {
	return &S{q: make(chan int), r: make(chan int), m: make(chan int), n: make(chan int)} // want "assign q" "assign r" "assign m" "assign n"
}

func (s *S) Quiesce() <-chan int {
	if s == nil {
		return nil
	}
	return s.q
}

type Outer struct{ s *S }

func (o *Outer) S() *S { return o.s }

func (o *Outer) quiesce() <-chan int { return o.S().Quiesce() }

func (o *Outer) wait() {
	<-o.S().Quiesce() // want "recv q"
	<-o.quiesce()     // want "recv q"
}

// R's method value hands out only receives.
func (s *S) R() <-chan int { return s.r }

func (s *S) Rs() func() <-chan int { return s.R }

func (s *S) waitR() { <-s.R() } // want "recv r"

// A method that returns one of two fields is no getter.
func (s *S) either() chan int {
	if s.b {
		return s.m
	}
	return s.n
}
