package plan

import (
	"strings"
	"testing"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/library"
	"unknot/internal/triage"
)

// TestStretchesStayNearAMinute: no stretch dose, at any age and on any
// day, goes beyond about 60 seconds in all (ACSM; REFERENCE §1c).
func TestStretchesStayNearAMinute(t *testing.T) {
	for _, e := range library.Default().Exercises() {
		if e.Kind != library.Stretch {
			continue
		}
		for _, age := range []int{20, 40, 64, 65, 80} {
			for _, d := range schedule(e, age) {
				if in := d.Dosage.HoldSeconds * max(d.Dosage.Reps, 1); in > maxStretchInAll {
					t.Errorf("%s at %d, day %d: %d seconds in all (%s)", e.ID, age, d.FromDay, in, d.Text)
				}
			}
		}
	}
}

// TestProgressionIsConditional: a stepped-up dose is always shown with its
// condition, in the exercise's schedule and in every day's item, and the
// plan's own words say "if your pain is 3 or less", never a fixed date.
func TestProgressionIsConditional(t *testing.T) {
	const cond = "if your pain is 3 or less"
	for _, c := range cases() {
		p := build(t, c)
		if !strings.Contains(p.Progression.Text, cond) {
			t.Errorf("%s: progression %q", c.name, p.Progression.Text)
		}
		first := map[string]string{}
		for _, pe := range append(p.Exercises, p.Release...) {
			for i, d := range pe.Schedule {
				stepped := i > 0 || pe.Kind == library.Strength
				if stepped && !strings.HasPrefix(d.Text, cond) {
					t.Errorf("%s %s: dose from day %d is %q", c.name, pe.ExerciseID, d.FromDay, d.Text)
				}
			}
			first[pe.ExerciseID] = pe.Schedule[0].Dosage.String()
		}
		for _, d := range p.Days {
			for _, it := range d.Items {
				base, ok := first[it.ExerciseID]
				if !ok {
					continue
				}
				if !strings.HasPrefix(it.Dosage, base) && !strings.HasPrefix(it.Dosage, cond) {
					t.Errorf("%s day %d: %s shows %q, not the first dose %q", c.name, d.Day, it.ExerciseID, it.Dosage, base)
				}
			}
		}
	}
}

// TestNoFirmPressureInTheFirst48Hours: ball and roller work waits until 48
// hours after onset, or after the assessment when the onset is unknown.
func TestNoFirmPressureInTheFirst48Hours(t *testing.T) {
	lib := library.Default()
	const at = "2026-11-24T09:00:00Z"
	for _, onset := range []*time.Time{nil, ptr(ts("2026-11-24T08:00:00Z")), ptr(ts("2026-11-23T13:00:00Z")), ptr(ts("2026-11-22T10:00:00Z"))} {
		in := baseInput(at)
		in.Onset = onset
		in.Regions = []string{"upper_buttock_right", "iliac_crest_right"}
		p, err := Build(in, result(at, clinical.MuscleGluteusMedius, clinical.MuscleGluteusMinimus), lib, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		from := ts(at)
		if onset != nil {
			from = *onset
		}
		firm := 0
		for _, d := range p.Days {
			for _, it := range d.Items {
				e, _ := lib.Exercise(it.ExerciseID)
				if !e.Avoids(library.AvoidFirst48Hours) {
					continue
				}
				firm++
				for _, tm := range it.Times {
					if tm.Before(from.Add(48 * time.Hour)) {
						t.Errorf("onset %v: %s at %v, within 48 hours", onset, e.ID, tm)
					}
				}
			}
		}
		if firm == 0 {
			t.Errorf("onset %v: no firm pressure at all; the case tests nothing", onset)
		}
	}
}

// TestWalkingGrows: the walk grows by a few minutes every few days, as the
// walking exercise says, and only if pain allows.
func TestWalkingGrows(t *testing.T) {
	p := build(t, caseNamed("no_onset"))
	want := map[int]string{
		0:  "10 minutes, 2 times a day",
		4:  "10 minutes, 2 times a day; if your pain is 3 or less: 15 minutes",
		12: "10 minutes, 2 times a day; if your pain is 3 or less: 25 minutes",
	}
	for day, w := range want {
		found := false
		for _, it := range p.Days[day].Items {
			if it.ExerciseID == "walking" {
				found = true
				if it.Dosage != w {
					t.Errorf("day %d: walking %q, want %q", day, it.Dosage, w)
				}
			}
		}
		if !found {
			t.Errorf("day %d: no walk", day)
		}
	}
}

// TestPlanSafetyNetIsTheResults: the plan shows the result's safety net
// (the lines checked against the protocol in triage), then its own; none
// tells the person to do the self-check after getting help.
func TestPlanSafetyNetIsTheResults(t *testing.T) {
	for _, c := range cases() {
		p := build(t, c)
		lines := triage.SafetyNet(&c.in, c.res.Disposition)
		for i, l := range lines {
			if i >= len(p.SafetyNet) || p.SafetyNet[i].Text != l.Text {
				t.Errorf("%s: safety net line %d is not the result's %q", c.name, i, l.Text)
			}
		}
		all := ""
		for _, n := range p.SafetyNet {
			all += n.Text + " "
			if strings.HasPrefix(n.Text, "Get help now") && strings.Contains(n.Text, "self-check") {
				t.Errorf("%s: %q", c.name, n.Text)
			}
		}
		for _, w := range []string{"chest pain", "pulsing", "bad fall"} {
			if !strings.Contains(all, w) {
				t.Errorf("%s: safety net does not name %s", c.name, w)
			}
		}
	}
}

// TestMonthNoteOnlyBeforeAMonth: the over-50 "not better in a month" note
// names the date a month is reached, and is left out once it has passed.
func TestMonthNoteOnlyBeforeAMonth(t *testing.T) {
	const at = "2026-11-24T09:00:00Z"
	note := func(age int, onset *time.Time, weeks float64) string {
		in := baseInput(at)
		in.Age, in.Onset = ptr(age), onset
		in.SelfCare = clinical.SelfCare{Weeks: weeks, Trend: "better"}
		p, err := Build(in, result(at, clinical.MuscleErectorSpinae), library.Default(), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range p.SafetyNet {
			if strings.Contains(n.Text, "still not better by") {
				return n.Text
			}
		}
		return ""
	}
	if got := note(60, ptr(ts("2026-11-17T09:00:00Z")), 0); !strings.Contains(got, "Tue 15 Dec") {
		t.Errorf("a week in: %q, want the date 4 weeks from onset", got)
	}
	if got := note(60, ptr(ts("2026-10-20T09:00:00Z")), 0); got != "" {
		t.Errorf("5 weeks in: %q, want no note", got)
	}
	if got := note(60, nil, 5); got != "" {
		t.Errorf("5 weeks of home care: %q, want no note", got)
	}
	if got := note(50, nil, 0); got != "" {
		t.Errorf("aged 50: %q, want no note (over 50 only)", got)
	}
}
