package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"unknot/internal/diary"
	"unknot/internal/domain"
)

// PutCheckin stores c, replacing the person's entry for the same day. The
// rules on which days may be written live in app; the store only keeps one
// row per person per day.
func (qs *Queries) PutCheckin(ctx context.Context, c *diary.Checkin) (err error) {
	defer domain.Wrap(&err, "PutCheckin")
	now := qs.now()
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
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO checkins (user_id, date, assessment_id, pain_now, pain_worst, stiffness,
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
		// The caseload's copy of the person's last check-in, in each clinic.
		_, err = tx.ExecContext(ctx, `UPDATE memberships SET last_checkin = $2
			WHERE user_id = $1 AND (last_checkin IS NULL OR last_checkin < $2)`, c.UserID, c.Date)
		return err
	})
}

// recentSlots is how many latest entries a plan's summary keeps: the most
// a recent window can hold.
const recentSlots = diary.RecentWindowDays

// PutDiarySummary stores a plan's summary (diary.SummaryOf); Worsening
// reads it.
func (qs *Queries) PutDiarySummary(ctx context.Context, s *diary.Summary) (err error) {
	defer domain.Wrap(&err, "PutDiarySummary")
	if len(s.Recent) > recentSlots {
		return fmt.Errorf("a diary summary holds at most %d recent entries, not %d", recentSlots, len(s.Recent))
	}
	var pain sql.NullInt64
	if s.Pain != nil {
		pain = sql.NullInt64{Int64: int64(*s.Pain), Valid: true}
	}
	args := []any{s.AssessmentID, s.UserID, s.Start, s.TZ, pain, s.BaseSum, s.BaseN, nullString(s.BaseEnd), nullString(s.LastDate)}
	cols, vals, set := []string{}, []string{}, []string{}
	for i := range recentSlots {
		var d, p any
		if i < len(s.Recent) {
			d, p = s.Recent[i].Date, s.Recent[i].Pain
		}
		args = append(args, d, p)
		for k, col := range []string{"recent%d_date", "recent%d_pain"} {
			name := fmt.Sprintf(col, i+1)
			cols, vals = append(cols, name), append(vals, "$"+strconv.Itoa(len(args)-1+k))
			set = append(set, name+" = excluded."+name)
		}
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO diary_baselines (assessment_id, user_id, start_date, tz, pain, base_sum, base_n,
				base_end, last_date, `+strings.Join(cols, ", ")+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, `+strings.Join(vals, ", ")+`)
			ON CONFLICT (assessment_id) DO UPDATE SET start_date = excluded.start_date, tz = excluded.tz, pain = excluded.pain,
				base_sum = excluded.base_sum, base_n = excluded.base_n, base_end = excluded.base_end,
				last_date = excluded.last_date, `+strings.Join(set, ", "), args...)
		return err
	})
}

// LockPerson holds back other transactions on the same person's diary
// until this one ends. SQLite's single writer already takes them in turn;
// PostgreSQL locks the person's row.
func (qs *Queries) LockPerson(ctx context.Context, userID string) (err error) {
	defer domain.Wrap(&err, "LockPerson")
	if qs.engine != "postgres" {
		return nil
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `SELECT id FROM users WHERE id = $1 FOR UPDATE`, userID)
		return err
	})
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

// decodeList reads a JSON list of strings as jsonList wrote it. The lists
// a check-in keeps are short words (plan item kinds, exercise ids,
// contract words): one without a backslash or a space is split as it
// is, without encoding/json's reflection (a check-in reads every entry of
// its diary: docs/PERFORMANCE.md); any other goes to encoding/json.
func decodeList(s string) ([]string, error) {
	if s == "[]" {
		return []string{}, nil
	}
	if len(s) < 4 || s[0] != '[' || s[1] != '"' || s[len(s)-2] != '"' || s[len(s)-1] != ']' || !plainJSON(s) {
		var out []string
		err := json.Unmarshal([]byte(s), &out)
		return out, err
	}
	parts := strings.Split(s[2:len(s)-2], `","`)
	for _, p := range parts {
		if strings.ContainsRune(p, '"') {
			var out []string
			err := json.Unmarshal([]byte(s), &out)
			return out, err
		}
	}
	return parts, nil
}

// decodeLists reads a stored entry's done and red_flags lists.
func decodeLists(date, done, flags string) (d, f []string, err error) {
	if d, err = decodeList(done); err != nil {
		return nil, nil, fmt.Errorf("decoding done of %s: %w", date, err)
	}
	if f, err = decodeList(flags); err != nil {
		return nil, nil, fmt.Errorf("decoding red_flags of %s: %w", date, err)
	}
	return d, f, nil
}

// plainJSON says whether s is valid UTF-8 without a backslash, a space or
// a control character: text that encoding/json would read as it is.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == '\\' {
			return false
		}
	}
	return utf8.ValidString(s)
}

// ListCheckins returns check-ins in date order.
func (qs *Queries) ListCheckins(ctx context.Context, f domain.CheckinFilter) (_ []diary.Checkin, err error) {
	defer domain.Wrap(&err, "ListCheckins")
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
	rows, err := qs.read.QueryContext(ctx, `SELECT user_id, date, assessment_id, pain_now, pain_worst, stiffness, activity,
		sleep_disturbed, done, red_flags, backfilled, recorded_at, updated_at FROM checkins
		WHERE `+strings.Join(where, ` AND `)+` ORDER BY date`, args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []diary.Checkin
	for rows.Next() {
		var c diary.Checkin
		var done, flags string
		if err := rows.Scan(&c.UserID, &c.Date, &c.AssessmentID, &c.PainNow, &c.PainWorst, &c.Stiffness, &c.Activity,
			&c.SleepDisturbed, &done, &flags, &c.Backfilled, &c.RecordedAt, &c.UpdatedAt); err != nil {
			return nil, err
		}
		if c.Done, c.RedFlags, err = decodeLists(c.Date, done, flags); err != nil {
			return nil, err
		}
		c.RecordedAt, c.UpdatedAt = c.RecordedAt.UTC(), c.UpdatedAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// ListDiaryEntries returns the entries of one plan of a person's diary in
// date order: what ListCheckins gives for the person and the plan, less
// the columns an entry does not hold (every check-in reads its whole
// diary: a string or a time less per row is a tenth of that read).
func (qs *Queries) ListDiaryEntries(ctx context.Context, userID, assessmentID string) (_ []diary.Entry, err error) {
	defer domain.Wrap(&err, "ListDiaryEntries")
	rows, err := qs.read.QueryContext(ctx, `SELECT date, pain_now, pain_worst, stiffness, activity, sleep_disturbed, done,
		red_flags, backfilled, recorded_at FROM checkins WHERE user_id = $1 AND assessment_id = $2 ORDER BY date`, userID, assessmentID)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	out := []diary.Entry{}
	for rows.Next() {
		var e diary.Entry
		var done, flags string
		if err := rows.Scan(&e.Date, &e.PainNow, &e.PainWorst, &e.Stiffness, &e.Activity, &e.SleepDisturbed, &done, &flags,
			&e.Backfilled, &e.RecordedAt); err != nil {
			return nil, err
		}
		if e.Done, e.RedFlags, err = decodeLists(e.Date, done, flags); err != nil {
			return nil, err
		}
		e.RecordedAt = e.RecordedAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// RecordClinicFlag stores f unless the clinic already has a flag with the
// same key for the same plan. It reports whether f was new.
func (qs *Queries) RecordClinicFlag(ctx context.Context, f *domain.ClinicFlag) (added bool, err error) {
	defer domain.Wrap(&err, "RecordClinicFlag")
	if f.At.IsZero() {
		f.At = qs.now()
	}
	err = qs.write(ctx, func(tx querier) error {
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
func (qs *Queries) ListClinicFlags(ctx context.Context, clinicID string) (_ []domain.ClinicFlag, err error) {
	defer domain.Wrap(&err, "ListClinicFlags")
	rows, err := qs.read.QueryContext(ctx, `SELECT id, clinic_id, user_id, assessment_id, reason, text, at, flag_key, resolved_at
		FROM clinic_flags WHERE clinic_id = $1 ORDER BY at DESC, id LIMIT 1000`, clinicID)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []domain.ClinicFlag
	for rows.Next() {
		var f domain.ClinicFlag
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
func (qs *Queries) ResolveClinicFlag(ctx context.Context, clinicID, id string) (err error) {
	defer domain.Wrap(&err, "ResolveClinicFlag")
	return qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE clinic_flags SET resolved_at = $1
			WHERE id = $2 AND clinic_id = $3 AND resolved_at IS NULL`, qs.now(), id, clinicID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENotFound, "No open flag with that id in this clinic.")
		}
		return nil
	})
}
