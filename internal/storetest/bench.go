package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"unknot/internal/sqlstore"
)

// Sizes of the caseload benchmark: issue 7's 10,000 patients × 90 days.
const (
	benchPatients = 10000
	benchDays     = 90
)

// BenchWorsening times the store's "who is getting worse" query over one
// clinic of 10,000 patients with 90 days of check-ins each (900,000 rows),
// loaded into db (migrated here) by a few INSERT … SELECT statements that
// build the rows inside the database. Every fifth patient's pain rises over
// the last week; half the plans take their baseline from the assessment,
// half from their first 3 days.
func BenchWorsening(b *testing.B, db *sqlstore.DB) {
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	loadStart := time.Now()
	loadCaseload(b, db, now, benchPatients)
	b.Logf("%s: loaded %d patients × %d days in %v", db.Engine(), benchPatients, benchDays, time.Since(loadStart).Round(time.Millisecond))

	rows, err := db.Worsening(ctx, "bench-clinic", now)
	if err != nil {
		b.Fatal(err)
	}
	if want := benchPatients / 5; len(rows) != want {
		b.Fatalf("Worsening lists %d plans; want %d", len(rows), want)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.Worsening(ctx, "bench-clinic", now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rows)), "worse/op")
}

// Fataler is what the loaders need of a test or a command: a way to stop.
type Fataler interface {
	Fatalf(format string, args ...any)
}

func loadCaseload(b Fataler, db *sqlstore.DB, now time.Time, nPatients int, extra ...string) {
	ctx := context.Background()

	jsonLit := `'{}'`
	if db.Engine() == "postgres" {
		jsonLit = `CAST('{}' AS JSONB)`
	}
	// The days as an inline VALUES list (dates made here, not by either
	// engine's own date functions), the patients by a recursive counter.
	days := make([]string, benchDays)
	for d := range benchDays {
		days[d] = fmt.Sprintf("(%d, '%s')", d, now.AddDate(0, 0, d-(benchDays-1)).Format(time.DateOnly))
	}
	first, third := now.AddDate(0, 0, -(benchDays-1)).Format(time.DateOnly), now.AddDate(0, 0, 2-(benchDays-1)).Format(time.DateOnly)
	patients := fmt.Sprintf(`WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d) `, nPatients-1)
	statements := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO clinics (id, name, invite_code, created_at) VALUES ('bench-clinic', 'Bench', 'BENCH', $1)`, []any{now}},
		{`INSERT INTO users (id, email, name, password_hash, operator, created_at) ` + patients +
			`SELECT 'bu' || i, 'bu' || i || '@example.org', 'Patient', 'h', FALSE, $1 FROM n`, []any{now}},
		{`INSERT INTO assessments (id, created_at, input, result, disposition, protocol_id, protocol_version, tz, owner_id, clinic_id) ` +
			patients + `SELECT 'ba' || i, $1, ` + jsonLit + `, ` + jsonLit + `, 'self_care', 'p', '1', 'UTC', 'bu' || i, 'bench-clinic' FROM n`,
			[]any{now}},
		// Pain wanders between 2 and 5; every fifth patient's last 5 days are 8.
		{`INSERT INTO checkins (user_id, date, assessment_id, pain_now, pain_worst, stiffness, activity, sleep_disturbed, done,
				red_flags, backfilled, recorded_at, updated_at) ` + patients + `, days (d, date) AS (VALUES ` + strings.Join(days, ", ") + `)
			SELECT 'bu' || i, days.date, 'ba' || i,
				CASE WHEN i % 5 = 0 AND d >= ` + fmt.Sprint(benchDays-5) + ` THEN 8 ELSE 2 + (i + d) % 4 END,
				6, 3, 2, FALSE, '["exercise"]', '[]', FALSE, $1, $1
			FROM n CROSS JOIN days`, []any{now}},
		{`INSERT INTO diary_baselines (assessment_id, user_id, start_date, tz, pain, base_sum, base_n, base_end) ` + patients +
			`SELECT 'ba' || i, 'bu' || i, $1, 'UTC', CASE WHEN i % 2 = 0 THEN 3 ELSE NULL END, 0, 0, NULL FROM n`, []any{first}},
		{`UPDATE diary_baselines SET base_sum = pain, base_n = 1 WHERE pain IS NOT NULL`, nil},
		{`UPDATE diary_baselines SET base_n = 3, base_end = $1, base_sum = (SELECT SUM(c.pain_now) FROM checkins c
			WHERE c.assessment_id = diary_baselines.assessment_id AND c.date <= $1) WHERE pain IS NULL`, []any{third}},
		{`UPDATE diary_baselines SET last_date = $1, ` + latestSlots(now) + ``, []any{now.Format(time.DateOnly)}},
	}
	for _, x := range extra {
		statements = append(statements, struct {
			sql  string
			args []any
		}{strings.ReplaceAll(x, "{patients}", patients), nil})
	}
	// PostgreSQL's autovacuum would analyze the new rows soon after.
	statements = append(statements, struct {
		sql  string
		args []any
	}{`ANALYZE`, nil})
	conn, err := db.WritePool().Conn(ctx)
	if err != nil {
		b.Fatalf("%v", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		b.Fatalf("%v", err)
	}
	for _, s := range statements {
		if s.sql == `ANALYZE` {
			if err := tx.Commit(); err != nil {
				b.Fatalf("%v", err)
			}
			if db.Engine() != "postgres" {
				// A SQLite database in use has no statistics unless
				// someone runs ANALYZE: time the query without them.
				continue
			}
			if _, err := conn.ExecContext(ctx, s.sql); err != nil {
				b.Fatalf("ANALYZE: %v", err)
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, s.sql, s.args...); err != nil {
			_ = tx.Rollback()
			b.Fatalf("loading the caseload: %v\n%s", err, s.sql)
		}
	}
}

// latestSlots sets a plan's 7 latest entries in its summary, as PutCheckin
// keeps them: every day has an entry, so they are the last 7 days.
func latestSlots(now time.Time) string {
	set := make([]string, 7)
	for i := range 7 {
		date := now.AddDate(0, 0, -i).Format(time.DateOnly)
		set[i] = fmt.Sprintf(`recent%d_date = '%s', recent%d_pain = (SELECT c.pain_now FROM checkins c
			WHERE c.assessment_id = diary_baselines.assessment_id AND c.date = '%s')`, i+1, date, i+1, date)
	}
	return strings.Join(set, ", ")
}
