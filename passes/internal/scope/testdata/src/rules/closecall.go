package rules // want "^concurrency$"

func _(b *box) { close(b.p) }
