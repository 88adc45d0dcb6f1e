package rules // want "^concurrency$"

func _(b *box) {
	for range b.p {
	}
}
