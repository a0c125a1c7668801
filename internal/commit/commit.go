// Package commit runs code once a database transaction has committed.
package commit

import (
	"context"

	"github.com/guichet/guichet/ent"
)

// After runs f once the ent transaction of ctx commits, and not if it
// rolls back; at once when ctx carries no transaction. It tells the
// process about a change that is now visible, such as waking a job.
func After(ctx context.Context, f func()) {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		f()
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			f()
			return nil
		})
	})
}
