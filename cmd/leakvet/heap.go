package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// unitHeap is the heap a run of go vet on one package may reach before
// its first garbage collection.
const unitHeap = 32 << 20

// startingHeap lets the heap grow to about goal bytes before the first
// garbage collection, and then collects as GOGC says (100 unless set).
//
// go vet runs the tool once per package, in a process that parses and
// type-checks one package, analyses it and exits. The runtime's first
// collection comes at 4 MB, which most of those processes reach while
// analysing, so that each paid for marking a heap it was about to throw
// away. A user's GOGC or GOMEMLIMIT is left alone.
func startingHeap(goal uint64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	// The first collection starts at 4 MB × GOGC/100.
	old := debug.SetGCPercent(int(goal / (4 << 20) * 100))
	sentinel := new([16]byte)
	runtime.SetFinalizer(sentinel, func(*[16]byte) { debug.SetGCPercent(old) })
}
