// Package unknown covers directives naming words that are not checks of
// the suite (alpha, beta), as the pass alpha reports them: alpha owns a
// directive that names it first among the known checks, or that names
// no known check at all; beta owns the others.
package unknown

func alpha() {}

func _() {
	//leakvet:ignore gamma no such check // want `directive names unknown check "gamma" \(known: alpha, beta\)`
	alpha() // want "call to alpha"
}

func _() {
	//leakvet:ignore gamma,alpha,gamma,delta typo next to a real check // want `unknown check "gamma", "delta" \(known: alpha, beta\)`
	alpha() // ok: the known name still suppresses
}

func _() {
	//leakvet:ignore beta,gamma beta owns this one, alpha stays silent
	alpha() // want "call to alpha"
}

func _() {
	//leakvet:ignore alpha,beta ok: suppresses alpha; beta's use is beta's business
	alpha()
}
