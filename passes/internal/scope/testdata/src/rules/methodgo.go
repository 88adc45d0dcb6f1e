package rules // want "^concurrency$"

type group struct{}

func (group) Go(func() error) {}

func _(g group) { g.Go(nil) } // errgroup.Group.Go and the like, by name
