package gcl

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
