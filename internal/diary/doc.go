// Package diary is the daily check-in and what follows from it: the entry
// and its checks, the red-flag re-screen, the trend of pain against its
// baseline judged by the minimal clinically important change, the
// escalation rules, and the CSV export. It is pure: it takes entries and
// dates (YYYY-MM-DD in the person's zone) and returns results, with no
// HTTP, storage or clock of its own.
//
// # Meaningful change
//
// Pain changes meaningfully at 2 points on 0–10, or at 30% of the baseline
// (Ostelo 2008, REFERENCE §3). Thirty per cent of a small baseline is a
// fraction of a point (30% of 1 is 0.3), far inside the day-to-day wobble of
// a 0–10 rating, so the percent criterion also asks for a change of at least
// 1 point. With a baseline of 0 the percent criterion is "a rise of 1 point":
// pain coming back after none is counted, which errs towards caution. For
// baselines above 6⅔ the 2-point criterion is the easier one to meet; below
// 3⅓ the 1-point floor decides; between them 30% decides.
//
// # Getting worse: the definition for the caseload query
//
// The store answers "who is getting worse" for a whole caseload in SQL. It
// must give exactly the answer Trend gives, so here it is in whole numbers,
// with no division (and so no rounding) anywhere.
//
// For one person, on the person's date today (YYYY-MM-DD in their zone),
// with the plan starting on date start:
//
//   - s, n: the sum and the count of pain_now over the person's entries
//     dated from max(start, today − 6 days) to today inclusive (the last 7
//     calendar days; missing days are simply absent; back-filled days count).
//   - bs, bn: the baseline as a fraction bs/bn. When the assessment the plan
//     came from gave pain now, bs = that pain and bn = 1. Otherwise bs and bn
//     are the sum and count of pain_now over the person's first 3 entries
//     dated on or after start (bn ≤ 3).
//   - days: the count of the person's entries dated from start to today.
//
// Let C = s·bn − bs·n and D = n·bn, so that C/D is the recent mean minus the
// baseline, in points. The person is getting worse when
//
//	n ≥ 1 AND (the baseline is the assessment's OR days > bn)
//	AND ( C ≥ 2·D  OR  ( C ≥ D AND 10·C ≥ 3·bs·n ) )
//
// that is: a rise of 2 points or more, or a rise of at least 1 point that is
// also at least 30% of the baseline. The second line says the same as
// [Worsening]; the first is when Trend has enough data to judge at all.
// Better is the mirror image with −C for C (a fall), and the rest is same.
//
// In SQL (PostgreSQL and SQLite alike; integers throughout), given a
// baseline table with one row per person (bs, bn, from_assessment, start);
// where the assessment gave no pain it can itself be a CTE over the first 3
// entries (ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY date) <= 3).
// :today is the person's date; across people in several zones, bind it per
// zone.
//
//	WITH recent AS (
//	  SELECT e.person_id, SUM(e.pain_now) AS s, COUNT(*) AS n
//	  FROM diary_entries e JOIN baseline b ON b.person_id = e.person_id
//	  WHERE e.date BETWEEN MAX(b.start, :today_minus_6) AND :today  -- GREATEST() on PostgreSQL
//	  GROUP BY e.person_id
//	), total AS (
//	  SELECT e.person_id, COUNT(*) AS days
//	  FROM diary_entries e JOIN baseline b ON b.person_id = e.person_id
//	  WHERE e.date BETWEEN b.start AND :today
//	  GROUP BY e.person_id
//	)
//	SELECT r.person_id
//	FROM recent r JOIN baseline b USING (person_id) JOIN total t USING (person_id)
//	WHERE (b.from_assessment OR t.days > b.bn)
//	  AND (     r.s*b.bn - b.bs*r.n >= 2*r.n*b.bn
//	       OR ( r.s*b.bn - b.bs*r.n >=   r.n*b.bn
//	            AND 10*(r.s*b.bn - b.bs*r.n) >= 3*b.bs*r.n ) )
//
// Dates compare as text because they are YYYY-MM-DD. TestSQLDefinition
// checks this arithmetic against Trend on thousands of random diaries.
package diary
