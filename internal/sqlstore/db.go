// Package sqlstore is unknot's store over database/sql: the queries, the
// transactions and the migration runner that the sqlite and postgres packages
// share. It knows nothing of any driver; each of those packages opens its
// driver, hands the pools here and translates its driver's errors.
package sqlstore

import (
	"context"
	"database/sql"
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
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Engine names the database for messages: "sqlite" or "postgres".
	Engine string
}

// DB is an open store.
type DB struct {
	cfg        Config
	migrations []migration
}

// New returns a store over the given pools. It does not migrate: call Migrate.
func New(cfg Config) (*DB, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Translate == nil {
		cfg.Translate = func(err error) error { return err }
	}
	ms, err := loadMigrations(cfg.Migrations)
	if err != nil {
		return nil, err
	}
	return &DB{cfg: cfg, migrations: ms}, nil
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

// Close closes both pools.
func (db *DB) Close() error {
	err := db.cfg.Write.Close()
	if db.cfg.Read != db.cfg.Write {
		if rerr := db.cfg.Read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// InTx runs fn in one write transaction, committing when fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := db.cfg.Write.BeginTx(ctx, nil)
	if err != nil {
		return db.cfg.Translate(err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return db.cfg.Translate(err)
	}
	if err := tx.Commit(); err != nil {
		return db.cfg.Translate(err)
	}
	return nil
}

func (db *DB) now() time.Time { return db.cfg.Now().UTC() }

func notFound(what, id string) error {
	return &domain.Error{Code: domain.ENotFound, Message: fmt.Sprintf("No %s with id %q.", what, id)}
}
