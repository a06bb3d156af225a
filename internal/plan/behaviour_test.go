package plan

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/library"
	"unknot/internal/readability"
)

func caseNamed(name string) planCase {
	for _, c := range cases() {
		if c.name == name {
			return c
		}
	}
	panic("no case " + name)
}

func TestIceThenHeatByTheClock(t *testing.T) {
	p := build(t, caseNamed("onset_20h_ql"))
	want := ts("2026-11-25T13:00:00Z") // onset + 48 h
	if p.ColdHeat.Switch == nil || !p.ColdHeat.Switch.Equal(want) || p.IceUntil == nil || !p.IceUntil.Equal(want) {
		t.Fatalf("switch = %v, ice until %v, want %v", p.ColdHeat.Switch, p.IceUntil, want)
	}
	if p.Days[0].Items[0].Kind != Ice {
		t.Errorf("day 0 starts with %s, want ice", p.Days[0].Items[0].Kind)
	}
	for _, d := range p.Days {
		for _, it := range d.Items {
			for _, tm := range it.Times {
				if it.Kind == Ice && !tm.Before(want) || it.Kind == Heat && tm.Before(want) {
					t.Errorf("day %d: %s at %v is on the wrong side of the switch", d.Day, it.Kind, tm)
				}
			}
			if it.Kind == Switch && !it.Times[0].Equal(want) {
				t.Errorf("switch item at %v, want %v", it.Times[0], want)
			}
		}
	}
}

// 48 hours is elapsed time: across the end of summer time in London, the
// switch is at 12:00 GMT, not at the onset's 13:00 local clock time.
func TestSwitchAcrossDST(t *testing.T) {
	p := build(t, caseNamed("dst_switch"))
	if got := p.ColdHeat.Switch.UTC(); !got.Equal(ts("2026-10-26T12:00:00Z")) {
		t.Errorf("switch = %v", got)
	}
	if p.ColdHeat.SwitchLocal != "Mon 26 Oct 2026, 12:00 GMT" {
		t.Errorf("switch local = %q", p.ColdHeat.SwitchLocal)
	}
	// Sessions stay at 08:00, 13:00 and 19:00 local on both sides of the
	// change.
	for _, d := range p.Days {
		for _, it := range d.Items {
			if it.Kind != Heat && it.Kind != Ice {
				continue
			}
			for _, tm := range it.Times {
				if h := tm.Hour(); (h != 8 && h != 13 && h != 19) || tm.Minute() != 0 || tm.Location().String() != "Europe/London" {
					t.Errorf("day %d: %s session at %v", d.Day, it.Kind, tm)
				}
			}
		}
	}
}

func TestNoOnsetSaysHowToChoose(t *testing.T) {
	p := build(t, caseNamed("no_onset"))
	if p.ColdHeat.Switch != nil || p.IceUntil != nil {
		t.Error("no onset, so no switch time")
	}
	if !strings.Contains(p.ColdHeat.Text, "less than 2 days ago") {
		t.Errorf("text = %q", p.ColdHeat.Text)
	}
	if k := p.Days[0].Items[0].Kind; k != IceOrHeat {
		t.Errorf("day 0 first item %s, want ice_or_heat", k)
	}
	if k := p.Days[2].Items[0].Kind; k != Heat {
		t.Errorf("day 2 first item %s, want heat", k)
	}
}

// Different muscles give different exercises.
func TestChoicesFollowTheMuscles(t *testing.T) {
	lib := library.Default()
	for name, muscle := range map[string]string{
		"onset_20h_ql":   clinical.MuscleQuadratusLumborum,
		"gluteus_medius": clinical.MuscleGluteusMedius,
		"erector_spinae": clinical.MuscleErectorSpinae,
	} {
		p := build(t, caseNamed(name))
		if len(p.Exercises) < 3 || len(p.Exercises) > 5 {
			t.Errorf("%s: %d exercises", name, len(p.Exercises))
		}
		for _, pe := range p.Exercises {
			e, _ := lib.Exercise(pe.ExerciseID)
			if !e.Targets(muscle) {
				t.Errorf("%s: %s does not target %s", name, e.ID, muscle)
			}
		}
	}
	ids := func(name string) string {
		var s []string
		for _, e := range build(t, caseNamed(name)).Exercises {
			s = append(s, e.ExerciseID)
		}
		return strings.Join(s, ",")
	}
	if ids("onset_20h_ql") == ids("gluteus_medius") || ids("gluteus_medius") == ids("erector_spinae") || ids("onset_20h_ql") == ids("erector_spinae") {
		t.Error("QL, gluteus medius and erector spinae should get different exercises")
	}
}

func TestPregnancySafeOnly(t *testing.T) {
	lib := library.Default()
	p := build(t, caseNamed("pregnant"))
	for _, pe := range append(p.Exercises, p.Release...) {
		if e, _ := lib.Exercise(pe.ExerciseID); !e.PregnancySafe {
			t.Errorf("%s is not pregnancy safe", e.ID)
		}
	}
}

func TestStressAndSitting(t *testing.T) {
	p := build(t, caseNamed("stress_sitting_interim"))
	if !p.Interim || p.InterimNote == "" {
		t.Error("a see_clinician result gives an interim plan")
	}
	var breathing, brk bool
	for _, it := range p.Days[3].Items {
		breathing = breathing || it.Kind == Breathing
		if it.Kind == Break {
			brk = strings.Contains(it.Detail, "Every 30 minutes")
		}
	}
	if !breathing || !brk {
		t.Errorf("breathing %v, 30-minute breaks %v", breathing, brk)
	}
	var numb bool
	for _, c := range p.ColdHeat.Cautions {
		numb = numb || c.Because != "" && strings.Contains(c.Text, "numb")
	}
	if !numb {
		t.Error("numbness should give a specific ice and heat caution")
	}
}

func TestEmergencyGetsNoPlan(t *testing.T) {
	c := caseNamed("no_onset")
	for _, d := range []clinical.Disposition{clinical.Emergency, clinical.Urgent} {
		c.res.Disposition = d
		if _, err := Build(c.in, c.res, library.Default(), time.UTC); !errors.Is(err, ErrGetHelpFirst) {
			t.Errorf("%s: err = %v", d, err)
		}
	}
	c.res.Disposition = clinical.SeeClinician
	c.in.Age = ptr(15)
	if _, err := Build(c.in, c.res, library.Default(), time.UTC); !errors.Is(err, ErrUnder16) {
		t.Errorf("under 16: err = %v", err)
	}
	c.res.Disposition = "maybe"
	if _, err := Build(c.in, c.res, library.Default(), time.UTC); err == nil {
		t.Error("unknown disposition should fail")
	}
}

func TestDeterministic(t *testing.T) {
	for _, c := range cases() {
		a, b := build(t, c), build(t, c)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two builds differ", c.name)
		}
	}
}

func TestEveryItemHasBecauseAndSource(t *testing.T) {
	for _, c := range cases() {
		p := build(t, c)
		for _, d := range p.Days {
			for _, it := range d.Items {
				if it.Because == "" || len(it.Sources) == 0 || it.Title == "" || it.ID == "" {
					t.Errorf("%s day %d: item %+v lacks because, source, title or id", c.name, d.Day, it)
				}
			}
		}
		for _, pe := range append(p.Exercises, p.Release...) {
			if pe.Because == "" || len(pe.Sources) == 0 {
				t.Errorf("%s: %s lacks because or source", c.name, pe.ExerciseID)
			}
		}
	}
}

// All the plan's words are plain: grade 8 or below, one piece at a time.
func TestPlanReadability(t *testing.T) {
	seen := map[string]bool{}
	worst, worstGrade := "", -100.0
	check := func(where, text string) {
		if text == "" || seen[text] {
			return
		}
		seen[text] = true
		g := readability.Grade(text)
		if g > worstGrade {
			worst, worstGrade = text, g
		}
		if g > 8 {
			t.Errorf("%s: grade %.1f: %q", where, g, text)
		}
	}
	for _, c := range cases() {
		p := build(t, c)
		check("interim", p.InterimNote)
		check("cold/heat", p.ColdHeat.Text)
		for _, n := range append(append(append(p.ColdHeat.Cautions, p.SafetyNet...), p.Prevention...), p.Ease...) {
			check(c.name+" note", n.Text)
			check(c.name+" note because", n.Because)
		}
		for _, r := range []Rule{p.Progression, p.Regression} {
			check("rule", r.Text)
			check("rule because", r.Because)
		}
		for _, pe := range append(p.Exercises, p.Release...) {
			check(c.name+" "+pe.ExerciseID, pe.Because)
		}
		for _, d := range p.Days {
			for _, it := range d.Items {
				check(c.name+" "+it.ID, it.Title+". "+it.Detail)
				check(c.name+" "+it.ID+" because", it.Because)
			}
		}
	}
	for _, d := range []Decision{
		Adjust(Plan{}, 3, 6, true), Adjust(Plan{}, 4, 2, true), Adjust(Plan{}, 4, 4, true), Adjust(Plan{}, 4, 3, false),
	} {
		check("adjust", d.Because)
	}
	t.Logf("%d texts; hardest at grade %.1f: %q", len(seen), worstGrade, worst)
}

func TestAdjust(t *testing.T) {
	p := build(t, caseNamed("no_onset"))
	for _, c := range []struct {
		base, now int
		adherent  bool
		want      Action
	}{
		{4, 6, true, Regress},
		{4, 7, false, Regress},
		{3, 4, true, Hold}, // a rise of 1 is not meaningful, but above 3
		{4, 3, true, Progress},
		{2, 3, true, Progress},
		{2, 3, false, Hold},
		{6, 5, true, Hold},
		{0, 2, true, Regress},
	} {
		d := Adjust(p, c.base, c.now, c.adherent)
		if d.Action != c.want || d.Because == "" || len(d.Sources) == 0 {
			t.Errorf("Adjust(%d→%d, %v) = %+v, want %s", c.base, c.now, c.adherent, d, c.want)
		}
	}
}

func TestProgressionSteps(t *testing.T) {
	p := build(t, caseNamed("erector_spinae"))
	for _, pe := range p.Exercises {
		for i := 1; i < len(pe.Schedule); i++ {
			prev, cur := pe.Schedule[i-1].Dosage, pe.Schedule[i].Dosage
			if cur.HoldSeconds < prev.HoldSeconds || cur.Reps < prev.Reps || cur == prev {
				t.Errorf("%s: step %d does not grow: %+v → %+v", pe.ExerciseID, i, prev, cur)
			}
			if cur.HoldSeconds > maxHold || cur.Reps > maxReps || cur.Reps-prev.Reps > 2 {
				t.Errorf("%s: step %d too big: %+v", pe.ExerciseID, i, cur)
			}
		}
	}
}

func BenchmarkPlan(b *testing.B) {
	c := caseNamed("stress_sitting_interim")
	loc, _ := time.LoadLocation(c.tz)
	lib := library.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(c.in, c.res, lib, loc); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleAdjust() {
	d := Adjust(Plan{Progression: progression(), Regression: regression()}, 5, 3, true)
	fmt.Println(d.Action)
	// Output: progress
}
