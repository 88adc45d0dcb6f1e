package fetch

import (
	"testing"
	"time"
)

// firstOf is a test helper with the same leak as First: only
// "leakvet -test=false" leaves it out.
func firstOf(t *testing.T, xs []string) string {
	t.Helper()
	ch := make(chan string)
	for _, x := range xs {
		go func() { ch <- x }() // leakvet:want sendleak
	}
	select {
	case s := <-ch:
		return s
	case <-time.After(time.Second):
		t.Log("timeout")
		return ""
	}
}

func TestFetchWithTimeoutBuffered(t *testing.T) {
	if got, err := FetchWithTimeoutBuffered("a"); got != "a" || err != nil {
		t.Errorf("FetchWithTimeoutBuffered = %q, %v", got, err)
	}
	if got := firstOf(t, []string{"b"}); got != "b" {
		t.Errorf("firstOf = %q", got)
	}
}
