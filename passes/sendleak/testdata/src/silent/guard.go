package silent

// ok: at most one goroutine is in flight: a new one starts only when
// the previous result was received and the channel reset to nil.
type poller struct {
	done chan error
}

func (p *poller) poll(start func() error) error {
	if p.done == nil {
		p.done = make(chan error)
		go func(done chan error) {
			done <- start()
		}(p.done)
		return nil
	}
	err := <-p.done
	p.done = nil
	return err
}

// ok: the same with a local channel variable guarded by nil.
func pollLocal(start func() error, rounds int) error {
	var done chan error
	for i := 0; i < rounds; i++ {
		if done == nil {
			done = make(chan error)
			go func() {
				done <- start()
			}()
			continue
		}
		if err := <-done; err != nil {
			return err
		}
		done = nil
	}
	if done != nil {
		return <-done
	}
	return nil
}
