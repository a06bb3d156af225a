package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads NNNN_name.sql files from fsys, sorted by number.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	if fsys == nil {
		return nil, errors.New("sqlstore: no migrations given")
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("sqlstore: reading migrations: %w", err)
	}
	var ms []migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("sqlstore: migration %q is not named NNNN_name.sql", e.Name())
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("sqlstore: migrations %q and %q share number %d", other, e.Name(), v)
		}
		seen[v] = e.Name()
		body, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// SchemaStatus reports the schema version recorded in the database and the
// newest version this build knows.
func (db *DB) SchemaStatus(ctx context.Context) (current, known int, err error) {
	known = db.KnownVersion()
	current, err = currentVersion(ctx, db.cfg.Read)
	return current, known, err
}

// KnownVersion is the newest migration this build carries.
func (db *DB) KnownVersion() int {
	if len(db.migrations) == 0 {
		return 0
	}
	return db.migrations[len(db.migrations)-1].version
}

// KnownMigrations is how many migrations this build carries: fewer than
// KnownVersion when numbers were left out (branches take numbers of their
// own, and the runner accepts the gaps).
func (db *DB) KnownMigrations() int { return len(db.migrations) }

// ErrSchemaTooNew is returned when the database was migrated by a newer build.
var ErrSchemaTooNew = errors.New("database schema is newer than this build")

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version BIGINT PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

func currentVersion(ctx context.Context, q queryer) (int, error) {
	var v sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	if err != nil {
		// A database with no table yet is at version 0.
		if isMissingTable(err) {
			return 0, nil
		}
		return 0, err
	}
	return int(v.Int64), nil
}

func isMissingTable(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "no such table") || strings.Contains(msg, "does not exist")
}

// CheckSchema returns ErrSchemaTooNew (wrapped with both versions) when the
// database is ahead of this build, and an error when it is behind.
func (db *DB) CheckSchema(ctx context.Context) error {
	current, known, err := db.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	if current > known {
		return tooNew(current, known)
	}
	if current < known {
		return fmt.Errorf("database schema is at version %d, this build needs %d: run `unknot migrate`", current, known)
	}
	return nil
}

func tooNew(current, known int) error {
	return fmt.Errorf("%w: the database is at schema version %d but this build of unknot knows only up to %d; "+
		"it was used by a newer unknot: run that version, or restore a backup made before the upgrade", ErrSchemaTooNew, current, known)
}

// Migrate applies every migration the database lacks, each in its own
// transaction, recording it in schema_migrations. It refuses a database whose
// schema is newer than this build. Concurrent callers are serialised by the
// driver's Lock (PostgreSQL) or by SQLite's single writer.
func (db *DB) Migrate(ctx context.Context) (applied int, err error) {
	conn, err := db.cfg.Write.Conn(ctx)
	if err != nil {
		return 0, db.cfg.Translate(err)
	}
	defer conn.Close()
	if db.cfg.Lock != nil {
		unlock, err := db.cfg.Lock(ctx, conn)
		if err != nil {
			return 0, fmt.Errorf("taking the migration lock: %w", err)
		}
		defer unlock()
	}
	if _, err := conn.ExecContext(ctx, createMigrationsTable); err != nil {
		return 0, fmt.Errorf("creating schema_migrations: %w", err)
	}
	for _, m := range db.migrations {
		done, err := db.applyOne(ctx, conn, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied++
		}
	}
	current, err := currentVersion(ctx, conn)
	if err != nil {
		return applied, err
	}
	if current > db.KnownVersion() {
		return applied, tooNew(current, db.KnownVersion())
	}
	return applied, nil
}

// applyOne applies m unless it is already recorded; the check and the change
// share one transaction, so two processes cannot both apply it.
func (db *DB) applyOne(ctx context.Context, conn *sql.Conn, m migration) (bool, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, db.cfg.Translate(err)
	}
	defer tx.Rollback()
	current, err := currentVersion(ctx, tx)
	if err != nil {
		return false, err
	}
	if current > db.KnownVersion() {
		return false, tooNew(current, db.KnownVersion())
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.version, m.name, db.now().Format("2006-01-02T15:04:05.000000Z")); err != nil {
		return false, fmt.Errorf("recording migration %04d: %w", m.version, err)
	}
	return true, tx.Commit()
}
