package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/library"
	"unknot/internal/plan"
)

// resultView is the result page's data.
type resultView struct {
	Result  clinical.Result
	Heading string
	Urgent  bool // emergency or urgent: no plan, the action leads
	Map     bodyMap
	Chosen  []string // the places the person marked, in words, when known
	Plan    *planView
	// PlanMissing says why a plan that should be there is not.
	PlanMissing bool
	Link        string
	ICS         string
	Made        string // when the check was made, in the person's zone
	// Kept: in someone's account; Mine: in the viewer's; Shared: with a clinic.
	Kept, Mine, Shared bool
	// Talk is the thread and visits with the clinic, on the patient's own
	// shared result (ui_talk.go).
	Talk *talkView
	// Clinics are the viewer's clinics (as their patient) this result can
	// be shared with in one tap.
	Clinics []domain.Clinic
}

var headings = map[clinical.Disposition]string{
	clinical.Emergency:    "Get help now",
	clinical.Urgent:       "See a doctor today",
	clinical.SeeClinician: "Book a visit with a physical therapist or doctor",
	clinical.SelfCareOnly: "You can care for this at home",
}

// madeAt is when a result was made, in the person's zone.
func madeAt(res clinical.Result) string {
	loc, err := clinical.LoadLocation(res.TZ)
	if err != nil {
		loc = time.UTC
	}
	return res.At.In(loc).Format("Monday 2 January 2006 at 15:04 MST")
}

// dispositionTitle is a disposition in words, for templates.
func dispositionTitle(d clinical.Disposition) string {
	if h, ok := headings[d]; ok {
		return h
	}
	return headings[clinical.Emergency] // unknown: over-triage, never under
}

func (u *ui) result(w http.ResponseWriter, r *http.Request) {
	ctx, actor, id := r.Context(), actorOf(r), r.PathValue("id")
	rv, err := u.s.Assessments.Result(ctx, actor, id)
	if err != nil {
		if actor.Anonymous() && domain.ErrorCode(err) == domain.EUnauthorized {
			// A kept result: its owner signs in and comes back to it.
			toSignIn(w, r, "/r/"+id)
			return
		}
		if ErrorStatus(err) == http.StatusNotFound {
			u.errorPage(w, r, http.StatusNotFound, "Result not found",
				"We could not find a result at this link. Check that the whole link was copied. If you need to, you can do the check again.")
			return
		}
		u.fail(w, r, err)
		return
	}
	res := rv.Result
	loc, err := clinical.LoadLocation(res.TZ)
	if err != nil {
		loc = time.UTC
	}
	v := resultView{
		Result:  res,
		Heading: dispositionTitle(res.Disposition),
		Urgent:  res.Disposition.Rank() >= clinical.Urgent.Rank(),
		Link:    "/r/" + id,
		ICS:     "/api/v1/assessments/" + id + "/plan.ics",
		Made:    res.At.In(loc).Format("Monday 2 January 2006 at 15:04 MST"),
		Kept:    rv.Kept,
		Mine:    rv.Mine,
		Shared:  rv.Shared,
	}
	if !rv.Shared && (rv.Mine || !rv.Kept) {
		if v.Clinics, err = u.s.Assessments.MyClinics(ctx, actor); err != nil {
			u.fail(w, r, err)
			return
		}
	}
	if res.Disposition == clinical.Emergency {
		// A different page, not a banner: nothing competes with "call now".
		u.render(w, r, http.StatusOK, "emergency", page{Title: v.Heading, Bare: true, Private: true, Data: v})
		return
	}
	regions := rv.Input.Regions
	v.Map = newBodyMap(false, regions).withMuscles(res.Muscles, regions)
	for _, r := range regions {
		v.Chosen = append(v.Chosen, clinical.Label(r))
	}
	if !v.Urgent {
		switch {
		case rv.Plan != nil:
			v.Plan = u.newPlanView(*rv.Plan, u.s.now())
			v.Plan.ICS = v.ICS
			v.Plan.Diary = v.Link + "/diary"
			if rv.Mine {
				v.Plan.Back = v.Link
			}
		case errors.Is(rv.PlanErr, plan.ErrGetHelpFirst), errors.Is(rv.PlanErr, plan.ErrUnder16):
		default:
			u.s.Logger.ErrorContext(ctx, "building the plan for a result page", "err", rv.PlanErr)
			v.PlanMissing = true
		}
	}
	v.Talk = u.patientTalk(r, rv, id, loc)
	if v.Plan != nil && rv.Mine {
		v.Plan.Assigned = u.assignedReading(r, rv.ClinicID)
	}
	u.render(w, r, http.StatusOK, "result", page{Title: v.Heading, Private: true, Data: v})
}

// planView is a plan laid out for the page, its times in the person's zone.
type planView struct {
	Plan  plan.Plan
	ICS   string // the plan as a calendar
	Diary string // the daily check-in
	// Back is the page to return to after logging the program ("" in a
	// therapist's preview, which has no log button).
	Back string
	// Reading is the education the therapist's program assigns.
	Reading []readingView
	// Assigned is the reading assigned from the chart, in order, with
	// when each was opened (ui_talk.go).
	Assigned  []readingView
	Today     dayView
	Tomorrow  *dayView
	Days      []dayView
	ColdHeat  coldHeatView
	Exercises []plannedView
	Release   []plannedView
	Recheck   []string
	// Now is the "Do this now" card.
	Now nowView
}

// readingView is an article the program assigns.
type readingView struct{ ID, Title, Read string }

type dayView struct {
	Heading string
	Items   []itemView
}

type itemView struct {
	plan.Item
	Times string
}

type coldHeatView struct {
	plan.ColdHeat
	// Phase is "ice" while the first 48 hours run, "heat" after, "" when
	// the onset is not known.
	Phase string
}

// doseView is one step of an exercise's dose: from which day, in words.
type doseView struct{ From, Text string }

// plannedView is a planned exercise with its library entry.
type plannedView struct {
	plan.Planned
	Exercise library.Exercise
	Image    string
	Alt      string
	Doses    []doseView
	Easier   variantView
	Harder   variantView
}

func (u *ui) newPlanView(p plan.Plan, now time.Time) *planView {
	loc, err := clinical.LoadLocation(p.TZ)
	if err != nil {
		loc = time.UTC
	}
	v := &planView{Plan: p, ColdHeat: coldHeatView{ColdHeat: p.ColdHeat}}
	if p.ColdHeat.Switch != nil {
		v.ColdHeat.Phase = "heat"
		if now.Before(*p.ColdHeat.Switch) {
			v.ColdHeat.Phase = "ice"
		}
	}
	today := now.In(loc).Format("2006-01-02")
	todayIdx := 0
	for i, d := range p.Days {
		dv := dayView{Heading: dayHeading(d, loc)}
		for _, it := range d.Items {
			times := clockTimes(it.Times, loc)
			if d.Date == today {
				times = todayTimes(it, v.ColdHeat.Phase, now, loc)
			}
			dv.Items = append(dv.Items, itemView{Item: it, Times: times})
		}
		if d.Date == today {
			todayIdx = i
		} else if i == len(p.Days)-1 && d.Date < today {
			todayIdx = i // the plan is over: its last day stands
		}
		v.Days = append(v.Days, dv)
	}
	if len(v.Days) > 0 {
		v.Today = v.Days[todayIdx]
		if todayIdx+1 < len(v.Days) {
			v.Tomorrow = &v.Days[todayIdx+1]
		}
	}
	lib := u.library()
	planned := func(ps []plan.Planned) []plannedView {
		var out []plannedView
		for _, pl := range ps {
			e, _ := lib.Exercise(pl.ExerciseID)
			pv := plannedView{Planned: pl, Exercise: e, Image: "/exercises/" + pl.ExerciseID + ".svg"}
			pv.Alt = "Drawing of " + pl.Name
			if pl.Side == "left" || pl.Side == "right" {
				pv.Image += "?side=" + pl.Side
				pv.Alt += ", " + pl.Side + " side"
			}
			pv.Easier, pv.Harder = variantOf(lib, pl.Easier), variantOf(lib, pl.Harder)
			for _, d := range pl.Schedule {
				from := "To start"
				if d.FromDay > 0 {
					from = "From day " + strconv.Itoa(d.FromDay)
					if d.FromDay < len(p.Days) {
						if t, err := time.ParseInLocation("2006-01-02", p.Days[d.FromDay].Date, loc); err == nil {
							from += " (" + t.Format("Mon 2 Jan") + ")"
						}
					}
				}
				pv.Doses = append(pv.Doses, doseView{From: from, Text: d.Text})
			}
			out = append(out, pv)
		}
		return out
	}
	if p.Program != nil {
		for _, id := range p.Program.Articles {
			if a, ok := lib.Article(id); ok {
				v.Reading = append(v.Reading, readingView{ID: a.ID, Title: a.Title})
			}
		}
	}
	v.Now = newNowView(p, v, lib, now, loc)
	v.Exercises = planned(p.Exercises)
	v.Release = planned(p.Release)
	for _, t := range p.Recheck {
		v.Recheck = append(v.Recheck, t.In(loc).Format("Monday 2 January"))
	}
	return v
}

// dayHeading names a plan day as the plan counts them, from day 0, the day
// of the check: "Day 2: Thursday 26 November".
func dayHeading(d plan.Day, loc *time.Location) string {
	t, err := time.ParseInLocation("2006-01-02", d.Date, loc)
	if err != nil {
		return d.Date
	}
	if d.Day == 0 {
		return t.Format("Monday 2 January") + ": the day of your check"
	}
	return "Day " + strconv.Itoa(d.Day) + ": " + t.Format("Monday 2 January")
}

func clockTimes(ts []time.Time, loc *time.Location) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.In(loc).Format("15:04")
	}
	return strings.Join(parts, ", ")
}
