package diary

// This file is the rule for how pain is going, written once: the baseline,
// the recent window, the meaningful change and the verdict. TrendOf applies
// it to one diary; the store's caseload query ("who is getting worse") must
// give the same verdict for every plan, so its SQL is derived from the
// constants and functions here (and checked against TrendOf by the store
// suite), never retyped from prose.
//
// For one plan, on the person's date today (YYYY-MM-DD in their zone), with
// the plan starting on date start:
//
//   - the baseline (BaselineOf) is the assessment's pain now when it gave
//     one; otherwise the sum and count of pain now over the first
//     BaselineEntries entries dated on or after start;
//   - recent is the sum and count of pain now over the entries dated from
//     RecentFrom(start, today) to today: the last RecentWindowDays calendar
//     days, not before start; missing days are simply absent and back-filled
//     days count;
//   - the verdict (Judge) needs a recent entry, and, with a first-days
//     baseline, an entry beyond the baseline's days; then ClassifySums
//     compares recent with the baseline in whole numbers.

// Status is how pain is going against its baseline. Better, Same and Worse
// are the words of the assessment contract's self_care.trend, so a status
// can go straight into a new self-check.
type Status string

// The statuses. NotEnoughData means there is nothing yet to compare: no
// check-in in the last 7 days, or only the days the baseline was taken
// from.
const (
	Better        Status = "better"
	Same          Status = "same"
	Worse         Status = "worse"
	NotEnoughData Status = "not_enough_data"
)

// The minimal clinically important change in pain (Ostelo 2008, REFERENCE
// §3): 2 points on 0–10, or 30% of the baseline provided that is at least 1
// point. Thirty per cent of a small baseline is a fraction of a point (30%
// of 1 is 0.3), far inside the day-to-day wobble of a 0–10 rating, hence
// the floor. With a baseline of 0 the percent criterion is "a rise of 1
// point": pain coming back after none is counted, which errs towards
// caution. For baselines above 6⅔ the 2-point criterion is the easier one
// to meet; below 3⅓ the 1-point floor decides; between them 30% decides.
const (
	MCIDPoints       = 2
	MCIDPercent      = 30
	MCIDPercentFloor = 1
)

// BaselineEntries is how many first entries make the baseline when the
// assessment the plan came from gave no pain now.
const BaselineEntries = 3

// RecentWindowDays is the number of calendar days, ending on the person's
// today, over which recent pain is averaged.
const RecentWindowDays = 7

// Baseline is where a plan's trend starts from.
type Baseline struct {
	// Pain is the pain now of the assessment the plan came from. When
	// given it is the baseline; otherwise the baseline is the mean pain now
	// of the first BaselineEntries entries.
	Pain *int `json:"pain,omitempty"`
	// Start is the plan's first day, YYYY-MM-DD in the person's zone.
	// Entries before it belong to an earlier episode and are left out, and
	// the days since the start count from it. Empty means the first entry's
	// day.
	Start string `json:"start,omitempty"`
}

// Where a baseline came from.
const (
	BaselineAssessment = "assessment"
	BaselineFirstDays  = "first_days"
)

// BaselineSums is a plan's baseline as the whole numbers the rule compares:
// the mean is Sum/N, kept as a fraction so that no rounding enters.
type BaselineSums struct {
	Sum  int    // pain now summed: the assessment's, or the first entries'
	N    int    // 1 from the assessment, 0 to BaselineEntries from the first entries
	From string // BaselineAssessment, BaselineFirstDays, or "" with no data
	// Last is the date of the last entry in a first-days baseline, and ""
	// from the assessment: with a first-days baseline there is something to
	// compare only once there is an entry after Last.
	Last string
}

// BaselineOf computes a plan's baseline from its entries, as TrendOf does.
// Entries may come in any order, one per day (the later in the slice wins
// for a day given twice); those before base.Start, or without a date, are
// left out. It needs no today: entries are never dated after the person's
// today (Validate refuses them), so the first entries are the same on every
// later day.
func BaselineOf(entries []Entry, base Baseline) BaselineSums {
	entries = inDateOrder(entries)
	return baselineOf(entries, startOf(entries, base.Start, lastDate), lastDate, base.Pain)
}

// lastDate is later than any date, for a range with no end.
const lastDate = "9999-12-31"

// baselineOf is BaselineOf over entries in date order, one per day, leaving
// out those outside [start, today].
func baselineOf(entries []Entry, start, today string, pain *int) BaselineSums {
	if pain != nil {
		return BaselineSums{Sum: *pain, N: 1, From: BaselineAssessment}
	}
	var b BaselineSums
	for _, e := range entries {
		if b.N == BaselineEntries {
			break
		}
		if !dateShape(e.Date) || e.Date < start || e.Date > today {
			continue
		}
		b.From, b.N, b.Sum, b.Last = BaselineFirstDays, b.N+1, b.Sum+e.PainNow, e.Date
	}
	return b
}

// startOf is the plan's first day: start when it is a date, else the first
// entry's day up to today, else today. entries are in date order.
func startOf(entries []Entry, start, today string) string {
	if isDate(start) {
		return start
	}
	for _, e := range entries {
		if dateShape(e.Date) && e.Date <= today {
			return e.Date
		}
	}
	return today
}

// RecentFrom is the first day of the recent window on the person's date
// today for a plan that started on start: RecentWindowDays days ending
// today, and never before start. Both are YYYY-MM-DD.
func RecentFrom(start, today string) string {
	return max(start, AddDays(today, -(RecentWindowDays-1)))
}

// Judge is the verdict on one plan: recentSum and recentDays are the sum
// and count of pain now over the entries from RecentFrom to today, b the
// plan's baseline, and days the count of its entries from start to today.
// It is NotEnoughData without a recent entry or a baseline, and with a
// first-days baseline until there is an entry beyond the baseline's days;
// otherwise ClassifySums decides. "Getting worse" is Judge(...) == Worse.
func Judge(recentSum, recentDays int, b BaselineSums, days int) Status {
	if recentDays <= 0 || b.N <= 0 || (b.From != BaselineAssessment && days <= b.N) {
		return NotEnoughData
	}
	return ClassifySums(recentSum, recentDays, b.Sum, b.N)
}

// ClassifySums judges the change from a baseline of baseSum/baseDays to a
// recent mean of recentSum/recentDays, in whole numbers with no division,
// so that the boundaries are exact. Either count being 0 gives
// NotEnoughData.
func ClassifySums(recentSum, recentDays, baseSum, baseDays int) Status {
	if recentDays <= 0 || baseDays <= 0 {
		return NotEnoughData
	}
	// c/d is recent − baseline in points; base/d is the baseline.
	c := recentSum*baseDays - baseSum*recentDays
	d := recentDays * baseDays
	base := baseSum * recentDays
	switch {
	case meaningful(c, d, base):
		return Worse
	case meaningful(-c, d, base):
		return Better
	default:
		return Same
	}
}

// meaningful reports whether a change of c/d points from a baseline of
// base/d is at least the MCID: MCIDPoints, or MCIDPercent of the baseline
// and at least MCIDPercentFloor points.
func meaningful(c, d, base int) bool {
	return c >= MCIDPoints*d || (c >= MCIDPercentFloor*d && 100*c >= MCIDPercent*base)
}
