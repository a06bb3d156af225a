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

// worseningSQL is the rule in diary/change.go's definition of "getting worse",
// over the plans shared with one clinic, in integers only and in SQL that
// PostgreSQL and SQLite both run. zones binds each person's date today
// (and today − 6 days) by their plan's zone. It reads one summary row per
// plan (diary_baselines, kept on write):
//
//   - s, n: the plan's latest entries dated from max(start, today − 6) to
//     today (recentSum and recentCount below);
//   - bs/bn: the baseline;
//   - days > bn: with a first-days baseline, an entry after the last
//     baseline day (entries are never dated after the person's today).
//
// recent is MATERIALIZED (both engines know the word) so that s and n are
// summed once per plan: SQLite would otherwise inline them into every use
// in the WHERE clause, which costs more than the rest of the query.
var worseningSQL = `WITH zones (tz, today, today6) AS (VALUES %s),
plans AS (
	SELECT b.*, z.today, CASE WHEN b.start_date > z.today6 THEN b.start_date ELSE z.today6 END AS since
	FROM assessments a
	JOIN diary_baselines b ON b.assessment_id = a.id
	JOIN zones z ON z.tz = b.tz
	WHERE a.clinic_id = $1 AND b.base_n > 0 AND b.start_date <= z.today
),
recent AS MATERIALIZED (
	SELECT user_id, assessment_id, today, base_sum AS bs, base_n AS bn, pain IS NOT NULL AS from_assessment,
		base_end, last_date, ` + recentSum("pain") + ` AS s, ` + recentSum("1") + ` AS n
	FROM plans
)
SELECT user_id, assessment_id, today, s, n, bs, bn, from_assessment
FROM recent
WHERE n >= 1 AND (from_assessment OR last_date > base_end)
	AND (     s*bn - bs*n >= 2*n*bn
	     OR ( s*bn - bs*n >=   n*bn
	          AND 10*(s*bn - bs*n) >= 3*bs*n ) )
ORDER BY user_id, assessment_id`

// recentSum adds up v ("pain" for recentN_pain, or a constant) over the
// summary's latest entries that fall in the window [since, today].
func recentSum(v string) string {
	terms := make([]string, recentSlots)
	for i := range recentSlots {
		val := v
		if v == "pain" {
			val = fmt.Sprintf("recent%d_pain", i+1)
		}
		terms[i] = fmt.Sprintf("CASE WHEN recent%d_date >= since AND recent%d_date <= today THEN %s ELSE 0 END", i+1, i+1, val)
	}
	return "(" + strings.Join(terms, " + ") + ")"
}

// Worsening returns the clinic's plans whose pain is getting worse at now,
// each judged on its person's own date (by the plan's zone), computed in
// SQL by the diary package's definition.
func (qs *Queries) Worsening(ctx context.Context, clinicID string, now time.Time) (_ []domain.WorseningRow, err error) {
	defer domain.Wrap(&err, "Worsening")
	rows, err := qs.read.QueryContext(ctx, `SELECT DISTINCT b.tz FROM diary_baselines b
		JOIN assessments a ON a.id = b.assessment_id WHERE a.clinic_id = $1`, clinicID)
	if err != nil {
		return nil, qs.translate(err)
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
	args := []any{clinicID}
	values := make([]string, 0, len(zones))
	for _, tz := range zones {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			loc = time.UTC // a zone this build does not know: judge in UTC rather than skip the person
		}
		today := now.In(loc).Format(time.DateOnly)
		today6 := now.In(loc).AddDate(0, 0, -6).Format(time.DateOnly)
		n := len(args)
		values = append(values, "($"+strconv.Itoa(n+1)+", $"+strconv.Itoa(n+2)+", $"+strconv.Itoa(n+3)+")")
		args = append(args, tz, today, today6)
	}
	rs, err := qs.read.QueryContext(ctx, fmt.Sprintf(worseningSQL, strings.Join(values, ", ")), args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rs.Close()
	var out []domain.WorseningRow
	for rs.Next() {
		var w domain.WorseningRow
		if err := rs.Scan(&w.UserID, &w.AssessmentID, &w.Today, &w.RecentSum, &w.RecentDays, &w.BaseSum, &w.BaseDays,
			&w.FromAssessment); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rs.Err()
}
