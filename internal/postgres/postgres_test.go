package postgres_test

import (
	"context"
	"testing"

	"unknot/internal/postgres"
	"unknot/internal/postgres/pgtest"
	"unknot/internal/sqlstore"
	"unknot/internal/storetest"
	"unknot/internal/testclock"
)

func open(t *testing.T) (*sqlstore.DB, func(t *testing.T) *sqlstore.DB) {
	url := pgtest.URL(t)
	reopen := func(t *testing.T) *sqlstore.DB {
		db, err := postgres.Open(context.Background(), url, testclock.Fixed())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	return reopen(t), reopen
}

func TestStoreContract(t *testing.T) { storetest.Run(t, open) }
