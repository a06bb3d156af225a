package plan

import (
	"fmt"
	"slices"
	"time"

	"unknot/internal/triage"
)

// triggerEase is what to ease off for each trigger the person named.
var triggerEase = []struct{ trigger, text, because string }{
	{"prolonged_sitting", "Break up long spells of sitting. Stand and move often.", "You said long sitting may have set it off."},
	{"lifting", "Avoid heavy lifting for a few days. When you lift, bend at the hips and knees and keep the load close.", "You said lifting may have set it off."},
	{"repetitive_motion", "Cut down on the task you repeat, or take short breaks from it.", "You said a move you repeat may have set it off."},
	{"sport", "Take a break from your sport, or play at an easy level. Build back up slowly, and ease off if the pain gets worse.", "You said sport may have set it off."},
	{"sudden_movement", "Move smoothly. Avoid quick twists and jerks for now.", "You said a sudden move may have set it off."},
	{"poor_posture", "Change your position often, and check your desk set-up.", "You said your posture may have set it off."},
	{"new_activity", "Ease off the new activity, then build it back up slowly.", "You said a new activity may have set it off."},
}

// ease is the advice to ease off what aggravates the knot, from the
// triggers, plus the standing advice to keep moving.
func ease(f facts) []Note {
	var notes []Note
	for _, t := range triggerEase {
		if slices.Contains(f.in.Triggers, t.trigger) {
			notes = append(notes, Note{Text: t.text, Because: t.because, Sources: []string{srcClinic}})
		}
	}
	notes = append(notes, Note{
		Text:    "Rest from what makes it worse, but do not rest in bed. Keep moving gently through the day.",
		Sources: []string{srcLancet},
	})
	return notes
}

// safetyNet is the result's safety net (the same lines, from
// triage.SafetyNet, checked there against the protocol), then what to do
// with the plan itself.
func safetyNet(f facts) []Note {
	d7, d14 := f.date(recheckDays[0]).Format("Mon 2 Jan"), f.date(recheckDays[1]).Format("Mon 2 Jan")
	lines := triage.SafetyNet(&f.in, f.res.Disposition)
	notes := make([]Note, 0, len(lines)+6)
	for _, l := range lines {
		notes = append(notes, Note{Text: l.Text, Because: "This sign changes the advice.", Sources: l.Sources})
	}
	notes = append(notes,
		Note{Text: "If a new warning sign appears that is not on this list, do the self-check again.",
			Because: "A new sign can change the advice.",
			Sources: []string{srcChou}},
		Note{Text: "If your pain gets worse, or new pain appears, stop the exercise that caused it and do the self-check again.",
			Because: "Worse pain is a reason to stop and check.",
			Sources: []string{srcNHSEx, srcOstelo}},
		Note{Text: fmt.Sprintf("Check in on %s (day %d). If it is worse, do the self-check again.", d7, recheckDays[0]),
			Because: "Most back pain starts to ease in the first weeks.",
			Sources: []string{srcNHS2Weeks}},
		Note{Text: fmt.Sprintf("Check again on %s (day %d). If you are no better, book to see a physical therapist or doctor.", d14, recheckDays[1]),
			Because: "Pain that is no better after 2 weeks should be checked.",
			Sources: []string{srcNHS2Weeks}},
	)
	if by, ok := f.monthMark(); ok {
		notes = append(notes, Note{
			Text:    fmt.Sprintf("If it is still not better by %s, see a doctor.", by.Format("Mon 2 Jan")),
			Because: fmt.Sprintf("You are %d. Over 50, pain that has not got better in a month should be checked.", f.age()),
			Sources: []string{srcChou}})
	}
	return notes
}

// monthMark is when the episode reaches a month (4 weeks, REFERENCE §1b:
// from onset, or of home care, whichever is longer), for a person over 50
// while that is still ahead. Once a month has passed the note has nothing
// to say: pain not better by then is already a reason to be seen.
func (f facts) monthMark() (time.Time, bool) {
	if f.age() <= 50 {
		return time.Time{}, false
	}
	const month = 4 * 7 * 24 * time.Hour
	start := f.at.Add(-time.Duration(f.in.SelfCare.Weeks * float64(7*24*time.Hour)))
	if f.onset != nil && f.onset.Before(start) {
		start = *f.onset
	}
	by := start.Add(month).In(f.loc)
	return by, by.After(f.at)
}

func prevention(f facts) []Note {
	strength := Note{
		Text:    "Build a steady trunk a few times a week with the curl-up, the side bridge and the bird dog.",
		Because: "Strong trunk muscles share the load on the back.",
		Sources: []string{srcMcGill, srcNG59},
	}
	if f.pregnant {
		strength = Note{
			Text:    "Keep up gentle strength work, like the bird dog and the clamshell. Ask your midwife or doctor which exercises suit you.",
			Because: "You said you are pregnant. The plan uses moves that are usually fine then, but check with your midwife.",
			Sources: []string{srcNG59, srcClinic},
		}
	}
	return []Note{
		{Text: "Set up your desk and chair well, and change position often.", Because: "Long, still sitting puts a steady load on the back.", Sources: []string{srcClinic}},
		{Text: "Take a movement break every 30 to 60 minutes when you sit, and walk on most days.", Because: "Staying active keeps the back well.", Sources: []string{srcLancet}},
		strength,
		{Text: "Keep doing the stretches that helped for 6 to 8 weeks, even when you feel fine.", Because: "Stopping too soon lets the stiffness come back.", Sources: []string{srcNHSEx}},
		{Text: "Make time to ease stress, for example with slow breathing or a walk.", Because: "In our clinic's experience, stress keeps muscles tight.", Sources: []string{srcClinic}},
		{Text: "Drink water through the day, unless you have been told to limit fluids, and keep a regular sleep time.", Because: "Our clinic's advice: rest and enough to drink help muscles recover.", Sources: []string{srcClinic}},
		{Text: "Warm up before sport and cool down after.", Because: "Our clinic's advice, to give muscles time to warm up and recover.", Sources: []string{srcClinic}},
	}
}
