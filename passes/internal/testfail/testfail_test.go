package testfail

import "testing"

func TestIsGinkgo(t *testing.T) {
	for path, want := range map[string]bool{
		"github.com/onsi/ginkgo":     true,
		"github.com/onsi/ginkgo/v2":  true,
		"github.com/bsm/ginkgo/v2":   true,
		"ginkgo":                     true,
		"github.com/onsi/ginkgo/v2x": false,
		"github.com/onsi/gomega":     false,
		"github.com/x/notginkgo":     false,
		"github.com/x/ginkgo/extra":  false,
		"github.com/x/v2":            false,
	} {
		if got := isGinkgo(path); got != want {
			t.Errorf("isGinkgo(%q) = %v, want %v", path, got, want)
		}
	}
}
