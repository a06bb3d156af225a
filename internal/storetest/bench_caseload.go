package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"unknot/internal/app"
	"unknot/internal/domain"
	"unknot/internal/sqlstore"
)

// caseloadPatients is BenchmarkCaseload's clinic: issue 13's 2,000
// patients with 90 days of history.
const caseloadPatients = 2000

// SeedCaseload fills db (migrated) with BenchCaseload's clinic,
// "bench-clinic": n patients with 90 days of history up to now, seen by
// therapist "bt". cmd/unknot-load seeds a running server's database with
// it to read a large caseload under load.
func SeedCaseload(f Fataler, db *sqlstore.DB, now time.Time, n int) {
	day := func(d int) string { return now.AddDate(0, 0, d-(benchDays-1)).Format(time.DateOnly) }
	days := func(from, step int) string {
		var vals []string
		for d := from; d < benchDays; d += step {
			vals = append(vals, fmt.Sprintf("(%d, '%s')", d, day(d)))
		}
		return strings.Join(vals, ", ")
	}
	ts := "'" + now.Format("2006-01-02 15:04:05") + "'"
	if db.Engine() == "postgres" {
		ts = "TIMESTAMPTZ '" + now.Format("2006-01-02 15:04:05") + "+00'"
	}
	var latest []string
	for d := benchDays - 1; d >= benchDays-8; d-- {
		if d%3 != 0 {
			latest = append(latest, day(d))
		}
	}
	logged := strings.Join(latest, ",")
	prog := `'{"exercises":[{"exercise_id":"knee_to_chest","reps":5,"times_a_day":2,"days_a_week":7}]}'`
	note := `'{"visit_type":"follow_up","findings":[],"interventions":[{"kind":"trigger_point_release"}]}'`
	loadCaseload(f, db, now, n,
		// The membership holds the caseload's copies, as the store keeps them.
		`INSERT INTO memberships (clinic_id, user_id, role, created_at, last_checkin, signed_note, program_id, program_version,
				program_starts_on, program_days_a_week, program_reassess_on, program_logged)
			{patients} SELECT 'bench-clinic', 'bu' || i, 'patient', `+ts+`, '`+day(benchDays-1)+`', TRUE, 'bp' || i || '-2', 2,
				'`+day(30)+`', 7, '`+day(benchDays+7)+`', '`+logged+`' FROM n`,
		`INSERT INTO programs (id, clinic_id, user_id, version, current, starts_on, days_a_week, reassess_on, body, created_by, created_at)
			{patients}, vs (v) AS (VALUES (1), (2)) SELECT 'bp' || i || '-' || v.v, 'bench-clinic', 'bu' || i, v.v, v.v = 2, CASE WHEN v.v = 1 THEN '`+day(2)+`' ELSE '`+day(30)+`' END,
				7, '`+day(benchDays+7)+`', `+prog+`, 'bt', `+ts+` FROM n CROSS JOIN vs AS v`,
		`INSERT INTO program_sessions (program_id, user_id, clinic_id, date, done, recorded_at) {patients}, days (d, date) AS (VALUES `+days(30, 1)+`)
			SELECT 'bp' || i || '-2', 'bu' || i, 'bench-clinic', days.date, '["knee_to_chest"]', `+ts+` FROM n CROSS JOIN days WHERE (i + d) % 3 <> 0`,
		`INSERT INTO session_notes (id, clinic_id, user_id, author_id, date, duration_minutes, body, created_at, updated_at, signed_at, signed_by)
			{patients}, days (d, date) AS (VALUES `+days(2, 11)+`)
			SELECT 'bn' || i || '-' || d, 'bench-clinic', 'bu' || i, 'bt', days.date, 30, `+note+`, `+ts+`, `+ts+`, `+ts+`, 'bt' FROM n CROSS JOIN days`,
		`INSERT INTO questionnaire_assignments (clinic_id, user_id, instrument_id, every_days, starts_on, assigned_by, assigned_at, last_taken)
			{patients} SELECT 'bench-clinic', 'bu' || i, 'nprs', 14, '`+day(2)+`', 'bt', `+ts+`, '`+day(86)+`' FROM n`,
		`INSERT INTO outcome_responses (id, user_id, assessment_id, instrument_id, answers, score, subscale, band, licence, date, taken_at)
			{patients}, days (d, date) AS (VALUES `+days(2, 14)+`)
			SELECT 'bo' || i || '-' || d, 'bu' || i, 'ba' || i, 'nprs', '[]', 4, NULL, '', '', days.date, `+ts+` FROM n CROSS JOIN days`,
		`INSERT INTO clinic_flags (id, clinic_id, user_id, assessment_id, reason, text, at, flag_key, resolved_at)
			{patients} SELECT 'bf' || i, 'bench-clinic', 'bu' || i, 'ba' || i, 'new_red_flag', 'New red flag: numbness', `+ts+`, 'k', NULL
			FROM n WHERE i % 10 = 0`,
	)
}

// BenchCaseload times the caseload ordered by need, the whole use case
// (app.Patients.Caseload: one unit of work gathering every fact, judging
// and ordering 2,000 patients, and its audit entry), over a clinic whose
// patients each have 90 days of check-ins, a program in its second
// version with 60 days of logged sessions, 8 signed session notes, a
// questionnaire assigned and answered every 2 weeks; every tenth has an
// open red flag and every fifth is getting worse. now is the clock the
// store db was opened with.
func BenchCaseload(b *testing.B, db *sqlstore.DB, now time.Time) {
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	SeedCaseload(b, db, now, caseloadPatients)
	svc := app.New(db, app.Config{Now: db.Now})
	staff := domain.Actor{ID: "bt", UserID: "bt", Memberships: []domain.Membership{{ClinicID: "bench-clinic", UserID: "bt", Role: domain.RoleTherapist}}}
	v, err := svc.Patients.Caseload(ctx, staff, "bench-clinic", app.CaseloadQuery{})
	if err != nil {
		b.Fatal(err)
	}
	if len(v.Rows) != caseloadPatients || v.Rows[0].Top() != "red_flag" || v.Rows[caseloadPatients/10].Top() != "worse" {
		b.Fatalf("caseload: %d rows, first %v, after the red flags %v", len(v.Rows), v.Rows[0].Items, v.Rows[caseloadPatients/10].Items)
	}
	if a := v.Rows[0].Adherence; a == nil || a.Expected != 7 {
		b.Fatalf("adherence of the first row: %+v", a)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := svc.Patients.Caseload(ctx, staff, "bench-clinic", app.CaseloadQuery{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(v.Rows)), "patients/op")
}
