package getters

// Exported accessors of receive-only channels, and chains of them: a
// call is the field. Other packages can only receive through them.

// unserviced through an exported accessor reached by a chain: nothing
// in the package closes or sends on quiesce, and the receive is in a
// function that a goroutine of the package calls.
type Stopper struct {
	quiesce chan struct{}
}

func NewStopper() *Stopper { return &Stopper{quiesce: make(chan struct{})} }

func (s *Stopper) ShouldQuiesce() <-chan struct{} {
	if s == nil {
		return nil
	}
	return s.quiesce
}

type Store struct {
	stopper *Stopper
}

func (s *Store) Stopper() *Stopper { return s.stopper }

// quiesced is a chain: it returns another accessor's call.
func (s *Store) quiesced() <-chan struct{} { return s.Stopper().ShouldQuiesce() }

type Replica struct {
	store *Store
}

func (r *Replica) process() {
	<-r.store.Stopper().ShouldQuiesce() // want `receive from r.store.Stopper\(\).ShouldQuiesce\(\) blocks forever: it is the field quiesce of Stopper, which nothing in the package sends on or closes`
}

func (r *Replica) drain() {
	select {
	case <-r.store.quiesced(): // want `select blocks forever: it is the field quiesce of Stopper, which nothing in the package sends on or closes`
	}
}

func Run(st *Stopper) {
	r := &Replica{store: &Store{stopper: st}}
	go func() {
		r.process()
		r.drain()
	}()
}

// Silent twin: Stop closes the field; the accessor's receives end.
type Stopper2 struct {
	quiesce chan struct{}
}

func NewStopper2() *Stopper2 { return &Stopper2{quiesce: make(chan struct{})} }

func (s *Stopper2) ShouldQuiesce() <-chan struct{} { return s.quiesce }

func (s *Stopper2) Stop() { close(s.quiesce) }

func (s *Stopper2) wait() { <-s.ShouldQuiesce() }

func Run2(s *Stopper2) { go s.wait() }

// Silent twin: the exported accessor returns the channel both ways, so
// other packages may close it.
type Stopper3 struct {
	quiesce chan struct{}
}

func NewStopper3() *Stopper3 { return &Stopper3{quiesce: make(chan struct{})} }

func (s *Stopper3) ShouldQuiesce() chan struct{} { return s.quiesce }

func (s *Stopper3) wait() { <-s.ShouldQuiesce() }

func Run3(s *Stopper3) { go s.wait() }

// Silent twin: the accessor may return either of two fields, one of
// which Close closes: its call is neither.
type Stopper4 struct {
	a, b chan struct{}
	useA bool
}

func NewStopper4() *Stopper4 { return &Stopper4{a: make(chan struct{}), b: make(chan struct{})} }

func (s *Stopper4) Done() <-chan struct{} {
	if s.useA {
		return s.a
	}
	return s.b
}

func (s *Stopper4) Close() { close(s.b) }

func (s *Stopper4) wait() { <-s.Done() }

func Run4(s *Stopper4) { go s.wait() }

// Silent twin: the field holds a channel made elsewhere (a parameter),
// which its maker may close.
type Stopper5 struct {
	quiesce chan struct{}
}

func NewStopper5(c chan struct{}) *Stopper5 { return &Stopper5{quiesce: c} }

func (s *Stopper5) ShouldQuiesce() <-chan struct{} { return s.quiesce }

func (s *Stopper5) wait() { <-s.ShouldQuiesce() }

func Run5(s *Stopper5) { go s.wait() }

// Silent twin: no goroutine of the package reaches the receive (only
// the tests, not analysed here, may close the channel through code of
// their own: an exported Wait).
type Stopper6 struct {
	quiesce chan struct{}
}

func NewStopper6() *Stopper6 { return &Stopper6{quiesce: make(chan struct{})} }

func (s *Stopper6) ShouldQuiesce() <-chan struct{} { return s.quiesce }

func (s *Stopper6) Wait() { <-s.ShouldQuiesce() }

func (s *Stopper6) waitTwice() {
	s.Wait()
	s.Wait()
}
