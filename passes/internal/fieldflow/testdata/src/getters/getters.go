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
