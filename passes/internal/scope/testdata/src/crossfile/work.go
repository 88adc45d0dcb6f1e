package crossfile

import "sync"

// work is started by started, in crossfile.go.
func work(wg *sync.WaitGroup, fail bool) {
	if fail {
		return
	}
	wg.Done()
}
