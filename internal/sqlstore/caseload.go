package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"unknot/internal/caseload"
	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/program"
)

// FindMembership returns a person's role in a clinic.
func (qs *Queries) FindMembership(ctx context.Context, clinicID, userID string) (_ *domain.Membership, err error) {
	defer domain.Wrap(&err, "FindMembership(%q, %q)", clinicID, userID)
	var m domain.Membership
	var role string
	err = qs.read.QueryRowContext(ctx, `SELECT clinic_id, user_id, role, created_at FROM memberships WHERE clinic_id = $1 AND user_id = $2`,
		clinicID, userID).Scan(&m.ClinicID, &m.UserID, &role, &m.CreatedAt)
	if err == sql.ErrNoRows {
		return nil, &domain.Error{Code: domain.ENotFound, Message: "No such patient in this clinic."}
	}
	if err != nil {
		return nil, qs.translate(err)
	}
	m.Role, m.CreatedAt = domain.Role(role), m.CreatedAt.UTC()
	return &m, nil
}

// SetTherapist makes therapistID the patient's therapist in the clinic
// unless they have one already: the first to treat them keeps them.
func (qs *Queries) SetTherapist(ctx context.Context, clinicID, userID, therapistID string) (err error) {
	defer domain.Wrap(&err, "SetTherapist(%q, %q)", clinicID, userID)
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE memberships SET therapist_id = $3 WHERE clinic_id = $1 AND user_id = $2
			AND therapist_id IS NULL`, clinicID, userID, therapistID)
		return err
	})
}

// CheckinGap returns the clinic's N in "no check-in for N days".
func (qs *Queries) CheckinGap(ctx context.Context, clinicID string) (n int, err error) {
	defer domain.Wrap(&err, "CheckinGap(%q)", clinicID)
	err = qs.read.QueryRowContext(ctx, `SELECT checkin_gap_days FROM clinics WHERE id = $1`, clinicID).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, notFound("clinic", clinicID)
	}
	return n, qs.translate(err)
}

// SetCheckinGap sets the clinic's N in "no check-in for N days".
func (qs *Queries) SetCheckinGap(ctx context.Context, clinicID string, days int) (err error) {
	defer domain.Wrap(&err, "SetCheckinGap(%q)", clinicID)
	return qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE clinics SET checkin_gap_days = $2 WHERE id = $1`, clinicID, days)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("clinic", clinicID)
		}
		return nil
	})
}

// PutQuestionnaireAssignment assigns an instrument to a patient, replacing
// its schedule if it was assigned before.
func (qs *Queries) PutQuestionnaireAssignment(ctx context.Context, a *domain.QuestionnaireAssignment) (err error) {
	defer domain.Wrap(&err, "PutQuestionnaireAssignment(%q, %q)", a.UserID, a.Instrument)
	if a.AssignedAt.IsZero() {
		a.AssignedAt = qs.now()
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO questionnaire_assignments (clinic_id, user_id, instrument_id, every_days, starts_on,
				assigned_by, assigned_at, last_taken) VALUES ($1, $2, $3, $4, $5, $6, $7,
				(SELECT MAX(o.date) FROM outcome_responses o WHERE o.user_id = $2 AND o.instrument_id = $3))
			ON CONFLICT (clinic_id, user_id, instrument_id) DO UPDATE SET every_days = excluded.every_days,
				starts_on = excluded.starts_on, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at`,
			a.ClinicID, a.UserID, a.Instrument, a.EveryDays, a.StartsOn, a.AssignedBy, a.AssignedAt.UTC())
		return err
	})
}

// ListQuestionnaireAssignments returns what a patient is assigned in the clinic.
func (qs *Queries) ListQuestionnaireAssignments(ctx context.Context, clinicID, userID string) (_ []domain.QuestionnaireAssignment, err error) {
	defer domain.Wrap(&err, "ListQuestionnaireAssignments(%q, %q)", clinicID, userID)
	rows, err := qs.read.QueryContext(ctx, `SELECT clinic_id, user_id, instrument_id, every_days, starts_on, assigned_by, assigned_at
		FROM questionnaire_assignments WHERE clinic_id = $1 AND user_id = $2 ORDER BY instrument_id`, clinicID, userID)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []domain.QuestionnaireAssignment
	for rows.Next() {
		var a domain.QuestionnaireAssignment
		if err := rows.Scan(&a.ClinicID, &a.UserID, &a.Instrument, &a.EveryDays, &a.StartsOn, &a.AssignedBy, &a.AssignedAt); err != nil {
			return nil, err
		}
		a.AssignedAt = a.AssignedAt.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// CaseloadFacts gathers what the caseload judges about every patient of
// the clinic, in a few set-wide queries (one per kind of fact, none per
// patient), with "getting worse" by the diary's rule at now.
func (qs *Queries) CaseloadFacts(ctx context.Context, clinicID string, now time.Time) (_ []caseload.Facts, err error) {
	defer domain.Wrap(&err, "CaseloadFacts(%q)", clinicID)
	var out []caseload.Facts
	at := map[string]int{}
	each := func(query string, args []any, scan func(rows *sql.Rows) error) error {
		rows, err := qs.read.QueryContext(ctx, query, args...)
		if err != nil {
			return qs.translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	patient := func(id string) *caseload.Facts {
		if i, ok := at[id]; ok {
			return &out[i]
		}
		return nil
	}
	// The patient's own row: their membership holds the caseload's copies
	// of their last check-in, a signed note, the current program and its
	// latest logged days (kept on write, see migration 0005).
	logged := map[string]string{}
	if err := each(`SELECT m.user_id, u.name, u.email, COALESCE(m.therapist_id, ''), COALESCE(m.last_checkin, ''), m.signed_note,
			COALESCE(m.program_id, ''), m.program_version, COALESCE(m.program_starts_on, ''), m.program_days_a_week,
			COALESCE(m.program_reassess_on, ''), m.program_logged
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.clinic_id = $1 AND m.role = 'patient'`, []any{clinicID}, func(rows *sql.Rows) error {
		var f caseload.Facts
		var p caseload.ProgramFacts
		var days string
		if err := rows.Scan(&f.PatientID, &f.Name, &f.Email, &f.TherapistID, &f.LastCheckin, &f.SignedNote,
			&p.ID, &p.Version, &p.StartsOn, &p.DaysAWeek, &p.ReassessOn, &days); err != nil {
			return err
		}
		f.TZ = "UTC"
		if p.ID != "" {
			f.Program = &p
			logged[f.PatientID] = days
		}
		at[f.PatientID] = len(out)
		out = append(out, f)
		return nil
	}); err != nil {
		return nil, err
	}
	c := []any{clinicID}
	// Each patient's newest shared result (kept here rather than sorted by
	// the database: the clinic's results come in any order).
	if err := each(`SELECT owner_id, id, created_at, tz FROM assessments WHERE clinic_id = $1 AND owner_id IS NOT NULL`, c, func(rows *sql.Rows) error {
		var owner, id, tz string
		var t time.Time
		if err := rows.Scan(&owner, &id, &t, &tz); err != nil {
			return err
		}
		if f := patient(owner); f != nil && (f.LatestAssessment == "" || t.After(f.SharedAt) || t.Equal(f.SharedAt) && id > f.LatestAssessment) {
			f.LatestAssessment, f.SharedAt, f.TZ = id, t.UTC(), tz
		}
		return nil
	}); err != nil {
		return nil, err
	}
	// The logged days of the week ending on the patient's own today.
	for id, days := range logged {
		f := patient(id)
		today := caseload.Today(f.TZ, now)
		from := diary.AddDays(today, -(program.AdherenceWindow - 1))
		for _, d := range strings.Split(days, ",") {
			if d != "" && d >= from && d <= today {
				f.Program.Logged++
			}
		}
	}
	if err := each(`SELECT user_id, reason, text, at FROM clinic_flags WHERE clinic_id = $1 AND resolved_at IS NULL ORDER BY at`, c,
		func(rows *sql.Rows) error {
			var fl caseload.Flag
			var user, reason string
			if err := rows.Scan(&user, &reason, &fl.Text, &fl.At); err != nil {
				return err
			}
			if f := patient(user); f != nil {
				fl.Reason, fl.At = diary.FlagReason(reason), fl.At.UTC()
				f.Flags = append(f.Flags, fl)
			}
			return nil
		}); err != nil {
		return nil, err
	}
	worse, err := qs.Worsening(ctx, clinicID, now)
	if err != nil {
		return nil, err
	}
	for _, w := range worse {
		if f := patient(w.UserID); f != nil && f.Worse == nil {
			f.Worse = &caseload.Worsening{Recent: float64(w.RecentSum) / float64(w.RecentDays),
				Baseline: float64(w.BaseSum) / float64(w.BaseDays), RecentDays: w.RecentDays}
		}
	}
	if err := each(`SELECT user_id, instrument_id, every_days, starts_on, last_taken FROM questionnaire_assignments
		WHERE clinic_id = $1`, c, func(rows *sql.Rows) error {
		var a caseload.Assignment
		var user string
		var last sql.NullString
		if err := rows.Scan(&user, &a.Instrument, &a.EveryDays, &a.StartsOn, &last); err != nil {
			return err
		}
		if f := patient(user); f != nil {
			a.LastTaken = last.String
			f.Assignments = append(f.Assignments, a)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}
