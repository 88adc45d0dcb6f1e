// Package e2e tests the leakvet binary end to end, through every driver
// that runs it: standalone (text, -json, -sarif), go vet -vettool and go
// fix -fixtool, over the sample module in testdata/sample.
//
// The tests run only when LEAKVET_E2E=1, so that "go test ./..." stays
// fast; they build the binary and take tens of seconds:
//
//	LEAKVET_E2E=1 go test ./e2e
//
// What the sample must produce is written in its sources: a line that a
// check reports ends with a marker comment naming the check,
//
//	<-t.C // leakvet:want timerleak
//
// (several checks separated by spaces), and every unmarked line must
// stay silent, including lines suppressed with //leakvet:ignore. Every
// driver must report exactly the marked (file, line, check) set, and
// every check of the suite must have a marker. A new check therefore
// needs only new sample code with markers, no change here.
//
// The tests also check that each check alone (-<check>) and each check
// turned off (-<check>=false) report exactly their share of the markers;
// that go fix -diff and leakvet -fix -diff print the same diff, touching
// exactly the lines the suggested fixes edit; that go fix and leakvet
// -fix leave the same files, which still build and no longer have the
// fixed findings; that go vet and go fix reject -sarif; and that the
// sample's silent leaks (suppressed, in a generated file) are reported
// once the directive or the generated-file header is removed.
package e2e
