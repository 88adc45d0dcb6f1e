package aggregator

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"
)

// A Source is one upstream that the aggregator queries.
type Source[T any] struct {
	// Name identifies the source in results and errors.
	Name string
	// Fetch returns the source's value. It must return once ctx is done.
	Fetch func(ctx context.Context) (T, error)
}

// A Result is the outcome of one query of a source.
type Result[T any] struct {
	Source string // the Name of the source
	Value  T      // valid when Err is nil
	Err    error  // nil on success
}

// A SourceError reports the failure of one source: the error it returned,
// a [*PanicError], or the context's error when the source did not answer
// in time.
type SourceError struct {
	Source string
	Err    error
}

func (e *SourceError) Error() string { return fmt.Sprintf("source %s: %v", e.Source, e.Err) }

// Unwrap returns the underlying error.
func (e *SourceError) Unwrap() error { return e.Err }

// A PanicError is a panic recovered from a Source or a batch function.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the stack of the panicking goroutine
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns the panic value if it is an error, so that errors.Is and
// errors.As see through a panic(err).
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// FetchAndAggregate queries every source concurrently and waits until all
// have answered, timeout has passed (when positive), or ctx is done.
//
// It returns the values that arrived, in the order of sources, and the
// failures joined with [errors.Join]: one [*SourceError] per source that
// failed, panicked or did not answer in time (its Err is then
// [context.DeadlineExceeded] or ctx's error). The error is nil when every
// source answered.
//
// No goroutine that FetchAndAggregate starts blocks after it returns: the
// sources see a context that is cancelled on return, and each goroutine's
// one send has room in a buffer of len(sources).
func FetchAndAggregate[T any](ctx context.Context, sources []Source[T], timeout time.Duration) ([]Result[T], error) {
	if len(sources) == 0 {
		return nil, nil // nothing to start
	}

	// The child context is cancelled on return, whichever way we leave:
	// the sources still running learn that nobody waits for them.
	var cancel context.CancelFunc
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, timeout)
	} else {
		ctx, cancel = context.WithCancel(ctx)
	}
	defer cancel()

	type answer struct {
		i int
		Result[T]
	}
	// One slot per source: a goroutine whose source answers after we
	// returned still completes its send and exits.
	answers := make(chan answer, len(sources))
	for i, s := range sources {
		go func() {
			answers <- answer{i, fetch(ctx, s)}
		}()
	}

	got := make([]*Result[T], len(sources))
	record := func(a answer) { got[a.i] = &a.Result }
	var stop error // why we stopped waiting, if not every source answered
wait:
	for range sources {
		select {
		case a := <-answers:
			record(a)
		case <-ctx.Done():
			stop = ctx.Err()
			break wait
		}
	}
	if stop != nil {
		// Keep the answers that arrived together with the deadline. We
		// are the only receiver, so a non-empty buffer cannot block us.
		for len(answers) > 0 {
			record(<-answers)
		}
	}

	var values []Result[T]
	var errs []error
	for i, r := range got {
		switch {
		case r == nil:
			errs = append(errs, &SourceError{Source: sources[i].Name, Err: stop})
		case r.Err != nil:
			errs = append(errs, &SourceError{Source: r.Source, Err: r.Err})
		default:
			values = append(values, *r)
		}
	}
	return values, errors.Join(errs...)
}

// fetch queries s once, turning a panic into a [*PanicError].
func fetch[T any](ctx context.Context, s Source[T]) (r Result[T]) {
	r.Source = s.Name
	defer func() {
		if v := recover(); v != nil {
			r.Err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	r.Value, r.Err = s.Fetch(ctx)
	return r
}
