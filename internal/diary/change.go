package diary

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

// The minimal clinically important change in pain (Ostelo 2008): 2 points,
// or 30% of the baseline provided that is at least 1 point (see the package
// doc for why).
const (
	MCIDPoints       = 2
	MCIDPercent      = 30
	MCIDPercentFloor = 1
)

// tolerance absorbs the rounding of float64 means, so that Classify agrees
// with ClassifySums at the exact boundaries (30% of 5 is 1.5, not
// 1.4999999999999998). Means of whole numbers over at most a few days differ
// from a boundary by far more than this when they are not on it.
const tolerance = 1e-9

// ClassifySums judges the change from a baseline of baseSum/baseDays to a
// recent mean of recentSum/recentDays, in whole numbers so that the
// boundaries are exact. It is the arithmetic of the package doc's SQL.
// Either count being 0 gives NotEnoughData.
func ClassifySums(recentSum, recentDays, baseSum, baseDays int) Status {
	if recentDays <= 0 || baseDays <= 0 {
		return NotEnoughData
	}
	// c/d is recent − baseline in points; baseSum·recentDays/d is the
	// baseline.
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
// base/d is at least the MCID: 2 points, or 30% of the baseline and at
// least 1 point.
func meaningful(c, d, base int) bool {
	return c >= MCIDPoints*d || (c >= MCIDPercentFloor*d && 100*c >= MCIDPercent*base)
}

// Classify judges the change from baseline to recent (mean pain, 0–10) by
// the same rule as ClassifySums, for callers that hold means rather than
// sums.
func Classify(recent, baseline float64) Status {
	switch {
	case meaningfulF(recent-baseline, baseline):
		return Worse
	case meaningfulF(baseline-recent, baseline):
		return Better
	default:
		return Same
	}
}

func meaningfulF(change, baseline float64) bool {
	return change >= MCIDPoints-tolerance ||
		(change >= MCIDPercentFloor-tolerance && change >= baseline*MCIDPercent/100-tolerance)
}

// Worsening reports whether a mean pain over the last 7 days (latest7) is
// meaningfully above baseline: up 2 points or more, or up at least 1 point
// and at least 30% of baseline. It is the test the store's caseload query
// makes in SQL (see the package doc).
func Worsening(latest7, baseline float64) bool { return meaningfulF(latest7-baseline, baseline) }

// Improving reports whether a mean pain over the last 7 days is
// meaningfully below baseline, by the mirror image of Worsening.
func Improving(latest7, baseline float64) bool { return meaningfulF(baseline-latest7, baseline) }
