package scope

// SetKeepAll turns the filter off (true) or on (false) for the tests.
func SetKeepAll(b bool) { keepAll.Store(b) }
