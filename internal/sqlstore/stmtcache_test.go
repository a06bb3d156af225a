package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	_ "modernc.org/sqlite"
)

// A unit that runs one query again while the first run's rows are still
// open gets both right: the second is not given the statement the first
// is reading from. The statements are prepared on the one-connection
// pool while units hold it, without waiting for themselves.
func TestCachedStatementsNestedInAUnit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	write, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := New(Config{Write: write, Read: read, Engine: "sqlite", CacheStatements: true,
		Now:        func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) },
		Migrations: fstest.MapFS{"0001_t.sql": {Data: []byte(`CREATE TABLE t (n INTEGER PRIMARY KEY);`)}}})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	const insert = `INSERT INTO t (n) VALUES ($1)`
	const list = `SELECT n FROM t WHERE n <= $1 ORDER BY n`
	unit := func(fn func(q querier) error) {
		t.Helper()
		if err := db.writeTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= 5; i++ {
		unit(func(q querier) error {
			_, err := q.ExecContext(ctx, insert, i)
			return err
		})
	}
	// Ask for the list query, then wait for both to be prepared.
	for tries := 0; db.CachedStatements() < 2; tries++ {
		if tries == 500 { // 500 × 10 ms
			t.Fatalf("%d statements prepared after 5 s; want 2", db.CachedStatements())
		}
		unit(func(q querier) error {
			rows, err := q.QueryContext(ctx, list, 5)
			if err != nil {
				return err
			}
			return rows.Close()
		})
		time.Sleep(10 * time.Millisecond)
	}
	var got string
	unit(func(q querier) error {
		got = ""
		outer, err := q.QueryContext(ctx, list, 3)
		if err != nil {
			return err
		}
		defer outer.Close()
		for outer.Next() {
			var n int
			if err := outer.Scan(&n); err != nil {
				return err
			}
			inner, err := q.QueryContext(ctx, list, n)
			if err != nil {
				return err
			}
			count := 0
			for inner.Next() {
				count++
			}
			if err := inner.Close(); err != nil {
				return err
			}
			got += fmt.Sprintf("%d:%d ", n, count)
		}
		return outer.Err()
	})
	if want := "1:1 2:2 3:3 "; got != want {
		t.Fatalf("nested runs of one query read %q; want %q", got, want)
	}
}
