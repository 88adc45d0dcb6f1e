// Package sink is another package that channels are handed to.
package sink

// Drain receives from c forever.
func Drain(c chan string) {
	for range c {
	}
}
