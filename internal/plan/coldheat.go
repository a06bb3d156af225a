package plan

import (
	"fmt"
	"slices"
	"time"
)

// iceWindow is the clinic's rule: ice for the first 48 hours of elapsed
// time from onset, then heat.
const iceWindow = 48 * time.Hour

// sessionHours are the local clock times of the daily sessions.
var sessionHours = []int{8, 13, 19}

// What the research says (REFERENCE §1c, §2; French 2006): heat helps a
// little in the short term, in studies of moderate quality; for cold there
// is too little evidence to say.
const (
	heatEvidence = "Studies of moderate quality show heat helps a little, for a few days."
	evidence     = heatEvidence + " For ice, there is too little research to say."
)

func coldHeat(f facts) ColdHeat {
	ch := ColdHeat{Sources: []string{srcClinic, srcHeat, srcColdThin}}
	if f.onset != nil {
		sw := f.onset.Add(iceWindow).In(f.loc)
		ch.Switch = &sw
		ch.SwitchLocal = sw.Format("Mon 2 Jan 2006, 15:04 MST")
		if sw.After(f.at) {
			ch.Text = fmt.Sprintf("Use ice until %s. That is 48 hours after the pain started. Then use heat. This is our clinic's advice. "+evidence, ch.SwitchLocal)
		} else {
			ch.Text = "The pain started more than 48 hours ago, so use heat. This is our clinic's advice. " + heatEvidence
		}
	} else {
		ch.Text = "Think back to when the pain started. If it was less than 2 days ago, use ice until 2 days have passed, then heat. If it was longer ago, use heat. This is our clinic's advice. " + evidence
	}
	ch.Cautions = []Note{
		{Text: "Never put ice or heat right on your skin. Wrap it in a cloth or cover.", Sources: []string{srcClinic}},
		{Text: "Use it for 15 to 20 minutes at a time, and check your skin every few minutes.", Sources: []string{srcClinic}},
		{Text: "Never fall asleep on a heat pad or with a hot water bottle.", Sources: []string{srcClinic}},
	}
	if f.has(f.in.Symptoms, "numbness") || f.has(f.in.Symptoms, "tingling") {
		ch.Cautions = append(ch.Cautions, Note{
			Text:    "Do not put ice or heat on skin that feels numb. You may not feel it burn.",
			Because: "You said you have numbness or tingling.",
			Sources: []string{srcClinic},
		})
	} else {
		ch.Cautions = append(ch.Cautions, Note{Text: "Do not put ice or heat on skin that feels numb.", Sources: []string{srcClinic}})
	}
	if l := f.in.Lump; l != nil && l.Present && l.WarmRed {
		ch.Cautions = append(ch.Cautions, Note{
			Text:    "Do not put heat on the lump that is warm and red. Have it checked.",
			Because: "You said the lump is warm and red.",
			Sources: []string{srcClinic},
		})
	} else {
		ch.Cautions = append(ch.Cautions, Note{Text: "Do not put heat on a lump that is warm and red.", Sources: []string{srcClinic}})
	}
	return ch
}

// coldHeatItems appends a day's ice and heat sessions.
func coldHeatItems(items []Item, f facts, day int, date time.Time, sl *slots) []Item {
	times := sl.pick(0, 1, 2)
	const dose = "15 to 20 minutes, wrapped in a cloth"
	sources := []string{srcClinic, srcHeat}
	if f.onset == nil {
		if day < 2 {
			return append(items, Item{Kind: IceOrHeat, Title: "Ice or heat", Times: times, TimesADay: len(sessionHours), Dosage: dose,
				Detail:  "If the pain started less than 2 days ago, use ice. If it started longer ago, use heat.",
				Because: "You did not say when the pain started. Our clinic uses ice for the first 48 hours, then heat.",
				Sources: sources})
		}
		return append(items, heatItem(times, dose, "By now it is more than 2 days since the pain started, so heat is the choice.", sources))
	}
	sw := f.onset.Add(iceWindow)
	var ice, heat []time.Time
	for _, t := range times {
		if t.Before(sw) {
			ice = append(ice, t)
		} else {
			heat = append(heat, t)
		}
	}
	if len(ice) > 0 {
		items = append(items, Item{Kind: Ice, Title: "Ice pack", Times: ice, TimesADay: len(ice), Dosage: dose,
			Detail:  "Wrap an ice pack or frozen peas in a thin, damp cloth. Hold it on the sore area.",
			Because: fmt.Sprintf("The pain started %s. Our clinic uses ice for the first 48 hours.", f.onsetWords()),
			Sources: []string{srcClinic, srcColdThin}})
	}
	if dayStart, dayEnd := f.dayBounds(date); !sw.Before(dayStart) && sw.Before(dayEnd) && sw.After(f.at) {
		items = append(items, Item{Kind: Switch, Title: "Switch from ice to heat", Times: []time.Time{sw.In(f.loc)},
			Detail:  "From now on, use heat instead of ice.",
			Because: "It is now 48 hours since the pain started.",
			Sources: []string{srcClinic}})
	}
	if len(heat) > 0 {
		items = append(items, heatItem(heat, dose, "More than 48 hours have passed since the pain started. Our clinic then uses heat.", []string{srcClinic, srcHeat}))
	}
	return items
}

func heatItem(times []time.Time, dose, because string, sources []string) Item {
	return Item{Kind: Heat, Title: "Heat", Times: times, TimesADay: len(times), Dosage: dose,
		Detail:  "Use a warm heat pack, a hot water bottle in a cover, or a warm shower.",
		Because: because, Sources: sources}
}

func (f facts) has(list []string, word string) bool { return slices.Contains(list, word) }

// onsetWords says when the pain started, in the person's zone.
func (f facts) onsetWords() string {
	return "on " + f.onset.In(f.loc).Format("Mon 2 Jan at 15:04")
}
