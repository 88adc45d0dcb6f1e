package summary

// ExportFact returns the Fact of sum, for the tests.
func ExportFact(sum *Summary) *Fact { return factOf(sum) }
