// Package nosuite covers a pass run alone, before the suite is known:
// names are not judged, and the first check named owns the directive.
package nosuite

func alpha() {}

func _() {
	//leakvet:ignore gamma ok: cannot tell whether gamma exists
	alpha() // want "call to alpha"
}

func _() {
	alpha() /* want "call to alpha" `directive has no reason` */ //leakvet:ignore alpha,gamma
}

// ok: gamma comes first, so gamma, not alpha, owns the missing reason.
func _() {
	alpha() /* want "call to alpha" */ //leakvet:ignore gamma,alpha
}
