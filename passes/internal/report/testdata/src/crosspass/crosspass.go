// Package crosspass covers directives seen by both checks of the suite,
// alpha and beta, in one run: each problem is reported once, by one of
// them. Expectations name the reporting check: expect <check>:"regexp".
package crosspass

func alpha(...int) int { return 0 }
func beta(...int) int  { return 0 }

func _() {
	//leakvet:ignore gamma no such check // expect alpha:`unknown check "gamma"`
	alpha() // expect alpha:"call to alpha"
}

func _() {
	//leakvet:ignore beta,gamma,alpha typo // expect beta:`unknown check "gamma"` beta:"unused leakvet:ignore directive: no beta diagnostic"
	alpha()
}

func _() {
	alpha(beta()) /* expect alpha:"call to alpha" beta:"call to beta" alpha:"has no reason" */ //leakvet:ignore alpha,beta
}

func _() {
	alpha() /* expect alpha:"call to alpha" beta:"has no reason" */ //leakvet:ignore beta,alpha
}

func _() {
	beta() /* expect beta:"call to beta" alpha:"names no check" */ //leakvet:ignore
}

func _() {
	//leakvet:ignore alpha,beta both used
	alpha(beta())
}

func _() {
	//leakvet:ignore alpha,beta only alpha used // expect beta:"unused leakvet:ignore directive: no beta diagnostic"
	alpha()
}
