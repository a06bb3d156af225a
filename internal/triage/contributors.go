package triage

import (
	"strconv"

	"unknot/internal/clinical"
	"unknot/internal/protocol"
)

// Contributors are the parts of a person's day that may feed a knot
// (PRODUCT.md part 3), found from their triggers and lifestyle answers.
// Thresholds are the brief's plain cut-offs, not statistics: sitting 6
// hours or more a day, stress 6 or more of 10, active 1 day a week or
// less, under 1.5 litres of water, under 7 hours of sleep.
const (
	sittingHoursAtLeast = 6
	stressAtLeast       = 6
	activeDaysAtMost    = 1
	waterBelowLitres    = 1.5
	sleepBelowHours     = 7
)

// contributorTexts say what each contributor is and what helps.
var contributorTexts = map[string]string{
	clinical.ContributorPostureSitting: "Long sitting and posture. Staying in one position for hours tires the back muscles. Short movement breaks while you sit help.",
	clinical.ContributorOveruse:        "Strain and overuse. Lifting, doing the same move again and again, or doing more than you are used to can overload a muscle. Build up slowly, and rest from what makes it worse.",
	clinical.ContributorStress:         "Stress. In our clinic's experience, stress can keep muscles tense, and slow breathing and short breaks can help them let go.",
	clinical.ContributorRecovery:       "Recovery. Muscles need time to recover after hard use. Warm up before exercise and cool down after it.",
	clinical.ContributorHydration:      "Water. Our clinic advises drinking enough through the day, unless you have been told to limit fluids.",
	clinical.ContributorSleep:          "Sleep. Short or broken sleep can make pain feel worse and slow recovery. A regular bedtime helps.",
	clinical.ContributorInactivity:     "Too little movement. Muscles that rarely move get stiff. Lying in bed to rest slows recovery; gentle activity on most days helps.",
}

// triggerBecause says, per trigger word, that the person named it.
var triggerBecause = map[string]string{
	"prolonged_sitting": "You said sitting for a long time set it off.",
	"poor_posture":      "You said slouching set it off.",
	"lifting":           "You said lifting set it off.",
	"repetitive_motion": "You said doing the same move again and again set it off.",
	"sport":             "You said sport set it off.",
	"sudden_movement":   "You said a sudden move set it off.",
	"new_activity":      "You said doing something new, or more than usual, set it off.",
	"stress":            "You said stress set it off.",
	"poor_sleep":        "You said poor sleep set it off.",
	"dehydration":       "You said not drinking enough set it off.",
}

// because builds one contributor's "because" line on a stack buffer.
type because struct {
	buf [320]byte
	b   []byte
}

func (c *because) reset() { c.b = c.buf[:0] }

func (c *because) add(s string) {
	if len(c.b) > 0 {
		c.b = append(c.b, ' ')
	}
	c.b = append(c.b, s...)
}

func (c *because) trigger(f *protocol.Facts, words ...string) {
	for _, w := range words {
		if f.Has(triggerList, w) {
			c.add(triggerBecause[w])
		}
	}
}

// number adds "before N after" with N in plain form.
func (c *because) number(before string, n float64, after string) {
	if len(c.b) > 0 {
		c.b = append(c.b, ' ')
	}
	c.b = append(c.b, before...)
	c.b = strconv.AppendFloat(c.b, n, 'f', -1, 64)
	c.b = append(c.b, after...)
}

func contributors(in *clinical.Input, f *protocol.Facts) []clinical.Contributor {
	out := make([]clinical.Contributor, 0, 4)
	var c because
	emit := func(id string) {
		if len(c.b) > 0 {
			out = append(out, clinical.Contributor{ID: id, Text: contributorTexts[id], Because: string(c.b)})
		}
	}
	life := in.Lifestyle
	if life == nil {
		life = &clinical.Lifestyle{}
	}

	c.reset()
	c.trigger(f, "prolonged_sitting", "poor_posture")
	if v := life.SittingHours; v != nil && *v >= sittingHoursAtLeast {
		c.number("You sit about ", *v, " hours a day.")
	}
	emit(clinical.ContributorPostureSitting)

	c.reset()
	c.trigger(f, "lifting", "repetitive_motion", "sudden_movement", "sport", "new_activity")
	emit(clinical.ContributorOveruse)

	c.reset()
	c.trigger(f, "stress")
	if v := life.Stress; v != nil && *v >= stressAtLeast {
		c.number("You rate your stress ", float64(*v), " out of 10.")
	}
	emit(clinical.ContributorStress)

	c.reset()
	c.trigger(f, "sport", "new_activity")
	emit(clinical.ContributorRecovery)

	c.reset()
	c.trigger(f, "dehydration")
	if v := life.WaterLitres; v != nil && *v < waterBelowLitres {
		unit := " litres of water a day."
		if *v == 1 {
			unit = " litre of water a day."
		}
		c.number("You drink about ", *v, unit)
	}
	emit(clinical.ContributorHydration)

	c.reset()
	c.trigger(f, "poor_sleep")
	if v := life.SleepHours; v != nil && *v < sleepBelowHours {
		c.number("You sleep about ", *v, " hours a night.")
	}
	emit(clinical.ContributorSleep)

	c.reset()
	if v := life.ActiveDaysPerWeek; v != nil && *v <= activeDaysAtMost {
		if *v == 1 {
			c.add("You are active on 1 day a week.")
		} else {
			c.number("You are active on ", float64(*v), " days a week.")
		}
	}
	if f.Has(triedList, "rest") {
		c.add("You have been resting to ease it.")
	}
	emit(clinical.ContributorInactivity)
	return out
}
