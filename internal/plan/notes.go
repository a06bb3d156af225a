package plan

import (
	"fmt"
	"slices"
)

// triggerEase is what to ease off for each trigger the person named.
var triggerEase = []struct{ trigger, text, because string }{
	{"prolonged_sitting", "Break up long spells of sitting. Stand and move often.", "You said long sitting may have set it off."},
	{"lifting", "Avoid heavy lifting for a few days. When you lift, bend at the hips and knees and keep the load close.", "You said lifting may have set it off."},
	{"repetitive_motion", "Cut down on the task you repeat, or take short breaks from it.", "You said a move you repeat may have set it off."},
	{"sport", "Take a break from your sport, or play at an easy level, until your pain is 3 or below.", "You said sport may have set it off."},
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

func safetyNet(f facts) []Note {
	d7, d14 := f.date(recheckDays[0]).Format("Mon 2 Jan"), f.date(recheckDays[1]).Format("Mon 2 Jan")
	notes := []Note{
		{Text: "Get help now if you have numbness around your bottom or genitals, you cannot control your bladder or bowels, both legs feel numb or weak, or a leg gets weaker. Then do the self-check again.",
			Because: "These signs can mean pressure on the nerves at the base of the spine.",
			Sources: []string{srcRedFlags}},
		{Text: "Do the self-check again at once if a new warning sign appears. Watch for a fever, or a lump that grows or turns warm and red. Watch too for pain that wakes you at night, or weight loss without trying.",
			Because: "A new sign can change the advice.",
			Sources: []string{srcChou}},
		{Text: "If your pain gets worse, or new pain appears, stop the exercise that caused it and do the self-check again.",
			Because: "Worse pain is a reason to stop and check.",
			Sources: []string{srcNHSEx, srcOstelo}},
		{Text: fmt.Sprintf("Check in on %s (day %d). If it is worse, do the self-check again.", d7, recheckDays[0]),
			Because: "Most back pain starts to ease in the first weeks.",
			Sources: []string{srcNHS2Weeks}},
		{Text: fmt.Sprintf("Not better by %s (day %d)? Then book to see a physical therapist or doctor.", d14, recheckDays[1]),
			Because: "Pain that is no better after 2 weeks should be checked.",
			Sources: []string{srcNHS2Weeks}},
	}
	if f.age() >= 50 {
		notes = append(notes, Note{
			Text:    "If it is still not better after a month, see a doctor.",
			Because: fmt.Sprintf("You are %d. Over 50, pain that has not eased in a month should be checked.", f.age()),
			Sources: []string{srcChou}})
	}
	if f.pregnant {
		notes = append(notes, Note{
			Text:    "Get help today if you have a fever, bleeding, or cramping pain.",
			Because: "You said you are pregnant.",
			Sources: []string{srcClinic}})
	}
	return notes
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
			Because: "You said you are pregnant, so the plan only uses moves that are safe then.",
			Sources: []string{srcNG59, srcClinic},
		}
	}
	return []Note{
		{Text: "Set up your desk and chair well, and change position often.", Because: "Long, still sitting puts a steady load on the back.", Sources: []string{srcClinic}},
		{Text: "Take a movement break every 30 to 60 minutes when you sit, and walk on most days.", Because: "Staying active keeps the back well.", Sources: []string{srcLancet}},
		strength,
		{Text: "Keep doing the stretches that helped for 6 to 8 weeks, even when you feel fine.", Because: "Stopping too soon lets the stiffness come back.", Sources: []string{srcNHSEx}},
		{Text: "Make time to ease stress, for example with slow breathing or a walk.", Because: "Stress keeps muscles tight.", Sources: []string{srcClinic}},
		{Text: "Drink water through the day, and keep a regular sleep time.", Because: "Muscles recover best when you are rested and drink enough.", Sources: []string{srcClinic}},
		{Text: "Warm up before sport and cool down after.", Because: "Muscles that are warm and get time to recover are less likely to knot.", Sources: []string{srcClinic}},
	}
}
