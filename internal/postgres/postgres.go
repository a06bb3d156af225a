// Package postgres opens unknot on PostgreSQL through pgx v5: one pgxpool,
// shared with database/sql code through pgx's stdlib adapter. The queries
// themselves live in sqlstore.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"unknot/internal/domain"
	"unknot/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLockKey is the advisory lock that serialises migrations when
// several unknot instances start at once ("unknot" in ASCII).
const migrationLockKey = 0x756e6b6e6f74

// committers is how many groups of units of work commit side by side:
// more than one keeps PostgreSQL's own group commit busy, few enough that
// groups seldom wait on each other's row locks.
const committers = 2

// Open connects to the database at url. It does not migrate.
func Open(ctx context.Context, url string, now func() time.Time) (*sqlstore.DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("reading the PostgreSQL URL: %w", redact(err))
	}
	// The background queue (River: its producer, completer, leader and
	// each running job) takes connections beside the requests: with
	// pgxpool's default (4 on two cores) requests would queue behind
	// jobs. pool_max_conns in the URL sets it.
	if cfg.MaxConns < 8 && !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = 8
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	db := stdlib.OpenDBFromPool(pool)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		pool.Close()
		return nil, fmt.Errorf("connecting to PostgreSQL at %s:%d: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	store, err := sqlstore.New(sqlstore.Config{
		Write:      db,
		Read:       db,
		Migrations: sub,
		Translate:  translate,
		Lock:       advisoryLock,
		Now:        now,
		Engine:     "postgres",
		Committers: committers,
		GroupSetup: `SET LOCAL lock_timeout = '50ms'`,
	})
	if err != nil {
		db.Close()
		pool.Close()
	}
	return store, err
}

// advisoryLock holds a session-level advisory lock on conn until unlock.
func advisoryLock(ctx context.Context, conn *sql.Conn) (func(), error) {
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLockKey)); err != nil {
		return nil, err
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, int64(migrationLockKey))
	}, nil
}

// translate maps PostgreSQL's SQLSTATEs onto the domain's error codes.
func translate(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return &domain.Error{Code: domain.EConflict, Message: "That record already exists.", Err: err}
		case "23503":
			return &domain.Error{Code: domain.EInvalid, Message: "A linked record does not exist.", Err: err}
		case "22021", "22P05", "54000":
			// Bad UTF-8, a NUL, text too long: the edge refuses these
			// first (web/edge.go); this keeps a missed field a 422 here
			// as it is on SQLite, never a 500.
			return &domain.Error{Code: domain.EInvalid, Message: "Some text could not be accepted.", Err: err}
		case "40001", "40P01", "55P03", "57P01", "57P03":
			return &domain.Error{Code: domain.EUnavailable, Message: "The database is busy. Please try again.", Err: err}
		}
		return err
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return &domain.Error{Code: domain.EUnavailable, Message: "The database is not reachable.", Err: err}
	}
	return err
}

// redact drops the URL (and any password in it) from a parse error.
func redact(err error) error {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		return errors.New("the URL could not be parsed (check its form: postgres://user@host:5432/dbname)")
	}
	return err
}
