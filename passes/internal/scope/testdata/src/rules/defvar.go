package rules // want "^concurrency$"

func _(b *box) {
	var p = b.p
	_ = p
}
