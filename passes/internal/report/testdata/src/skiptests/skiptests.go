// Package skiptests covers a pass that skips _test.go files: there, its
// diagnostics are dropped and its directives are not checked.
package skiptests

func alpha() {}

func _() {
	alpha() // want "call to alpha"

	//leakvet:ignore alpha stale // want "unused leakvet:ignore directive"
	_ = 0
}
