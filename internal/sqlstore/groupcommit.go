package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"

	"unknot/internal/domain"
)

// Group commit. Every change the store makes, a use case's unit of work
// (InTx) or a lone write, is a unit handed to a committer. A committer
// takes the unit at the head of the queue and every unit queued behind it
// (up to maxGroup), and runs them, one after the other, in ONE database
// transaction: first without savepoints (commitOptimistic,
// groupcommit_fast.go); if a unit fails in a way that may have left part
// of it behind, the group is rolled back and run again here, each unit
// under a savepoint of its own:
//
//   - a unit whose fn fails (or panics) is rolled back to its savepoint
//     and gets its error (or its panic, re-raised in its own goroutine);
//     the others go on;
//   - every caller is answered only after the shared COMMIT succeeded; if
//     COMMIT fails, every unit that had succeeded gets that error, and
//     none of them is acknowledged;
//   - units run serially within the group, so a unit sees every unit
//     before it (two check-ins for one day find each other, as they did
//     one transaction after the other);
//   - tx.Now is still one clock reading per unit of work;
//   - a caller's context is checked before its unit starts (a caller who
//     gave up is not run), but a unit, once started, runs its queries
//     under a context that its caller's cancellation does not reach: a
//     query interrupted mid-way would abort the transaction of the whole
//     group (SQLite rolls a transaction back on an interrupt, pgx closes
//     the connection). The caller waits for its answer either way;
//   - a unit that failed as "busy" (a PostgreSQL deadlock between two
//     groups, a serialisation failure, a lock waited on longer than the
//     group's lock_timeout: Config.GroupSetup) inside a group is run
//     again alone.
//
// Audit entries of reads waiting at that moment ride in the same commit
// (carryAudits). SQLite has one committer (it has one writer); PostgreSQL
// several, each on a connection of its own, so groups commit side by side.

// maxGroup bounds the units in one transaction.
const maxGroup = 128

type unitRequest struct {
	ctx  context.Context
	fn   func(q querier) error
	done chan unitResult
}

type unitResult struct {
	err      error
	panicked bool
	panicVal any
}

type committer struct {
	mu     sync.RWMutex
	closed bool
	queue  chan *unitRequest
	wg     sync.WaitGroup
	groups atomic.Int64 // transactions committed or rolled back
	units  atomic.Int64 // units run in them
	// fallbacks counts groups run again with a savepoint per unit
	// (groupcommit_fast.go).
	fallbacks atomic.Int64
}

// CommitStats says how many transactions the committers ran and how many
// units of work they held: units/groups is the mean group size.
func (db *DB) CommitStats() (groups, units int64) {
	return db.units.groups.Load(), db.units.units.Load()
}

func (db *DB) startCommitters(n int) {
	if n < 1 {
		n = 1
	}
	c := &committer{queue: make(chan *unitRequest, maxGroup)}
	db.units = c
	for range n {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			db.commitLoop(c.queue)
		}()
	}
}

// commitLoop takes groups from the queue until it is closed and drained.
func (db *DB) commitLoop(queue chan *unitRequest) {
	last := 0
	for first := range queue {
		group := []*unitRequest{first}
		// When the last group was shared, others are at work on units of
		// their own: yield once so that those about to arrive join this
		// group (a few microseconds) instead of waiting for the next.
		lingered := last < 2
	more:
		for len(group) < maxGroup {
			select {
			case r, ok := <-queue:
				if !ok {
					break more
				}
				group = append(group, r)
			default:
				if lingered {
					break more
				}
				lingered = true
				runtime.Gosched()
			}
		}
		last = len(group)
		for _, r := range db.commitGroup(group) {
			db.commitGroup([]*unitRequest{r}) // a busy unit again, alone
		}
	}
}

// writeTx runs fn as one unit in a group's transaction and returns once
// that transaction has committed (or fn failed).
func (db *DB) writeTx(ctx context.Context, fn func(tx querier) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := &unitRequest{ctx: ctx, fn: fn, done: make(chan unitResult, 1)}
	c := db.units
	c.mu.RLock()
	if c.closed {
		c.mu.RUnlock()
		return errStoreClosed
	}
	select {
	case c.queue <- r:
	case <-ctx.Done():
		c.mu.RUnlock()
		return ctx.Err()
	}
	c.mu.RUnlock()
	// Always wait: fn may be running, writing its caller's variables.
	res := <-r.done
	if res.panicked {
		panic(res.panicVal)
	}
	return res.err
}

// close refuses new units and waits for the queued ones to be committed.
func (c *committer) close() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.queue)
	}
	c.mu.Unlock()
	c.wg.Wait()
}

// commitGroup runs group in one transaction and answers each unit. It
// returns the units to run again alone: those that failed as busy in a
// group of more than one.
func (db *DB) commitGroup(group []*unitRequest) (again []*unitRequest) {
	ctx := context.Background()
	db.units.groups.Add(1)
	db.units.units.Add(int64(len(group)))
	if len(group) > 1 && db.commitOptimistic(group) {
		return nil
	}
	results := make([]unitResult, len(group))
	answer := func() {
		for i, r := range group {
			if results[i].err == errAgain {
				continue
			}
			r.done <- results[i]
		}
	}
	tx, err := db.cfg.Write.BeginTx(ctx, nil)
	if err != nil {
		err = db.cfg.Translate(err)
		for i := range results {
			results[i].err = err
		}
		answer()
		return nil
	}
	shared := len(group) > 1
	if shared && db.cfg.GroupSetup != "" {
		if _, err := tx.ExecContext(ctx, db.cfg.GroupSetup); err != nil {
			db.abortGroup(tx, results, db.cfg.Translate(err))
			answer()
			return nil
		}
	}
	succeeded := 0
	// One savepoint, "unit", is open while a shared group runs: a unit
	// that fails is rolled back to it (which keeps it open, clean, for the
	// next); one that succeeds has it released and a new one set in one
	// statement before the next unit begins; COMMIT releases the last.
	open, dirty := false, false
	for i, r := range group {
		if err := r.ctx.Err(); err != nil {
			results[i].err = err
			continue
		}
		if !shared {
			results[i] = runUnit(r, tx, db.stmts, db.cfg.Translate)
			if results[i].err == nil && !results[i].panicked {
				succeeded++
			}
			continue
		}
		var mark string
		switch {
		case !open:
			mark = `SAVEPOINT unit`
		case dirty:
			mark = `RELEASE SAVEPOINT unit; SAVEPOINT unit`
		}
		if mark != "" {
			if _, err := tx.ExecContext(ctx, mark); err != nil {
				db.abortGroup(tx, results, db.cfg.Translate(err))
				answer()
				return nil
			}
			open, dirty = true, false
		}
		res := runUnit(r, tx, db.stmts, db.cfg.Translate)
		results[i] = res
		if res.err == nil && !res.panicked {
			succeeded++
			dirty = true
			continue
		}
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT unit`); err != nil {
			// The transaction is gone (SQLite rolls back on some errors):
			// nothing in it can commit.
			db.abortGroup(tx, results, db.cfg.Translate(err))
			answer()
			return nil
		}
		var de *domain.Error
		if !res.panicked && errors.As(res.err, &de) && de.Code == domain.EUnavailable {
			results[i].err = errAgain
			again = append(again, r)
		}
	}
	if succeeded == 0 {
		_ = tx.Rollback()
		answer()
		return again
	}
	db.commitAndAnswer(ctx, tx, results, answer)
	return again
}

// commitAndAnswer commits a group's transaction with the audit entries
// of reads waiting now (carryAudits), then answers every unit: if COMMIT
// fails, each unit that had succeeded gets that error instead.
func (db *DB) commitAndAnswer(ctx context.Context, tx *sql.Tx, results []unitResult, answer func()) {
	riders := db.carryAudits(ctx, tx)
	if err := tx.Commit(); err != nil {
		err = db.cfg.Translate(err)
		for i := range results {
			if results[i].err == nil && !results[i].panicked {
				results[i].err = err
			}
		}
		if len(riders) > 0 {
			go db.writeAuditBatch(riders) // through a committer: not from inside one
		}
		answer()
		return
	}
	for _, r := range riders {
		r.done <- nil
	}
	answer()
}

// errAgain marks a unit to be run again alone: it is never answered.
var errAgain = errors.New("sqlstore: run again alone")

// abortGroup rolls tx back and gives err to every unit that had not failed
// on its own.
func (db *DB) abortGroup(tx *sql.Tx, results []unitResult, err error) {
	_ = tx.Rollback()
	for i := range results {
		if (results[i].err == nil || results[i].err == errAgain) && !results[i].panicked {
			results[i].err = err
		}
	}
}

// runUnit runs r's fn on tx, its queries under a context its caller's
// cancellation does not reach, catching a panic to hand to its caller.
func runUnit(r *unitRequest, tx *sql.Tx, stmts *stmtCache, translate func(error) error) (res unitResult) {
	return runUnitTracked(r, tx, stmts, translate, nil, nil)
}

// runUnitTracked is runUnit telling wrote of the unit's writes and
// holding its audit entries in audits (when not nil).
func runUnitTracked(r *unitRequest, tx *sql.Tx, stmts *stmtCache, translate func(error) error, wrote *bool, audits *pendingAudits) (res unitResult) {
	defer func() {
		if p := recover(); p != nil {
			res = unitResult{panicked: true, panicVal: p}
		}
	}()
	var queried []string
	if err := r.fn(boundTx{tx: tx, ctx: context.WithoutCancel(r.ctx), stmts: stmts, wrote: wrote, audits: audits, queried: &queried}); err != nil {
		res.err = translate(err)
	}
	return res
}

// boundTx runs a unit's queries on the group's transaction under its own
// context, whatever context each query is given.
type boundTx struct {
	tx    *sql.Tx
	ctx   context.Context
	stmts *stmtCache // nil: every query prepared where it runs
	// wrote, when set, is told of every statement that may have changed
	// something or failed (commitOptimistic).
	wrote *bool
	// audits, when set, holds the unit's audit entries until its group
	// writes them all in one statement (groupaudit.go).
	audits *pendingAudits
	// queried lists the queries this unit has run from the cache as
	// result sets (cachedRows).
	queried *[]string
}

func (b boundTx) ExecContext(_ context.Context, query string, args ...any) (sql.Result, error) {
	b.mark(true)
	if err := b.before(query); err != nil {
		return nil, err
	}
	if err := b.flushFor(query); err != nil {
		return nil, err
	}
	return execOn(b.ctx, b.tx, b.stmts, query, args...)
}

// execOn runs query on tx, prepared when the cache has it.
func execOn(ctx context.Context, tx *sql.Tx, stmts *stmtCache, query string, args ...any) (sql.Result, error) {
	if s := stmts.get(query); s != nil {
		return tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

func (b boundTx) QueryContext(_ context.Context, query string, args ...any) (*sql.Rows, error) {
	b.mark(!readOnly(query))
	if err := b.before(query); err != nil {
		return nil, err
	}
	if err := b.flushFor(query); err != nil {
		return nil, err
	}
	if s := b.cachedRows(query); s != nil {
		return b.tx.StmtContext(b.ctx, s).QueryContext(b.ctx, args...)
	}
	return b.tx.QueryContext(b.ctx, query, args...)
}

func (b boundTx) QueryRowContext(_ context.Context, query string, args ...any) *sql.Row {
	b.mark(!readOnly(query))
	if err := b.before(query); err != nil {
		b.audits.failed = true // the group runs again, a savepoint per unit
	}
	_ = b.flushFor(query) // a failure is kept in b.audits: the group runs again
	if s := b.stmts.get(query); s != nil {
		return b.tx.StmtContext(b.ctx, s).QueryRowContext(b.ctx, args...)
	}
	return b.tx.QueryRowContext(b.ctx, query, args...)
}
