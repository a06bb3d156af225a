package sqlstore

import (
	"context"
	"errors"
	"strings"

	"unknot/internal/domain"
)

// commitOptimistic runs a group of units in one transaction without a
// savepoint per unit. A savepoint is a statement of its own, and on
// PostgreSQL a round trip of its own: one of three for an assessment, on
// the committer's serial path (docs/PERFORMANCE.md). Units nearly always
// succeed; when one does not:
//
//   - a unit that failed with an error of the domain's (not found,
//     forbidden, invalid, conflict: not "unavailable", not "internal")
//     having only read (SELECT, WITH ... SELECT) changed nothing, and the
//     transaction is still sound: it gets its error and the group goes on;
//   - any other failure (a write done first, a failed statement, a panic,
//     any other error) may have left part of a unit in the transaction,
//     or aborted it (PostgreSQL): the transaction is rolled back and
//     commitOptimistic returns false, and the caller runs the whole group
//     again, each unit under its own savepoint, as before. A unit run a
//     second time that way is what a unit that failed as busy already
//     was: every unit of work may run more than once before it commits,
//     and sets what it returns afresh each time.
//
// It returns true when it has answered every unit.
func (db *DB) commitOptimistic(group []*unitRequest) bool {
	ctx := context.Background()
	tx, err := db.cfg.Write.BeginTx(ctx, nil)
	if err != nil {
		return false
	}
	results := make([]unitResult, len(group))
	succeeded := 0
	audits := &pendingAudits{}
	// The group's setup (PostgreSQL's lock_timeout) runs before the first
	// statement that may wait on another group's row lock, not first of
	// all: a group of anonymous assessments never waits, and saves the
	// round trip (lazySetup).
	if db.cfg.GroupSetup != "" {
		audits.setup = &lazySetup{query: db.cfg.GroupSetup}
	}
	fallBack := func() bool {
		_ = tx.Rollback()
		db.units.fallbacks.Add(1)
		return false
	}
	for i, r := range group {
		if err := r.ctx.Err(); err != nil {
			results[i].err = err
			continue
		}
		wrote := false
		res := runUnitTracked(r, tx, db.stmts, db.cfg.Translate, &wrote, audits)
		if audits.failed {
			return fallBack()
		}
		if res.err == nil && !res.panicked {
			succeeded++
			audits.keep()
			continue
		}
		audits.unit = nil // a unit that failed leaves no trace of its own
		if wrote || res.panicked || !harmless(res.err) {
			return fallBack()
		}
		results[i] = res
	}
	answer := func() {
		for i, r := range group {
			r.done <- results[i]
		}
	}
	if succeeded == 0 {
		_ = tx.Rollback()
		answer()
		return true
	}
	if err := insertAudits(ctx, tx, db.stmts, audits.kept); err != nil {
		return fallBack()
	}
	db.commitAndAnswer(ctx, tx, results, answer)
	return true
}

// harmless says whether err, from a unit that only read, is one the
// domain gave (the unit's own decision) rather than the database's.
func harmless(err error) bool {
	var de *domain.Error
	if !errors.As(err, &de) {
		return false
	}
	return de.Code != domain.EUnavailable && de.Code != domain.EInternal
}

// readOnly says whether query only reads: a SELECT that takes no row
// lock, or a WITH whose statements are all SELECTs.
func readOnly(query string) bool {
	verb, locking := kindOf(query)
	return verb == "SELECT" && !locking || verb == "WITH" && !locking
}

// kindOf returns query's first word, upper-cased, and whether it may
// take a row lock (SELECT ... FOR UPDATE / SHARE, an upsert, a WITH that
// writes), reading the query once.
func kindOf(query string) (verb string, locking bool) {
	q := strings.TrimLeft(query, " \t\r\n(")
	if len(q) < 6 {
		return "", false
	}
	u := strings.ToUpper(q)
	switch {
	case strings.HasPrefix(u, "SELECT"):
		return "SELECT", strings.Contains(u, " FOR UPDATE") || strings.Contains(u, " FOR SHARE") ||
			strings.Contains(u, " FOR NO KEY UPDATE") || strings.Contains(u, " FOR KEY SHARE")
	case strings.HasPrefix(u, "INSERT"):
		return "INSERT", strings.Contains(u, "ON CONFLICT")
	case strings.HasPrefix(u, "WITH"):
		// A WITH that writes counts as taking locks.
		return "WITH", strings.Contains(u, "INSERT") || strings.Contains(u, "UPDATE") || strings.Contains(u, "DELETE")
	}
	verb, _, _ = strings.Cut(u, " ")
	return verb, false
}

func (b boundTx) mark(write bool) {
	if write && b.wrote != nil {
		*b.wrote = true
	}
}

// CommitFallbacks says how many groups were run again with a savepoint
// per unit because one of their units failed after writing.
func (db *DB) CommitFallbacks() int64 { return db.units.fallbacks.Load() }

// lazySetup is a group's setup statement, run once, before the first
// statement that takes or waits for a row lock.
type lazySetup struct {
	query string
	done  bool
}

// before runs the setup if query may wait on a row lock: anything but a
// plain SELECT or an INSERT without ON CONFLICT. An INSERT's foreign-key
// check takes a KEY SHARE lock, which waits only for a FOR UPDATE or a
// DELETE of the row it names, and those run with the setup in force, so
// a wait between two groups is always bounded on one side.
func (b boundTx) before(query string) error {
	if b.audits == nil || b.audits.setup == nil || b.audits.setup.done || !mayLock(query) {
		return nil
	}
	b.audits.setup.done = true
	_, err := b.tx.ExecContext(b.ctx, b.audits.setup.query)
	return err
}

func mayLock(query string) bool {
	verb, locking := kindOf(query)
	return locking || verb != "SELECT" && verb != "INSERT"
}
