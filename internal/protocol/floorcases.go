package protocol

import (
	"time"

	"unknot/internal/clinical"
)

// Helpers that add answers to a floor case's input.

func symptoms(words ...string) func(*clinical.Input) {
	return func(in *clinical.Input) { in.Symptoms = append(in.Symptoms, words...) }
}

func history(words ...string) func(*clinical.Input) {
	return func(in *clinical.Input) { in.History = append(in.History, words...) }
}

func triggers(words ...string) func(*clinical.Input) {
	return func(in *clinical.Input) { in.Triggers = append(in.Triggers, words...) }
}

func all(edits ...func(*clinical.Input)) func(*clinical.Input) {
	return func(in *clinical.Input) {
		for _, e := range edits {
			e(in)
		}
	}
}

func both(a, b func(*clinical.Input)) func(*clinical.Input) { return all(a, b) }

func intp(v int) *int           { return &v }
func floatp(v float64) *float64 { return &v }

func lump(l clinical.Lump) func(*clinical.Input) {
	return func(in *clinical.Input) { l.Present = true; in.Lump = &l }
}

func age(years int) func(*clinical.Input) { return func(in *clinical.Input) { in.Age = intp(years) } }

func sex(s string) func(*clinical.Input) { return func(in *clinical.Input) { in.Sex = s } }

func regions(words ...string) func(*clinical.Input) {
	return func(in *clinical.Input) { in.Regions = append(in.Regions, words...) }
}

// onsetWeeks sets the onset that many weeks before floorTime.
func onsetWeeks(w float64) func(*clinical.Input) {
	return func(in *clinical.Input) {
		t := floorTime.Add(-time.Duration(w * 7 * 24 * float64(time.Hour)))
		in.Onset = &t
	}
}

func selfCare(weeks float64, trend string) func(*clinical.Input) {
	return func(in *clinical.Input) { in.SelfCare.Weeks, in.SelfCare.Trend = weeks, trend }
}

func painNow(v int) func(*clinical.Input) { return func(in *clinical.Input) { in.Pain.Now = intp(v) } }

func painWorst(v int) func(*clinical.Input) {
	return func(in *clinical.Input) { in.Pain.Worst24h = intp(v) }
}

// Row names: the rows of REFERENCE §1 and §1b.
const (
	rowCauda        = "§1 cauda equina"
	rowDeficit      = "§1 progressive neurological deficit"
	rowWeakness     = "§1b leg weakness not said to be getting worse"
	rowTrauma       = "§1 major trauma"
	rowVascular     = "§1 vascular"
	rowInfection    = "§1 infection"
	rowSteroids     = "§1b long-term steroids are immunosuppression"
	rowNoFever      = "§1b spinal infection without fever"
	rowCancer       = "§1 cancer, strong"
	rowCancerWeak   = "§1 cancer, weaker"
	rowMonth        = "§1b no improvement after a month is about the episode"
	rowSeveral      = "§1b several weaker cancer signs"
	rowFracture     = "§1 fracture with low energy"
	rowFractureSex  = "§1b fracture age when sex is other or missing"
	rowInflammatory = "§1 inflammatory back pain"
	rowRadicular    = "§1 radicular pain"
	rowSeed         = "§1 the clinic's own signs"
	rowPersistent   = "§1b a persistent knot is 2 weeks or more"
	rowHomeCare     = "§1 home care not working"
	rowUnder16      = "§1 under 16"
	rowPregnancy    = "§1 pregnancy"
	rowUrine        = "§1b burning urine with flank pain, no fever"
)

const (
	emergency = clinical.Emergency
	urgent    = clinical.Urgent
	clinician = clinical.SeeClinician
)

// infectionRisks are REFERENCE's infection risks, steroids included (§1b).
var infectionRisks = []struct{ word, name string }{
	{"iv_drug_use", "injecting drugs"},
	{"immunosuppression", "weak immunity"},
	{"long_term_steroids", "long-term steroids"},
	{"recent_infection", "a recent infection"},
	{"recent_spinal_procedure", "a spine procedure"},
}

var floorCases = func() []FloorCase {
	cs := []FloorCase{
		{"saddle numbness", rowCauda, emergency, symptoms("saddle_numbness")},
		{"bladder dysfunction", rowCauda, emergency, symptoms("bladder_dysfunction")},
		{"bowel incontinence", rowCauda, emergency, symptoms("bowel_incontinence")},
		{"symptoms in both legs", rowCauda, emergency, symptoms("bilateral_leg_symptoms")},
		{"new sexual dysfunction", rowCauda, emergency, symptoms("sexual_dysfunction_new")},

		{"progressive weakness", rowDeficit, emergency, symptoms("progressive_weakness")},
		{"leg weakness getting worse", rowDeficit, emergency, both(symptoms("leg_weakness"), selfCare(0, "worse"))},
		{"leg weakness", rowWeakness, urgent, symptoms("leg_weakness")},
		{"leg weakness in both legs", rowWeakness, emergency, symptoms("leg_weakness", "bilateral_leg_symptoms")},
		{"leg weakness with saddle numbness", rowWeakness, emergency, symptoms("leg_weakness", "saddle_numbness")},
		{"leg weakness with a bladder problem", rowWeakness, emergency, symptoms("leg_weakness", "bladder_dysfunction")},

		{"major trauma", rowTrauma, emergency, history("major_trauma")},
		{"pulsating abdomen", rowVascular, emergency, symptoms("pulsating_abdomen")},
		{"chest pain", rowVascular, emergency, symptoms("chest_pain")},

		{"fever, burning pee and flank pain", rowInfection, urgent, both(symptoms("fever", "urinary_burning"), regions("flank_right"))},
		{"warm red lump with fever", rowInfection, urgent, both(symptoms("fever"), lump(clinical.Lump{WarmRed: true}))},
		{"infection with nerve signs", rowInfection, emergency, both(symptoms("fever", "numbness"), history("iv_drug_use"))},
		{"fever, steroids and a weak leg", rowSteroids, emergency, both(symptoms("fever", "leg_weakness"), history("long_term_steroids"))},
		{"warm red lump, fever and tingling", rowInfection, emergency, both(symptoms("fever", "tingling"), lump(clinical.Lump{WarmRed: true}))},
		{"kidney infection and feeling unwell", rowInfection, emergency, both(symptoms("fever", "urinary_burning", "feeling_unwell"), regions("flank_left"))},
		{"warm red lump, fever and feeling unwell", rowInfection, emergency, both(symptoms("fever", "feeling_unwell"), lump(clinical.Lump{WarmRed: true}))},

		{"history of cancer", rowCancer, urgent, history("cancer")},
		{"history of cancer with nerve signs", rowCancer, emergency, both(history("cancer"), symptoms("numbness"))},
		{"history of cancer with a weak leg", rowCancer, emergency, both(history("cancer"), symptoms("leg_weakness"))},

		{"unexplained weight loss", rowCancerWeak, clinician, symptoms("unexplained_weight_loss")},
		{"night pain", rowCancerWeak, clinician, symptoms("night_pain")},
		{"night sweats", rowCancerWeak, clinician, symptoms("night_sweats")},
		{"over 50, no better after a month of home care", rowCancerWeak, clinician, both(age(60), selfCare(8, "same"))},
		{"over 50, pain for 7 weeks, no other answer", rowMonth, clinician, both(age(58), onsetWeeks(7))},
		{"over 50, 5 weeks of home care, trend not answered", rowMonth, clinician, both(age(60), selfCare(5, ""))},
		{"over 50, pain for 6 weeks, worse", rowMonth, clinician, all(age(70), onsetWeeks(6), selfCare(1, "worse"))},

		{"weight loss and night pain", rowSeveral, urgent, symptoms("unexplained_weight_loss", "night_pain")},
		{"weight loss and night sweats", rowSeveral, urgent, symptoms("unexplained_weight_loss", "night_sweats")},
		{"night pain and night sweats", rowSeveral, urgent, symptoms("night_pain", "night_sweats")},
		{"night pain, over 50, no better after 5 weeks", rowSeveral, urgent, all(age(60), symptoms("night_pain"), onsetWeeks(5), selfCare(5, "same"))},
		{"weight loss, over 50, pain for 6 weeks", rowSeveral, urgent, all(age(55), symptoms("unexplained_weight_loss"), onsetWeeks(6))},
		{"night sweats, over 50, home care for 8 weeks", rowSeveral, urgent, all(age(66), symptoms("night_sweats"), selfCare(8, "same"))},

		{"osteoporosis", rowFracture, clinician, history("osteoporosis")},
		{"long-term steroids", rowFracture, clinician, history("long_term_steroids")},
		{"man of 70 after a lift", rowFracture, clinician, all(age(70), sex("male"), triggers("lifting"))},
		{"woman of 80 after a small fall", rowFracture, clinician, all(age(80), sex("female"), history("minor_strain"))},
		{"person of 70, sex other, after a sudden move", rowFractureSex, clinician, all(age(70), sex("other"), triggers("sudden_movement"))},
		{"person of 70, sex not answered, after a small fall", rowFractureSex, clinician, all(age(70), history("minor_strain"))},
		{"osteoporosis, severe pain after a small fall", rowFracture, urgent, all(history("osteoporosis", "minor_strain"), painNow(9))},
		{"steroids, severe pain after a lift", rowFracture, urgent, all(history("long_term_steroids"), triggers("lifting"), painWorst(9))},
		{"woman of 80, severe pain after a small fall", rowFracture, urgent, all(age(80), sex("female"), history("minor_strain"), painNow(9))},
		{"man of 70, severe pain that began yesterday", rowFracture, urgent, all(age(70), sex("male"), onsetWeeks(1.0/7), painNow(9))},
		{"person of 70, sex other, severe pain after a lift", rowFractureSex, urgent, all(age(70), sex("other"), triggers("lifting"), painNow(9))},
		{"person of 70, sex not answered, severe pain after a sudden move", rowFractureSex, urgent, all(age(70), triggers("sudden_movement"), painWorst(9))},

		{"inflammatory pattern", rowInflammatory, clinician, symptoms("morning_stiffness_over_30min", "improves_with_exercise")},
		{"young, over 3 months, morning stiffness", rowInflammatory, clinician, all(age(30), onsetWeeks(20), symptoms("morning_stiffness_over_30min"))},
		{"young, over 3 months, better with exercise", rowInflammatory, clinician, all(age(30), onsetWeeks(20), symptoms("improves_with_exercise"))},

		{"pain below the knee", rowRadicular, clinician, func(in *clinical.Input) { in.Radiation = []string{"leg_below_knee"} }},
		{"numbness", rowRadicular, clinician, symptoms("numbness")},
		{"tingling", rowRadicular, clinician, symptoms("tingling")},

		{"hard lump", rowSeed, clinician, lump(clinical.Lump{Hard: true})},
		{"growing lump", rowSeed, clinician, lump(clinical.Lump{Growing: true})},
		{"lump that moves under the skin", rowSeed, clinician, lump(clinical.Lump{Mobile: true})},
		{"lump for a year", rowSeed, clinician, lump(clinical.Lump{WeeksPresent: floatp(52)})},
		{"lump for 2 weeks", rowPersistent, clinician, lump(clinical.Lump{WeeksPresent: floatp(2)})},
		{"sleep and activity", rowSeed, clinician, func(in *clinical.Input) {
			in.Interference = clinical.Interference{Sleep: true, Activity: intp(10)}
		}},
		{"swollen lymph nodes", rowSeed, clinician, symptoms("swollen_lymph_nodes")},

		{"getting worse", rowHomeCare, clinician, selfCare(0, "worse")},
		{"no better after 8 weeks", rowHomeCare, clinician, selfCare(8, "same")},
		{"no better after 2 weeks of home care", rowHomeCare, clinician, selfCare(2, "same")},
		{"no better 3 weeks after onset", rowMonth, clinician, both(onsetWeeks(3), selfCare(0, "same"))},
		{"3 weeks of home care, trend not answered", rowMonth, clinician, selfCare(3, "")},
		{"pain for 3 weeks, trend not answered", rowMonth, clinician, onsetWeeks(3)},

		{"under 16", rowUnder16, clinician, age(10)},
		{"aged 15", rowUnder16, clinician, age(15)},
		{"pregnant with fever", rowPregnancy, urgent, both(history("pregnant"), symptoms("fever"))},
		{"pregnant, pain spreading to the belly", rowPregnancy, urgent, func(in *clinical.Input) {
			in.History = append(in.History, "pregnant")
			in.Radiation = append(in.Radiation, "abdomen")
		}},
		{"pregnant, burning pee", rowUrine, urgent, both(history("pregnant"), symptoms("urinary_burning"))},
		{"burning pee and flank pain", rowUrine, clinician, both(symptoms("urinary_burning"), regions("flank_left"))},
	}
	// Each infection risk: with fever (urgent), with fever and feeling
	// unwell (emergency); and, but for a recent infection, without fever
	// (see_clinician, §1b).
	for _, r := range infectionRisks {
		row := rowInfection
		if r.word == "long_term_steroids" {
			row = rowSteroids
		}
		cs = append(cs,
			FloorCase{"fever with " + r.name, row, urgent, both(symptoms("fever"), history(r.word))},
			FloorCase{"fever, feeling unwell and " + r.name, row, emergency, both(symptoms("fever", "feeling_unwell"), history(r.word))},
		)
		if r.word != "recent_infection" {
			cs = append(cs, FloorCase{r.name + " without fever", rowNoFever, clinician, history(r.word)})
		}
	}
	return cs
}()
