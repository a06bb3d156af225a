// Package program is a therapist's individualised exercise program: the
// exercises from the library in order with their dosage, the rules for
// stepping up and down, notes and education for the patient. It checks a
// program against the library and the patient's facts, starts one from the
// generated self-care plan, lays it over that plan day by day (so that the
// patient's "Today" and calendar show it), and measures adherence. It is
// pure: no HTTP, no storage, no clock of its own.
package program

import (
	"fmt"
	"strings"
	"time"

	"unknot/internal/library"
)

// Exercise is one line of a program: an exercise of the library and its
// dosage. Zero dosage fields do not apply.
type Exercise struct {
	ExerciseID  string `json:"exercise_id"`
	Side        string `json:"side,omitempty"` // left, right or both, for sided exercises
	Sets        int    `json:"sets,omitempty"`
	Reps        int    `json:"reps,omitempty"`
	HoldSeconds int    `json:"hold_seconds,omitempty"`
	TimesADay   int    `json:"times_a_day"`
	DaysAWeek   int    `json:"days_a_week"`
	// Note is the therapist's word to the patient about this exercise.
	Note string `json:"note,omitempty"`
}

// Program is what a therapist sets for one patient.
type Program struct {
	Exercises []Exercise `json:"exercises"`
	// Progression and Regression say when to do more, or less.
	Progression string `json:"progression"`
	Regression  string `json:"regression"`
	// Notes are the therapist's words to the patient.
	Notes string `json:"notes,omitempty"`
	// Articles are the education assigned: library article ids.
	Articles []string `json:"articles,omitempty"`
	// ReassessOn is the date of the booked re-assessment (YYYY-MM-DD).
	ReassessOn string `json:"reassess_on,omitempty"`
}

// Version is one assigned version of a patient's program. Every change is
// a new version; the newest is current.
type Version struct {
	ID        string    `json:"id"`
	ClinicID  string    `json:"clinic_id"`
	PatientID string    `json:"patient_id"`
	Version   int       `json:"version"`
	Current   bool      `json:"current"`
	StartsOn  string    `json:"starts_on"` // YYYY-MM-DD in the patient's zone
	Program   Program   `json:"program"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Template is a clinic's saved starting point for programs.
type Template struct {
	ID        string    `json:"id"`
	ClinicID  string    `json:"clinic_id"`
	Name      string    `json:"name"`
	Program   Program   `json:"program"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Session is a patient's record of doing their program on a day.
type Session struct {
	PatientID  string    `json:"patient_id"`
	ProgramID  string    `json:"program_id"`
	ClinicID   string    `json:"clinic_id"`
	Date       string    `json:"date"`
	Done       []string  `json:"done"` // exercise ids done
	RecordedAt time.Time `json:"recorded_at"`
}

// Limits of a program's dosage. A stretch is held at most 60 seconds in
// all per repetition (REFERENCE §1c and §6: about 60 s in all).
const (
	MaxExercises = 20
	MaxSets      = 10
	MaxReps      = 50
	MaxHold      = 60
	MaxTimesADay = 6
	MaxText      = 1000
)

// Problem is one field of a program that cannot be accepted.
type Problem struct{ Field, Problem string }

// Facts are what a program is checked against about the patient.
type Facts struct {
	// Pregnant: only exercises marked pregnancy-safe (REFERENCE §1c).
	Pregnant bool
}

// Check returns the problems of p against the library and the patient's
// facts; none means it may be assigned. An exercise that is not safe for
// the patient is refused, not warned about: the patient would see it as
// the therapist's advice.
func Check(p Program, lib *library.Library, f Facts) []Problem {
	var out []Problem
	add := func(field, format string, args ...any) {
		out = append(out, Problem{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	if len(p.Exercises) == 0 {
		add("exercises", "needs at least one exercise")
	}
	if len(p.Exercises) > MaxExercises {
		add("exercises", "has more than %d exercises", MaxExercises)
	}
	seen := map[string]bool{}
	for i, e := range p.Exercises {
		at := fmt.Sprintf("exercises[%d]", i)
		ex, ok := lib.Exercise(e.ExerciseID)
		if !ok {
			add(at+".exercise_id", "%q is not an exercise of the library", e.ExerciseID)
			continue
		}
		if f.Pregnant && !ex.PregnancySafe {
			add(at+".exercise_id", "%s is not marked safe in pregnancy, and this patient is pregnant", ex.Name)
		}
		switch e.Side {
		case "":
		case "left", "right", "both":
			if !ex.Sided {
				add(at+".side", "%s is not done on one side", ex.Name)
			}
		default:
			add(at+".side", "must be left, right or both")
		}
		if seen[e.ExerciseID+"/"+e.Side] {
			add(at+".exercise_id", "%s is in the program twice", ex.Name)
		}
		seen[e.ExerciseID+"/"+e.Side] = true
		rng := func(name string, v, lo, hi int) {
			if v < lo || v > hi {
				add(at+"."+name, "must be from %d to %d", lo, hi)
			}
		}
		rng("sets", e.Sets, 0, MaxSets)
		rng("reps", e.Reps, 0, MaxReps)
		rng("hold_seconds", e.HoldSeconds, 0, MaxHold)
		rng("times_a_day", e.TimesADay, 1, MaxTimesADay)
		rng("days_a_week", e.DaysAWeek, 1, 7)
		if len(e.Note) > MaxText {
			add(at+".note", "is longer than %d characters", MaxText)
		}
	}
	for name, v := range map[string]string{"progression": p.Progression, "regression": p.Regression, "notes": p.Notes} {
		if len(v) > MaxText {
			add(name, "is longer than %d characters", MaxText)
		}
	}
	for i, a := range p.Articles {
		if _, ok := lib.Article(a); !ok {
			add(fmt.Sprintf("articles[%d]", i), "%q is not an article of the library", a)
		}
	}
	if p.ReassessOn != "" {
		if _, err := time.Parse(time.DateOnly, p.ReassessOn); err != nil {
			add("reassess_on", "must be a date, YYYY-MM-DD")
		}
	}
	return out
}

// Dosage says an exercise's dose in plain words, as the patient reads it.
func (e Exercise) Dosage() string {
	d := library.Dosage{HoldSeconds: e.HoldSeconds, Reps: e.Reps, Sets: e.Sets, TimesADay: e.TimesADay}
	s := d.String()
	if e.DaysAWeek > 0 && e.DaysAWeek < 7 {
		s += fmt.Sprintf(", %d days a week", e.DaysAWeek)
	}
	return strings.TrimPrefix(s, ", ")
}

// DaysAWeek is the most days a week any exercise of p is set for: the days
// the patient is asked to do the program.
func (p Program) DaysAWeek() int {
	n := 0
	for _, e := range p.Exercises {
		n = max(n, e.DaysAWeek)
	}
	return n
}

// Scheduled reports whether an exercise set for daysAWeek falls on the
// k-th day of the program (day 0 is the start): the days are spread over
// each week (3 days a week: days 0, 3 and 5).
func Scheduled(daysAWeek, k int) bool {
	if daysAWeek >= 7 {
		return true
	}
	if k < 0 || daysAWeek <= 0 {
		return false
	}
	return (k%7)*daysAWeek%7 < daysAWeek
}
