package app_test

// The unit of work, proven on both engines: what one use case writes
// commits together or not at all, and two check-ins at once are taken in
// turn.

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/postgres"
	"unknot/internal/postgres/pgtest"
	"unknot/internal/sqlite"
	"unknot/internal/testclock"
)

// engine is a migrated database on one engine, the services over it, and
// its write pool for the test's own SQL.
type engine struct {
	name string
	svc  *app.Services
	pool *sql.DB
}

func engines(t *testing.T) []engine {
	t.Helper()
	ctx := context.Background()
	now := testclock.Fixed()
	cfg := app.Config{Now: now, DefaultTZ: "Europe/London", Passwords: app.PasswordParams{MemoryKiB: 1024, Time: 1, Threads: 1, Concurrent: 4}}
	lite, err := sqlite.Open(filepath.Join(t.TempDir(), sqlite.FileName), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lite.Close() })
	pg, err := postgres.Open(ctx, pgtest.URL(t), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	for _, db := range []interface {
		Migrate(context.Context) (int, error)
	}{lite, pg} {
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return []engine{
		{"sqlite", app.New(lite, cfg), lite.WritePool()},
		{"postgres", app.New(pg, cfg), pg.WritePool()},
	}
}

func count(t *testing.T, pool *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func input(t *testing.T, pain int) clinical.Input {
	t.Helper()
	in, err := clinical.Decode([]byte(fmt.Sprintf(`{"age": 41, "sex": "female", "regions": ["lumbar_left"],
		"onset": "%s", "pain": {"now": %d, "worst_24h": %d}}`, testclock.Now().Add(-72*3600e9).Format("2006-01-02T15:04:05Z"), pain, pain+1)))
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// When the audit entry cannot be written, the assessment is not stored
// either: health data is never kept without its trace.
func TestAssessmentAndAuditCommitTogether(t *testing.T) {
	ctx := context.Background()
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			breakAudit := map[string][]string{
				"sqlite": {`CREATE TRIGGER audit_down BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit is down'); END`},
				"postgres": {`CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit is down'; END $$`,
					`CREATE TRIGGER audit_down BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_down()`},
			}[e.name]
			anon := domain.Actor{ID: "anonymous", Address: "192.0.2.1"}
			if _, err := e.svc.Assessments.Create(ctx, anon, input(t, 4)); err != nil {
				t.Fatalf("with the audit log up: %v", err)
			}
			for _, q := range breakAudit {
				if _, err := e.pool.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			_, err := e.svc.Assessments.Create(ctx, anon, input(t, 5))
			if domain.ErrorCode(err) != domain.EInternal {
				t.Fatalf("Create with the audit log down = %v; want an internal error", err)
			}
			if n := count(t, e.pool, `SELECT COUNT(*) FROM assessments`); n != 1 {
				t.Fatalf("%d assessments stored; want only the one made while the audit log was up", n)
			}
			if n := count(t, e.pool, `SELECT COUNT(*) FROM audit_log`); n != 1 {
				t.Fatalf("%d audit entries; want 1", n)
			}
		})
	}
}

// Check-ins sent at once for one day end as one entry, reported as new
// exactly once, with the plan's summary agreeing with the entry that won.
func TestConcurrentCheckinsForOneDay(t *testing.T) {
	ctx := context.Background()
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			u, _, _, err := e.svc.Clinics.Setup(ctx, "192.0.2.1",
				app.SetupRequest{Email: "sam@example.org", Password: "correct horse battery staple", ClinicName: "C"})
			if err != nil {
				t.Fatal(err)
			}
			person := domain.Actor{ID: u.ID, UserID: u.ID, Address: "192.0.2.1"}
			res, err := e.svc.Assessments.Create(ctx, person, input(t, 4))
			if err != nil {
				t.Fatal(err)
			}
			const n = 8
			var wg sync.WaitGroup
			created := make([]bool, n)
			errs := make([]error, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					out, err := e.svc.Diary.CheckIn(ctx, person, res.ID, diary.Entry{PainNow: i % 10, PainWorst: i % 10, Done: []string{"exercise"}})
					created[i], errs[i] = out.Created, err
				}()
			}
			wg.Wait()
			news := 0
			for i := range n {
				if errs[i] != nil {
					t.Fatalf("check-in %d: %v", i, errs[i])
				}
				if created[i] {
					news++
				}
			}
			if news != 1 {
				t.Errorf("%d check-ins reported a new day; want exactly 1", news)
			}
			if rows := count(t, e.pool, `SELECT COUNT(*) FROM checkins WHERE user_id = $1`, u.ID); rows != 1 {
				t.Fatalf("%d rows for the day; want 1", rows)
			}
			var pain, recent, baseN, baseSum int
			if err := e.pool.QueryRowContext(ctx, `SELECT c.pain_now, b.recent1_pain, b.base_n, b.base_sum
				FROM checkins c JOIN diary_baselines b ON b.assessment_id = c.assessment_id WHERE c.user_id = $1`, u.ID).
				Scan(&pain, &recent, &baseN, &baseSum); err != nil {
				t.Fatal(err)
			}
			// The assessment gave pain now 4: that is the baseline; the
			// latest entry is the one that won.
			if recent != pain || baseN != 1 || baseSum != 4 {
				t.Errorf("summary recent %d, baseline %d/%d; want the entry's pain %d and the assessment's 4/1", recent, baseSum, baseN, pain)
			}
		})
	}
}

// A read whose audit entry cannot be written is not served, though the
// entry is no longer written in a transaction of the read's own (it rides
// with other writes, or in a batch): W5 and W32.
func TestReadFailsWithoutItsAudit(t *testing.T) {
	ctx := context.Background()
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			anon := domain.Actor{ID: "anonymous", Address: "192.0.2.1"}
			res, err := e.svc.Assessments.Create(ctx, anon, input(t, 4))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.Assessments.Find(ctx, anon, res.ID); err != nil {
				t.Fatalf("read with the audit log up: %v", err)
			}
			for _, q := range map[string][]string{
				"sqlite": {`CREATE TRIGGER audit_down BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit is down'); END`},
				"postgres": {`CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit is down'; END $$`,
					`CREATE TRIGGER audit_down BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_down()`},
			}[e.name] {
				if _, err := e.pool.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := e.svc.Assessments.Find(ctx, anon, res.ID); domain.ErrorCode(err) != domain.EInternal {
				t.Fatalf("read with the audit log down = %v; want an internal error", err)
			}
			if n := count(t, e.pool, `SELECT COUNT(*) FROM audit_log`); n != 2 {
				t.Fatalf("%d audit entries; want the create and the first read", n)
			}
		})
	}
}
