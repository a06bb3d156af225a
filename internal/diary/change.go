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
