// Code generated for the sample by hand; DO NOT EDIT.

package fetch

import "time"

// generatedFetch leaks like FetchWithTimeout, but in a generated file,
// where leakvet reports nothing.
func generatedFetch(url string) string {
	ch := make(chan string)
	go func() {
		s, _ := get(url)
		ch <- s
	}()
	select {
	case s := <-ch:
		return s
	case <-time.After(time.Second):
		return ""
	}
}
