package postgres_test

import (
	"context"
	"testing"

	"unknot/internal/postgres"
	"unknot/internal/postgres/pgtest"
	"unknot/internal/storetest"
	"unknot/internal/testclock"
)

// BenchmarkWorsening10k: "who is getting worse" across 10,000 patients ×
// 90 days of check-ins; the target is under 100 ms. It skips without
// UNKNOT_TEST_POSTGRES_URL.
func BenchmarkWorsening10k(b *testing.B) {
	db, err := postgres.Open(context.Background(), pgtest.URL(b), testclock.Fixed())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	storetest.BenchWorsening(b, db)
}

// BenchmarkCaseload: the caseload ordered by need, 2,000 patients with 90
// days of history; the target is under 50 ms. It skips without
// UNKNOT_TEST_POSTGRES_URL.
func BenchmarkCaseload(b *testing.B) {
	db, err := postgres.Open(context.Background(), pgtest.URL(b), testclock.Fixed())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	storetest.BenchCaseload(b, db, testclock.Now())
}

// BenchmarkUnitsOfWork: an assessment and its audit entry per unit of
// work, from many goroutines at once, through group commit.
func BenchmarkUnitsOfWork(b *testing.B) {
	db, err := postgres.Open(context.Background(), pgtest.URL(b), testclock.Fixed())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	storetest.BenchUnitsOfWork(b, db)
}
