package plan

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/library"
	"unknot/internal/protocol"
	"unknot/internal/triage"
)

// A reason for referral (or for care), the answers that give it, and the
// tags it must rule out.
type reasonCase struct {
	name string
	edit func(in *clinical.Input)
	tags []string
	says string // in the plan's left-out notes
}

func reasonCases() []reasonCase {
	lump := func(l clinical.Lump) func(*clinical.Input) {
		return func(in *clinical.Input) { l.Present = true; in.Lump = &l }
	}
	N, L, F, P := library.AvoidNerveSigns, library.AvoidLump, library.AvoidFractureRisk, library.AvoidPregnancy
	return []reasonCase{
		{"tingling", func(in *clinical.Input) { in.Symptoms = []string{"tingling"} }, []string{N}, "Because you have tingling"},
		{"numbness", func(in *clinical.Input) { in.Symptoms = []string{"numbness"} }, []string{N}, "Because you have numbness"},
		{"below the knee", func(in *clinical.Input) { in.Radiation = []string{"buttock", "leg_below_knee"} }, []string{N}, "below the knee"},
		{"hard lump", lump(clinical.Lump{Hard: true}), []string{L}, "lump"},
		{"growing lump", lump(clinical.Lump{Growing: true}), []string{L}, "lump"},
		{"warm red lump", lump(clinical.Lump{WarmRed: true}), []string{L}, "lump"},
		{"osteoporosis", func(in *clinical.Input) { in.History = []string{"osteoporosis"} }, []string{F}, "thin bones"},
		{"steroids", func(in *clinical.Input) { in.History = []string{"long_term_steroids"} }, []string{F}, "steroid"},
		{"man of 70 after a lift", func(in *clinical.Input) { in.Age, in.Sex, in.Triggers = ptr(70), "male", []string{"lifting"} }, []string{F}, "at your age"},
		{"woman of 80 after a fall", func(in *clinical.Input) { in.Age, in.Sex, in.History = ptr(80), "female", []string{"minor_strain"} }, []string{F}, "at your age"},
		{"pregnant", func(in *clinical.Input) { in.Sex, in.History = "female", []string{"pregnant"} }, []string{P}, "midwife"},
		{"pregnant with tingling", func(in *clinical.Input) {
			in.Sex, in.History, in.Symptoms = "female", []string{"pregnant"}, []string{"tingling"}
		}, []string{P, N}, "pregnant"},
		{"osteoporosis and a hard lump", func(in *clinical.Input) {
			in.History = []string{"osteoporosis"}
			lump(clinical.Lump{Hard: true})(in)
		}, []string{F, L}, "thin bones"},
	}
}

// planIDs are every exercise a plan names: chosen, release, their easier
// and harder versions, and the items of every day.
func planIDs(p Plan) []string {
	var ids []string
	for _, pe := range append(slices.Clone(p.Exercises), p.Release...) {
		ids = append(ids, pe.ExerciseID, pe.Easier.ID, pe.Harder.ID)
	}
	for _, d := range p.Days {
		for _, it := range d.Items {
			ids = append(ids, it.ExerciseID)
		}
	}
	return ids
}

// TestNoRuledOutExerciseIsChosen is the table test of REFERENCE §1c:
// reasons × muscles × regions × onsets × dispositions. No plan ever names
// an exercise a reason rules out, and every plan says why for each reason.
func TestNoRuledOutExerciseIsChosen(t *testing.T) {
	lib := library.Default()
	const at = "2026-11-24T09:00:00Z"
	muscleSets := [][]string{{clinical.MuscleErectorSpinae, clinical.MuscleQuadratusLumborum, clinical.MuscleMultifidus,
		clinical.MuscleGluteusMedius, clinical.MuscleGluteusMinimus, clinical.MusclePiriformis, clinical.MuscleIliopsoas, clinical.MuscleRectusAbdominis}}
	for _, m := range muscleSets[0] {
		muscleSets = append(muscleSets, []string{m})
	}
	muscleSets = append(muscleSets, nil)
	regionSets := [][]string{{"lumbar_right"}, {"upper_buttock_left", "sacroiliac_left"}, {"flank_right", "iliac_crest_right"}}
	onsets := []*time.Time{nil, ptr(ts("2026-11-23T09:00:00Z")), ptr(ts("2026-11-10T09:00:00Z"))}
	ruledOut := map[string]bool{} // tags that did rule something out
	plans := 0
	for _, rc := range reasonCases() {
		for _, ms := range muscleSets {
			for _, rs := range regionSets {
				for _, onset := range onsets {
					for _, d := range []clinical.Disposition{clinical.SelfCareOnly, clinical.SeeClinician} {
						in := baseInput(at)
						in.Regions, in.Onset = rs, onset
						rc.edit(&in)
						res := result(at, ms...)
						res.Disposition = d
						p, err := Build(in, res, lib, time.UTC)
						if err != nil {
							t.Fatal(err)
						}
						plans++
						for _, id := range planIDs(p) {
							e, ok := lib.Exercise(id)
							if id == "" || !ok {
								continue
							}
							for _, tag := range rc.tags {
								if e.Avoids(tag) {
									t.Errorf("%s, muscles %v, regions %v: plan names %s, which %s rules out", rc.name, ms, rs, id, tag)
								}
							}
						}
						var notes []string
						for _, n := range p.LeftOut {
							notes = append(notes, n.Text)
							if strings.Contains(n.Text, "That means no") {
								for _, tag := range rc.tags {
									ruledOut[tag] = true
								}
							}
						}
						if all := strings.Join(notes, " "); len(p.LeftOut) < len(rc.tags) || !strings.Contains(all, rc.says) {
							t.Errorf("%s: left-out notes %q do not say why (%q)", rc.name, notes, rc.says)
						}
					}
				}
			}
		}
	}
	for _, tag := range []string{library.AvoidNerveSigns, library.AvoidLump, library.AvoidFractureRisk, library.AvoidPregnancy} {
		if !ruledOut[tag] {
			t.Errorf("%s never ruled out an exercise a plan would have chosen: the test proves nothing for it", tag)
		}
	}
	t.Logf("%d plans checked", plans)
}

// TestEveryTagIsUsed: each reason tags some exercise, and all pressure
// work carries the lump and blood-thinner tags.
func TestEveryTagIsUsed(t *testing.T) {
	used := map[string]int{}
	for _, e := range library.Default().Exercises() {
		for _, tag := range e.AvoidWith {
			used[tag]++
		}
		if e.Kind == library.Release && (!e.Avoids(library.AvoidLump) || !e.Avoids(library.AvoidBloodThinners) || !e.Avoids(library.AvoidFractureRisk)) {
			t.Errorf("release %s lacks the lump, blood thinner or fracture tag", e.ID)
		}
	}
	for _, tag := range library.AvoidReasons {
		if used[tag] == 0 {
			t.Errorf("no exercise is tagged %s", tag)
		}
	}
}

// TestInterimPlansByReason is the "done when", through the real
// triage: tingling below the knee, a hard growing lump, osteoporosis after
// a lift, and pregnancy each get a plan without a ruled-out exercise, and
// the plan says why.
func TestInterimPlansByReason(t *testing.T) {
	lib := library.Default()
	for _, c := range []struct {
		name, input, says string
		disposition       clinical.Disposition
		tags              []string
	}{
		{"tingling below the knee", `"regions": ["upper_buttock_left"], "radiation": ["buttock", "leg_below_knee"], "symptoms": ["tingling", "tender_spot"]`,
			"Because you have tingling and pain that spreads below the knee, we left out pressure and rolling on the buttock", clinical.SeeClinician, []string{library.AvoidNerveSigns}},
		{"hard growing lump", `"regions": ["lumbar_right"], "lump": {"present": true, "hard": true, "growing": true}`,
			"Because your lump needs to be checked first, we left out pressing", clinical.SeeClinician, []string{library.AvoidLump}},
		{"osteoporosis after a lift", `"regions": ["lumbar_center"], "sex": "female", "age": 71, "history": ["osteoporosis"], "triggers": ["lifting"], "pain": {"now": 5}`,
			"Because you have thin bones, we left out bending far forward", clinical.SeeClinician, []string{library.AvoidFractureRisk}},
		{"pregnancy", `"regions": ["sacroiliac_right", "upper_buttock_right"], "sex": "female", "history": ["pregnant"]`,
			"check with your midwife", clinical.SelfCareOnly, []string{library.AvoidPregnancy}},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := `{"at": "2026-11-24T09:00:00Z", "age": 40, ` + c.input + `}`
			body = strings.Replace(body, `"age": 40, `, "", strings.Count(body, `"age"`)-1)
			in, err := clinical.Decode([]byte(body))
			if err != nil {
				t.Fatal(err)
			}
			res := triage.Assess(in, protocol.Default(), triage.Options{})
			if res.Disposition != c.disposition {
				t.Fatalf("disposition %s, want %s", res.Disposition, c.disposition)
			}
			p, err := Build(in, res, lib, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range planIDs(p) {
				if e, ok := lib.Exercise(id); ok {
					for _, tag := range c.tags {
						if e.Avoids(tag) {
							t.Errorf("plan names %s (%s)", id, tag)
						}
					}
				}
			}
			var says []string
			for _, n := range p.LeftOut {
				says = append(says, n.Text)
			}
			if !strings.Contains(strings.Join(says, " "), c.says) {
				t.Errorf("left out %q does not say %q", says, c.says)
			}
			for _, pe := range p.Exercises {
				if strings.Contains(pe.Because, "safe to do") {
					t.Errorf("%s: %q", pe.ExerciseID, pe.Because)
				}
			}
			if len(p.Exercises) < 3 {
				t.Errorf("only %d exercises", len(p.Exercises))
			}
			t.Log(fmt.Sprint(len(p.Exercises), " exercises, ", len(p.Release), " release; ", says))
		})
	}
}
