package skiptests

func _() {
	alpha() // ok: a test file

	//leakvet:ignore alpha ok: not judged in a test file
	_ = 0

	//leakvet:ignore alpha
	_ = 0 // ok: not even for its missing reason
}
