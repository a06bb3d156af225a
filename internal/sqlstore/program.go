package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"unknot/internal/domain"
	"unknot/internal/program"
)

// PutProgramVersion stores v as the patient's newest program in the clinic:
// it takes the next version number and makes the one before it no longer
// current. Versions are never changed after.
func (qs *Queries) PutProgramVersion(ctx context.Context, v *program.Version) (err error) {
	defer domain.Wrap(&err, "PutProgramVersion(%q, %q)", v.ClinicID, v.PatientID)
	if v.CreatedAt.IsZero() {
		v.CreatedAt = qs.now()
	}
	body, err := json.Marshal(v.Program)
	if err != nil {
		return fmt.Errorf("encoding the program: %w", err)
	}
	return qs.write(ctx, func(tx querier) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM programs WHERE clinic_id = $1 AND user_id = $2`,
			v.ClinicID, v.PatientID).Scan(&v.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE programs SET current = FALSE WHERE clinic_id = $1 AND user_id = $2 AND current`,
			v.ClinicID, v.PatientID); err != nil {
			return err
		}
		v.Current = true
		_, err := tx.ExecContext(ctx, `INSERT INTO programs (id, clinic_id, user_id, version, current, starts_on, days_a_week,
				reassess_on, body, created_by, created_at) VALUES ($1, $2, $3, $4, TRUE, $5, $6, $7, $8, $9, $10)`,
			v.ID, v.ClinicID, v.PatientID, v.Version, v.StartsOn, v.Program.DaysAWeek(), nullString(v.Program.ReassessOn),
			string(body), v.CreatedBy, v.CreatedAt.UTC())
		if err != nil {
			return err
		}
		// The caseload's copy of the current program; its log starts afresh.
		_, err = tx.ExecContext(ctx, `UPDATE memberships SET program_id = $3, program_version = $4, program_starts_on = $5,
				program_days_a_week = $6, program_reassess_on = $7, program_logged = '' WHERE clinic_id = $1 AND user_id = $2`,
			v.ClinicID, v.PatientID, v.ID, v.Version, v.StartsOn, v.Program.DaysAWeek(), nullString(v.Program.ReassessOn))
		return err
	})
}

const programColumns = `id, clinic_id, user_id, version, current, starts_on, body, created_by, created_at`

func scanProgram(sc interface{ Scan(...any) error }) (program.Version, error) {
	var v program.Version
	var body string
	if err := sc.Scan(&v.ID, &v.ClinicID, &v.PatientID, &v.Version, &v.Current, &v.StartsOn, &body, &v.CreatedBy, &v.CreatedAt); err != nil {
		return v, err
	}
	v.CreatedAt = v.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(body), &v.Program); err != nil {
		return v, fmt.Errorf("decoding program %s: %w", v.ID, err)
	}
	return v, nil
}

// CurrentProgram returns the patient's current program in the clinic.
func (qs *Queries) CurrentProgram(ctx context.Context, clinicID, userID string) (_ *program.Version, err error) {
	defer domain.Wrap(&err, "CurrentProgram(%q, %q)", clinicID, userID)
	v, err := scanProgram(qs.read.QueryRowContext(ctx, `SELECT `+programColumns+` FROM programs
		WHERE clinic_id = $1 AND user_id = $2 AND current`, clinicID, userID))
	if err == sql.ErrNoRows {
		return nil, &domain.Error{Code: domain.ENotFound, Message: "This patient has no program yet."}
	}
	if err != nil {
		return nil, qs.translate(err)
	}
	return &v, nil
}

// LatestProgramOf returns the newest current program a patient has in any
// clinic: the one their own view shows.
func (qs *Queries) LatestProgramOf(ctx context.Context, userID string) (_ *program.Version, err error) {
	defer domain.Wrap(&err, "LatestProgramOf(%q)", userID)
	v, err := scanProgram(qs.read.QueryRowContext(ctx, `SELECT `+programColumns+` FROM programs
		WHERE user_id = $1 AND current ORDER BY created_at DESC, id LIMIT 1`, userID))
	if err == sql.ErrNoRows {
		return nil, &domain.Error{Code: domain.ENotFound, Message: "Your physical therapist has not set a program yet."}
	}
	if err != nil {
		return nil, qs.translate(err)
	}
	return &v, nil
}

// ListProgramVersions returns every version of the patient's program in
// the clinic, newest first.
func (qs *Queries) ListProgramVersions(ctx context.Context, clinicID, userID string) (_ []program.Version, err error) {
	defer domain.Wrap(&err, "ListProgramVersions(%q, %q)", clinicID, userID)
	rows, err := qs.read.QueryContext(ctx, `SELECT `+programColumns+` FROM programs WHERE clinic_id = $1 AND user_id = $2
		ORDER BY version DESC`, clinicID, userID)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []program.Version
	for rows.Next() {
		v, err := scanProgram(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// PutProgramTemplate stores a clinic's program template.
func (qs *Queries) PutProgramTemplate(ctx context.Context, t *program.Template) (err error) {
	defer domain.Wrap(&err, "PutProgramTemplate(%q)", t.ClinicID)
	if t.CreatedAt.IsZero() {
		t.CreatedAt = qs.now()
	}
	body, err := json.Marshal(t.Program)
	if err != nil {
		return fmt.Errorf("encoding the template: %w", err)
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO program_templates (id, clinic_id, name, body, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, t.ID, t.ClinicID, t.Name, string(body), t.CreatedBy, t.CreatedAt.UTC())
		return err
	})
}

// ListProgramTemplates returns a clinic's templates by name.
func (qs *Queries) ListProgramTemplates(ctx context.Context, clinicID string) (_ []program.Template, err error) {
	defer domain.Wrap(&err, "ListProgramTemplates(%q)", clinicID)
	rows, err := qs.read.QueryContext(ctx, `SELECT id, clinic_id, name, body, created_by, created_at FROM program_templates
		WHERE clinic_id = $1 ORDER BY name, id`, clinicID)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []program.Template
	for rows.Next() {
		var t program.Template
		var body string
		if err := rows.Scan(&t.ID, &t.ClinicID, &t.Name, &body, &t.CreatedBy, &t.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &t.Program); err != nil {
			return nil, fmt.Errorf("decoding template %s: %w", t.ID, err)
		}
		t.CreatedAt = t.CreatedAt.UTC()
		out = append(out, t)
	}
	return out, rows.Err()
}

// PutProgramSession records that the patient did their program on a day,
// replacing what they said of that day before.
func (qs *Queries) PutProgramSession(ctx context.Context, s *program.Session) (err error) {
	defer domain.Wrap(&err, "PutProgramSession(%q)", s.ProgramID)
	if s.RecordedAt.IsZero() {
		s.RecordedAt = qs.now()
	}
	done, err := jsonList(s.Done)
	if err != nil {
		return err
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO program_sessions (program_id, user_id, clinic_id, date, done, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (program_id, date) DO UPDATE SET done = excluded.done, recorded_at = excluded.recorded_at`,
			s.ProgramID, s.PatientID, s.ClinicID, s.Date, done, s.RecordedAt.UTC())
		if err != nil {
			return err
		}
		// The caseload's copy of the current program's latest logged days.
		var logged string
		err = tx.QueryRowContext(ctx, `SELECT program_logged FROM memberships WHERE clinic_id = $1 AND user_id = $2 AND program_id = $3`,
			s.ClinicID, s.PatientID, s.ProgramID).Scan(&logged)
		if err == sql.ErrNoRows {
			return nil // not the current program: nothing to keep
		} else if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE memberships SET program_logged = $4 WHERE clinic_id = $1 AND user_id = $2 AND program_id = $3`,
			s.ClinicID, s.PatientID, s.ProgramID, strings.Join(LatestLogged(logged, s.Date), ","))
		return err
	})
}

// loggedKept is how many of a program's latest logged days the caseload's
// copy keeps: a week's window, and a day for the zones.
const loggedKept = 8

// LatestLogged adds date to a comma-separated list of logged days and
// returns the latest loggedKept, newest first, each once.
func LatestLogged(list, date string) []string {
	days := []string{date}
	for _, d := range strings.Split(list, ",") {
		if d != "" && d != date {
			days = append(days, d)
		}
	}
	slices.Sort(days)
	slices.Reverse(days)
	return days[:min(len(days), loggedKept)]
}

// ListProgramSessions returns a patient's logged sessions in the clinic
// from a date on (YYYY-MM-DD, "" for all), oldest first.
func (qs *Queries) ListProgramSessions(ctx context.Context, clinicID, userID, from string) (_ []program.Session, err error) {
	defer domain.Wrap(&err, "ListProgramSessions(%q, %q)", clinicID, userID)
	rows, err := qs.read.QueryContext(ctx, `SELECT program_id, user_id, clinic_id, date, done, recorded_at FROM program_sessions
		WHERE clinic_id = $1 AND user_id = $2 AND date >= $3 ORDER BY date`, clinicID, userID, from)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []program.Session
	for rows.Next() {
		var s program.Session
		var done string
		if err := rows.Scan(&s.ProgramID, &s.PatientID, &s.ClinicID, &s.Date, &done, &s.RecordedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(done), &s.Done); err != nil {
			return nil, fmt.Errorf("decoding a session of %s: %w", s.ProgramID, err)
		}
		s.RecordedAt = s.RecordedAt.UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

// MarkArticleRead records that the person read an article their program
// assigns; the first time stands.
func (qs *Queries) MarkArticleRead(ctx context.Context, userID, articleID string) (err error) {
	defer domain.Wrap(&err, "MarkArticleRead(%q)", articleID)
	at := qs.now()
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO education_reads (user_id, article_id, read_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id, article_id) DO NOTHING`, userID, articleID, at)
		return err
	})
}

// ArticlesRead returns when the person read each article they marked read.
func (qs *Queries) ArticlesRead(ctx context.Context, userID string) (_ map[string]time.Time, err error) {
	defer domain.Wrap(&err, "ArticlesRead(%q)", userID)
	rows, err := qs.read.QueryContext(ctx, `SELECT article_id, read_at FROM education_reads WHERE user_id = $1`, userID)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var id string
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return nil, err
		}
		out[id] = at.UTC()
	}
	return out, rows.Err()
}
