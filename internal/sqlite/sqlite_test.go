package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"unknot/internal/sqlite"
	"unknot/internal/sqlstore"
	"unknot/internal/storetest"
	"unknot/internal/testclock"
)

func open(t *testing.T) (*sqlstore.DB, func(t *testing.T) *sqlstore.DB) {
	path := filepath.Join(t.TempDir(), sqlite.FileName)
	reopen := func(t *testing.T) *sqlstore.DB {
		db, err := sqlite.Open(path, testclock.Fixed())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	return reopen(t), reopen
}

func TestStoreContract(t *testing.T) { storetest.Run(t, open) }

func TestBackupWhileOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, sqlite.FileName)
	db, err := sqlite.Open(path, testclock.Fixed())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "copy.db")
	if err := sqlite.Backup(ctx, path, dest); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if err := sqlite.Backup(ctx, path, dest); err == nil {
		t.Fatal("Backup over an existing file: want an error")
	}
	cp, err := sqlite.Open(dest, testclock.Fixed())
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if err := cp.CheckSchema(ctx); err != nil {
		t.Fatalf("the copy's schema: %v", err)
	}
	if _, err := os.Stat(dest); err != nil {
		t.Fatal(err)
	}
}
