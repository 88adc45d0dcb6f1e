// Package clean is the clean sample of the pre-commit end-to-end test:
// the hooks must pass on it.
package clean

// All waits for every sender.
func All(urls []string, fetch func(string) string) []string {
	ch := make(chan string, len(urls))
	for _, u := range urls {
		go func() { ch <- fetch(u) }()
	}
	var out []string
	for range urls {
		out = append(out, <-ch)
	}
	return out
}
