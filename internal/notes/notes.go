// Package notes is a therapist's record of one treatment session: the
// findings (trigger points by muscle and side, taut band, referred pain,
// range of motion, pain before and after), the interventions done with
// their details, any referral, the plan for next time and free text. A
// note is a draft until its author signs it; a signed note never changes,
// and corrections are addenda with who and when. The package holds the
// vocabulary, the checks and the templates for common visit types; it is
// pure.
package notes

import (
	"fmt"
	"slices"
	"time"

	"unknot/internal/clinical"
)

// The interventions a session may record (the seed's: "manual therapy,
// trigger point release, myofascial release, dry needling, electrical
// stimulation, education", with exercise instruction).
const (
	ManualTherapy         = "manual_therapy"
	TriggerPointRelease   = "trigger_point_release"
	MyofascialRelease     = "myofascial_release"
	DryNeedling           = "dry_needling"
	ElectricalStimulation = "electrical_stimulation"
	ExerciseInstruction   = "exercise_instruction"
	Education             = "education"
)

// Interventions lists every intervention word, in the order forms show them.
var Interventions = []string{ManualTherapy, TriggerPointRelease, MyofascialRelease, DryNeedling,
	ElectricalStimulation, ExerciseInstruction, Education}

// InterventionLabels are the words a therapist reads for each intervention.
var InterventionLabels = map[string]string{
	ManualTherapy: "Manual therapy", TriggerPointRelease: "Trigger point release", MyofascialRelease: "Myofascial release",
	DryNeedling: "Dry needling", ElectricalStimulation: "Electrical stimulation", ExerciseInstruction: "Exercise instruction",
	Education: "Education",
}

// Referrals a session may make.
const (
	ReferInjection = "injection"
	ReferMedical   = "medical"
)

// Muscles are the muscles findings may name: the clinical vocabulary's.
var Muscles = []string{clinical.MuscleErectorSpinae, clinical.MuscleQuadratusLumborum, clinical.MuscleMultifidus,
	clinical.MuscleGluteusMedius, clinical.MuscleGluteusMinimus, clinical.MusclePiriformis, clinical.MuscleIliopsoas,
	clinical.MuscleRectusAbdominis}

// MuscleLabels are the muscles in a therapist's words.
var MuscleLabels = map[string]string{
	clinical.MuscleErectorSpinae: "Erector spinae", clinical.MuscleQuadratusLumborum: "Quadratus lumborum",
	clinical.MuscleMultifidus: "Multifidus", clinical.MuscleGluteusMedius: "Gluteus medius",
	clinical.MuscleGluteusMinimus: "Gluteus minimus", clinical.MusclePiriformis: "Piriformis",
	clinical.MuscleIliopsoas: "Iliopsoas", clinical.MuscleRectusAbdominis: "Rectus abdominis",
}

// Finding is what was found in one muscle on one side.
type Finding struct {
	Muscle string `json:"muscle"`
	Side   string `json:"side"` // left, right or both
	// TriggerPoint: a very tender spot in a taut band (Delphi 2018).
	TriggerPoint bool `json:"trigger_point"`
	TautBand     bool `json:"taut_band"`
	// ReferredPain: pressing it reproduced the patient's own pain.
	ReferredPain bool   `json:"referred_pain"`
	Note         string `json:"note,omitempty"`
}

// Intervention is one thing done in the session, with its details
// (where, how long, settings).
type Intervention struct {
	Kind    string `json:"kind"`
	Details string `json:"details,omitempty"`
}

// Body is the content of a note: everything but who and when.
type Body struct {
	VisitType     string         `json:"visit_type"`
	Findings      []Finding      `json:"findings"`
	RangeOfMotion string         `json:"range_of_motion,omitempty"`
	PainBefore    *int           `json:"pain_before,omitempty"`
	PainAfter     *int           `json:"pain_after,omitempty"`
	Interventions []Intervention `json:"interventions"`
	Referral      string         `json:"referral,omitempty"` // injection, medical or ""
	ReferralNote  string         `json:"referral_note,omitempty"`
	PlanNext      string         `json:"plan_next,omitempty"`
	Text          string         `json:"text,omitempty"`
}

// Note is one session's record.
type Note struct {
	ID              string     `json:"id"`
	ClinicID        string     `json:"clinic_id"`
	PatientID       string     `json:"patient_id"`
	AuthorID        string     `json:"author_id"`
	Date            string     `json:"date"` // YYYY-MM-DD of the session
	DurationMinutes int        `json:"duration_minutes"`
	Body            Body       `json:"body"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	SignedAt        *time.Time `json:"signed_at,omitempty"`
	SignedBy        string     `json:"signed_by,omitempty"`
	Addenda         []Addendum `json:"addenda"`
}

// Signed reports whether the note is signed, and so can no longer change.
func (n Note) Signed() bool { return n.SignedAt != nil }

// Addendum corrects or adds to a signed note, with who and when.
type Addendum struct {
	ID       string    `json:"id"`
	NoteID   string    `json:"note_id"`
	AuthorID string    `json:"author_id"`
	Text     string    `json:"text"`
	At       time.Time `json:"at"`
}

// Limits of a note.
const (
	MaxText     = 4000
	MaxDuration = 480
	MaxFindings = 30
)

// Problem is one field of a note that cannot be accepted.
type Problem struct{ Field, Problem string }

// Check returns the problems of a note's date, duration and body.
func Check(date string, duration int, b Body) []Problem {
	var out []Problem
	add := func(field, format string, args ...any) {
		out = append(out, Problem{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		add("date", "must be a date, YYYY-MM-DD")
	}
	if duration < 1 || duration > MaxDuration {
		add("duration_minutes", "must be from 1 to %d", MaxDuration)
	}
	if _, ok := VisitTypes[b.VisitType]; !ok {
		add("visit_type", "must be one of %v", visitTypeWords())
	}
	if len(b.Findings) > MaxFindings {
		add("findings", "has more than %d findings", MaxFindings)
	}
	for i, f := range b.Findings {
		at := fmt.Sprintf("findings[%d]", i)
		if !slices.Contains(Muscles, f.Muscle) {
			add(at+".muscle", "must be one of %v", Muscles)
		}
		if f.Side != "left" && f.Side != "right" && f.Side != "both" {
			add(at+".side", "must be left, right or both")
		}
		if len(f.Note) > MaxText {
			add(at+".note", "is longer than %d characters", MaxText)
		}
	}
	for name, p := range map[string]*int{"pain_before": b.PainBefore, "pain_after": b.PainAfter} {
		if p != nil && (*p < 0 || *p > 10) {
			add(name, "must be from 0 to 10")
		}
	}
	for i, in := range b.Interventions {
		if _, ok := InterventionLabels[in.Kind]; !ok {
			add(fmt.Sprintf("interventions[%d].kind", i), "must be one of %v", Interventions)
		}
		if len(in.Details) > MaxText {
			add(fmt.Sprintf("interventions[%d].details", i), "is longer than %d characters", MaxText)
		}
	}
	if b.Referral != "" && b.Referral != ReferInjection && b.Referral != ReferMedical {
		add("referral", "must be injection, medical or empty")
	}
	for name, v := range map[string]string{"range_of_motion": b.RangeOfMotion, "referral_note": b.ReferralNote,
		"plan_next": b.PlanNext, "text": b.Text} {
		if len(v) > MaxText {
			add(name, "is longer than %d characters", MaxText)
		}
	}
	slices.SortFunc(out, func(a, b Problem) int {
		if a.Field < b.Field {
			return -1
		}
		if a.Field > b.Field {
			return 1
		}
		return 0
	})
	return out
}

// CheckAddendum returns the problems of an addendum's text.
func CheckAddendum(text string) []Problem {
	if text == "" || len(text) > MaxText {
		return []Problem{{Field: "text", Problem: fmt.Sprintf("is needed (at most %d characters)", MaxText)}}
	}
	return nil
}

// Template is a starting point for a common visit type.
type Template struct {
	Label           string
	DurationMinutes int
	Body            Body
}

// VisitTypes are the common visit types, each with its template.
var VisitTypes = map[string]Template{
	"initial": {Label: "First visit: assessment and treatment", DurationMinutes: 60, Body: Body{VisitType: "initial",
		Interventions: []Intervention{{Kind: Education, Details: "What a knot is; staying active."}, {Kind: ExerciseInstruction}},
		PlanNext:      "Review the home program; treat the trigger points found."}},
	"follow_up": {Label: "Follow-up treatment", DurationMinutes: 30, Body: Body{VisitType: "follow_up",
		Interventions: []Intervention{{Kind: TriggerPointRelease}, {Kind: ExerciseInstruction}},
		PlanNext:      "Progress the program if pain is the same or better."}},
	"reassessment": {Label: "Re-assessment", DurationMinutes: 45, Body: Body{VisitType: "reassessment",
		Interventions: []Intervention{{Kind: Education}}, PlanNext: "Compare outcome measures with the first visit."}},
	"discharge": {Label: "Discharge", DurationMinutes: 30, Body: Body{VisitType: "discharge",
		Interventions: []Intervention{{Kind: Education, Details: "Keeping it away: movement breaks, the prevention routine."}},
		PlanNext:      "Keep the prevention routine; come back if the pain returns."}},
}

// VisitTypeOrder is the order forms list the visit types in.
var VisitTypeOrder = []string{"initial", "follow_up", "reassessment", "discharge"}

func visitTypeWords() []string { return VisitTypeOrder }
