package diary

// Summary is what the caseload query ("who is getting worse") reads of one
// plan's diary, kept by the store on every check-in: the baseline as
// BaselineOf gives it, and the latest entries, newest first, as many as a
// recent window can hold. The query compares them by the rule of this
// package (change.go); SummaryOf is the one place they are worked out.
type Summary struct {
	AssessmentID string
	UserID       string
	TZ           string
	Start        string // the plan's first day, YYYY-MM-DD in TZ
	Pain         *int   // the assessment's pain now, when it gave one
	BaseSum      int
	BaseN        int
	// BaseEnd is the last day of a first-days baseline; "" when the
	// assessment's pain is the baseline.
	BaseEnd string
	// LastDate is the latest entry's day, "" with none.
	LastDate string
	// Recent are the latest entries dated from Start, newest first, at
	// most RecentWindowDays of them.
	Recent []DatedPain
}

// DatedPain is one day's pain now.
type DatedPain struct {
	Date string
	Pain int
}

// SummaryOf summarises a plan's entries (any order, one per day) for the
// caseload query. The caller fills in the plan's identity.
func SummaryOf(entries []Entry, base Baseline) Summary {
	entries = inDateOrder(entries)
	b := BaselineOf(entries, base)
	s := Summary{Start: base.Start, Pain: base.Pain, BaseSum: b.Sum, BaseN: b.N, BaseEnd: b.Last}
	for i := len(entries) - 1; i >= 0 && len(s.Recent) < RecentWindowDays; i-- {
		if e := entries[i]; e.Date >= base.Start {
			s.Recent = append(s.Recent, DatedPain{Date: e.Date, Pain: e.PainNow})
		}
	}
	if len(s.Recent) > 0 {
		s.LastDate = s.Recent[0].Date
	}
	return s
}
