package plan

import (
	"fmt"
	"strings"

	"unknot/internal/library"
)

// Care while waiting fits the reason for waiting (REFERENCE §1c): each
// reason that applies to the person rules out the exercises tagged with it
// (library.Exercise.AvoidWith), and the plan says what it left out and why.

// avoidReason is one reason that applies to the person.
type avoidReason struct {
	tag      string
	because  string // "you have tingling"
	leftOut  string // what the tag rules out, in plain words
	sources  []string
	excluded []string // names of exercises it left out of this plan
}

// Sources for REFERENCE §1c.
const (
	srcSciatica  = "NHS CKS: Sciatica (lumbar radiculopathy)"
	srcROS       = "Royal Osteoporosis Society: Strong, steady and straight (2019)"
	srcPregnancy = "NHS: Exercise in pregnancy"
)

// avoidReasons are the reasons that apply to the person, in the order of
// library.AvoidReasons. Blood thinners are not among them: the contract
// cannot say it, so release work carries its caution instead.
func avoidReasons(f facts) []*avoidReason {
	var out []*avoidReason
	if why := nerveSigns(f); why != "" {
		out = append(out, &avoidReason{tag: library.AvoidNerveSigns, because: why,
			leftOut: "pressure and rolling on the buttock and the back of the thigh, and stretches that can bring the tingling on. Gentle moves and walking are fine",
			sources: []string{srcSciatica}})
	}
	if l := f.in.Lump; l != nil && l.Present && (l.Hard || l.Growing || l.WarmRed) {
		out = append(out, &avoidReason{tag: library.AvoidLump, because: "your lump needs to be checked first",
			leftOut: "pressing, rolling and rubbing on your back, so that nothing presses on the lump",
			sources: []string{srcClinic}})
	}
	if why := fractureRisk(f); why != "" {
		out = append(out, &avoidReason{tag: library.AvoidFractureRisk, because: why,
			leftOut: "bending far forward, twisting, strength work, and pressure on the spine. Walking and gentle moves are fine until you are checked",
			sources: []string{srcROS}})
	}
	if f.pregnant {
		out = append(out, &avoidReason{tag: library.AvoidPregnancy, because: "you are pregnant",
			leftOut: "moves that need you to lie on your back for long, twist deeply or press on your belly. The moves left are usually fine in pregnancy, but check with your midwife",
			sources: []string{srcPregnancy}})
	}
	return out
}

// nerveSigns says which nerve signs the person has, or "".
func nerveSigns(f facts) string {
	var signs []string
	for _, s := range []struct{ word, plain string }{{"tingling", "tingling"}, {"numbness", "numbness"}} {
		if f.has(f.in.Symptoms, s.word) {
			signs = append(signs, s.plain)
		}
	}
	if f.has(f.in.Radiation, "leg_below_knee") {
		signs = append(signs, "pain that spreads below the knee")
	}
	if len(signs) == 0 {
		return ""
	}
	return "you have " + joinAnd(signs)
}

// Older age for fracture risk (REFERENCE §1, §1b): men over 65, women over
// 75, and over 65 when sex is other or not answered.
const (
	olderMen   = 65
	olderWomen = 75
)

// fractureRisk says why the bones may be fragile, or "".
func fractureRisk(f facts) string {
	switch {
	case f.has(f.in.History, "osteoporosis"):
		return "you have thin bones"
	case f.has(f.in.History, "long_term_steroids"):
		return "you take steroid tablets, which can thin the bones"
	}
	older := f.age() > olderMen
	if f.in.Sex == "female" {
		older = f.age() > olderWomen
	}
	sudden := f.has(f.in.History, "minor_strain") || f.has(f.in.Triggers, "lifting") || f.has(f.in.Triggers, "sudden_movement")
	if older && sudden {
		return "at your age, a fall, lift or twist can crack a spine bone"
	}
	return ""
}

// allowed reports whether none of the reasons rules e out.
func allowed(e library.Exercise, reasons []*avoidReason) bool {
	return ruledOutBy(e, reasons) == nil
}

func ruledOutBy(e library.Exercise, reasons []*avoidReason) *avoidReason {
	for _, r := range reasons {
		if e.Avoids(r.tag) {
			return r
		}
	}
	return nil
}

// leftOutNotes say, for each reason, what the plan left out and why, and
// which exercises it would otherwise have chosen.
func leftOutNotes(reasons []*avoidReason) []Note {
	var notes []Note
	for _, r := range reasons {
		text := fmt.Sprintf("Because %s, we left out %s.", r.because, r.leftOut)
		if len(r.excluded) > 0 {
			text += " That means no " + strings.ToLower(joinOr(r.excluded)) + "."
		}
		notes = append(notes, Note{Text: upperFirst(text), Sources: r.sources})
	}
	return notes
}

func joinOr(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
