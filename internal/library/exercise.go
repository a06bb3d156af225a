// Package library holds unknot's exercise and education content: exercises
// as data (steps, dosage, target muscles, an illustration drawn by the figure
// rig) and short articles in Markdown. It loads and checks content from any
// fs.FS, so a clinic can bring its own, and it is pure: no HTTP, no storage.
package library

import (
	"fmt"
	"strings"

	"unknot/internal/figure"
)

// Kind is what an exercise does.
type Kind string

// The kinds of exercise.
const (
	Stretch   Kind = "stretch"
	Mobility  Kind = "mobility"
	Release   Kind = "release"
	Strength  Kind = "strength"
	Breathing Kind = "breathing"
	Posture   Kind = "posture"
)

var kinds = map[Kind]bool{Stretch: true, Mobility: true, Release: true, Strength: true, Breathing: true, Posture: true}

// Regions are the body-map areas an exercise can target. They are the
// contract's region words without the side: "lumbar" covers lumbar_left,
// lumbar_center and lumbar_right. Use RegionOf to map a contract region.
var Regions = []string{"lumbar", "flank", "iliac_crest", "sacroiliac", "upper_buttock"}

// RegionOf drops the side from a contract region word:
// "iliac_crest_right" → "iliac_crest".
func RegionOf(contractRegion string) string {
	for _, suffix := range []string{"_left", "_right", "_center"} {
		if r, ok := strings.CutSuffix(contractRegion, suffix); ok {
			return r
		}
	}
	return contractRegion
}

// Dosage is how much of an exercise to do. Zero fields do not apply.
type Dosage struct {
	HoldSeconds int `json:"hold_seconds,omitempty" yaml:"hold_seconds"`
	Reps        int `json:"reps,omitempty" yaml:"reps"`
	Sets        int `json:"sets,omitempty" yaml:"sets"`
	TimesADay   int `json:"times_a_day,omitempty" yaml:"times_a_day"`
	Minutes     int `json:"minutes,omitempty" yaml:"minutes"`
}

// String says the dosage in plain words, e.g.
// "hold 20 seconds, 3 times, 1 set, 2 times a day".
func (d Dosage) String() string {
	var parts []string
	if d.HoldSeconds > 0 {
		parts = append(parts, fmt.Sprintf("hold %d seconds", d.HoldSeconds))
	}
	if d.Minutes > 0 {
		parts = append(parts, plural(d.Minutes, "minute", "minutes"))
	}
	if d.Reps > 0 {
		parts = append(parts, plural(d.Reps, "time", "times"))
	}
	if d.Sets > 1 {
		parts = append(parts, fmt.Sprintf("%d sets", d.Sets))
	}
	if d.TimesADay > 0 {
		parts = append(parts, plural(d.TimesADay, "time a day", "times a day"))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Variant is an easier or harder version of an exercise: another exercise
// of the library (ID), or a change to this one said in words (Text).
type Variant struct {
	ID   string `json:"id,omitempty" yaml:"id"`
	Text string `json:"text,omitempty" yaml:"text"`
}

// Illustration is an exercise's picture as data: a start pose and, for
// exercises that move, an end pose.
type Illustration struct {
	Start figure.Pose  `yaml:"start"`
	End   *figure.Pose `yaml:"end"`
}

// Exercise is one exercise of the library.
type Exercise struct {
	ID      string   `json:"id" yaml:"id"`
	Name    string   `json:"name" yaml:"name"`
	Summary string   `json:"summary" yaml:"summary"`
	Kind    Kind     `json:"kind" yaml:"kind"`
	Steps   []string `json:"steps" yaml:"steps"`
	Dosage  Dosage   `json:"dosage" yaml:"dosage"`
	// Muscles are clinical.Muscle* identifiers.
	Muscles []string `json:"muscles" yaml:"muscles"`
	// Regions are region words without a side (see Regions).
	Regions []string `json:"regions" yaml:"regions"`
	// Sided exercises are done on one side, then the other; their picture
	// can be mirrored.
	Sided    bool     `json:"sided" yaml:"sided"`
	Cautions []string `json:"cautions" yaml:"cautions"`
	StopIf   []string `json:"stop_if" yaml:"stop_if"`
	Easier   Variant  `json:"easier" yaml:"easier"`
	Harder   Variant  `json:"harder" yaml:"harder"`
	Sources  []string `json:"sources" yaml:"sources"`
	// AvoidWith are the reasons, of Avoids, for which a plan must leave
	// the exercise out (REFERENCE §1c).
	AvoidWith []string `json:"avoid_with,omitempty" yaml:"avoid_with"`
	// PregnancySafe is false when AvoidWith holds AvoidPregnancy.
	PregnancySafe bool `json:"pregnancy_safe" yaml:"-"`
	// LegacyPregnancySafe reads the older pregnancy_safe: false, which
	// stands for avoid_with: [pregnancy].
	LegacyPregnancySafe *bool        `json:"-" yaml:"pregnancy_safe"`
	Figure              Illustration `json:"-" yaml:"figure"`
}

// The reasons an exercise may be ruled out (REFERENCE §1c). A plan leaves
// out every exercise tagged with a reason that applies to the person, and
// says why.
const (
	// AvoidNerveSigns: numbness, tingling or pain below the knee. No
	// sustained pressure or rolling over the buttock and back of the
	// thigh, and no stretch that can bring the tingling on.
	AvoidNerveSigns = "nerve_signs"
	// AvoidLump: a hard, growing, or warm and red lump. No pressing,
	// rolling or rubbing near it until it is checked.
	AvoidLump = "lump"
	// AvoidFractureRisk: thin bones, long-term steroids, or older age with
	// a sudden start. No loaded or end-range forward bending, no twisting,
	// no firm pressure over the spine: walking and gentle supported moves
	// only until assessed.
	AvoidFractureRisk = "fracture_risk"
	// AvoidPregnancy: no lying flat on the back for long, no deep twists,
	// no pressure on the belly.
	AvoidPregnancy = "pregnancy"
	// AvoidBloodThinners marks firm pressure that bruises more easily on
	// blood thinners. The contract has no word for them, so the exercise is
	// not left out: it must carry a caution that says to press gently.
	AvoidBloodThinners = "blood_thinners"
	// AvoidFirst48Hours: firm pressure waits until 48 hours after onset.
	AvoidFirst48Hours = "first_48_hours"
)

// AvoidReasons are the known reasons, in the order plans explain them.
var AvoidReasons = []string{AvoidNerveSigns, AvoidLump, AvoidFractureRisk, AvoidPregnancy, AvoidBloodThinners, AvoidFirst48Hours}

// Avoids reports whether the exercise is to be left out, or held back, for
// the reason.
func (e Exercise) Avoids(reason string) bool {
	for _, r := range e.AvoidWith {
		if r == reason {
			return true
		}
	}
	return false
}

// SVG draws the exercise's illustration. Side "left" mirrors the picture
// for the left side; any other value draws it as written (the right side).
func (e Exercise) SVG(side string) string {
	title := e.Name + ": start and end position"
	if e.Figure.End == nil {
		title = e.Name + ": the position"
	}
	if e.Sided && (side == "left" || side == "right") {
		title += ", " + side + " side"
	}
	return figure.Render(figure.Figure{
		ID:      e.ID + "-" + side,
		Title:   title,
		Start:   e.Figure.Start,
		End:     e.Figure.End,
		Muscles: e.Muscles,
		Mirror:  side == "left",
	})
}

// Targets reports whether the exercise works on the muscle.
func (e Exercise) Targets(muscle string) bool {
	for _, m := range e.Muscles {
		if m == muscle {
			return true
		}
	}
	return false
}

// Covers reports whether the exercise targets the region (a word without a
// side, or a contract region word).
func (e Exercise) Covers(region string) bool {
	region = RegionOf(region)
	for _, r := range e.Regions {
		if r == region {
			return true
		}
	}
	return false
}
