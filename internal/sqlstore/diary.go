package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"unknot/internal/diary"
	"unknot/internal/domain"
)

// Checkin is one stored diary entry: the person's, for the plan of one
// assessment.
type Checkin struct {
	UserID       string
	AssessmentID string
	diary.Entry
	UpdatedAt time.Time
}

// DiaryBaseline is what a plan's trend starts from, fixed when its first
// check-in is stored: the plan's first day and zone, and the assessment's
// pain now when it gave one (nil otherwise: the first 3 entries decide).
type DiaryBaseline struct {
	Start string // YYYY-MM-DD in TZ
	TZ    string
	Pain  *int
}

// PutCheckin stores c, replacing the person's entry for the same day. The
// rules on which days may be written live in app; the store only keeps
// one row per person per day. The plan's baseline row is created with base
// on its first check-in and its first-days sums are brought up to date, in
// the same transaction, so that Worsening never reads a stale baseline.
func (db *DB) PutCheckin(ctx context.Context, c *Checkin, base DiaryBaseline) (err error) {
	defer domain.Wrap(&err, "PutCheckin(%q, %q)", c.AssessmentID, c.Date)
	now := db.now()
	if c.RecordedAt.IsZero() {
		c.RecordedAt = now
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = now
	}
	done, err := jsonList(c.Done)
	if err != nil {
		return err
	}
	flags, err := jsonList(c.RedFlags)
	if err != nil {
		return err
	}
	return db.InTx(ctx, func(tx *sql.Tx) error {
		var before string
		err := tx.QueryRowContext(ctx, `SELECT assessment_id FROM checkins WHERE user_id = $1 AND date = $2`, c.UserID, c.Date).Scan(&before)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO checkins (user_id, date, assessment_id, pain_now, pain_worst, stiffness,
				activity, sleep_disturbed, done, red_flags, backfilled, recorded_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (user_id, date) DO UPDATE SET assessment_id = excluded.assessment_id,
				pain_now = excluded.pain_now, pain_worst = excluded.pain_worst, stiffness = excluded.stiffness,
				activity = excluded.activity, sleep_disturbed = excluded.sleep_disturbed, done = excluded.done,
				red_flags = excluded.red_flags, backfilled = excluded.backfilled, updated_at = excluded.updated_at`,
			c.UserID, c.Date, c.AssessmentID, c.PainNow, c.PainWorst, c.Stiffness, c.Activity, c.SleepDisturbed,
			done, flags, c.Backfilled, c.RecordedAt.UTC(), c.UpdatedAt.UTC())
		if err != nil {
			return err
		}
		var pain sql.NullInt64
		if base.Pain != nil {
			pain = sql.NullInt64{Int64: int64(*base.Pain), Valid: true}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO diary_baselines (assessment_id, user_id, start_date, tz, pain, base_sum, base_n, base_end)
			VALUES ($1, $2, $3, $4, $5, 0, 0, NULL) ON CONFLICT (assessment_id) DO NOTHING`,
			c.AssessmentID, c.UserID, base.Start, base.TZ, pain); err != nil {
			return err
		}
		if before != "" && before != c.AssessmentID {
			// The day moved from another plan: that plan's baseline changes too.
			if err := refreshBaseline(ctx, tx, before); err != nil {
				return err
			}
		}
		return refreshBaseline(ctx, tx, c.AssessmentID)
	})
}

// refreshBaseline recomputes a plan's summary from its entries: the
// first-days baseline (a back-filled day can become one of the first 3),
// the latest date and the 7 latest entries.
func refreshBaseline(ctx context.Context, tx *sql.Tx, assessmentID string) error {
	var start string
	var pain sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT start_date, pain FROM diary_baselines WHERE assessment_id = $1`, assessmentID).
		Scan(&start, &pain); err != nil {
		return err
	}
	sum, n, end := int(pain.Int64), 1, ""
	if !pain.Valid {
		first, err := datedPains(ctx, tx, `SELECT date, pain_now FROM checkins WHERE assessment_id = $1 AND date >= $2
			ORDER BY date LIMIT 3`, assessmentID, start)
		if err != nil {
			return err
		}
		sum, n = 0, len(first)
		for _, e := range first {
			sum, end = sum+e.pain, e.date
		}
	}
	latest, err := datedPains(ctx, tx, `SELECT date, pain_now FROM checkins WHERE assessment_id = $1 AND date >= $2
		ORDER BY date DESC LIMIT `+strconv.Itoa(recentSlots), assessmentID, start)
	if err != nil {
		return err
	}
	args := []any{sum, n, nullString(end), nil}
	if len(latest) > 0 {
		args[3] = latest[0].date
	}
	set := make([]string, 0, recentSlots)
	for i := range recentSlots {
		var d, p any
		if i < len(latest) {
			d, p = latest[i].date, latest[i].pain
		}
		args = append(args, d, p)
		set = append(set, fmt.Sprintf("recent%d_date = $%d, recent%d_pain = $%d", i+1, len(args)-1, i+1, len(args)))
	}
	args = append(args, assessmentID)
	_, err = tx.ExecContext(ctx, `UPDATE diary_baselines SET base_sum = $1, base_n = $2, base_end = $3, last_date = $4, `+
		strings.Join(set, ", ")+` WHERE assessment_id = $`+strconv.Itoa(len(args)), args...)
	return err
}

// recentSlots is how many latest entries a plan's summary keeps: the most
// a 7-day window can hold.
const recentSlots = diary.Window

type datedPain struct {
	date string
	pain int
}

func datedPains(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]datedPain, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []datedPain
	for rows.Next() {
		var e datedPain
		if err := rows.Scan(&e.date, &e.pain); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func jsonList(s []string) (string, error) {
	if s == nil {
		s = []string{}
	}
	b, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("encoding list: %w", err)
	}
	return string(b), nil
}

// CheckinFilter selects check-ins. UserID is required; the rest narrow it.
// From and To are inclusive YYYY-MM-DD dates; empty means open-ended.
type CheckinFilter struct {
	UserID       string
	AssessmentID string
	From, To     string
}

// ListCheckins returns check-ins in date order.
func (db *DB) ListCheckins(ctx context.Context, f CheckinFilter) (_ []Checkin, err error) {
	defer domain.Wrap(&err, "ListCheckins(%q)", f.UserID)
	if f.UserID == "" {
		return nil, domain.Errorf(domain.EInvalid, "ListCheckins needs a person.")
	}
	where, args := []string{`user_id = $1`}, []any{f.UserID}
	add := func(cond, v string) {
		if v != "" {
			args = append(args, v)
			where = append(where, cond+` $`+strconv.Itoa(len(args)))
		}
	}
	add(`assessment_id =`, f.AssessmentID)
	add(`date >=`, f.From)
	add(`date <=`, f.To)
	rows, err := db.cfg.Read.QueryContext(ctx, `SELECT user_id, date, assessment_id, pain_now, pain_worst, stiffness, activity,
		sleep_disturbed, done, red_flags, backfilled, recorded_at, updated_at FROM checkins
		WHERE `+strings.Join(where, ` AND `)+` ORDER BY date`, args...)
	if err != nil {
		return nil, db.translate(err)
	}
	defer rows.Close()
	var out []Checkin
	for rows.Next() {
		var c Checkin
		var done, flags string
		if err := rows.Scan(&c.UserID, &c.Date, &c.AssessmentID, &c.PainNow, &c.PainWorst, &c.Stiffness, &c.Activity,
			&c.SleepDisturbed, &done, &flags, &c.Backfilled, &c.RecordedAt, &c.UpdatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(done), &c.Done); err != nil {
			return nil, fmt.Errorf("decoding done of %s: %w", c.Date, err)
		}
		if err := json.Unmarshal([]byte(flags), &c.RedFlags); err != nil {
			return nil, fmt.Errorf("decoding red_flags of %s: %w", c.Date, err)
		}
		c.RecordedAt, c.UpdatedAt = c.RecordedAt.UTC(), c.UpdatedAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// ClinicFlag is a note to a clinic about one of its patients: why, when,
// and whether someone has dealt with it.
type ClinicFlag struct {
	ID           string
	ClinicID     string
	UserID       string
	AssessmentID string
	Reason       string
	Text         string
	At           time.Time
	// Key makes a flag once-only per clinic and plan (diary.ClinicFlag.Key).
	Key        string
	ResolvedAt *time.Time
}

// RecordClinicFlag stores f unless the clinic already has a flag with the
// same key for the same plan. It reports whether f was new.
func (db *DB) RecordClinicFlag(ctx context.Context, f *ClinicFlag) (added bool, err error) {
	defer domain.Wrap(&err, "RecordClinicFlag(%q, %q)", f.AssessmentID, f.Key)
	if f.At.IsZero() {
		f.At = db.now()
	}
	err = db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO clinic_flags (id, clinic_id, user_id, assessment_id, reason, text, at, flag_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (clinic_id, assessment_id, flag_key) DO NOTHING`,
			f.ID, f.ClinicID, f.UserID, f.AssessmentID, f.Reason, f.Text, f.At.UTC(), f.Key)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		added = n == 1
		return err
	})
	return added, err
}

// ListClinicFlags returns a clinic's flags, newest first.
func (db *DB) ListClinicFlags(ctx context.Context, clinicID string) (_ []ClinicFlag, err error) {
	defer domain.Wrap(&err, "ListClinicFlags(%q)", clinicID)
	rows, err := db.cfg.Read.QueryContext(ctx, `SELECT id, clinic_id, user_id, assessment_id, reason, text, at, flag_key, resolved_at
		FROM clinic_flags WHERE clinic_id = $1 ORDER BY at DESC, id LIMIT 1000`, clinicID)
	if err != nil {
		return nil, db.translate(err)
	}
	defer rows.Close()
	var out []ClinicFlag
	for rows.Next() {
		var f ClinicFlag
		var resolved sql.NullTime
		if err := rows.Scan(&f.ID, &f.ClinicID, &f.UserID, &f.AssessmentID, &f.Reason, &f.Text, &f.At, &f.Key, &resolved); err != nil {
			return nil, err
		}
		f.At, f.ResolvedAt = f.At.UTC(), utcPtr(resolved)
		out = append(out, f)
	}
	return out, rows.Err()
}

// ResolveClinicFlag marks one of a clinic's open flags dealt with.
func (db *DB) ResolveClinicFlag(ctx context.Context, clinicID, id string) (err error) {
	defer domain.Wrap(&err, "ResolveClinicFlag(%q)", id)
	return db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE clinic_flags SET resolved_at = $1
			WHERE id = $2 AND clinic_id = $3 AND resolved_at IS NULL`, db.now(), id, clinicID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENotFound, "No open flag with that id in this clinic.")
		}
		return nil
	})
}
