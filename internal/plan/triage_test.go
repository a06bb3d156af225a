package plan

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/library"
	"unknot/internal/protocol"
	"unknot/internal/triage"
)

// End to end with the real triage: the contract's example input, and
// variations of it, give plans whose exercises target the muscles triage
// names.
func TestWithTriage(t *testing.T) {
	example := `{"at": "2026-11-24T09:00:00Z", "tz": "Europe/London", "age": 38, "sex": "female",
	  "onset": "2026-11-22T18:00:00Z", "regions": ["lumbar_right", "iliac_crest_right"],
	  "radiation": ["buttock"], "pain": {"now": 5, "worst_24h": 7},
	  "symptoms": ["tight_band", "tender_spot", "stiffness"], "history": ["previous_episodes"],
	  "interference": {"sleep": false, "activity": 4},
	  "self_care": {"tried": ["stretching", "heat"], "weeks": 0, "trend": "same"},
	  "triggers": ["prolonged_sitting", "stress"],
	  "lifestyle": {"sitting_hours": 9, "active_days_per_week": 1, "stress": 7, "water_litres": 1.0, "sleep_hours": 6}}`
	variants := map[string]func(m map[string]any){
		"example": func(map[string]any) {},
		"buttock": func(m map[string]any) {
			m["regions"] = []string{"upper_buttock_left", "sacroiliac_left"}
			m["radiation"] = []string{"hip"}
		},
		"flank":     func(m map[string]any) { m["regions"] = []string{"flank_left"} },
		"emergency": func(m map[string]any) { m["symptoms"] = []string{"saddle_numbness"} },
	}
	lib := library.Default()
	for name, change := range variants {
		var m map[string]any
		if err := json.Unmarshal([]byte(example), &m); err != nil {
			t.Fatal(err)
		}
		change(m)
		data, _ := json.Marshal(m)
		in, err := clinical.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		res := triage.Assess(in, protocol.Default(), triage.Options{})
		loc, _ := time.LoadLocation("Europe/London")
		p, err := Build(in, res, lib, loc)
		if res.Disposition == clinical.Emergency || res.Disposition == clinical.Urgent {
			if !errors.Is(err, ErrGetHelpFirst) {
				t.Errorf("%s: %s result gave err %v", name, res.Disposition, err)
			}
			continue
		}
		if name == "emergency" {
			t.Errorf("saddle numbness gave %s", res.Disposition)
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(p.Exercises) < 3 {
			t.Errorf("%s: %d exercises", name, len(p.Exercises))
		}
		for _, pe := range p.Exercises {
			e, _ := lib.Exercise(pe.ExerciseID)
			if len(res.Muscles) > 0 && len(targeted(facts{res: res}, e)) == 0 {
				t.Errorf("%s: %s targets none of %v", name, e.ID, res.Muscles)
			}
		}
		t.Logf("%s: %s, muscles %d, exercises %d", name, res.Disposition, len(res.Muscles), len(p.Exercises))
	}
}
