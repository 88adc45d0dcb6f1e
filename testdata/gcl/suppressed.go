package gcl

// Nolint leaks like First, but golangci-lint's //nolint:leakvet silences
// the finding. Not its related information ("Nolint returns here"),
// which golangci-lint reports as an issue of its own, on its own line.
func Nolint(urls []string, fetch func(string) string) string {
	ch := make(chan string)
	for _, u := range urls {
		go func() { ch <- fetch(u) }() //nolint:leakvet // the process exits right after
	}
	return <-ch // leakvet:related sendleak
}

// NolintDecl leaks like First, but a //nolint:leakvet on the declaration
// silences the whole function, related information included.
//
//nolint:leakvet // the process exits right after
func NolintDecl(urls []string, fetch func(string) string) string {
	ch := make(chan string)
	for _, u := range urls {
		go func() { ch <- fetch(u) }()
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

// Stale has a directive left over from a leak that was fixed: leakvet
// reports it, so that suppressions do not outlive their reason.
func Stale(urls []string, fetch func(string) string) []string {
	ch := make(chan string, len(urls))
	for _, u := range urls {
		//leakvet:ignore sendleak fixed since // leakvet:want sendleak
		go func() { ch <- fetch(u) }()
	}
	var out []string
	for range urls {
		out = append(out, <-ch)
	}
	return out
}

// Typo names no check of the suite. It is reported by the suite's first
// check in alphabetical order, which owns directives naming no check.
func Typo(urls []string, fetch func(string) string) string {
	ch := make(chan string)
	for _, u := range urls {
		//leakvet:ignore sendlaek misspelt // leakvet:want callleak
		go func() { ch <- fetch(u) }() // leakvet:want sendleak
	}
	return <-ch
}
