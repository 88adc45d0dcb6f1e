// Package leaky holds the "before" versions of the aggregator package:
// the same API, each function with one goroutine leak (or, for the close
// in the wrong place, a crash) of the kind leakvet reports.
//
// Nothing here is to be imported by real code. The aggregator tests
// import it by path to prove, for each twin, that leakvet flags it and
// that it really leaks at run time.
//
// Each expected diagnostic is marked on its line by a comment
//
//	// expect <check> `<message regexp>`
//
// (several may follow one another), and each place that a diagnostic
// must point to in its Related information by
//
//	// related <check> `<message regexp>`
//
// A leak that a check should report but does not, a known false negative
// documented in the check's doc.go, is marked
//
//	// missed <check> `<message regexp>` (<why>)
//
// The suite test in the aggregator package requires every expected
// diagnostic and related place, no missed one (so that a fixed false
// negative becomes an expectation), and no other diagnostic.
package leaky

import (
	"errors"
	"fmt"

	"github.com/leakvet/leakvet/aggregator"
)

// The twins share the aggregator's types, so that one test drives both.
type (
	Source[T any] = aggregator.Source[T]
	Result[T any] = aggregator.Result[T]
)

// errTimeout is reported for the sources that did not answer in time.
var errTimeout = errors.New("timeout")

// sourceError wraps the failure of one source.
func sourceError(name string, err error) error {
	return &aggregator.SourceError{Source: name, Err: err}
}

// batchError wraps the failure of batch i.
func batchError(i int, err error) error {
	return fmt.Errorf("batch %d: %w", i, err)
}
