package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"unknot/internal/domain"
)

// WorseningRow is one plan whose pain is meaningfully worse than its
// baseline, with the exact sums behind the judgement (see the diary
// package doc): the recent mean is RecentSum/RecentDays, the baseline
// BaseSum/BaseDays.
type WorseningRow struct {
	UserID       string
	AssessmentID string
	Today        string // the person's date the judgement was made on
	RecentSum    int
	RecentDays   int
	BaseSum      int
	BaseDays     int
	// FromAssessment is true when the baseline is the assessment's pain.
	FromAssessment bool
}

// worseningSQL is the diary package doc's definition of "getting worse",
// over the plans shared with one clinic, in integers only and in SQL that
// PostgreSQL and SQLite both run. zones binds each person's date today
// (and today − 6 days) by their plan's zone; $2 and $3 bound every
// window, so that an index on the date can narrow the scan.
//
//   - recent: s, n over the last 7 days from max(start, today − 6);
//   - the baseline bs/bn is kept on write in diary_baselines;
//   - days > bn is "an entry after the last baseline day, up to today".
const worseningSQL = `WITH zones (tz, today, today6) AS (VALUES %s),
base AS (
	SELECT b.assessment_id, b.user_id, b.base_sum AS bs, b.base_n AS bn, b.pain IS NOT NULL AS from_assessment,
		b.base_end, z.today, CASE WHEN b.start_date > z.today6 THEN b.start_date ELSE z.today6 END AS since
	FROM diary_baselines b
	JOIN assessments a ON a.id = b.assessment_id
	JOIN zones z ON z.tz = b.tz
	WHERE a.clinic_id = $1 AND b.base_n > 0 AND b.start_date <= z.today
),
recent AS (
	SELECT b.assessment_id, SUM(c.pain_now) AS s, COUNT(*) AS n
	FROM base b JOIN checkins c ON c.assessment_id = b.assessment_id
	WHERE c.date >= b.since AND c.date <= b.today AND c.date >= $2 AND c.date <= $3
	GROUP BY b.assessment_id
)
SELECT b.user_id, b.assessment_id, b.today, r.s, r.n, b.bs, b.bn, b.from_assessment
FROM base b JOIN recent r ON r.assessment_id = b.assessment_id
WHERE (b.from_assessment OR EXISTS (SELECT 1 FROM checkins c
		WHERE c.assessment_id = b.assessment_id AND c.date > b.base_end AND c.date <= b.today))
	AND (     r.s*b.bn - b.bs*r.n >= 2*r.n*b.bn
	     OR ( r.s*b.bn - b.bs*r.n >=   r.n*b.bn
	          AND 10*(r.s*b.bn - b.bs*r.n) >= 3*b.bs*r.n ) )
ORDER BY b.user_id, b.assessment_id`

// Worsening returns the clinic's plans whose pain is getting worse at now,
// each judged on its person's own date (by the plan's zone), computed in
// SQL by the diary package's definition.
func (db *DB) Worsening(ctx context.Context, clinicID string, now time.Time) (_ []WorseningRow, err error) {
	defer domain.Wrap(&err, "Worsening(%q)", clinicID)
	rows, err := db.cfg.Read.QueryContext(ctx, `SELECT DISTINCT b.tz FROM diary_baselines b
		JOIN assessments a ON a.id = b.assessment_id WHERE a.clinic_id = $1`, clinicID)
	if err != nil {
		return nil, db.translate(err)
	}
	var zones []string
	for rows.Next() {
		var tz string
		if err := rows.Scan(&tz); err != nil {
			rows.Close()
			return nil, err
		}
		zones = append(zones, tz)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(zones) == 0 {
		return nil, nil
	}
	slices.Sort(zones)
	args := []any{clinicID, "", ""}
	values := make([]string, 0, len(zones))
	lo, hi := "", ""
	for _, tz := range zones {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			loc = time.UTC // a zone this build does not know: judge in UTC rather than skip the person
		}
		today := now.In(loc).Format(time.DateOnly)
		today6 := now.In(loc).AddDate(0, 0, -6).Format(time.DateOnly)
		if lo == "" || today6 < lo {
			lo = today6
		}
		hi = max(hi, today)
		n := len(args)
		values = append(values, "($"+strconv.Itoa(n+1)+", $"+strconv.Itoa(n+2)+", $"+strconv.Itoa(n+3)+")")
		args = append(args, tz, today, today6)
	}
	args[1], args[2] = lo, hi
	rs, err := db.cfg.Read.QueryContext(ctx, fmt.Sprintf(worseningSQL, strings.Join(values, ", ")), args...)
	if err != nil {
		return nil, db.translate(err)
	}
	defer rs.Close()
	var out []WorseningRow
	for rs.Next() {
		var w WorseningRow
		if err := rs.Scan(&w.UserID, &w.AssessmentID, &w.Today, &w.RecentSum, &w.RecentDays, &w.BaseSum, &w.BaseDays,
			&w.FromAssessment); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rs.Err()
}
