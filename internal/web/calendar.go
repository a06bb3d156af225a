package web

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"unknot/internal/domain"
	"unknot/internal/ical"
	"unknot/internal/plan"
)

// sessionLength is how long a calendar session lasts.
const sessionLength = 20 * time.Minute

// planCalendar renders a plan as an iCalendar feed: one event per ice or heat
// session, one per exercise session (the exercises due at that time
// together), the ice-to-heat switch at its exact instant, and the re-checks
// on days 7 and 14, each with a reminder. UIDs are stable for the same plan,
// and DTSTAMP is the assessment's time, so the same plan gives the same
// bytes. Accepted visits with the clinic are events of their own, with a
// reminder an hour before.
func planCalendar(p plan.Plan, visits ...domain.Visit) []byte {
	key := p.AssessmentID
	if key == "" {
		key = fmt.Sprintf("at-%d", p.Start.Unix())
	}
	uid := func(parts ...string) string { return key + "-" + strings.Join(parts, "-") + "@unknot" }
	cal := ical.Calendar{ProdID: "-//unknot//self-care plan//EN", Name: "unknot plan"}
	add := func(id string, start time.Time, d time.Duration, summary, desc string, before time.Duration) {
		cal.Events = append(cal.Events, ical.Event{
			UID: uid(id), Stamp: p.Start, Start: start, Duration: d,
			Summary: summary, Description: desc,
			Alarm: &ical.Alarm{Before: before, Description: summary},
		})
	}
	for _, day := range p.Days {
		type session struct {
			names []string
			lines []string
		}
		var order []time.Time
		sessions := map[int64]*session{}
		for _, it := range day.Items {
			switch it.Kind {
			case plan.Ice, plan.Heat, plan.IceOrHeat:
				for _, t := range it.Times {
					add(fmt.Sprintf("d%02d-%s-%s", day.Day, it.Kind, t.Format("1504")), t, sessionLength,
						it.Title+" ("+it.Dosage+")", it.Detail+"\n\n"+it.Because, 0)
				}
			case plan.Switch:
				add(fmt.Sprintf("d%02d-switch", day.Day), it.Times[0], 0, it.Title, it.Detail+" "+it.Because, 0)
			case plan.Exercise, plan.Release, plan.Breathing:
				for _, t := range it.Times {
					s, ok := sessions[t.Unix()]
					if !ok {
						s = &session{}
						sessions[t.Unix()] = s
						order = append(order, t)
					}
					s.names = append(s.names, it.Title)
					line := "- " + it.Title
					if it.Dosage != "" {
						line += ": " + it.Dosage
					}
					s.lines = append(s.lines, line)
				}
			case plan.Checkin:
				for _, t := range it.Times {
					add(fmt.Sprintf("d%02d-recheck", day.Day), t, 15*time.Minute, it.Title, it.Detail, 0)
				}
			}
		}
		slices.SortFunc(order, time.Time.Compare)
		for _, t := range order {
			s := sessions[t.Unix()]
			add(fmt.Sprintf("d%02d-session-%s", day.Day, t.Format("1504")), t, sessionLength,
				"Exercise session", strings.Join(s.lines, "\n"), 0)
		}
	}
	for _, v := range visits {
		if v.Status != domain.VisitAccepted || v.At == nil {
			continue
		}
		desc := "Your visit with your clinic."
		if v.Reply != "" {
			desc += "\n\n" + v.Reply
		}
		cal.Events = append(cal.Events, ical.Event{UID: "visit-" + v.ID + "@unknot", Stamp: p.Start, Start: *v.At,
			Duration: time.Duration(v.Minutes) * time.Minute, Summary: "Visit with your clinic", Description: desc,
			Alarm: &ical.Alarm{Before: time.Hour, Description: "Visit with your clinic"}})
	}
	return cal.Bytes()
}
