package gcl

// Nolint leaks like First, but golangci-lint's //nolint:leakvet silences it.
func Nolint(urls []string, fetch func(string) string) string {
	ch := make(chan string)
	for _, u := range urls {
		go func() { ch <- fetch(u) }() //nolint:leakvet // the process exits right after
	}
	return <-ch
}

// Ignored leaks like First, but leakvet's own directive silences it,
// under golangci-lint as under go vet.
func Ignored(urls []string, fetch func(string) string) string {
	ch := make(chan string)
	for _, u := range urls {
		//leakvet:ignore sendleak the process exits right after
		go func() { ch <- fetch(u) }()
	}
	return <-ch
}
