package web

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"unknot/internal/library"
	"unknot/internal/plan"
)

// nowView is the "Do this now" card of a result with a plan: ice or heat
// now, and the next session with its steps.
type nowView struct {
	// Phase is "ice", "heat" or "" (the onset is not known).
	Phase string
	// Switch is when heat takes over from ice, in the person's zone, in
	// short: "Wed 25 Nov, 13:00".
	Switch string
	// ColdHeat is today's ice or heat item, if any.
	ColdHeat *itemView
	// Next is the next exercise session today or tomorrow.
	Next *nextView
}

// nextView is one session of the plan, with when and how.
type nextView struct {
	itemView
	When  string // "now", "at 19:00" or "tomorrow at 08:00"
	Steps []string
}

// dueSoon is how near a time is "now".
const dueSoon = 30 * time.Minute

// newNowView picks what to do now from a plan laid out for the page.
func newNowView(p plan.Plan, v *planView, lib *library.Library, now time.Time, loc *time.Location) nowView {
	n := nowView{Phase: v.ColdHeat.Phase}
	if s := p.ColdHeat.Switch; s != nil {
		n.Switch = s.In(loc).Format("Mon 2 Jan, 15:04")
	}
	today := now.In(loc).Format("2006-01-02")
	for i := range p.Days {
		d := p.Days[i]
		if d.Date < today {
			continue
		}
		for _, it := range d.Items {
			switch it.Kind {
			case plan.Ice, plan.Heat, plan.IceOrHeat:
				if n.ColdHeat == nil && d.Date == today {
					n.ColdHeat = &itemView{Item: it, Times: "now"}
				}
			case plan.Exercise, plan.Release:
				if n.Next != nil {
					continue
				}
				when, ok := nextTime(it.Times, d.Date == today, now, loc)
				if !ok {
					continue
				}
				nv := &nextView{itemView: itemView{Item: it, Times: clockTimes(it.Times, loc)}, When: when}
				if e, ok := lib.Exercise(it.ExerciseID); ok {
					nv.Steps = e.Steps
				}
				n.Next = nv
			}
		}
		if n.Next != nil && (n.ColdHeat != nil || d.Date != today) {
			break
		}
	}
	return n
}

// nextTime says when an item's next time is: "now" when one is due within
// half an hour (or the item has no set time today), the clock time later
// today, or the first time tomorrow. ok is false when every time today
// has passed.
func nextTime(ts []time.Time, today bool, now time.Time, loc *time.Location) (string, bool) {
	if len(ts) == 0 {
		if today {
			return "now", true
		}
		return "tomorrow", true
	}
	if !today {
		return "tomorrow at " + ts[0].In(loc).Format("15:04"), true
	}
	for _, t := range ts {
		if t.After(now.Add(dueSoon)) {
			return "at " + t.In(loc).Format("15:04"), true
		}
		if !t.Before(now.Add(-dueSoon)) {
			return "now", true
		}
	}
	return "", false
}

// todayTimes says an item's times today as a person reads them at now: a
// time already past is left out, and one due within half an hour (or an
// ice or heat item in its phase) is "now".
func todayTimes(it plan.Item, phase string, now time.Time, loc *time.Location) string {
	if len(it.Times) == 0 {
		return ""
	}
	var parts []string
	if (it.Kind == plan.Ice && phase == "ice") || (it.Kind == plan.Heat && phase == "heat") {
		parts = append(parts, "now")
	}
	for _, t := range it.Times {
		switch {
		case t.Before(now.Add(-dueSoon)):
		case !t.After(now.Add(dueSoon)):
			if len(parts) == 0 || parts[0] != "now" {
				parts = append(parts, "now")
			}
		default:
			parts = append(parts, t.In(loc).Format("15:04"))
		}
	}
	if len(parts) == 0 {
		return clockTimes(it.Times, loc) + " (done for today)"
	}
	return strings.Join(parts, ", then ")
}

// Sources are written for the people who keep the protocol: they cite
// sections of the clinical reference ("REFERENCE §2") and the clinic's
// starting rules ("the seed"). A person reads them without those words.
var (
	refSection = regexp.MustCompile(`\s*\(?REFERENCE\s*§\s*[0-9A-Za-z.]*\)?:?\s*`)
	seedWord   = regexp.MustCompile(`(?i)\bseed\b`)
)

// plainSource is a source as a person reads it; "" when nothing is left.
func plainSource(s string) string {
	s = refSection.ReplaceAllString(s, " ")
	s = seedWord.ReplaceAllString(s, "advice")
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimRight(strings.TrimSpace(s), ":;,")
}

// plainSources is plainSource over a list, dropping empty and repeated ones.
func plainSources(ss []string) []string {
	var out []string
	for _, s := range ss {
		if p := plainSource(s); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// dayWords is a YYYY-MM-DD date as a person reads it: "Tue 15 Dec 2026".
func dayWords(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.Format("Mon 2 Jan 2006")
}
