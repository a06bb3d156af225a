package program

import (
	"fmt"
	"time"

	"unknot/internal/diary"
	"unknot/internal/library"
	"unknot/internal/plan"
)

// Horizon is how many days of a program the patient's plan and calendar
// show from the program's start: two weeks, as the generated plan.
const Horizon = 14

// DefaultProgression and DefaultRegression are the rules a program starts
// with when the plan it starts from has none.
const (
	DefaultProgression = "If your pain stays the same or eases for 3 days, add 1 or 2 more each time."
	DefaultRegression  = "If your pain is 2 points worse, do fewer and hold for less time. Stop if a warning sign appears."
)

// sessionClock is when, in the patient's zone, the program's sessions of a
// day fall: the first n of these, in order of the day.
var sessionClock = [MaxTimesADay][2]int{{8, 0}, {13, 0}, {18, 0}, {10, 30}, {15, 30}, {20, 30}}

// FromPlan starts a program from the generated self-care plan: its
// exercises and release work with their first dose, every day.
func FromPlan(p plan.Plan) Program {
	out := Program{Progression: p.Progression.Text, Regression: p.Regression.Text}
	if out.Progression == "" {
		out.Progression = DefaultProgression
	}
	if out.Regression == "" {
		out.Regression = DefaultRegression
	}
	for _, list := range [][]plan.Planned{p.Exercises, p.Release} {
		for _, pl := range list {
			d := pl.Schedule[0].Dosage
			e := Exercise{ExerciseID: pl.ExerciseID, Side: pl.Side, Sets: d.Sets, Reps: d.Reps,
				HoldSeconds: min(d.HoldSeconds, MaxHold), TimesADay: max(1, min(d.TimesADay, MaxTimesADay)), DaysAWeek: 7}
			out.Exercises = append(out.Exercises, e)
		}
	}
	return out
}

// Apply lays a program version over the generated plan: from the day the
// program starts, its exercises replace the plan's exercise and release
// work (the rest of the plan, such as ice or heat, breaks and check-ins,
// stays); the days run to at least Horizon days after the start, so the
// patient's "Today" and calendar show the program. Days before the start
// are left as they were. Times are in loc.
func Apply(p plan.Plan, v Version, lib *library.Library, loc *time.Location) plan.Plan {
	start, err := time.ParseInLocation(time.DateOnly, v.StartsOn, loc)
	if err != nil {
		return p
	}
	first := start
	if len(p.Days) > 0 {
		if first, err = time.ParseInLocation(time.DateOnly, p.Days[0].Date, loc); err != nil {
			return p
		}
	}
	if p.TZ == "" {
		p.TZ = loc.String()
	}
	if p.Start.IsZero() {
		p.Start = start
	}
	out := p
	out.Program = &plan.ProgramRef{Version: v.Version, StartsOn: v.StartsOn, Notes: v.Program.Notes, Articles: v.Program.Articles}
	if v.Program.Progression != "" {
		out.Progression = plan.Rule{Text: v.Program.Progression, Because: "Your physical therapist set this rule.", Sources: []string{}}
	}
	if v.Program.Regression != "" {
		out.Regression = plan.Rule{Text: v.Program.Regression, Because: "Your physical therapist set this rule.", Sources: []string{}}
	}
	if out.Progression.Text == "" {
		out.Progression = plan.Rule{Text: DefaultProgression, Because: "Your physical therapist set this program.", Sources: []string{}}
	}
	if out.Regression.Text == "" {
		out.Regression = plan.Rule{Text: DefaultRegression, Because: "Your physical therapist set this program.", Sources: []string{}}
	}
	// Empty lists, not nil: the API documents them as arrays, and the
	// answer check (openapi_answers_test.go) holds it to that.
	out.Exercises, out.Release = []plan.Planned{}, []plan.Planned{}
	for _, e := range v.Program.Exercises {
		ex, _ := lib.Exercise(e.ExerciseID)
		pl := plan.Planned{ExerciseID: e.ExerciseID, Name: ex.Name, Kind: ex.Kind, Side: e.Side,
			Schedule: []plan.Dose{{FromDay: dayIndex(first, start), Dosage: library.Dosage{HoldSeconds: e.HoldSeconds,
				Reps: e.Reps, Sets: e.Sets, TimesADay: e.TimesADay}, Text: e.Dosage()}},
			Easier: ex.Easier, Harder: ex.Harder, Because: "Your physical therapist chose this for you.", Sources: orEmpty(ex.Sources)}
		if e.Note != "" {
			pl.Because += " " + e.Note
		}
		if ex.Kind == library.Release {
			out.Release = append(out.Release, pl)
		} else {
			out.Exercises = append(out.Exercises, pl)
		}
	}
	last := start.AddDate(0, 0, Horizon)
	days := make([]plan.Day, 0, len(p.Days)+Horizon)
	for d := first; !d.After(last) || len(days) < len(p.Days); d = d.AddDate(0, 0, 1) {
		n := len(days)
		day := plan.Day{Day: n, Date: d.Format(time.DateOnly), Items: []plan.Item{}}
		if n < len(p.Days) {
			day = p.Days[n]
			day.Items = append([]plan.Item{}, day.Items...)
		}
		if d.Before(start) {
			days = append(days, day)
			continue
		}
		kept := make([]plan.Item, 0, len(day.Items))
		for _, it := range day.Items {
			if it.Kind != plan.Exercise && it.Kind != plan.Release || it.ExerciseID == "walking" {
				kept = append(kept, it)
			}
		}
		if n >= len(p.Days) {
			kept = append(kept, plan.Item{ID: fmt.Sprintf("d%02d-checkin", n), Kind: plan.Checkin, Title: "Daily check-in",
				Detail:  "Rate your pain now and at its worst, from 0 to 10, and say what you did of the program.",
				Because: "Your check-ins show your physical therapist how the program is going.", Sources: []string{}})
		}
		k := dayIndex(start, d)
		for i, e := range v.Program.Exercises {
			if !Scheduled(e.DaysAWeek, k) {
				continue
			}
			ex, _ := lib.Exercise(e.ExerciseID)
			kind := plan.Exercise
			if ex.Kind == library.Release {
				kind = plan.Release
			}
			it := plan.Item{ID: fmt.Sprintf("d%02d-program-%d-%s", n, i, e.ExerciseID), Kind: kind, Title: ex.Name,
				Detail: ex.Summary, ExerciseID: e.ExerciseID, Dosage: e.Dosage(), TimesADay: e.TimesADay,
				Because: "Your physical therapist set this for you.", Sources: orEmpty(ex.Sources)}
			if e.Note != "" {
				it.Detail = e.Note
			}
			for j := range min(e.TimesADay, MaxTimesADay) {
				c := sessionClock[j]
				it.Times = append(it.Times, time.Date(d.Year(), d.Month(), d.Day(), c[0], c[1], 0, 0, loc))
			}
			sortTimes(it.Times)
			kept = append(kept, it)
		}
		day.Items = kept
		days = append(days, day)
	}
	out.Days = days
	if n := len(days); n > 0 {
		if end, err := time.ParseInLocation(time.DateOnly, days[n-1].Date, loc); err == nil {
			out.End = end.AddDate(0, 0, 1)
		}
	}
	return out
}

func sortTimes(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// dayIndex counts calendar days from a to b (dates at midnight in one
// zone), correct across a clock change.
func dayIndex(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return int(time.Date(by, bm, bd, 12, 0, 0, 0, time.UTC).Sub(time.Date(ay, am, ad, 12, 0, 0, 0, time.UTC)).Hours() / 24)
}

// Adherence is how much of the program a patient did over the last week.
type Adherence struct {
	Done     int `json:"done"`     // days with a session in the window
	Expected int `json:"expected"` // days the program asked for in it
	Percent  int `json:"percent"`
}

// AdherenceWindow is the days adherence looks back over, today included.
const AdherenceWindow = 7

// LowAdherence is the share of the expected days below which the
// caseload lists a patient, once the program has run GraceDays.
const (
	LowAdherence = 50
	GraceDays    = 3
)

// AdherenceOf measures adherence on today: the days with a session among
// the last AdherenceWindow days (from the program's start, if later),
// against the days the program asked for in that window.
func AdherenceOf(startsOn, today string, daysAWeek, doneDays int) Adherence {
	ran := diary.DaysBetween(startsOn, today)
	if startsOn == "" || today == "" || ran < 0 || diary.AddDays(startsOn, ran) != today {
		return Adherence{}
	}
	a := Adherence{Done: doneDays}
	for k := max(0, ran-AdherenceWindow+1); k <= ran; k++ {
		if Scheduled(daysAWeek, k) {
			a.Expected++
		}
	}
	if a.Expected > 0 {
		a.Percent = min(100, 100*a.Done/a.Expected)
	}
	return a
}

// Low reports whether the adherence is low enough to list the patient: the
// program has run at least GraceDays and less than LowAdherence per cent
// of the expected days were done.
func (a Adherence) Low(startsOn, today string) bool {
	return diary.DaysBetween(startsOn, today) >= GraceDays && a.Expected > 0 && a.Percent < LowAdherence
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
