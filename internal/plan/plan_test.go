package plan

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"unknot/internal/clinical"
	"unknot/internal/library"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func ptr[T any](v T) *T { return &v }

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func muscle(id string) clinical.Muscle { return clinical.Muscle{ID: id, Name: id} }

// A test case: the input, a hand-made result (the triage package is not
// needed to test plans) and the zone.
type planCase struct {
	name string
	in   clinical.Input
	res  clinical.Result
	tz   string
}

func baseInput(at string) clinical.Input {
	return clinical.Input{
		At: ptr(ts(at)), TZ: "Europe/London", Age: ptr(38),
		Regions: []string{"lumbar_right"},
		Pain:    clinical.Pain{Now: ptr(4), Worst24h: ptr(6)},
	}
}

func result(at string, muscles ...string) clinical.Result {
	r := clinical.Result{ID: "a-test", Disposition: clinical.SelfCareOnly, At: ts(at), TZ: "Europe/London"}
	for _, m := range muscles {
		r.Muscles = append(r.Muscles, muscle(m))
	}
	return r
}

func cases() []planCase {
	const at = "2026-11-24T09:00:00Z"
	var cs []planCase

	// Onset 20 hours before: ice on day 0, switch at onset + 48 h.
	in := baseInput(at)
	in.Onset = ptr(ts("2026-11-23T13:00:00Z"))
	in.Regions = []string{"flank_right", "iliac_crest_right"}
	cs = append(cs, planCase{"onset_20h_ql", in, result(at, clinical.MuscleQuadratusLumborum, clinical.MuscleGluteusMedius), "Europe/London"})

	// Onset just before the clocks go back in London: the switch is 48
	// hours of elapsed time, 12:00 GMT on 26 October, not 13:00.
	const atDST = "2026-10-24T18:00:00Z"
	in = baseInput(atDST)
	in.Onset = ptr(ts("2026-10-24T12:00:00Z"))
	cs = append(cs, planCase{"dst_switch", in, result(atDST, clinical.MuscleErectorSpinae), "Europe/London"})

	// Gluteus medius: upper buttock and sacroiliac, spreading to buttock and hip.
	in = baseInput(at)
	in.Onset = ptr(ts("2026-11-20T09:00:00Z"))
	in.Regions = []string{"upper_buttock_left", "sacroiliac_left"}
	in.Radiation = []string{"buttock", "hip"}
	cs = append(cs, planCase{"gluteus_medius", in, result(at, clinical.MuscleGluteusMedius, clinical.MuscleGluteusMinimus, clinical.MusclePiriformis), "Europe/London"})

	// Erector spinae: the lumbar region.
	in = baseInput(at)
	in.Onset = ptr(ts("2026-11-21T09:00:00Z"))
	in.Regions = []string{"lumbar_left", "lumbar_right"}
	cs = append(cs, planCase{"erector_spinae", in, result(at, clinical.MuscleErectorSpinae, clinical.MuscleMultifidus), "Europe/London"})

	// No onset: the plan says how to choose ice or heat.
	in = baseInput(at)
	cs = append(cs, planCase{"no_onset", in, result(at, clinical.MuscleErectorSpinae), "Europe/London"})

	// Pregnant: only pregnancy-safe exercises.
	in = baseInput(at)
	in.Sex = "female"
	in.History = []string{"pregnant"}
	in.Regions = []string{"sacroiliac_right", "upper_buttock_right"}
	in.Onset = ptr(ts("2026-11-23T09:00:00Z"))
	cs = append(cs, planCase{"pregnant", in, result(at, clinical.MuscleGluteusMedius, clinical.MusclePiriformis), "Europe/London"})

	// High stress and long sitting, in New York, seen by a clinician soon:
	// an interim plan.
	in = baseInput(at)
	in.TZ = "America/New_York"
	in.Onset = ptr(ts("2026-11-23T20:00:00Z"))
	in.Regions = []string{"lumbar_right", "iliac_crest_right"}
	in.Triggers = []string{"prolonged_sitting", "stress"}
	in.Symptoms = []string{"tight_band", "tender_spot", "numbness"}
	in.Lifestyle = &clinical.Lifestyle{SittingHours: ptr(9.0), Stress: ptr(8), WaterLitres: ptr(1.0), SleepHours: ptr(6.0), ActiveDaysPerWeek: ptr(1)}
	in.Interference = clinical.Interference{Sleep: true, Activity: ptr(4)}
	res := result(at, clinical.MuscleQuadratusLumborum, clinical.MuscleErectorSpinae)
	res.Disposition = clinical.SeeClinician
	res.Contributors = []clinical.Contributor{{ID: clinical.ContributorHydration, Text: "Water", Because: "You drink about 1 litre a day."}}
	cs = append(cs, planCase{"stress_sitting_interim", in, res, "America/New_York"})

	// Sent to a clinician for tingling below the knee: no pressure on the
	// buttock, no stretch that can bring the tingling on (REFERENCE §1c).
	in = baseInput(at)
	in.Onset = ptr(ts("2026-11-17T09:00:00Z"))
	in.Regions = []string{"upper_buttock_left", "sacroiliac_left"}
	in.Radiation = []string{"buttock", "thigh_back", "leg_below_knee"}
	in.Symptoms = []string{"tingling"}
	res = result(at, clinical.MusclePiriformis, clinical.MuscleGluteusMedius, clinical.MuscleGluteusMinimus)
	res.Disposition = clinical.SeeClinician
	cs = append(cs, planCase{"nerve_interim", in, res, "Europe/London"})

	// A hard, growing lump: no pressing or rubbing on the back.
	in = baseInput(at)
	in.Regions = []string{"lumbar_right", "iliac_crest_right"}
	in.Lump = &clinical.Lump{Present: true, Hard: true, Growing: true, WeeksPresent: ptr(3.0)}
	res = result(at, clinical.MuscleErectorSpinae, clinical.MuscleQuadratusLumborum)
	res.Disposition = clinical.SeeClinician
	cs = append(cs, planCase{"lump_interim", in, res, "Europe/London"})

	// Osteoporosis, pain after a lift: walking and gentle supported moves.
	in = baseInput(at)
	in.Age, in.Sex = ptr(68), "female"
	in.History = []string{"osteoporosis"}
	in.Triggers = []string{"lifting"}
	in.Onset = ptr(ts("2026-11-14T09:00:00Z"))
	in.Regions = []string{"lumbar_center", "lumbar_left"}
	res = result(at, clinical.MuscleErectorSpinae, clinical.MuscleMultifidus, clinical.MuscleQuadratusLumborum)
	res.Disposition = clinical.SeeClinician
	cs = append(cs, planCase{"osteoporosis_interim", in, res, "Europe/London"})
	return cs
}

func build(t testing.TB, c planCase) Plan {
	t.Helper()
	loc, err := time.LoadLocation(c.tz)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(c.in, c.res, library.Default(), loc)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	return p
}

func TestGolden(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			got, err := goldenJSON(build(t, c))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", c.name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("plan differs from %s (-want +got):\n%s", path, diff)
			}
		})
	}
}
