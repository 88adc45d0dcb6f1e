package aggregator_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/leakvet/leakvet/aggregator"
)

func ExampleFetchAndAggregate() {
	release := make(chan struct{})
	defer close(release)
	sources := []aggregator.Source[string]{
		{Name: "eu", Fetch: func(context.Context) (string, error) { return "eu: 12 ms", nil }},
		{Name: "us", Fetch: func(context.Context) (string, error) { return "", errors.New("503") }},
		// Answers only after the call returned: its goroutine still
		// finds room for its result and exits.
		{Name: "ap", Fetch: func(context.Context) (string, error) { <-release; return "ap: late", nil }},
	}
	results, err := aggregator.FetchAndAggregate(context.Background(), sources, 100*time.Millisecond)
	for _, r := range results {
		fmt.Println(r.Value)
	}
	fmt.Println(err)
	// Output:
	// eu: 12 ms
	// source us: 503
	// source ap: context deadline exceeded
}

func ExampleProcessBatch() {
	words := []string{"leak", "free", "batch", "of", "words"}
	upper := func(ctx context.Context, batch []string) ([]string, error) {
		var out []string
		for _, w := range batch {
			out = append(out, strings.ToUpper(w))
		}
		return out, nil
	}
	out, err := aggregator.ProcessBatch(context.Background(), words, 2, 3, upper)
	fmt.Println(out, err)
	// Output: [LEAK FREE BATCH OF WORDS] <nil>
}

func ExampleStreamResults() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // stops the producers; the stream need not be drained
	source := aggregator.Source[int]{Name: "counter", Fetch: func(context.Context) (int, error) { return 42, nil }}
	for r := range aggregator.StreamResults(ctx, []aggregator.Source[int]{source}, time.Millisecond) {
		fmt.Println(r.Source, r.Value)
		break // walk away after the first result
	}
	// Output: counter 42
}
