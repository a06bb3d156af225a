package sqlite_test

import (
	"path/filepath"
	"testing"

	"unknot/internal/sqlite"
	"unknot/internal/storetest"
	"unknot/internal/testclock"
)

// BenchmarkWorsening10k: "who is getting worse" across 10,000 patients ×
// 90 days of check-ins; the target is under 100 ms.
func BenchmarkWorsening10k(b *testing.B) {
	db, err := sqlite.Open(filepath.Join(b.TempDir(), sqlite.FileName), testclock.Fixed())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	storetest.BenchWorsening(b, db)
}

// BenchmarkCaseload: the caseload ordered by need, 2,000 patients with 90
// days of history; the target is under 50 ms.
func BenchmarkCaseload(b *testing.B) {
	db, err := sqlite.Open(filepath.Join(b.TempDir(), sqlite.FileName), testclock.Fixed())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	storetest.BenchCaseload(b, db, testclock.Now())
}

// BenchmarkUnitsOfWork: an assessment and its audit entry per unit of
// work, from many goroutines at once, through group commit.
func BenchmarkUnitsOfWork(b *testing.B) {
	db, err := sqlite.Open(filepath.Join(b.TempDir(), sqlite.FileName), testclock.Fixed())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	storetest.BenchUnitsOfWork(b, db)
}
