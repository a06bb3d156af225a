// Package pgtest gives tests their own PostgreSQL schema, so that runs never
// collide. Tests skip without UNKNOT_TEST_POSTGRES_URL, unless
// UNKNOT_REQUIRE_POSTGRES=1 (set by CI), when they fail instead.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// URL returns a connection URL whose search_path is a new schema that is
// dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("UNKNOT_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("UNKNOT_REQUIRE_POSTGRES") == "1" {
			t.Fatal("UNKNOT_REQUIRE_POSTGRES=1 but UNKNOT_TEST_POSTGRES_URL is empty: the PostgreSQL suite must run")
		}
		t.Skip("set UNKNOT_TEST_POSTGRES_URL to run the PostgreSQL suite")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "unknot_test_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connecting to %s: %v", os.Getenv("UNKNOT_TEST_POSTGRES_URL"), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating schema: %v", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("UNKNOT_TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
