package protocol

import (
	"testing"
	"time"

	"unknot/internal/clinical"
)

// TestCompileForms covers the forms of the rule language one by one.
func TestCompileForms(t *testing.T) {
	age := 70
	in := clinical.Input{Age: &age, Sex: "male", Symptoms: []string{"fever", "numbness"}, Regions: []string{"flank_left"}}
	f := NewFacts(&in, time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC))
	tests := map[string]bool{
		`"fever" in symptoms`:                               true,
		`!("fever" in symptoms)`:                            false,
		`sex in ["male", "other"]`:                          true,
		`sex == ""`:                                         false,
		`"" == sex || sex == "male"`:                        true,
		`has_any(symptoms, ["chest_pain", "numbness"])`:     true,
		`count_of(symptoms, ["fever", "numbness"]) == 2`:    true,
		`size(symptoms) >= 2 && size(history) == 0`:         true,
		`65 < age && age <= 70.0`:                           true,
		`pain.now == -1 && lump.size_cm < 0`:                true,
		`lump.present == false && !interference.sleep`:      true,
		`onset.known || onset.hours_ago >= 0.0`:             false,
		`true && (false || age > 69)`:                       true,
		`self_care.weeks >= 0 && self_care.trend != "same"`: true,
	}
	for when, want := range tests {
		fn, errs := compileWhen(when)
		if len(errs) > 0 {
			t.Errorf("%s: %v", when, errs)
			continue
		}
		if got := fn(&f); got != want {
			t.Errorf("%s = %v, want %v", when, got, want)
		}
	}
	for _, bad := range []string{
		`symptoms.exists(s, s == "fever")`,
		`"fever" in ["fever"]`,
		`sex in symptoms`,
		`has_any(symptoms, [])`,
		`has_any(symptoms, ["fever", "fever"])`,
		`count_of(symptoms, [sex]) > 0`,
		`sex == sex`,
		`size("abc") > 1`,
		`age / 2 > 1`,
		`{"a": 1}["a"] == 1`,
	} {
		if _, errs := compileWhen(bad); len(errs) == 0 {
			t.Errorf("%s compiled; want an error", bad)
		}
	}
}
