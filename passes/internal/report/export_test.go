package report

// SetChecks replaces the suite's names for a test and returns a function
// that restores them.
func SetChecks(names []string) (restore func()) {
	saved := checks
	checks = names
	return func() { checks = saved }
}
