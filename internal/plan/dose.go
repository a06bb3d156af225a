package plan

import (
	"fmt"

	"unknot/internal/library"
)

// progressDays are the days the dose may step up, if all goes well (the
// plan carries them in Progression.Days). A step is never automatic: it
// waits for pain of maxPainToStep or less (see Adjust).
var progressDays = []int{4, 8, 12}

// maxPainToStep is the highest pain, 0–10, at which the dose may step up.
const maxPainToStep = 3

// Limits of the dose as it grows.
const (
	maxHold          = 30 // seconds, ACSM: 10–30 s
	maxHoldOlder     = 60 // ACSM: 30–60 s for older adults
	olderAge         = 65
	maxReps          = 10
	maxStretchRep    = 4  // ACSM: 2–4 repetitions
	maxStretchInAll  = 60 // ACSM: about 60 s in all per stretch (REFERENCE §1c, §6)
	walkStartMinutes = 10
	walkStepMinutes  = 5 // "add a few minutes every few days"
)

// schedule is an exercise's dose from day 0, then at each progress day,
// while it keeps growing. Every dose after the first is conditional: its
// Text says so.
func schedule(e library.Exercise, age int) []Dose {
	d := e.Dosage
	if e.Kind == library.Stretch {
		if age >= olderAge && d.HoldSeconds < 30 {
			d.HoldSeconds = 30 // longer holds for older adults (ACSM)
		}
		if d.HoldSeconds > 0 && d.Reps*d.HoldSeconds > maxStretchInAll {
			d.Reps = max(1, maxStretchInAll/d.HoldSeconds)
		}
	}
	out := []Dose{{FromDay: 0, Dosage: d, Text: d.String()}}
	for _, day := range progressDays {
		next := progress(d, e.Kind, age)
		if next == d {
			break
		}
		d = next
		out = append(out, Dose{FromDay: day, Dosage: d, Text: conditional(d)})
	}
	return out
}

// conditional says a stepped-up dose with the condition that allows it.
func conditional(d library.Dosage) string {
	return fmt.Sprintf("if your pain is %d or less: %s", maxPainToStep, d)
}

// progress is one step up: a longer hold for stretches (to the ACSM limit),
// or one more repetition, never beyond about 60 seconds in all; one or two
// more repetitions for mobility and strength moves (NHS inform: add 1–2
// every few days). Release, breathing and posture work keep their dose.
func progress(d library.Dosage, kind library.Kind, age int) library.Dosage {
	switch kind {
	case library.Stretch:
		limit := maxHold
		if age >= olderAge {
			limit = maxHoldOlder
		}
		reps := max(d.Reps, 1)
		switch {
		case d.HoldSeconds > 0 && d.HoldSeconds < limit && min(d.HoldSeconds+5, limit)*reps <= maxStretchInAll:
			d.HoldSeconds = min(d.HoldSeconds+5, limit)
		case d.Reps < maxStretchRep && (d.Reps+1)*d.HoldSeconds <= maxStretchInAll:
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

// dedupeDays keeps, of doses that start on the same day, the last.
func dedupeDays(ds []Dose) []Dose {
	out := ds[:0]
	for _, d := range ds {
		if n := len(out); n > 0 && out[n-1].FromDay == d.FromDay {
			out[n-1] = d
			continue
		}
		out = append(out, d)
	}
	return out
}

// doseOn returns the dose that may be done on a day, if all goes well.
func (p Planned) doseOn(day int) Dose {
	d := p.Schedule[0]
	for _, s := range p.Schedule {
		if s.FromDay <= day {
			d = s
		}
	}
	return d
}

// dosageOn is what a day's item says: the first dose, and the stepped-up
// dose with its condition once a step is allowed.
func (p Planned) dosageOn(day int) string {
	first, now := p.Schedule[0], p.doseOn(day)
	if now.FromDay == first.FromDay {
		return first.Text
	}
	return fmt.Sprintf("%s; %s", first.Dosage, now.Text)
}

// walkMinutes is the walk's length on a day if all goes well: it grows by a
// few minutes on each progress day, as the walking exercise says.
func walkMinutes(day int) int {
	m := walkStartMinutes
	for _, d := range progressDays {
		if day >= d {
			m += walkStepMinutes
		}
	}
	return m
}
