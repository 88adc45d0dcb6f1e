// Package generated also has a hand-written file, which is checked.
package generated

func _() {
	alpha() // want "call to alpha"
}
