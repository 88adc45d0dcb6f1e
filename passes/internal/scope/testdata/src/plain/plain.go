// Package plain has no file any pass needs: the inspector is over no
// file, and every pass must run on it all the same.
package plain

func Sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
