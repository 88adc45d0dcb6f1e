package rules // want "^concurrency$"

func _(b *box) {
	p := b.p
	_ = p
}
