package sqlstore

import (
	"context"
	"errors"
	"sync"

	"unknot/internal/domain"
)

// The audit batcher: a read of a record writes an audit entry, and on
// SQLite every write waits for the one writer. Entries that arrive while
// the writer is busy are written with the next transaction to commit,
// whichever use case it belongs to (carryAudits), or together in one of
// their own when nothing else writes, so a hundred reads wait for the
// write in progress, not for a hundred write slots.
// Each read still waits until its entry is committed before it answers: a
// read is never served without its trace (W5).

// maxAuditBatch bounds one batch's transaction.
const maxAuditBatch = 256

type auditRequest struct {
	e    *domain.AuditEntry
	done chan error
}

type auditBatcher struct {
	queue chan auditRequest
	stop  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
}

// errStoreClosed answers entries sent after Close.
var errStoreClosed = errors.New("sqlstore: the store is closed")

func (db *DB) startAuditBatcher() {
	b := &auditBatcher{queue: make(chan auditRequest, maxAuditBatch), stop: make(chan struct{})}
	db.audits = b
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		for {
			select {
			case <-b.stop:
				return
			case first := <-b.queue:
				batch := []auditRequest{first}
			more:
				for len(batch) < maxAuditBatch {
					select {
					case r := <-b.queue:
						batch = append(batch, r)
					default:
						break more
					}
				}
				db.writeAuditBatch(batch)
			}
		}
	}()
}

// writeAuditBatch commits a batch in one transaction and tells each
// waiter; if the batch fails, each entry is tried alone so that one bad
// entry does not fail the others.
func (db *DB) writeAuditBatch(batch []auditRequest) {
	ctx := context.Background()
	err := db.writeTx(ctx, func(tx querier) error {
		for _, r := range batch {
			if err := insertAudit(ctx, tx, r.e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && len(batch) > 1 {
		for _, r := range batch {
			r.done <- db.writeTx(ctx, func(tx querier) error { return insertAudit(ctx, tx, r.e) })
		}
		return
	}
	for _, r := range batch {
		r.done <- err
	}
}

// AppendAudit, on a DB outside any transaction, adds one entry to the
// audit log through the batcher and returns once it is committed. Inside
// a transaction (Tx), the entry is written in that transaction instead.
func (db *DB) AppendAudit(ctx context.Context, e *domain.AuditEntry) (err error) {
	defer domain.Wrap(&err, "AppendAudit")
	if e.At.IsZero() {
		e.At = db.now()
	}
	r := auditRequest{e: e, done: make(chan error, 1)}
	select {
	case db.audits.queue <- r:
	case <-db.audits.stop:
		return errStoreClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-r.done:
		return err
	case <-ctx.Done():
		// The entry may still be written: a trace without an answer,
		// never an answer without a trace.
		return ctx.Err()
	}
}

// carryAudits writes the entries waiting now into tx, under a savepoint so
// that a failure among them cannot fail the transaction's own work; those
// that fail go back to be written alone. It returns the entries to tell
// once tx commits.
func (db *DB) carryAudits(ctx context.Context, tx querier) []auditRequest {
	if db.audits == nil {
		return nil
	}
	var riders []auditRequest
	for len(riders) < maxAuditBatch {
		select {
		case r := <-db.audits.queue:
			riders = append(riders, r)
			continue
		default:
		}
		break
	}
	if len(riders) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT carried_audits`); err != nil {
		go db.writeAuditBatch(riders)
		return nil
	}
	for _, r := range riders {
		if err := insertAudit(ctx, tx, r.e); err != nil {
			_, _ = tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT carried_audits`)
			_, _ = tx.ExecContext(ctx, `RELEASE SAVEPOINT carried_audits`)
			go db.writeAuditBatch(riders)
			return nil
		}
	}
	if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT carried_audits`); err != nil {
		go db.writeAuditBatch(riders)
		return nil
	}
	return riders
}

func (b *auditBatcher) close() {
	b.once.Do(func() { close(b.stop) })
	b.wg.Wait()
	// Entries queued after the loop stopped are refused, not lost silently.
	for {
		select {
		case r := <-b.queue:
			r.done <- errStoreClosed
		default:
			return
		}
	}
}
