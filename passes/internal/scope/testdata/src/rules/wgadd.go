package rules // want "^concurrency$"

func _(b *box) { b.wg.Add(1) }
