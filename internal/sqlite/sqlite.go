// Package sqlite opens unknot's embedded database: SQLite through the pure-Go
// modernc driver, in WAL mode with foreign keys and a busy timeout, one write
// connection and a pool of readers. The queries themselves live in sqlstore.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"unknot/internal/domain"
	"unknot/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the database file's name inside the data folder.
const FileName = "unknot.db"

// Open opens (creating if needed) the database at path. It does not migrate.
func Open(path string, now func() time.Time) (*sqlstore.DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("creating data folder: %w", err)
		}
	}
	write, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	// SQLite has one writer; a single connection queues writers in Go
	// instead of making them spin on SQLITE_BUSY.
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(4)
	read.SetMaxIdleConns(4)
	// Make sure the file exists and WAL is on before readers open it.
	if err := write.Ping(); err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	var cp *checkpointer
	sub, _ := fs.Sub(migrations, "migrations")
	db, err := sqlstore.New(sqlstore.Config{
		Stop:       func() { cp.stop() },
		Write:      write,
		Read:       read,
		Migrations: sub,
		Translate:  translate,
		Now:        now,
		Engine:     "sqlite",
		// The modernc driver parses every query anew.
		CacheStatements: true,
	})
	if err != nil {
		write.Close()
		read.Close()
		return nil, err
	}
	if cp, err = startCheckpointer(path, db.CommitStats); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// translate maps SQLite's error codes onto the domain's.
func translate(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return &domain.Error{Code: domain.EConflict, Message: "That record already exists.", Err: err}
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &domain.Error{Code: domain.EUnavailable, Message: "The database is busy. Please try again.", Err: err}
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return &domain.Error{Code: domain.EInvalid, Message: "A linked record does not exist.", Err: err}
	}
	return err
}

// Backup writes a consistent copy of the database at path to dest while
// other processes keep using it. dest must not exist.
func Backup(ctx context.Context, path, dest string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no database at %s: %w", path, err)
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s already exists: choose a new file", dest)
	}
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO $1`, dest); err != nil {
		return fmt.Errorf("backing up to %s: %w", dest, err)
	}
	return nil
}
