// Package basic covers suppression by a //leakvet:ignore directive for
// the check "alpha", which reports every call to alpha: where the
// directive may stand, the reason it needs, and directives that
// suppress nothing. The suite is alpha and beta.
package basic

func alpha(...int) int { return 0 }
func beta()            {}

func _() {
	alpha() // want "call to alpha"
}

func _() {
	alpha() //leakvet:ignore alpha ok: on the line of the diagnostic
}

func _() {
	//leakvet:ignore alpha ok: alone on the line above
	alpha()
}

func _() {
	//leakvet:ignore alpha // ok: a reason set off by //, as with nolint
	alpha()
}

func _() {
	//leakvet:ignore beta,alpha ok: one of several checks
	alpha()
}

func _() {
	//leakvet:ignore alpha too far above // want "unused leakvet:ignore directive: no alpha diagnostic here to suppress"

	alpha() // want "call to alpha"
}

func _() {
	beta()  //leakvet:ignore alpha this line has code but no alpha call // want "unused leakvet:ignore directive: no alpha diagnostic"
	alpha() // want "call to alpha"
}

func _() {
	//leakvet:ignore beta ok for beta, but not alpha
	alpha() // want "call to alpha"
}

func _() {
	alpha() /* want "call to alpha" `directive has no reason, so it suppresses nothing \(write //leakvet:ignore alpha <reason>\)` */ //leakvet:ignore alpha
}

func _() {
	alpha() /* want "call to alpha" `directive names no check \(write //leakvet:ignore <check> <reason>\)` */ //leakvet:ignore
}

func _() {
	//leakvet:ignore alpha ok: suppresses both diagnostics on its line
	alpha(alpha())
}

func _() {
	//leakvet:ignorealpha not a directive
	alpha() // want "call to alpha"

	// leakvet:ignore alpha not a directive either: directives have no space
	alpha() // want "call to alpha"

	/*leakvet:ignore alpha block comments are not directives */
	alpha() // want "call to alpha"
}
