package plan

import "unknot/internal/library"

// progressDays are the days the dose may step up, if all goes well (the
// plan carries them in Progression.Days).
var progressDays = []int{4, 8, 12}

// Limits of the dose as it grows.
const (
	maxHold       = 30 // seconds, ACSM: 10–30 s
	maxHoldOlder  = 60 // ACSM: 30–60 s for older adults
	olderAge      = 65
	maxReps       = 10
	maxStretchRep = 4 // ACSM: 2–4 repetitions
)

// schedule is an exercise's dose from day 0, then at each progress day,
// while it keeps growing.
func schedule(e library.Exercise, age int) []Dose {
	d := e.Dosage
	if e.Kind == library.Stretch && age >= olderAge && d.HoldSeconds < 30 {
		d.HoldSeconds = 30 // longer holds for older adults (ACSM)
	}
	out := []Dose{{FromDay: 0, Dosage: d, Text: d.String()}}
	for _, day := range progressDays {
		next := progress(d, e.Kind, age)
		if next == d {
			break
		}
		d = next
		out = append(out, Dose{FromDay: day, Dosage: d, Text: d.String()})
	}
	return out
}

// progress is one step up: a longer hold for stretches (to the ACSM limit),
// then one more repetition; one or two more repetitions for mobility and
// strength moves (NHS inform: add 1–2 every few days). Release, breathing and
// posture work keep their dose.
func progress(d library.Dosage, kind library.Kind, age int) library.Dosage {
	switch kind {
	case library.Stretch:
		limit := maxHold
		if age >= olderAge {
			limit = maxHoldOlder
		}
		switch {
		case d.HoldSeconds > 0 && d.HoldSeconds < limit:
			d.HoldSeconds = min(d.HoldSeconds+5, limit)
		case d.Reps < maxStretchRep:
			d.Reps++
		}
	case library.Mobility:
		if d.Reps > 0 {
			d.Reps = min(d.Reps+2, maxReps)
		}
	case library.Strength:
		if d.Reps > 0 {
			d.Reps = min(d.Reps+1, maxReps)
		}
	}
	return d
}

// doseOn returns the dose in effect on a day.
func (p Planned) doseOn(day int) Dose {
	d := p.Schedule[0]
	for _, s := range p.Schedule {
		if s.FromDay <= day {
			d = s
		}
	}
	return d
}
