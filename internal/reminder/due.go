package reminder

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Facts are what a person's reminders are about.
type Facts struct {
	// Program is true when the person has a program (or a plan) with
	// exercise sessions to do.
	Program bool
	// Plan is true when the person has a plan: check-ins, water and
	// breaks from sitting belong to it.
	Plan bool
	// PlanEnds is the last day of the plan (exclusive); zero for none.
	PlanEnds time.Time
	// SwitchAt is when ice gives way to heat; zero for none.
	SwitchAt time.Time
	// Rechecks are the plan's re-check instants.
	Rechecks []time.Time
	// Visits are accepted visits.
	Visits []VisitAt
	// Questionnaires are the dates ("YYYY-MM-DD") questionnaires fall due.
	Questionnaires []string
}

// VisitAt is an accepted visit.
type VisitAt struct {
	ID      string
	At      time.Time
	Minutes int
}

// Occurrence is one reminder falling due.
type Occurrence struct {
	// Key names the occurrence uniquely for its person: the same
	// reminder always has the same key, so it is delivered once.
	Key   string
	Kind  Kind
	At    time.Time
	Title string
	Body  string
	// Path is where the reminder leads in the app.
	Path  string
	Email bool
}

// VisitLead is how long before a visit its reminder comes.
const VisitLead = 24 * time.Hour

// Due returns the occurrences due in [from, to), in time order. Times in
// quiet hours move to the end of them, except breaks and water, which are
// dropped: they would only pile up.
func Due(s Settings, f Facts, from, to time.Time) ([]Occurrence, error) {
	loc, err := time.LoadLocation(s.TZ)
	if err != nil {
		return nil, fmt.Errorf("reminder: zone %q: %w", s.TZ, err)
	}
	var out []Occurrence
	add := func(k Kind, at time.Time, key, title, body, path string) {
		if !s.On(k) {
			return
		}
		if s.quiet(at, loc) {
			if k == Movement || k == Water {
				return
			}
			at = s.quietEnd(at, loc)
		}
		if at.Before(from) || !at.Before(to) {
			return
		}
		out = append(out, Occurrence{Key: string(k) + ":" + key, Kind: k, At: at.UTC(), Title: title, Body: body, Path: path, Email: s.Emailed(k)})
	}
	// Each local day that may hold an occurrence in the window, with a
	// day either side for quiet hours that move a time across midnight.
	first := from.In(loc).AddDate(0, 0, -1)
	for d := time.Date(first.Year(), first.Month(), first.Day(), 12, 0, 0, 0, loc); d.Before(to.Add(48 * time.Hour)); d = d.AddDate(0, 0, 1) {
		date := d.Format(time.DateOnly)
		if !f.PlanEnds.IsZero() && !d.Before(f.PlanEnds) {
			break
		}
		if f.Program {
			for _, t := range s.SessionTimes {
				add(Session, At(d, t, loc), date+"T"+t, "Time for your exercises",
					"Your exercise session is due now. It takes about 20 minutes.", "/program")
			}
		}
		if f.Plan {
			add(Checkin, At(d, s.CheckinTime, loc), date, "How is your back today?",
				"Take a minute to check in: how bad is the pain, and can you do your day?", "/diary")
			for _, t := range s.WaterTimes {
				add(Water, At(d, t, loc), date+"T"+t, "Drink some water", "A glass of water now helps your muscles.", "/plan")
			}
			a, _ := clock(s.SittingStart)
			b, _ := clock(s.SittingEnd)
			step := max(s.BreakMinutes, 20)
			for m := a + step; m <= b; m += step {
				t := fmt.Sprintf("%02d:%02d", m/60, m%60)
				add(Movement, At(d, t, loc), date+"T"+t, "Time to stand up",
					"Stand up and walk for two minutes. Moving often helps a sore back.", "/plan")
			}
		}
		for _, q := range f.Questionnaires {
			if q == date {
				add(Questionnaire, At(d, s.CheckinTime, loc), date, "A short questionnaire is due",
					"Please answer a few questions about your back. It helps to see how you are doing.", "/diary")
			}
		}
	}
	if !f.SwitchAt.IsZero() {
		add(Switch, f.SwitchAt, f.SwitchAt.UTC().Format("20060102T1504"), "Switch from ice to heat",
			"It is two days since your back started. From now on, use heat instead of ice.", "/plan")
	}
	for _, r := range f.Rechecks {
		add(Recheck, r, r.In(loc).Format(time.DateOnly), "Re-check day",
			"Today is a re-check day. See how your back is doing against your plan.", "/diary")
	}
	for _, v := range f.Visits {
		add(Visit, v.At.Add(-VisitLead), v.ID+":"+v.At.UTC().Format("20060102T1504"), "Visit tomorrow",
			"You have a visit with your clinic at "+v.At.In(loc).Format("15:04 on Monday 2 January")+".", "/account")
	}
	slices.SortStableFunc(out, func(a, b Occurrence) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out, nil
}

// quiet reports whether at falls in the quiet hours.
func (s Settings) quiet(at time.Time, loc *time.Location) bool {
	qs, ok1 := clock(s.QuietStart)
	qe, ok2 := clock(s.QuietEnd)
	if !ok1 || !ok2 || qs == qe {
		return false
	}
	l := at.In(loc)
	m := l.Hour()*60 + l.Minute()
	if qs < qe {
		return m >= qs && m < qe
	}
	return m >= qs || m < qe
}

// quietEnd is the end of the quiet hours at falls in.
func (s Settings) quietEnd(at time.Time, loc *time.Location) time.Time {
	end := At(at, s.QuietEnd, loc)
	if !end.After(at) {
		end = At(at.In(loc).AddDate(0, 0, 1), s.QuietEnd, loc)
	}
	return end
}
