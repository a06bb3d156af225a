package triage

import (
	"time"

	"unknot/internal/clinical"
	"unknot/internal/protocol"
)

// The safety net: the signs that would change the advice, shown with every
// result and every plan. Each line says what to do in words that match
// what the protocol does with that sign, and carries the answers that
// prove it: TestSafetyNetAgreesWithProtocol adds each example to a plain
// assessment and expects exactly the disposition the line's words promise
// ("Get help now" is emergency, "today" is urgent, "soon" is
// see_clinician), and TestSafetyNetCoversProtocol checks that every
// emergency and urgent rule of the default protocol is named by some line.

// SafetyLine is one sign that changes the advice.
type SafetyLine struct {
	Text    string
	Sources []string
	// Level is the most urgent disposition the line speaks of. A line is
	// shown when it would raise the result's disposition; an emergency
	// result shows the emergency lines.
	Level clinical.Disposition
}

// example is a sign added to a plain assessment, and the disposition the
// line says it leads to.
type example struct {
	edit  func(*clinical.Input)
	level clinical.Disposition
}

type safetyLine struct {
	SafetyLine
	// shown says whether the line fits this person; nil is everyone.
	shown func(f *protocol.Facts) bool
	// context makes a plain assessment one the line is shown for; the
	// examples are added to it.
	context  func(*clinical.Input)
	examples []example
}

const (
	srcCaudaEquina = "NHS CKS: Sciatica (lumbar radiculopathy); BMJ Best Practice: Cauda equina syndrome"
	srcChou2011    = "Chou et al. 2011 / ACP-APS 2007 (low back pain guideline)"
	srcVascular    = "Standard emergency practice (aortic aneurysm, aortic dissection, heart attack)"
	srcTrauma      = "NHS regional pathways: major trauma"
	srcInfection   = "NHS local pathways: back pain with fever or infection"
	srcHomeCare    = "NHS inform: Back pain (contact MSK services if no better after 2 weeks)"
	srcSeed        = "The clinic's seed: when to see a professional"
	srcCancer      = "NICE CG75: Metastatic spinal cord compression"
	srcPregnancy   = "unknot product choice, cautious (urgent with fever, bleeding or cramping pain in pregnancy)"
	srcUTI         = "NICE NG109: Urinary tract infection (lower)"
)

func has(l clinical.List, words ...string) func(f *protocol.Facts) bool {
	return func(f *protocol.Facts) bool {
		for _, w := range words {
			if f.Has(l, w) {
				return true
			}
		}
		return false
	}
}

func addSymptoms(words ...string) func(*clinical.Input) {
	return func(in *clinical.Input) { in.Symptoms = append(in.Symptoms, words...) }
}

func addHistory(words ...string) func(*clinical.Input) {
	return func(in *clinical.Input) { in.History = append(in.History, words...) }
}

func ex(level clinical.Disposition, edits ...func(*clinical.Input)) example {
	return example{level: level, edit: func(in *clinical.Input) {
		for _, e := range edits {
			e(in)
		}
	}}
}

func trend(t string, weeks float64) func(*clinical.Input) {
	return func(in *clinical.Input) { in.SelfCare.Trend, in.SelfCare.Weeks = t, weeks }
}

func setLump(l clinical.Lump) func(*clinical.Input) {
	return func(in *clinical.Input) { l.Present = true; in.Lump = &l }
}

var (
	emergency = clinical.Emergency
	urgent    = clinical.Urgent
	soon      = clinical.SeeClinician
)

// infectionRiskWords are the histories that make an infection near the
// spine more likely (REFERENCE §1, §1b: steroids count).
var infectionRiskWords = []string{"iv_drug_use", "immunosuppression", "long_term_steroids", "recent_infection", "recent_spinal_procedure"}

var safetyLines = withLevels([]safetyLine{
	{SafetyLine: SafetyLine{Text: "Get help now if you get numbness around your bottom or genitals, or you can't control your pee or poo.",
		Sources: []string{srcCaudaEquina}},
		examples: []example{ex(emergency, addSymptoms("saddle_numbness")), ex(emergency, addSymptoms("bladder_dysfunction")),
			ex(emergency, addSymptoms("bowel_incontinence")), ex(emergency, addSymptoms("sexual_dysfunction_new"))}},
	{SafetyLine: SafetyLine{Text: "Get help now if both legs feel numb, tingly or weak, or a weak leg gets weaker.",
		Sources: []string{srcCaudaEquina, srcChou2011}},
		examples: []example{ex(emergency, addSymptoms("bilateral_leg_symptoms")), ex(emergency, addSymptoms("progressive_weakness")),
			ex(emergency, addSymptoms("leg_weakness"), trend("worse", 0))}},
	{SafetyLine: SafetyLine{Text: "Get help now if you have chest pain, or a pulsing feeling in your belly.",
		Sources: []string{srcVascular}},
		examples: []example{ex(emergency, addSymptoms("chest_pain")), ex(emergency, addSymptoms("pulsating_abdomen"))}},
	{SafetyLine: SafetyLine{Text: "Get help now after a bad fall, a crash or another big injury.",
		Sources: []string{srcTrauma}},
		examples: []example{ex(emergency, addHistory("major_trauma"))}},
	{SafetyLine: SafetyLine{Text: "Get help now if you have a fever with numbness, tingling or weakness in a leg.",
		Sources: []string{srcChou2011, srcInfection}},
		examples: []example{ex(emergency, addSymptoms("fever", "numbness")), ex(emergency, addSymptoms("fever", "tingling")),
			ex(emergency, addSymptoms("fever", "leg_weakness"))}},
	{SafetyLine: SafetyLine{Text: "Get help now if you get numbness, tingling or weakness in a leg. After cancer, these need a check in hospital.",
		Sources: []string{srcCancer}},
		shown: has(clinical.ListHistory, "cancer"), context: addHistory("cancer"),
		examples: []example{ex(emergency, addSymptoms("numbness")), ex(emergency, addSymptoms("tingling")), ex(emergency, addSymptoms("leg_weakness"))}},
	{SafetyLine: SafetyLine{Text: "See a doctor today if you get a fever. Get help now if you have a fever and feel unwell.",
		Sources: []string{srcChou2011, srcInfection}},
		shown: has(clinical.ListHistory, infectionRiskWords...), context: addHistory("long_term_steroids"),
		examples: []example{ex(urgent, addSymptoms("fever")), ex(emergency, addSymptoms("fever", "feeling_unwell"))}},
	{SafetyLine: SafetyLine{Text: "See a doctor today if one leg or foot gets weak.",
		Sources: []string{srcChou2011}},
		examples: []example{ex(urgent, addSymptoms("leg_weakness"))}},
	{SafetyLine: SafetyLine{Text: "See a doctor today if you get a fever, or feel hot and shivery.",
		Sources: []string{srcChou2011, srcInfection}},
		examples: []example{ex(urgent, addSymptoms("fever")), ex(urgent, addSymptoms("fever", "feeling_unwell")),
			ex(urgent, addSymptoms("fever", "urinary_burning")), ex(urgent, addSymptoms("fever"), setLump(clinical.Lump{WarmRed: true}))}},
	{SafetyLine: SafetyLine{Text: "See a doctor today if bad pain comes on all at once, for example after a small fall or a lift.",
		Sources: []string{srcChou2011}},
		shown: has(clinical.ListHistory, "osteoporosis", "long_term_steroids"), context: addHistory("osteoporosis"),
		examples: []example{ex(urgent, addHistory("minor_strain"), painAt(8)), ex(urgent, addTriggers("lifting"), painAt(9))}},
	{SafetyLine: SafetyLine{Text: "Call your midwife or doctor today if you bleed, have cramps, get a fever, or it burns when you pee.",
		Sources: []string{srcPregnancy, srcUTI}},
		shown: has(clinical.ListHistory, "pregnant"), context: addHistory("pregnant"),
		examples: []example{ex(urgent, addSymptoms("fever")), ex(urgent, addSymptoms("urinary_burning")), ex(urgent, addRadiation("abdomen"))}},
	{SafetyLine: SafetyLine{Text: "See a doctor soon if the lump gets hard, grows, or turns warm and red.",
		Sources: []string{srcSeed}},
		shown: func(f *protocol.Facts) bool { return f.LumpPresent() }, context: setLump(clinical.Lump{}),
		examples: []example{ex(soon, setLump(clinical.Lump{Hard: true})), ex(soon, setLump(clinical.Lump{Growing: true})),
			ex(soon, setLump(clinical.Lump{WarmRed: true}))}},
	{SafetyLine: SafetyLine{Text: "See a doctor or physical therapist soon if you feel numb or tingly, or pain spreads below the knee.",
		Sources: []string{srcSeed, srcCaudaEquina}},
		examples: []example{ex(soon, addSymptoms("numbness")), ex(soon, addSymptoms("tingling")), ex(soon, addRadiation("leg_below_knee"))}},
	{SafetyLine: SafetyLine{Text: "See a doctor soon if you lose weight without trying, sweat a lot at night, or have night pain that does not ease when you move. Go today if you have two of these.",
		Sources: []string{srcChou2011}},
		examples: []example{ex(soon, addSymptoms("unexplained_weight_loss")), ex(soon, addSymptoms("night_sweats")), ex(soon, addSymptoms("night_pain")),
			ex(urgent, addSymptoms("night_pain", "night_sweats")), ex(urgent, addSymptoms("unexplained_weight_loss", "night_pain"))}},
	{SafetyLine: SafetyLine{Text: "See a doctor soon if it burns when you pee.",
		Sources: []string{srcUTI}},
		examples: []example{ex(soon, addSymptoms("urinary_burning"))}},
	{SafetyLine: SafetyLine{Text: "See a doctor or physical therapist soon if the pain gets worse, or is no better after 2 weeks.",
		Sources: []string{srcHomeCare, srcSeed}},
		examples: []example{ex(soon, trend("worse", 0)), ex(soon, trend("same", 2))}},
})

func painAt(v int) func(*clinical.Input) { return func(in *clinical.Input) { in.Pain.Now = &v } }

func addTriggers(words ...string) func(*clinical.Input) {
	return func(in *clinical.Input) { in.Triggers = append(in.Triggers, words...) }
}

func addRadiation(words ...string) func(*clinical.Input) {
	return func(in *clinical.Input) { in.Radiation = append(in.Radiation, words...) }
}

// SafetyNet returns the safety-net lines for a person and a result's
// disposition: the lines that fit them and would raise the disposition
// (for an emergency result, the emergency lines). The plan shows the same
// lines as the result.
func SafetyNet(in *clinical.Input, d clinical.Disposition) []SafetyLine {
	f := protocol.NewFacts(in, time.Time{})
	var out []SafetyLine
	for _, l := range pickSafety(&f, d) {
		out = append(out, l.SafetyLine)
	}
	return out
}

func pickSafety(f *protocol.Facts, d clinical.Disposition) []*safetyLine {
	out := make([]*safetyLine, 0, len(safetyLines))
	for i := range safetyLines {
		l := &safetyLines[i]
		raises := l.Level.Rank() > d.Rank() || d == clinical.Emergency && l.Level == clinical.Emergency
		if raises && (l.shown == nil || l.shown(f)) {
			out = append(out, l)
		}
	}
	return out
}

func safetyTexts(f *protocol.Facts, d clinical.Disposition) []string {
	lines := pickSafety(f, d)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}

// withLevels sets each line's Level from its examples: the most urgent
// disposition it speaks of.
func withLevels(lines []safetyLine) []safetyLine {
	for i := range lines {
		for _, e := range lines[i].examples {
			if lines[i].Level == "" || e.level.Rank() > lines[i].Level.Rank() {
				lines[i].Level = e.level
			}
		}
	}
	return lines
}
