package notes

import "testing"

func TestCheck(t *testing.T) {
	eleven := 11
	good := Body{VisitType: "follow_up", Findings: []Finding{{Muscle: "piriformis", Side: "right", TriggerPoint: true}},
		Interventions: []Intervention{{Kind: DryNeedling}, {Kind: TriggerPointRelease}}, Referral: ReferInjection}
	cases := []struct {
		name     string
		date     string
		duration int
		b        Body
		field    string
	}{
		{"fine", "2026-11-20", 30, good, ""},
		{"no date", "", 30, good, "date"},
		{"too long", "2026-11-20", 600, good, "duration_minutes"},
		{"visit type", "2026-11-20", 30, Body{VisitType: "chat"}, "visit_type"},
		{"muscle", "2026-11-20", 30, Body{VisitType: "initial", Findings: []Finding{{Muscle: "biceps", Side: "left"}}}, "findings[0].muscle"},
		{"side", "2026-11-20", 30, Body{VisitType: "initial", Findings: []Finding{{Muscle: "piriformis", Side: "up"}}}, "findings[0].side"},
		{"pain", "2026-11-20", 30, Body{VisitType: "initial", PainAfter: &eleven}, "pain_after"},
		{"intervention", "2026-11-20", 30, Body{VisitType: "initial", Interventions: []Intervention{{Kind: "cupping"}}}, "interventions[0].kind"},
		{"referral", "2026-11-20", 30, Body{VisitType: "initial", Referral: "surgery"}, "referral"},
	}
	for _, c := range cases {
		probs := Check(c.date, c.duration, c.b)
		if c.field == "" {
			if len(probs) != 0 {
				t.Errorf("%s: %v", c.name, probs)
			}
		} else if len(probs) != 1 || probs[0].Field != c.field {
			t.Errorf("%s: %v; want one problem with %s", c.name, probs, c.field)
		}
	}
	for _, vt := range VisitTypeOrder {
		tpl := VisitTypes[vt]
		if probs := Check("2026-11-20", tpl.DurationMinutes, tpl.Body); len(probs) != 0 {
			t.Errorf("template %s: %v", vt, probs)
		}
	}
}
