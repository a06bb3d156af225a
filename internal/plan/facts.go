package plan

import (
	"fmt"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/library"
)

// facts are the inputs Build works from, resolved once.
type facts struct {
	in        clinical.Input
	res       clinical.Result
	lib       *library.Library
	exercises []library.Exercise // the library's, read once per Build
	loc       *time.Location
	at        time.Time // in loc
	onset     *time.Time
	day0      time.Time // local midnight of the assessment's date
	pregnant  bool
	// avoid are the reasons that rule exercises out for this person.
	avoid []*avoidReason
}

func newFacts(in clinical.Input, res clinical.Result, lib *library.Library, loc *time.Location) (facts, error) {
	if lib == nil {
		return facts{}, fmt.Errorf("plan: no library")
	}
	if loc == nil {
		return facts{}, fmt.Errorf("plan: no time zone")
	}
	at := res.At
	if at.IsZero() && in.At != nil {
		at = *in.At
	}
	if at.IsZero() {
		return facts{}, fmt.Errorf("plan: the assessment has no time (at)")
	}
	at = at.In(loc)
	f := facts{in: in, res: res, lib: lib, exercises: lib.Exercises(), loc: loc, at: at}
	if in.Onset != nil && !in.Onset.After(at) {
		o := in.Onset.In(loc)
		f.onset = &o
	}
	y, m, d := at.Date()
	f.day0 = time.Date(y, m, d, 0, 0, 0, 0, loc)
	f.pregnant = f.has(in.History, "pregnant")
	f.avoid = avoidReasons(f)
	return f, nil
}

// date returns local midnight of plan day n. time.Date normalises the day
// number, so this is correct across months and DST changes.
func (f facts) date(n int) time.Time {
	y, m, d := f.day0.Date()
	return time.Date(y, m, d+n, 0, 0, 0, 0, f.loc)
}

// dayBounds returns the instants a local day starts and ends.
func (f facts) dayBounds(date time.Time) (start, end time.Time) {
	y, m, d := date.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, f.loc), time.Date(y, m, d+1, 0, 0, 0, 0, f.loc)
}

// slots are a day's session instants (08:00, 13:00, 19:00 local); a zero
// time marks a session that is before the assessment. The items' Times are
// cut from one shared array per day, each with its capacity capped so that
// appending to one never writes into another.
type slots struct {
	at    [3]time.Time
	arena []time.Time
}

func (f facts) slots(date time.Time) *slots {
	sl := &slots{arena: make([]time.Time, 0, 32)}
	y, m, d := date.Date()
	for i, h := range sessionHours {
		if t := time.Date(y, m, d, h, 0, 0, 0, f.loc); !t.Before(f.at) {
			sl.at[i] = t
		}
	}
	return sl
}

// pick returns the sessions at the given indexes that are still ahead.
func (sl *slots) pick(idx ...int) []time.Time {
	start := len(sl.arena)
	for _, i := range idx {
		if !sl.at[i].IsZero() {
			sl.arena = append(sl.arena, sl.at[i])
		}
	}
	if len(sl.arena) == start {
		return nil
	}
	return sl.arena[start:len(sl.arena):len(sl.arena)]
}

// forTimesADay picks the sessions for something done k times a day: once in
// the morning, twice morning and evening, three times at each session.
// Release work done once a day goes in the evening, after heat.
func (sl *slots) forTimesADay(k int, evening bool) []time.Time {
	switch {
	case evening:
		return sl.pick(2)
	case k <= 1:
		return sl.pick(0)
	case k == 2:
		return sl.pick(0, 2)
	}
	return sl.pick(0, 1, 2)
}

// firmPressureDay is the first plan day whose evening session is at least
// 48 hours after onset: firm pressure waits for it. Without an onset, the
// pain may have begun just now, so the 48 hours run from the assessment.
func (f facts) firmPressureDay() (day int, onsetKnown bool) {
	from := f.at
	if f.onset != nil {
		from, onsetKnown = *f.onset, true
	}
	ready := from.Add(iceWindow)
	for n := 0; n <= Horizon; n++ {
		d := f.date(n)
		evening := time.Date(d.Year(), d.Month(), d.Day(), sessionHours[len(sessionHours)-1], 0, 0, 0, f.loc)
		if !evening.Before(ready) {
			return n, onsetKnown
		}
	}
	return Horizon, onsetKnown
}

func (f facts) painNow() int {
	if f.in.Pain.Now != nil {
		return *f.in.Pain.Now
	}
	return 0
}

func (f facts) age() int {
	if f.in.Age != nil {
		return *f.in.Age
	}
	return 0
}

func (f facts) stress() int {
	if l := f.in.Lifestyle; l != nil && l.Stress != nil {
		return *l.Stress
	}
	return 0
}

func (f facts) contributor(id string) (clinical.Contributor, bool) {
	for _, c := range f.res.Contributors {
		if c.ID == id {
			return c, true
		}
	}
	return clinical.Contributor{}, false
}
