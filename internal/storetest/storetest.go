// Package storetest is the one contract suite every store must pass. The
// sqlite and postgres packages run it against their own engine.
package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"unknot/internal/domain"
	"unknot/internal/sqlstore"
)

// Opener opens a new, empty database and returns a store on it, plus a
// function that opens a second, independent handle on the same database.
type Opener func(t *testing.T) (db *sqlstore.DB, reopen func(t *testing.T) *sqlstore.DB)

// Run runs the whole contract suite.
func Run(t *testing.T, open Opener) {
	t.Run("Migrate", func(t *testing.T) { testMigrate(t, open) })
	t.Run("ConcurrentMigrate", func(t *testing.T) { testConcurrentMigrate(t, open) })
	t.Run("SchemaTooNew", func(t *testing.T) { testSchemaTooNew(t, open) })
	t.Run("Assessments", func(t *testing.T) { testAssessments(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
	t.Run("Users", func(t *testing.T) { testUsers(t, open) })
	t.Run("FirstUser", func(t *testing.T) { testFirstUser(t, open) })
	t.Run("PurgeExpired", func(t *testing.T) { testPurgeExpired(t, open) })
	t.Run("SessionsAndTokens", func(t *testing.T) { testSessionsAndTokens(t, open) })
	t.Run("ClaimAndShare", func(t *testing.T) { testClaimAndShare(t, open) })
	t.Run("DeleteUser", func(t *testing.T) { testDeleteUser(t, open) })
	t.Run("Diary", func(t *testing.T) { testDiary(t, open) })
	t.Run("DiaryEntries", func(t *testing.T) { testDiaryEntries(t, open) })
	t.Run("Worsening", func(t *testing.T) { testWorsening(t, open) })
	t.Run("Outcomes", func(t *testing.T) { testOutcomes(t, open) })
	t.Run("Retention", func(t *testing.T) { testRetention(t, open) })
	t.Run("DevicesAndConfirmation", func(t *testing.T) { testDevicesAndConfirmation(t, open) })
	t.Run("SignedNoteImmutable", func(t *testing.T) { testSignedNoteImmutable(t, open) })
	t.Run("Programs", func(t *testing.T) { testPrograms(t, open) })
	t.Run("Talk", func(t *testing.T) { testTalk(t, open) })
	t.Run("Reminders", func(t *testing.T) { testReminders(t, open) })
	t.Run("GroupCommit", func(t *testing.T) { testGroupCommit(t, open) })
	t.Run("GroupCommitFailuresThatOnlyRead", func(t *testing.T) { testGroupCommitFailuresThatOnlyRead(t, open) })
	t.Run("GroupCommitAudits", func(t *testing.T) { testGroupCommitAudits(t, open) })
}

func migrated(t *testing.T, open Opener) (*sqlstore.DB, func(t *testing.T) *sqlstore.DB) {
	t.Helper()
	db, reopen := open(t)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return db, reopen
}

func testMigrate(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := open(t)
	cur, known, err := db.SchemaStatus(ctx)
	if err != nil || cur != 0 || known < 1 {
		t.Fatalf("fresh SchemaStatus = %d, %d, %v; want 0, >=1, nil", cur, known, err)
	}
	if err := db.CheckSchema(ctx); err == nil {
		t.Fatal("CheckSchema on an empty database: want an error")
	}
	n, err := db.Migrate(ctx)
	if err != nil || n != db.MigrationCount() {
		t.Fatalf("Migrate = %d, %v; want %d, nil", n, err, db.MigrationCount())
	}
	if n, err := db.Migrate(ctx); err != nil || n != 0 {
		t.Fatalf("second Migrate = %d, %v; want 0, nil", n, err)
	}
	if err := db.CheckSchema(ctx); err != nil {
		t.Fatalf("CheckSchema after Migrate: %v", err)
	}
}

func testConcurrentMigrate(t *testing.T, open Opener) {
	ctx := context.Background()
	first, reopen := open(t)
	handles := []*sqlstore.DB{first, reopen(t), reopen(t), reopen(t)}
	var wg sync.WaitGroup
	applied := make([]int, len(handles))
	errs := make([]error, len(handles))
	for i, h := range handles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			applied[i], errs[i] = h.Migrate(ctx)
		}()
	}
	wg.Wait()
	total := 0
	for i := range handles {
		if errs[i] != nil {
			t.Fatalf("handle %d Migrate: %v", i, errs[i])
		}
		total += applied[i]
	}
	if total != first.MigrationCount() {
		t.Fatalf("migrations applied across handles = %d; want each applied once (%d)", total, first.MigrationCount())
	}
}

func testSchemaTooNew(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	future := db.KnownVersion() + 1
	if _, err := db.WritePool().ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from_the_future', 'x')`, future); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckSchema(ctx); !errors.Is(err, sqlstore.ErrSchemaTooNew) {
		t.Fatalf("CheckSchema = %v; want ErrSchemaTooNew", err)
	}
	if _, err := db.Migrate(ctx); !errors.Is(err, sqlstore.ErrSchemaTooNew) {
		t.Fatalf("Migrate = %v; want ErrSchemaTooNew", err)
	}
}

func testAssessments(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	at := time.Date(2026, 11, 24, 9, 0, 0, 123456000, time.UTC)
	a := &domain.Assessment{
		ID:              "a1",
		CreatedAt:       at,
		Input:           []byte(`{"age": 38}`),
		Result:          []byte(`{"disposition": "self_care"}`),
		Disposition:     "self_care",
		ProtocolID:      "unknot-default",
		ProtocolVersion: "1.0.0",
		TZ:              "Europe/London",
	}
	if err := db.CreateAssessment(ctx, a); err != nil {
		t.Fatalf("CreateAssessment: %v", err)
	}
	got, err := db.FindAssessmentByID(ctx, "a1")
	if err != nil {
		t.Fatalf("FindAssessmentByID: %v", err)
	}
	if !got.CreatedAt.Equal(at) || got.TZ != a.TZ || got.ProtocolVersion != a.ProtocolVersion || got.Disposition != a.Disposition {
		t.Fatalf("round trip: got %+v; want %+v", got, a)
	}
	if !jsonEqual(t, got.Input, a.Input) || !jsonEqual(t, got.Result, a.Result) {
		t.Fatalf("round trip JSON: got %s %s", got.Input, got.Result)
	}
	if err := db.CreateAssessment(ctx, a); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("duplicate CreateAssessment = %v; want conflict", err)
	}
	if _, err := db.FindAssessmentByID(ctx, "missing"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("FindAssessmentByID(missing) = %v; want not found", err)
	}
}

func testAudit(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	for i, rec := range []string{"assessment:a", "assessment:b", "assessment:a"} {
		e := &domain.AuditEntry{Actor: "anonymous", Action: "read", Record: rec, Address: "127.0.0.1",
			At: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC)}
		if err := db.AppendAudit(ctx, e); err != nil {
			t.Fatalf("AppendAudit: %v", err)
		}
		if e.ID == 0 {
			t.Fatal("AppendAudit did not set the id")
		}
	}
	all, err := db.ListAudit(ctx, domain.AuditFilter{})
	if err != nil || len(all) != 3 {
		t.Fatalf("ListAudit = %d entries, %v; want 3", len(all), err)
	}
	if all[0].ID < all[1].ID {
		t.Fatal("ListAudit is not newest first")
	}
	a, err := db.ListAudit(ctx, domain.AuditFilter{Record: "assessment:a"})
	if err != nil || len(a) != 2 {
		t.Fatalf("ListAudit(record a) = %d, %v; want 2", len(a), err)
	}
	if !a[1].At.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("audit time round trip: %v", a[1].At)
	}
}
