package lockleak_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/internal/passtest"
	"github.com/leakvet/leakvet/passes/lockleak"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	tests := []struct {
		dir string
		cfg lockleak.Config
	}{
		{"unlock", lockleak.Config{}},
		{"relock", lockleak.Config{}},
		{"order", lockleak.Config{}},
		{"ordercall", lockleak.Config{}},
		{"silent", lockleak.Config{}},
		{"wait", lockleak.Config{}},
		{"waitcall", lockleak.Config{}},
		{"waittry", lockleak.Config{}},
		{"stranded", lockleak.Config{}},
		{"waithelper", lockleak.Config{}},
		{"heldclose", lockleak.Config{}},
		{"cond", lockleak.Config{}},
		{"condloop", lockleak.Config{}},
		{"facts", lockleak.Config{}},
		{"robust", lockleak.Config{}},
		{"confined", lockleak.Config{}},
	}
	row := func(i int) (string, lockleak.Config) { return tests[i].dir, tests[i].cfg }
	passtest.ByConfig(t, len(tests), row, func(t *testing.T, cfg lockleak.Config, dirs []string) {
		analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), lockleak.New(cfg), dirs...)
	})
}

// TestRelated checks the related positions, which analysistest does not
// compare.
func TestRelated(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockleak.New(lockleak.Config{}), "unlock", "relock", "order", "waitcall", "ordercall", "waittry", "stranded", "waithelper", "heldclose")
	passtest.RequireRelated(t, results,
		"s.mu is locked here",
		"other paths unlock it here",
		"s.mu is locked here on every iteration",
		"c.mu is first locked here",
		"Cache.Len locks c.mu here",
		"a.mu is locked here",
		"Ledger.Record locks l.mu here",
		"then a.mu here, while holding l.mu",
		"Disk.Flush locks d.mu here",
		"then c.mu here, while holding d.mu",
		"x.mu is locked here",
		"Server.notify sends on s.events here",
		"after locking h.mu through Hub.snapshot here",
		"after locking b.mu through Bus.touch here",
		"push sends on b.out here",
		"Pool.work locks p.mu through Pool.record here",
		"Pool.waitAll waits on p.wg here",
		"Conn.shut locks c.mu here",
		"then c.srv.mu (through Conn.detach, Server.remove) here, while holding c.mu",
		"Conn.detach calls Server.remove here",
		"Bus.deliver calls push here",
		"Server.emit calls Server.notify here",
		"Queue.run receives through Queue.next here",
		"Server.remove locks it here",
		"Conn.Open sends here",
		"r.client.mu is locked here",
		"Client.Close locks c.mu here",
		"before this call of Pool.finish, which calls Done",
		"before this call of Loader.wake, which wakes it",
		"Worker.run locks w.mu here on every iteration",
		"kv.get calls remote.acquire here and does not unlock the mutex after it",
		"before this close",
	)
}
