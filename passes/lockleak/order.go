package lockleak

import (
	"fmt"
	"go/token"
	"sort"

	"github.com/leakvet/leakvet/passes/internal/lockset"
	"github.com/leakvet/leakvet/passes/internal/report"
	"golang.org/x/tools/go/analysis"
)

// An edge says that the lock class to is acquired while from is held.
type edge struct {
	f                *lockset.Func
	from, to         string // classes
	fromName, toName string // as written
	heldAt, acqAt    token.Pos
	acqEnd           token.Pos
	heldMode         lockset.Mode
	acqMode          lockset.Mode
	guards           map[string]lockset.Mode // the classes of the other locks held at the acquisition
	call             bool                    // the acquisition is through a call
}

// order reports pairs of lock classes acquired in both orders: B while
// holding A in one place, A while holding B in another. Two goroutines
// running both can each hold one and wait for the other. Only modes
// that exclude each other count: two read locks of an RWMutex do not
// (the held one and the one acquired in the other place), a write and
// anything does. Nor does a pair of places that both hold a third lock
// (a gate) in exclusive modes. Nor, to stay precise, a pair where
// either acquisition is through a call: on real code such pairs were
// always ordered by means the model does not see (one side runs only in
// a goroutine that the other waits for first, or while a test's server
// holds the other goroutine elsewhere). Both acquisitions must be lock
// calls in the functions that hold the first lock. Longer cycles are
// not searched.
func (ck *checker) order() {
	edges := make(map[[2]string][]*edge)
	for _, f := range ck.model.Funcs {
		if f.Skipped || (ck.ignoreTests && report.IsTestFile(ck.pass, f.Node.Pos())) {
			continue
		}
		for _, a := range f.Acquires {
			to := a.Lock
			if to.Escapes || to.Try || to.Class == "" || a.Before.Held() {
				continue
			}
			for hk, hm := range a.Held {
				from := f.Locks[hk]
				if from == nil || from.Escapes || from.Try || from.Class == "" || from.Class == to.Class {
					continue
				}
				guards := make(map[string]lockset.Mode)
				for gk, gm := range a.Held {
					if g := f.Locks[gk]; g != nil && gk != hk && g.Class != "" && !g.Escapes {
						guards[g.Class] |= gm
					}
				}
				key := [2]string{from.Class, to.Class}
				edges[key] = append(edges[key], &edge{
					f: f, from: from.Class, to: to.Class, fromName: from.Name, toName: to.Name,
					heldAt: a.HeldAt[hk], acqAt: a.Call.Pos(), acqEnd: a.Call.End(),
					heldMode: hm, acqMode: a.Mode, guards: guards, call: a.Via != nil,
				})
			}
		}
	}
	var keys [][2]string
	for k := range edges {
		if k[0] < k[1] {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		back := edges[[2]string{k[1], k[0]}]
		if len(back) == 0 {
			continue
		}
		e1, e2 := conflicting(edges[k], back)
		if e1 == nil {
			continue
		}
		if e2.acqAt < e1.acqAt {
			e1, e2 = e2, e1
		}
		// Report at the later acquisition.
		ck.r.Report(analysis.Diagnostic{
			Pos:      e2.acqAt,
			End:      e2.acqEnd,
			Category: catOrder,
			Message: fmt.Sprintf("%s is locked while %s is held, but %s locks them in the opposite order (possible deadlock): lock them in one order everywhere",
				e2.toName, e2.fromName, e2Name(e1)),
			Related: []analysis.RelatedInformation{
				{Pos: e2.heldAt, Message: e2.fromName + " is locked here"},
				{Pos: e1.heldAt, Message: fmt.Sprintf("%s locks %s here", e1.f.Name, e1.fromName)},
				{Pos: e1.acqAt, End: e1.acqEnd, Message: fmt.Sprintf("then %s here, while holding %s", e1.toName, e1.fromName)},
			},
		})
	}
}

func e2Name(e *edge) string { return e.f.Name }

// conflicting returns an edge of ab and one of ba whose modes exclude
// each other: a goroutine holding A and waiting for B, another holding
// B and waiting for A, and neither pair of modes both reads.
func conflicting(ab, ba []*edge) (*edge, *edge) {
	for _, e1 := range ab {
		for _, e2 := range ba {
			if e2.heldMode == lockset.Read && e1.acqMode == lockset.Read {
				continue
			}
			if e1.heldMode == lockset.Read && e2.acqMode == lockset.Read {
				continue
			}
			if e1.call || e2.call {
				continue // through a call: too often ordered by other means
			}
			if guarded(e1, e2) {
				continue // a third lock, held in both places, orders them
			}
			return e1, e2
		}
	}
	return nil, nil
}

// guarded reports whether some lock class is held at both acquisitions,
// in modes that exclude each other: the two cannot run at once.
func guarded(e1, e2 *edge) bool {
	for c, m1 := range e1.guards {
		if m2, ok := e2.guards[c]; ok && !(m1 == lockset.Read && m2 == lockset.Read) {
			return true
		}
	}
	return false
}
