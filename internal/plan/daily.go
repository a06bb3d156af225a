package plan

import (
	"fmt"
	"time"

	"unknot/internal/clinical"
)

// dailyPlan holds the items that repeat every day, worked out once.
type dailyPlan struct {
	walk, brk, water, sleep, checkin Item
	breathing                        *Item
	rest                             []Item
}

func dailyItems(f facts, easeNotes []Note) dailyPlan {
	var d dailyPlan
	d.walk = Item{Kind: Exercise, Title: "Short walks", ExerciseID: "walking",
		TimesADay: 2, Detail: "Walk at an easy pace. If it feels fine, add a few minutes every few days.",
		Because: "Staying active helps back pain get better. Bed rest slows it down.",
		Sources: []string{srcLancet, srcNG59}}

	every, because := breakInterval(f)
	d.brk = Item{Kind: Break, Title: "Movement breaks", ExerciseID: "movement_break",
		Detail:  fmt.Sprintf("Every %d minutes while you sit, stand up and move for 1 or 2 minutes.", every),
		Dosage:  fmt.Sprintf("every %d minutes of sitting", every),
		Because: because, Sources: []string{srcLancet, srcClinic}}

	d.water = Item{Kind: Water, Title: "Drink water",
		Detail:  "Drink water through the day, unless you have been told to limit fluids. Pale yellow urine is a good sign. Keep a glass or bottle near you.",
		Because: "Our clinic's advice is to drink enough through the day, to help your muscles work and recover.",
		Sources: []string{srcClinic}}
	if c, ok := f.contributor(clinical.ContributorHydration); ok {
		d.water.Because = "The self-check found you may not drink enough. " + c.Because
	} else if f.has(f.in.Triggers, "dehydration") {
		d.water.Because = "You said not drinking enough may have set it off."
	}

	d.sleep = Item{Kind: Sleep, Title: "Sleep",
		Detail:  "Aim for a regular bedtime. Try lying on your side with a pillow between your knees. Do not stay in bed in the day.",
		Because: "Our clinic finds that good sleep helps you recover. Staying in bed in the day can make back pain last longer.",
		Sources: []string{srcLancet, srcClinic}}
	switch {
	case f.in.Interference.Sleep:
		d.sleep.Because = "You said the pain gets in the way of your sleep. " + d.sleep.Because
	case f.has(f.in.Triggers, "poor_sleep"):
		d.sleep.Because = "You said poor sleep may have set it off. " + d.sleep.Because
	}

	if f.stress() >= 6 || f.has(f.in.Triggers, "stress") {
		why := "You said stress may have set it off."
		if f.stress() >= 6 {
			why = fmt.Sprintf("You rated your stress %d out of 10.", f.stress())
		}
		d.breathing = &Item{Kind: Breathing, Title: "Belly breathing", ExerciseID: "diaphragmatic_breathing",
			Dosage: "5 minutes, 2 times a day", TimesADay: 2,
			Detail:  "Breathe in slowly so your belly rises, then breathe out slowly.",
			Because: why + " In our clinic's experience, stress keeps muscles tight, and slow breathing can help them let go.",
			Sources: []string{srcClinic}}
	}

	d.checkin = Item{Kind: Checkin, Title: "Daily check-in",
		Detail:  "Rate your pain now and at its worst, from 0 to 10, and say what you did of the plan.",
		Because: "Your check-ins show if the plan is working and when to step up or back.",
		Sources: []string{srcOstelo}}

	for _, n := range easeNotes {
		if n.Because == "" {
			continue
		}
		d.rest = append(d.rest, Item{Kind: Rest, Title: "Ease off what makes it worse", Detail: n.Text,
			Because: n.Because, Sources: n.Sources})
	}
	return d
}

// on appends the repeating items for plan day n.
func (d dailyPlan) on(items []Item, f facts, n int, sl *slots) []Item {
	if walk := withTimes(d.walk, sl.forTimesADay(2, false)); len(walk.Times) > 0 {
		walk.Dosage = walkDosage(n)
		items = append(items, walk)
	}
	items = append(items, d.brk, d.water)
	if d.breathing != nil {
		items = append(items, withTimes(*d.breathing, sl.forTimesADay(2, false)))
	}
	items = append(items, d.sleep)
	if n < 7 {
		items = append(items, d.rest...) // the first week; by then the plan steps up
	}
	for i, r := range recheckDays {
		if n == r {
			items = append(items, recheckItem(f, n, i == len(recheckDays)-1))
			return items
		}
	}
	return append(items, d.checkin)
}

// walkDosage is the walk's dose on day n: the start, and from the first
// progress day a few minutes more, if pain allows.
func walkDosage(n int) string {
	start := fmt.Sprintf("%d minutes, 2 times a day", walkStartMinutes)
	if m := walkMinutes(n); m > walkStartMinutes {
		return fmt.Sprintf("%s; if your pain is %d or less: %d minutes", start, maxPainToStep, m)
	}
	return start
}

func withTimes(it Item, times []time.Time) Item {
	it.Times = times
	return it
}

func recheckItem(f facts, n int, last bool) Item {
	it := Item{Kind: Checkin, Title: fmt.Sprintf("Re-check on day %d", n), Times: []time.Time{f.checkTime(n)},
		Detail:  "Rate your pain and check for warning signs. If you are worse, or a warning sign has appeared, do the self-check again.",
		Because: "Back pain often eases within 2 weeks. A check now shows if it is on track.",
		Sources: []string{srcNHS2Weeks, srcOstelo}}
	if last {
		it.Detail = "Rate your pain and check for warning signs. If you are no better than when you started, book to see a physical therapist or doctor."
		it.Because = "If back pain is no better after 2 weeks, it is time to see someone."
	}
	return it
}

// breakInterval scales movement breaks to the hours spent sitting.
func breakInterval(f facts) (minutes int, because string) {
	hours := -1.0
	if l := f.in.Lifestyle; l != nil && l.SittingHours != nil {
		hours = *l.SittingHours
	}
	switch {
	case hours >= 6:
		return 30, fmt.Sprintf("You sit about %g hours a day. Long sitting can feed a knot, so break it up often.", hours)
	case hours >= 3:
		return 45, fmt.Sprintf("You sit about %g hours a day. Breaking it up eases the load on the back.", hours)
	case f.has(f.in.Triggers, "prolonged_sitting"):
		return 30, "You said long sitting may have set it off."
	case hours >= 0:
		return 60, fmt.Sprintf("You sit about %g hours a day. Short breaks still help.", hours)
	}
	return 60, "Long spells of sitting can feed a knot. Short breaks help."
}
