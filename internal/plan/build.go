package plan

import (
	"fmt"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/library"
)

// Build makes the plan for an assessment. A self_care result gets a plan; a
// see_clinician result gets the same plan marked Interim, as safe care while
// the person waits to be seen. Emergency and urgent results get
// ErrGetHelpFirst and no plan: the person must get help first.
//
// The plan runs from the assessment's time (res.At, else in.At) to day 14,
// in loc. Build is pure: it reads no clock and no files.
func Build(in clinical.Input, res clinical.Result, lib *library.Library, loc *time.Location) (Plan, error) {
	switch res.Disposition {
	case clinical.SelfCareOnly, clinical.SeeClinician:
	case clinical.Emergency, clinical.Urgent:
		return Plan{}, ErrGetHelpFirst
	default:
		return Plan{}, fmt.Errorf("plan: unknown disposition %q", res.Disposition)
	}
	if in.Age != nil && *in.Age < 16 {
		return Plan{}, ErrUnder16
	}
	f, err := newFacts(in, res, lib, loc)
	if err != nil {
		return Plan{}, err
	}
	p := Plan{
		AssessmentID: res.ID,
		TZ:           loc.String(),
		Start:        f.at,
		End:          f.checkTime(Horizon),
		Onset:        f.onset,
		ColdHeat:     coldHeat(f),
		Exercises:    chooseExercises(f),
		Release:      chooseRelease(f),
		LeftOut:      leftOut(f),
		Ease:         ease(f),
		Progression:  progression(),
		Regression:   regression(),
		SafetyNet:    safetyNet(f),
		Prevention:   prevention(f),
	}
	if res.Disposition == clinical.SeeClinician {
		p.Interim = true
		p.InterimNote = "This is safe care while you wait to be seen. It does not replace the visit. Book to see a physical therapist or doctor in the next 1 to 2 weeks."
	}
	if f.onset != nil {
		if until := f.onset.Add(iceWindow).In(loc); until.After(f.at) {
			p.IceUntil = &until
		}
	}
	for _, d := range recheckDays {
		p.Recheck = append(p.Recheck, f.checkTime(d))
	}
	daily := dailyItems(f, p.Ease)
	exercises, release := itemTextsOf(p.Exercises), itemTextsOf(p.Release)
	p.Days = make([]Day, 0, Horizon+1)
	for n := 0; n <= Horizon; n++ {
		date := f.date(n)
		day := Day{Day: n, Date: date.Format("2006-01-02")}
		items := make([]Item, 0, 12+len(p.Exercises)+len(p.Release)+len(daily.rest))
		sl := f.slots(date)
		items = coldHeatItems(items, f, n, date, sl)
		items = exerciseItems(items, p.Exercises, exercises, Exercise, n, sl)
		items = exerciseItems(items, p.Release, release, Release, n, sl)
		day.Items = daily.on(items, f, n, sl)
		setIDs(n, day.Items)
		p.Days = append(p.Days, day)
	}
	return p, nil
}

// leftOut says, for each reason that rules exercises out, what the plan
// left out: it notes which exercises a plan without the reasons would have
// chosen, and which reason rules each out.
func leftOut(f facts) []Note {
	if len(f.avoid) == 0 {
		return nil
	}
	free := f
	free.avoid = nil
	for _, c := range append(pickExercises(free), pickRelease(free)...) {
		e := *c.e
		if r := ruledOutBy(e, f.avoid); r != nil {
			r.excluded = append(r.excluded, e.Name)
		}
	}
	return leftOutNotes(f.avoid)
}

// checkTime is 09:00 local on plan day n.
func (f facts) checkTime(n int) time.Time {
	d := f.date(n)
	return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, f.loc)
}

// itemTexts are what a planned exercise's items say, worked out once for
// the whole plan: the detail, and the dosage from each step of its
// schedule on.
type itemTexts struct {
	detail string
	dosage []string // by schedule step
}

func itemTextsOf(ps []Planned) []itemTexts {
	out := make([]itemTexts, len(ps))
	for i, p := range ps {
		detail := "See the steps for this exercise."
		if p.Side == "both" {
			detail = "Do both sides."
		} else if p.Side != "" {
			detail = fmt.Sprintf("Do both sides. Your %s side is the sore one.", p.Side)
		}
		if p.Kind == library.Strength {
			detail = fmt.Sprintf("Add this only if your pain is %d or less. %s", maxPainToStep, detail)
		}
		out[i].detail = detail
		for _, step := range p.Schedule {
			out[i].dosage = append(out[i].dosage, p.dosageOn(step.FromDay))
		}
	}
	return out
}

// exerciseItems appends a day's items for planned exercises, each at the
// first sessions of the day, as many as its times a day.
func exerciseItems(items []Item, ps []Planned, texts []itemTexts, kind ItemKind, n int, sl *slots) []Item {
	for i, p := range ps {
		if n < p.Schedule[0].FromDay {
			continue
		}
		dose := p.Schedule[0]
		times := sl.forTimesADay(dose.Dosage.TimesADay, kind == Release && dose.Dosage.TimesADay <= 1)
		if len(times) == 0 {
			continue
		}
		step := 0
		for j, s := range p.Schedule {
			if s.FromDay <= n {
				step = j
			}
		}
		items = append(items, Item{Kind: kind, Title: p.Name, Detail: texts[i].detail, ExerciseID: p.ExerciseID,
			Dosage: texts[i].dosage[step], Times: times, TimesADay: dose.Dosage.TimesADay,
			Because: p.Because, Sources: p.Sources})
	}
	return items
}

func progression() Rule {
	return Rule{
		Text: fmt.Sprintf("From day %d, if your pain is %d or less and you are doing the plan on most days, you may step up a little: 1 or 2 more times, or a longer hold. "+
			"Check again on days %d and %d before the next step. If your pain is above %d, keep the same dose. Stretches stay at about 1 minute in all.",
			progressDays[0], maxPainToStep, progressDays[1], progressDays[2], maxPainToStep),
		Days:    progressDays,
		MaxPain: maxPainToStep,
		Because: "Muscles get stronger and looser when the load grows a little at a time.",
		Sources: []string{srcNHSEx, srcACSM},
	}
}

func regression() Rule {
	return Rule{
		Text:    "If your pain goes up by 2 points or more, go back to the easier version or your last dose. If new pain appears or it keeps getting worse, stop and do the self-check again.",
		Rise:    2,
		Because: "A rise of 2 points is a real change, not a bad moment.",
		Sources: []string{srcOstelo, srcNHSEx},
	}
}

// setIDs names a day's items "d03-02-ice": day, position and kind. The
// names are cut from one string per day (Sprintf per item was the slow part
// of Build).
func setIDs(day int, items []Item) {
	b := make([]byte, 0, len(items)*18)
	ends := make([]int, len(items))
	for i, it := range items {
		b = append(b, 'd', byte('0'+day/10), byte('0'+day%10), '-', byte('0'+i/10%10), byte('0'+i%10), '-')
		b = append(b, it.Kind...)
		ends[i] = len(b)
	}
	all, start := string(b), 0
	for i := range items {
		items[i].ID = all[start:ends[i]]
		start = ends[i]
	}
}
