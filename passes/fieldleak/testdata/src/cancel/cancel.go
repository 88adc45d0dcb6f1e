// Package cancel covers CancelFunc fields called only where they never
// run before the goroutine's wait on the context ends: in functions
// nothing calls, or after that wait.
package cancel

import (
	"context"
	"time"
)

// A transaction whose cancel only an uncalled chain reaches; the
// parent is a parameter that the only caller binds to Background.

type tx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

type db struct{}

func (d *db) begin(ctx context.Context) *tx {
	ctx, cancel := context.WithCancel(ctx)
	t := &tx{
		ctx:    ctx,
		cancel: cancel, // want `tx.cancel is never called while the goroutine waits: the context it cancels is derived from ctx, which every call of begin passes as context.Background\(\), a goroutine waits for it to be done, and tx.cancel is called only in code that nothing runs, or that runs after that wait`
	}
	go t.awaitDone()
	return t
}

func (t *tx) awaitDone() { <-t.ctx.Done() }

func (t *tx) rollback() { t.close() }

func (t *tx) close() { t.cancel() }

func Open() {
	d := &db{}
	d.begin(context.Background())
}

// Rows cancel only after the goroutine's own wait.

type rows struct {
	cancel context.CancelFunc
}

func (r *rows) init(ctx context.Context) {
	ctx, r.cancel = context.WithCancel(ctx) // want `r.cancel is never called while the goroutine waits`
	go r.await(ctx)
}

func (r *rows) await(ctx context.Context) {
	<-ctx.Done()
	r.close()
}

func (r *rows) close() { r.cancel() }

func Query() {
	r := &rows{}
	r.init(context.TODO())
}

// Silent twins.

// ok: an exported method calls the cancel; other packages may call it.
type tx2 struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newTx2() *tx2 {
	t := &tx2{}
	t.ctx, t.cancel = context.WithCancel(context.Background())
	go t.awaitDone()
	return t
}

func (t *tx2) awaitDone() { <-t.ctx.Done() }

func (t *tx2) Rollback() { t.cancel() }

// ok: an interface of the package has the unexported method: it may be
// called through it.
type closer interface{ stop() }

type tx3 struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newTx3() *tx3 {
	t := &tx3{}
	t.ctx, t.cancel = context.WithCancel(context.Background())
	go t.awaitDone()
	return t
}

func (t *tx3) awaitDone() { <-t.ctx.Done() }

func (t *tx3) stop() { t.cancel() }

func stopAll(cs []closer) {
	for _, c := range cs {
		c.stop()
	}
}

// ok: a caller passes a context it may cancel.
type rows2 struct {
	cancel context.CancelFunc
}

func (r *rows2) init(ctx context.Context) {
	ctx, r.cancel = context.WithCancel(ctx)
	go r.await(ctx)
}

func (r *rows2) await(ctx context.Context) {
	<-ctx.Done()
	r.close()
}

func (r *rows2) close() { r.cancel() }

func Query2(ctx context.Context) {
	r := &rows2{}
	r.init(ctx)
}

// ok: the cancel can run before the wait.
type rows3 struct {
	cancel context.CancelFunc
}

func (r *rows3) init() {
	var ctx context.Context
	ctx, r.cancel = context.WithCancel(context.Background())
	go r.await(ctx)
}

func (r *rows3) await(ctx context.Context) {
	if time.Now().IsZero() {
		r.close()
	}
	<-ctx.Done()
	r.close()
}

func (r *rows3) close() { r.cancel() }

func Query3() { (&rows3{}).init() }

// ok: the waiting function is also called elsewhere, where its wait
// may end another way.
type rows4 struct {
	cancel context.CancelFunc
}

func (r *rows4) init() {
	var ctx context.Context
	ctx, r.cancel = context.WithCancel(context.Background())
	go r.await(ctx)
}

func (r *rows4) await(ctx context.Context) {
	<-ctx.Done()
	r.close()
}

func (r *rows4) close() { r.cancel() }

func Query4(ctx context.Context) {
	r := &rows4{}
	r.init()
	r.await(ctx)
}

// ok: the context ends on its own.
type rows5 struct {
	cancel context.CancelFunc
}

func (r *rows5) init() {
	var ctx context.Context
	ctx, r.cancel = context.WithTimeout(context.Background(), time.Second)
	go r.await(ctx)
}

func (r *rows5) await(ctx context.Context) { <-ctx.Done() }

func Query5() { (&rows5{}).init() }

// ok: a method value of the uncalled function may be called any time.
type tx6 struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newTx6() (*tx6, func()) {
	t := &tx6{}
	t.ctx, t.cancel = context.WithCancel(context.Background())
	go t.awaitDone()
	return t, t.close
}

func (t *tx6) awaitDone() { <-t.ctx.Done() }

func (t *tx6) close() { t.cancel() }

// ok: the local cancel is also called, deferred, in the function.
type tx7 struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func begin7(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	t := &tx7{ctx: ctx, cancel: cancel}
	go t.awaitDone()
}

func (t *tx7) awaitDone() { <-t.ctx.Done() }

func Begin7() { begin7(context.Background()) }
