package diary

import (
	"slices"
	"strconv"
	"strings"
)

// Trend is how pain is going: the baseline against the mean of the last 7
// days, judged by the minimal clinically important change, with adherence
// and the day-by-day series for charts.
type Trend struct {
	Today string `json:"today"`
	Start string `json:"start"`
	// DaysSinceStart is today − start in calendar days: 0 on the first day.
	DaysSinceStart int `json:"days_since_start"`

	Baseline     float64 `json:"baseline"`
	BaselineFrom string  `json:"baseline_from"` // BaselineAssessment, BaselineFirstDays or "" with no data
	BaselineDays int     `json:"baseline_days"` // entries the baseline is the mean of (1 from the assessment)

	// Recent is the mean pain now over the entries of the last 7 calendar
	// days up to today (and not before Start); missing days are skipped.
	Recent           float64 `json:"recent"`
	RecentDays       int     `json:"recent_days"`
	RecentBackfilled int     `json:"recent_backfilled"` // of RecentDays, how many were filled in later

	// Change is Recent − Baseline in points: above 0 is more pain.
	Change float64 `json:"change"`
	// ChangePercent is Change as a percentage of Baseline; absent when the
	// baseline is 0 or there is nothing to compare.
	ChangePercent *float64 `json:"change_percent,omitempty"`
	Status        Status   `json:"status"`

	Days       int `json:"days"`       // entries from Start to today
	Backfilled int `json:"backfilled"` // of Days, how many were filled in later

	// Adherence is the share (0–1) of Days on which any plan item was done.
	Adherence float64 `json:"adherence"`
	// DoneDays7 is how many of the last 7 days (from Start) have an entry
	// with any plan item done; Adherent is true when that is most of them.
	DoneDays7 int  `json:"done_days_7"`
	Adherent  bool `json:"adherent"`

	// Text says all this in plain words, reading grade 8 or below.
	Text string `json:"text"`

	// Series is one point per entry from Start to today, in date order.
	Series []Point `json:"series"`

	// The exact sums behind Recent and Baseline (see ClassifySums).
	recentSum, baseSum int
}

// Point is one day of the series.
type Point struct {
	Date           string `json:"date"`
	PainNow        int    `json:"pain_now"`
	PainWorst      int    `json:"pain_worst"`
	Stiffness      int    `json:"stiffness"`
	Activity       int    `json:"activity"`
	SleepDisturbed bool   `json:"sleep_disturbed"`
	Done           int    `json:"done"` // how many plan items were done
	Backfilled     bool   `json:"backfilled"`
}

// TrendOf computes the trend of entries on the person's date today
// (YYYY-MM-DD). It expects entries that passed Validate, one per day; they
// may come in any order (one already in date order is not copied), and when
// a day appears twice the later one in the slice wins. Entries after today
// or before base.Start are left out. It runs in time linear in the entries
// when they are in date order.
func TrendOf(entries []Entry, today string, base Baseline) Trend {
	entries = inDateOrder(entries)
	t := Trend{Today: today, Start: startOf(entries, base.Start, today)}
	t.DaysSinceStart = DaysBetween(t.Start, today)
	from := RecentFrom(t.Start, today)
	b := baselineOf(entries, t.Start, today, base.Pain)
	t.BaselineFrom, t.BaselineDays, t.baseSum = b.From, b.N, b.Sum
	t.Series = make([]Point, 0, len(entries))
	doneDays := 0
	for _, e := range entries {
		if !dateShape(e.Date) || e.Date < t.Start || e.Date > today {
			continue
		}
		t.Days++
		done := len(e.Done) > 0
		if done {
			doneDays++
		}
		if e.Backfilled {
			t.Backfilled++
		}
		if e.Date >= from {
			t.RecentDays++
			t.recentSum += e.PainNow
			if e.Backfilled {
				t.RecentBackfilled++
			}
			if done {
				t.DoneDays7++
			}
		}
		t.Series = append(t.Series, Point{Date: e.Date, PainNow: e.PainNow, PainWorst: e.PainWorst,
			Stiffness: e.Stiffness, Activity: e.Activity, SleepDisturbed: e.SleepDisturbed,
			Done: len(e.Done), Backfilled: e.Backfilled})
	}

	if t.BaselineDays > 0 {
		t.Baseline = float64(t.baseSum) / float64(t.BaselineDays)
	}
	if t.Days > 0 {
		t.Adherence = float64(doneDays) / float64(t.Days)
	}
	// Most of the plan's days in the window, counting a day without a
	// check-in as a day the plan was not done.
	if windowDays := min(RecentWindowDays, t.DaysSinceStart+1); windowDays > 0 {
		t.Adherent = 2*t.DoneDays7 > windowDays
	}
	t.Status = Judge(t.recentSum, t.RecentDays, b, t.Days)
	if t.RecentDays > 0 && t.BaselineDays > 0 {
		t.Recent = float64(t.recentSum) / float64(t.RecentDays)
		t.Change = t.Recent - t.Baseline
		if t.Baseline > 0 {
			pct := 100 * t.Change / t.Baseline
			t.ChangePercent = &pct
		}
	}
	t.Text = trendText(&t)
	return t
}

// inDateOrder returns entries sorted by date with one entry per date (the
// later in the slice wins), copying only when they are not already so.
func inDateOrder(entries []Entry) []Entry {
	ordered := true
	for i := 1; i < len(entries); i++ {
		if entries[i].Date <= entries[i-1].Date {
			ordered = false
			break
		}
	}
	if ordered {
		return entries
	}
	s := slices.Clone(entries)
	slices.SortStableFunc(s, func(a, b Entry) int { return strings.Compare(a.Date, b.Date) })
	out := s[:0]
	for i, e := range s {
		if i+1 < len(s) && s[i+1].Date == e.Date {
			continue // a later entry for the same day follows
		}
		out = append(out, e)
	}
	return out
}

// trendText says the trend in plain words.
func trendText(t *Trend) string {
	var b strings.Builder
	switch {
	case t.Days == 0:
		return "There are no check-ins yet. Check in each day, and we will show you how your pain is going."
	case t.RecentDays == 0:
		return "There are no check-ins in the last 7 days. Check in today to see how your pain is going."
	case t.Status == NotEnoughData:
		b.WriteString("Keep checking in each day. After " + strconv.Itoa(t.BaselineDays+1) +
			" days we can tell you how your pain is going.")
	default:
		switch t.Status {
		case Better:
			b.WriteString("Your pain is better. ")
		case Worse:
			b.WriteString("Your pain is worse. ")
		default:
			b.WriteString("Your pain is about the same. ")
		}
		b.WriteString("It was " + number(t.Baseline) + " out of 10 at the start. ")
		if t.RecentDays == 1 {
			b.WriteString("At your last check-in it was " + number(t.Recent) + ".")
		} else {
			b.WriteString("Over the last 7 days it was " + number(t.Recent) + " on average.")
		}
		if t.Status == Same {
			b.WriteString(" A change of 2 points, or 30%, would count as a real change.")
		}
	}
	if t.RecentBackfilled > 0 {
		b.WriteString(" Some of these days were filled in later.")
	}
	switch w := min(RecentWindowDays, t.DaysSinceStart+1); {
	case w == 1 && t.DoneDays7 == 1:
		b.WriteString(" You did some of your plan today.")
	case w > 1:
		b.WriteString(" You did some of your plan on " + strconv.Itoa(t.DoneDays7) + " of the last " +
			strconv.Itoa(w) + " days.")
	}
	return strings.TrimSpace(b.String())
}

// number writes a mean to one decimal place, without a trailing ".0".
func number(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}
