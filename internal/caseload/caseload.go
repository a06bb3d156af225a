// Package caseload orders a clinic's patients by need: each patient with
// the reasons they need the therapist (a new red flag, getting worse, a
// re-assessment or questionnaire due, low adherence to the program, no
// check-in for N days, a new intake), most urgent first. It takes the facts
// the store gathered and a time, and is pure.
package caseload

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/diary"
	"unknot/internal/program"
)

// Reason is why a patient is on the list.
type Reason string

// The reasons, most urgent first: Rank orders them.
const (
	RedFlag      Reason = "red_flag"
	Worse        Reason = "worse"
	Due          Reason = "due"
	LowAdherence Reason = "low_adherence"
	NoCheckin    Reason = "no_checkin"
	NewIntake    Reason = "new_intake"
)

// Reasons lists every reason, most urgent first.
var Reasons = []Reason{RedFlag, Worse, Due, LowAdherence, NoCheckin, NewIntake}

// Labels are the reasons in a therapist's words.
var Labels = map[Reason]string{RedFlag: "New warning sign", Worse: "Getting worse", Due: "Due",
	LowAdherence: "Low adherence", NoCheckin: "No check-in", NewIntake: "New intake"}

// Rank is a reason's place in Reasons: lower is more urgent.
func Rank(r Reason) int {
	if i := slices.Index(Reasons, r); i >= 0 {
		return i
	}
	return len(Reasons)
}

// DefaultCheckinGapDays is N in "no check-in for N days" until a clinic
// sets its own.
const DefaultCheckinGapDays = 3

// Flag is an open clinic flag.
type Flag struct {
	Reason diary.FlagReason
	Text   string
	At     time.Time
}

// Worsening is a plan judged getting worse by diary's rule.
type Worsening struct {
	Recent, Baseline float64
	RecentDays       int
}

// ProgramFacts are a patient's current program.
type ProgramFacts struct {
	ID         string
	Version    int
	StartsOn   string
	DaysAWeek  int
	ReassessOn string
	// Logged is how many days of the week ending on the patient's own
	// today (AdherenceWindow days) have a logged session of the program.
	Logged int
}

// Assignment is a questionnaire assigned to the patient.
type Assignment struct {
	Instrument string
	EveryDays  int
	StartsOn   string
	// LastTaken is the date of the patient's latest answer, "" for none.
	LastTaken string
}

// Facts are what the store knows of one patient of the clinic.
type Facts struct {
	PatientID   string
	Name        string
	Email       string
	TherapistID string
	TZ          string
	// LatestAssessment is the newest result the patient shared with the
	// clinic, and SharedAt its time; "" when none.
	LatestAssessment string
	SharedAt         time.Time
	Flags            []Flag
	Worse            *Worsening
	LastCheckin      string
	Program          *ProgramFacts
	Assignments      []Assignment
	// SignedNote: the clinic has signed a session note for the patient.
	SignedNote bool
}

// Item is one reason with its words.
type Item struct {
	Reason Reason `json:"reason"`
	Text   string `json:"text"`
}

// Row is one patient of the caseload, with why they are on it.
type Row struct {
	Facts
	Today     string
	Items     []Item
	Adherence *program.Adherence
}

// Top is the row's most urgent reason, "" when it needs nothing.
func (r Row) Top() Reason {
	if len(r.Items) == 0 {
		return ""
	}
	return r.Items[0].Reason
}

// Has reports whether the row is there for reason.
func (r Row) Has(reason Reason) bool {
	return slices.ContainsFunc(r.Items, func(it Item) bool { return it.Reason == reason })
}

// Build judges every patient at now, each on their own date (by their
// zone), and orders them by need: the most urgent reason first, then more
// reasons, then name. Patients who need nothing come last. names gives an
// instrument's name for the words.
func Build(facts []Facts, now time.Time, gapDays int, names func(string) string) []Row {
	if gapDays <= 0 {
		gapDays = DefaultCheckinGapDays
	}
	rows := make([]Row, len(facts))
	for i, f := range facts {
		rows[i] = judge(f, Today(f.TZ, now), gapDays, names)
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		ra, rb := rank(a), rank(b)
		if ra != rb {
			return cmp.Compare(ra, rb)
		}
		if len(a.Items) != len(b.Items) {
			return cmp.Compare(len(b.Items), len(a.Items))
		}
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.PatientID, b.PatientID))
	})
	return rows
}

// Today is a patient's date at now, in their zone (UTC when unknown).
func Today(tz string, now time.Time) string {
	loc, err := clinical.LoadLocation(tz)
	if err != nil || tz == "" {
		loc = time.UTC
	}
	return now.In(loc).Format(time.DateOnly)
}

func rank(r Row) int {
	if len(r.Items) == 0 {
		return len(Reasons) + 1
	}
	return Rank(r.Items[0].Reason)
}

func judge(f Facts, today string, gapDays int, names func(string) string) Row {
	r := Row{Facts: f, Today: today}
	add := func(reason Reason, text string) { r.Items = append(r.Items, Item{Reason: reason, Text: text}) }
	for _, fl := range f.Flags {
		if fl.Reason == diary.FlagRedFlag {
			add(RedFlag, fl.Text)
		}
	}
	switch {
	case f.Worse != nil:
		add(Worse, fmt.Sprintf("Pain %.1f of 10 over the last %d days, from %.1f at the start", f.Worse.Recent, f.Worse.RecentDays, f.Worse.Baseline))
	default:
		for _, fl := range f.Flags {
			if fl.Reason == diary.FlagWorse || fl.Reason == diary.FlagNoBetter {
				add(Worse, fl.Text)
				break
			}
		}
	}
	if p := f.Program; p != nil && p.ReassessOn != "" && p.ReassessOn <= today {
		add(Due, "Re-assessment due "+p.ReassessOn)
	}
	for _, a := range f.Assignments {
		if due := dueOn(a); due != "" && due <= today {
			add(Due, fmt.Sprintf("%s due %s", names(a.Instrument), due))
		}
	}
	if p := f.Program; p != nil {
		a := program.AdherenceOf(p.StartsOn, today, p.DaysAWeek, p.Logged)
		r.Adherence = &a
		if a.Low(p.StartsOn, today) {
			add(LowAdherence, fmt.Sprintf("Did the program on %d of %d days this week", a.Done, a.Expected))
		}
	}
	switch {
	case f.LastCheckin == "" && !f.SharedAt.IsZero() && diary.DaysBetween(f.SharedAt.Format(time.DateOnly), today) >= gapDays:
		add(NoCheckin, "No check-in yet")
	case f.LastCheckin != "":
		if n := diary.DaysBetween(f.LastCheckin, today); n >= gapDays {
			add(NoCheckin, fmt.Sprintf("No check-in for %d days", n))
		}
	}
	if f.Program == nil && !f.SignedNote && f.LatestAssessment != "" {
		add(NewIntake, "Shared a result on "+f.SharedAt.Format("2 Jan 2006"))
	}
	slices.SortStableFunc(r.Items, func(a, b Item) int { return cmp.Compare(Rank(a.Reason), Rank(b.Reason)) })
	return r
}

// dueOn is when an assigned questionnaire is next due: its start when never
// answered since, else every EveryDays after the latest answer.
func dueOn(a Assignment) string {
	if a.LastTaken == "" || a.LastTaken < a.StartsOn {
		return a.StartsOn
	}
	return diary.AddDays(a.LastTaken, max(1, a.EveryDays))
}

// Filter narrows a caseload: to one therapist's patients, one reason, and
// names or emails containing a query (any case). Empty fields match all.
type Filter struct {
	TherapistID string
	Reason      Reason
	Query       string
}

// Apply returns the rows f keeps, in their order.
func (f Filter) Apply(rows []Row) []Row {
	q := strings.ToLower(strings.TrimSpace(f.Query))
	out := rows[:0:0]
	for _, r := range rows {
		if f.TherapistID != "" && r.TherapistID != f.TherapistID {
			continue
		}
		if f.Reason != "" && !r.Has(f.Reason) {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(r.Name), q) && !strings.Contains(strings.ToLower(r.Email), q) {
			continue
		}
		out = append(out, r)
	}
	return out
}
