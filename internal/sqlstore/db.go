// Package sqlstore is unknot's store over database/sql: the queries, the
// transactions and the migration runner that the sqlite and postgres packages
// share. It knows nothing of any driver; each of those packages opens its
// driver, hands the pools here and translates its driver's errors.
//
// Every query is a method of Queries. A DB runs them on its pools, each
// change in a transaction of its own; a Tx, from DB.InTx, runs them all in
// one transaction with one clock reading, so that a use case's writes commit
// together or not at all.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"unknot/internal/domain"
)

// Config is what a driver package hands to New.
type Config struct {
	// Write takes every change. SQLite needs exactly one connection here.
	Write *sql.DB
	// Read serves queries; it may be the same pool as Write.
	Read *sql.DB
	// Migrations holds NNNN_name.sql files, applied in order.
	Migrations fs.FS
	// Translate turns a driver error into a *domain.Error where it has a
	// meaning (unique violation, busy); others pass through unchanged.
	Translate func(error) error
	// Lock, when set, serialises migrations across processes (PostgreSQL's
	// advisory lock). It runs on the connection the migrations use.
	Lock func(ctx context.Context, conn *sql.Conn) (unlock func(), err error)
	// Now is the clock. Required: the one clock Main injects.
	Now func() time.Time
	// Engine names the database for messages: "sqlite" or "postgres".
	Engine string
	// Committers is how many groups of units of work may commit side by
	// side (groupcommit.go): 1 when zero, as SQLite's one writer needs.
	Committers int
	// GroupSetup, when set, runs in every transaction that holds more
	// than one unit of work: first, in a group run a savepoint per unit;
	// before the first statement that may wait on a row lock, in one run
	// without (groupcommit_fast.go). PostgreSQL's sets a short lock_timeout:
	// two groups committing side by side may each hold a row lock the
	// other's next unit wants (a deadlock PostgreSQL would find only after
	// its deadlock_timeout, 1 s); a unit that waits longer than that is
	// rolled back to its savepoint and run again alone, where waiting is
	// safe: it holds nothing else.
	GroupSetup string
	// CacheStatements keeps the statements units of work run on Write,
	// and the queries run on Read, prepared (stmtcache.go): SQLite's
	// driver prepares each query anew, pgx keeps its own cache.
	CacheStatements bool
	// Stop, when set, runs on Close after the last unit has committed and
	// before the pools close (SQLite's checkpointer).
	Stop func()
}

// querier is what a query runs on: a pool or a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Queries are the store's operations. Reads run on read; changes run in
// write, which on a DB begins a transaction and in a Tx joins the one
// already open.
type Queries struct {
	read      querier
	write     func(ctx context.Context, fn func(tx querier) error) error
	clock     func() time.Time
	translate func(error) error
	engine    string
}

// Now is the store's time: the clock's reading on a DB, and the one
// reading taken when a Tx began for everything in it.
func (qs *Queries) Now() time.Time { return qs.now() }

func (qs *Queries) now() time.Time { return qs.clock().UTC() }

// DB is an open store.
type DB struct {
	Queries
	cfg        Config
	migrations []migration
	audits     *auditBatcher
	units      *committer
	stmts      *stmtCache // nil unless Config.CacheStatements
	reads      *readCache // nil unless Config.CacheStatements
}

// Tx is the store inside one write transaction, from DB.InTx.
type Tx struct {
	Queries
	sqlTx *sql.Tx
}

// New returns a store over the given pools. It does not migrate: call Migrate.
func New(cfg Config) (*DB, error) {
	if cfg.Now == nil {
		return nil, fmt.Errorf("sqlstore: no clock in Config.Now")
	}
	translate := cfg.Translate
	if translate == nil {
		translate = func(err error) error { return err }
	}
	cfg.Translate = func(err error) error {
		var de *domain.Error
		if err == nil || errors.As(err, &de) {
			return err // translated already, perhaps with more said
		}
		return translate(err)
	}
	ms, err := loadMigrations(cfg.Migrations)
	if err != nil {
		return nil, err
	}
	db := &DB{cfg: cfg, migrations: ms}
	db.Queries = Queries{read: cfg.Read, write: db.writeTx, clock: cfg.Now, translate: cfg.Translate, engine: cfg.Engine}
	if cfg.CacheStatements {
		db.stmts = newStmtCache(cfg.Write)
		db.reads = &readCache{pool: cfg.Read, stmts: map[string]*sql.Stmt{}}
		db.Queries.read = db.reads
	}
	db.startCommitters(cfg.Committers)
	db.startAuditBatcher()
	return db, nil
}

// Engine names the database engine.
func (db *DB) Engine() string { return db.cfg.Engine }

// ReadPool and WritePool expose the pools for metrics.
func (db *DB) ReadPool() *sql.DB { return db.cfg.Read }

// WritePool returns the pool that takes changes.
func (db *DB) WritePool() *sql.DB { return db.cfg.Write }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.cfg.Read.PingContext(ctx); err != nil {
		return &domain.Error{Code: domain.EUnavailable, Message: "The database is not reachable.", Err: err}
	}
	return nil
}

// Close stops the audit batcher and the committers, once the units queued
// are committed, and closes both pools.
func (db *DB) Close() error {
	db.audits.close() // its last batches go through the committers
	db.units.close()
	db.stmts.close()
	if db.reads != nil {
		db.reads.close()
	}
	if db.cfg.Stop != nil {
		db.cfg.Stop()
	}
	err := db.cfg.Write.Close()
	if db.cfg.Read != db.cfg.Write {
		if rerr := db.cfg.Read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// InTx runs fn as one unit of work: every query fn makes through tx runs
// in one write transaction, committed when fn returns nil and rolled back
// otherwise, and tx.Now is one clock reading for all of it. Units that
// arrive together share one transaction, and each returns only once that
// transaction has committed (groupcommit.go). fn may run more than once
// before it commits (its group run again, groupcommit_fast.go): it must
// set what it returns afresh each time.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	return db.writeTx(ctx, func(q querier) error {
		at := db.now()
		tx := &Tx{Queries: Queries{read: q, clock: func() time.Time { return at }, translate: db.cfg.Translate, engine: db.cfg.Engine,
			write: func(_ context.Context, fn func(querier) error) error { return db.cfg.Translate(fn(q)) }}}
		switch t := q.(type) { // the transaction itself, for River's InsertTx
		case boundTx:
			tx.sqlTx = t.tx
		case *sql.Tx:
			tx.sqlTx = t
		}
		return fn(tx)
	})
}

// notFound says what was not found, never its id: messages reach logs.
func notFound(what, _ string) error {
	return &domain.Error{Code: domain.ENotFound, Message: fmt.Sprintf("No %s with that id.", what)}
}
