package outcome

import (
	"fmt"
	"time"
)

const day = 24 * time.Hour

// Schedule returns when an instrument is due: at baseline, then every
// `every` after it, up to and including until. every must be whole days
// from 2 to 4 weeks. Each date keeps baseline's clock time in baseline's
// location (the weeks are calendar weeks, not multiples of 24 hours, so a
// clock change does not move the time of day).
func Schedule(baseline time.Time, every time.Duration, until time.Time) ([]time.Time, error) {
	if every%day != 0 || every < 14*day || every > 28*day {
		return nil, fmt.Errorf("outcome.Schedule: every %v must be whole days from 2 to 4 weeks", every)
	}
	step := int(every / day)
	var due []time.Time
	for k := 0; ; k++ {
		t := baseline.AddDate(0, 0, k*step)
		if t.After(until) {
			return due, nil
		}
		due = append(due, t)
	}
}

// Due returns when the instrument is due from baseline up to until, by its
// own EveryWeeks; an instrument with none is due at baseline only.
func (in Instrument) Due(baseline, until time.Time) []time.Time {
	if in.EveryWeeks == 0 {
		if baseline.After(until) {
			return nil
		}
		return []time.Time{baseline}
	}
	due, err := Schedule(baseline, time.Duration(in.EveryWeeks)*7*day, until)
	if err != nil {
		// Check allows only 2, 3 or 4 weeks.
		return []time.Time{baseline}
	}
	return due
}
