package protocol

import (
	"time"

	"unknot/internal/clinical"
)

// The clinical floor: for each red flag of docs REFERENCE §1, the lowest
// disposition any protocol may give it. A clinic may adapt wording, add
// rules, raise dispositions and tune thresholds (so floor cases use clear,
// extreme values), but a protocol that would send, say, saddle numbness to
// anything below emergency does not load. This is the control for the
// hazard "a protocol edit lowers a disposition" in docs/safety/HAZARDS.md.
type floorCase struct {
	name string
	min  clinical.Disposition
	edit func(in *clinical.Input)
}

func symptoms(words ...string) func(*clinical.Input) {
	return func(in *clinical.Input) { in.Symptoms = append(in.Symptoms, words...) }
}

func history(words ...string) func(*clinical.Input) {
	return func(in *clinical.Input) { in.History = append(in.History, words...) }
}

func both(a, b func(*clinical.Input)) func(*clinical.Input) {
	return func(in *clinical.Input) { a(in); b(in) }
}

func intp(v int) *int           { return &v }
func floatp(v float64) *float64 { return &v }
func lump(l clinical.Lump) func(*clinical.Input) {
	return func(in *clinical.Input) { l.Present = true; in.Lump = &l }
}

var floorCases = []floorCase{
	// Cauda equina.
	{"saddle numbness", clinical.Emergency, symptoms("saddle_numbness")},
	{"bladder dysfunction", clinical.Emergency, symptoms("bladder_dysfunction")},
	{"bowel incontinence", clinical.Emergency, symptoms("bowel_incontinence")},
	{"symptoms in both legs", clinical.Emergency, symptoms("bilateral_leg_symptoms")},
	{"new sexual dysfunction", clinical.Emergency, symptoms("sexual_dysfunction_new")},
	// Progressive neurological deficit.
	{"progressive weakness", clinical.Emergency, symptoms("progressive_weakness")},
	{"leg weakness", clinical.Urgent, symptoms("leg_weakness")},
	{"leg weakness getting worse", clinical.Emergency, func(in *clinical.Input) {
		in.Symptoms = append(in.Symptoms, "leg_weakness")
		in.SelfCare.Trend = "worse"
	}},
	// Trauma and vascular.
	{"major trauma", clinical.Emergency, history("major_trauma")},
	{"pulsating abdomen", clinical.Emergency, symptoms("pulsating_abdomen")},
	{"chest pain", clinical.Emergency, symptoms("chest_pain")},
	// Infection.
	{"fever with injecting drugs", clinical.Urgent, both(symptoms("fever"), history("iv_drug_use"))},
	{"fever with weak immunity", clinical.Urgent, both(symptoms("fever"), history("immunosuppression"))},
	{"fever after an infection", clinical.Urgent, both(symptoms("fever"), history("recent_infection"))},
	{"fever after a spine procedure", clinical.Urgent, both(symptoms("fever"), history("recent_spinal_procedure"))},
	{"fever, burning pee and flank pain", clinical.Urgent, func(in *clinical.Input) {
		in.Symptoms = append(in.Symptoms, "fever", "urinary_burning")
		in.Regions = append(in.Regions, "flank_right")
	}},
	{"warm red lump with fever", clinical.Urgent, both(symptoms("fever"), lump(clinical.Lump{WarmRed: true}))},
	{"infection with nerve signs", clinical.Emergency, both(symptoms("fever", "numbness"), history("iv_drug_use"))},
	// Cancer.
	{"history of cancer", clinical.Urgent, history("cancer")},
	{"history of cancer with nerve signs", clinical.Emergency, both(history("cancer"), symptoms("numbness"))},
	{"unexplained weight loss", clinical.SeeClinician, symptoms("unexplained_weight_loss")},
	{"night pain", clinical.SeeClinician, symptoms("night_pain")},
	{"night sweats", clinical.SeeClinician, symptoms("night_sweats")},
	{"weight loss and night sweats", clinical.Urgent, symptoms("unexplained_weight_loss", "night_sweats")},
	{"over 50, no better after a month", clinical.SeeClinician, func(in *clinical.Input) {
		in.Age = intp(60)
		in.SelfCare = clinical.SelfCare{Weeks: 8, Trend: "same"}
	}},
	// Fracture.
	{"osteoporosis", clinical.SeeClinician, history("osteoporosis")},
	{"long-term steroids", clinical.SeeClinician, history("long_term_steroids")},
	// Inflammatory.
	{"inflammatory pattern", clinical.SeeClinician, symptoms("morning_stiffness_over_30min", "improves_with_exercise")},
	// Radicular.
	{"pain below the knee", clinical.SeeClinician, func(in *clinical.Input) { in.Radiation = []string{"leg_below_knee"} }},
	// The clinic's seed.
	{"hard lump", clinical.SeeClinician, lump(clinical.Lump{Hard: true})},
	{"growing lump", clinical.SeeClinician, lump(clinical.Lump{Growing: true})},
	{"lump for a year", clinical.SeeClinician, lump(clinical.Lump{WeeksPresent: floatp(52)})},
	{"sleep and activity", clinical.SeeClinician, func(in *clinical.Input) {
		in.Interference = clinical.Interference{Sleep: true, Activity: intp(10)}
	}},
	{"numbness", clinical.SeeClinician, symptoms("numbness")},
	{"tingling", clinical.SeeClinician, symptoms("tingling")},
	{"swollen lymph nodes", clinical.SeeClinician, symptoms("swollen_lymph_nodes")},
	// Home care not working.
	{"getting worse", clinical.SeeClinician, func(in *clinical.Input) { in.SelfCare.Trend = "worse" }},
	{"no better after 8 weeks", clinical.SeeClinician, func(in *clinical.Input) {
		in.SelfCare = clinical.SelfCare{Weeks: 8, Trend: "same"}
	}},
	// Scope.
	{"under 16", clinical.SeeClinician, func(in *clinical.Input) { in.Age = intp(10) }},
	{"pregnant with fever", clinical.Urgent, both(history("pregnant"), symptoms("fever"))},
}

// floorTime is the fixed time floor cases are assessed at.
var floorTime = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func floorBase() clinical.Input {
	return clinical.Input{Age: intp(30), Regions: []string{"lumbar_center"}}
}

// floor checks a compiled protocol against the clinical floor.
func (l *loader) floor(p *Protocol) {
	base := floorBase()
	f := NewFacts(&base, floorTime)
	if d := p.Disposition(p.Match(&f, nil)); d != clinical.SelfCareOnly {
		l.add(0, "", "floor", "a person of 30 with plain low back pain and no other answer gets %s, not self_care", d)
	}
	for _, c := range floorCases {
		in := floorBase()
		c.edit(&in)
		f := NewFacts(&in, floorTime)
		if d := p.Disposition(p.Match(&f, nil)); d.Rank() < c.min.Rank() {
			l.add(0, "", "floor", "%s must lead to %s or higher; this protocol gives %s", c.name, c.min, d)
		}
	}
}
