// Package main has no caller outside it: an exported method that
// nothing calls, of a type that never reaches an interface, never runs.
package main

import (
	"context"
	"fmt"
)

type Tx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func begin(ctx context.Context) *Tx {
	ctx, cancel := context.WithCancel(ctx)
	tx := &Tx{
		cancel: cancel, // want `Tx.cancel is never called while the goroutine waits`
		ctx:    ctx,
	}
	go tx.awaitDone()
	return tx
}

func (tx *Tx) awaitDone() { <-tx.ctx.Done() }

func (tx *Tx) Rollback() { tx.rollback() }

func (tx *Tx) rollback() { tx.cancel() }

// ok: the type reaches an interface (fmt.Println's any): another
// package could call Rollback through it.
type Tx2 struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func begin2() *Tx2 {
	tx := &Tx2{}
	tx.ctx, tx.cancel = context.WithCancel(context.Background())
	go tx.awaitDone()
	return tx
}

func (tx *Tx2) awaitDone() { <-tx.ctx.Done() }

func (tx *Tx2) Rollback() { tx.cancel() }

func main() {
	begin(context.Background())
	fmt.Println(begin2())
}
