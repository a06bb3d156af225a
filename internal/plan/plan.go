// Package plan turns an assessment and its result into a personal self-care
// plan, day by day, from the assessment's time to the re-check two weeks
// later: ice then heat by the clock, exercises chosen for the muscles
// involved with their dose and how it grows, release work, movement breaks,
// water, breathing and sleep, the safety net and a prevention routine. Every
// item says why it is there and where the advice comes from.
//
// Build is pure and deterministic: the same input, result and time zone give
// the same plan. It reads no clock; all times derive from the assessment's
// "at".
package plan

import (
	"errors"
	"time"

	"unknot/internal/library"
)

// ItemKind is what a plan item asks the person to do.
type ItemKind string

// The kinds of plan item.
const (
	Ice       ItemKind = "ice"
	Heat      ItemKind = "heat"
	IceOrHeat ItemKind = "ice_or_heat" // onset unknown: the item says how to choose
	Switch    ItemKind = "switch"      // the moment to change from ice to heat
	Exercise  ItemKind = "exercise"
	Release   ItemKind = "release"
	Rest      ItemKind = "rest" // ease off what makes it worse
	Break     ItemKind = "break"
	Water     ItemKind = "water"
	Breathing ItemKind = "breathing"
	Sleep     ItemKind = "sleep"
	Checkin   ItemKind = "checkin"
)

// Horizon is the plan's length: day 0 is the day of the assessment, the
// re-checks are on days 7 and 14.
const Horizon = 14

// recheckDays are the re-check days (the plan carries their times in
// Recheck).
var recheckDays = []int{7, 14}

// ErrGetHelpFirst is returned for emergency and urgent results: there is no
// self-care plan until the person has been seen. The result's own action and
// reasons say where to go.
var ErrGetHelpFirst = errors.New("plan: no self-care plan for this result; get medical help first, as the result says")

// ErrUnder16 is returned for a person under 16: self-care plans are outside
// unknot's scope for them, whatever the disposition.
var ErrUnder16 = errors.New("plan: no self-care plan under 16; a clinician should see a young person's back pain")

// Plan is a personal self-care plan.
type Plan struct {
	AssessmentID string `json:"assessment_id,omitempty"`
	// Interim is true for a see_clinician result: this is safe care while
	// the person waits to be seen, not instead of being seen.
	Interim     bool        `json:"interim"`
	InterimNote string      `json:"interim_note,omitempty"`
	TZ          string      `json:"tz"`
	Start       time.Time   `json:"start"`
	End         time.Time   `json:"end"`
	Recheck     []time.Time `json:"recheck"`
	Onset       *time.Time  `json:"onset,omitempty"`
	// IceUntil is onset + 48 hours while that is still ahead of Start.
	IceUntil *time.Time `json:"ice_until,omitempty"`
	// ColdHeat says when ice changes to heat, or how to decide without onset.
	ColdHeat  ColdHeat  `json:"cold_heat"`
	Days      []Day     `json:"days"`
	Exercises []Planned `json:"exercises"`
	Release   []Planned `json:"release"`
	// LeftOut says what the plan left out because of the reason for
	// referral, pregnancy or fragile bones, and why (REFERENCE §1c).
	LeftOut     []Note `json:"left_out,omitempty"`
	Ease        []Note `json:"ease"`
	Progression Rule   `json:"progression"`
	Regression  Rule   `json:"regression"`
	SafetyNet   []Note `json:"safety_net"`
	Prevention  []Note `json:"prevention"`
	// Program is set when a therapist's program replaced the plan's
	// exercises (package program lays it over the plan).
	Program *ProgramRef `json:"program,omitempty"`
}

// ProgramRef names the therapist's program a plan shows.
type ProgramRef struct {
	Version  int    `json:"version"`
	StartsOn string `json:"starts_on"`
	Notes    string `json:"notes,omitempty"`
	// Articles are the education the program assigns: library ids.
	Articles []string `json:"articles,omitempty"`
}

// ColdHeat is the ice-then-heat advice, timed.
type ColdHeat struct {
	// Switch is the exact instant, onset + 48 hours of elapsed time; nil
	// when the onset is unknown.
	Switch *time.Time `json:"switch,omitempty"`
	// SwitchLocal is Switch in the person's zone, e.g.
	// "Mon 26 Oct 2026, 12:00 GMT".
	SwitchLocal string   `json:"switch_local,omitempty"`
	Text        string   `json:"text"`
	Cautions    []Note   `json:"cautions"`
	Sources     []string `json:"sources"`
}

// Day is one calendar day of the plan in the person's zone.
type Day struct {
	Day   int    `json:"day"`
	Date  string `json:"date"` // YYYY-MM-DD in the person's zone
	Items []Item `json:"items"`
}

// Item is one thing to do on a day.
type Item struct {
	// ID is stable for the same plan: it names the day and the item.
	ID         string      `json:"id"`
	Kind       ItemKind    `json:"kind"`
	Title      string      `json:"title"`
	Detail     string      `json:"detail"`
	ExerciseID string      `json:"exercise_id,omitempty"`
	Dosage     string      `json:"dosage,omitempty"`
	Times      []time.Time `json:"times,omitempty"`
	TimesADay  int         `json:"times_a_day,omitempty"`
	Because    string      `json:"because"`
	Sources    []string    `json:"sources"`
}

// Planned is an exercise chosen for the plan, with its dose over time.
type Planned struct {
	ExerciseID string          `json:"exercise_id"`
	Name       string          `json:"name"`
	Kind       library.Kind    `json:"kind"`
	Side       string          `json:"side,omitempty"` // left, right or both, for sided exercises
	Schedule   []Dose          `json:"schedule"`
	Easier     library.Variant `json:"easier"`
	Harder     library.Variant `json:"harder"`
	Because    string          `json:"because"`
	Sources    []string        `json:"sources"`
}

// Dose is the dose of an exercise from a day of the plan on, if all is
// going well (see the plan's Progression). Every dose after the first is
// conditional, and its Text says so ("if your pain is 3 or less: ...").
type Dose struct {
	FromDay int            `json:"from_day"`
	Dosage  library.Dosage `json:"dosage"`
	Text    string         `json:"text"`
}

// Note is a piece of advice with its reason and source.
type Note struct {
	Text    string   `json:"text"`
	Because string   `json:"because,omitempty"`
	Sources []string `json:"sources"`
}

// Rule is when to step the dose up or down.
type Rule struct {
	Text    string   `json:"text"`
	Days    []int    `json:"days,omitempty"` // days the dose may step up
	MaxPain int      `json:"max_pain,omitempty"`
	Rise    int      `json:"rise,omitempty"`
	Because string   `json:"because"`
	Sources []string `json:"sources"`
}
