// Package getters exercises unexported getters of channel fields: their
// calls are the field, unless the getter is exported, used as a method
// value, or may be called through an interface of the package.
package getters

type T struct {
	c chan int // want "chan c unbuffered"
	d chan int // want "chan d escaped@38"
	e chan int // want "chan e escaped@42"
	f chan int // want "chan f escaped@48"
	g chan int // want "chan g unbuffered"
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

func viaInterface(x fer) { x.getF() <- 1 }
