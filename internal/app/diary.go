package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"unknot/internal/authz"
	"unknot/internal/chart"
	"unknot/internal/clinical"
	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/plan"
	"unknot/internal/sqlstore"
	"unknot/internal/triage"
)

// Who may write a diary. A check-in is the person's own report, so the
// person writes it; a clinic's write-scoped API token may also post one
// for a patient whose assessment is shared with that clinic (a clinic
// system recording what the patient reported at a visit). The clinic's
// therapists and admins read the diary but do not write in it, although
// authz lets staff add to a shared health record: a therapist's own
// observations belong in the clinic's notes, not in the patient's diary.
// Everyone else gets what authz gives for another's health record.

// CheckinResult is what a check-in leads to.
type CheckinResult struct {
	Entry diary.Entry
	// Created is false when the check-in replaced the day's earlier one.
	Created    bool
	Trend      diary.Trend
	Escalation diary.Escalation
	// Retriage is the new result when a new red flag re-ran triage at
	// once, with the person's current protocol.
	Retriage *clinical.Result
	// Disposition is the advice now: after a re-triage, the more urgent of
	// the new result's and the escalation's own; otherwise the
	// escalation's own (see_clinician), or "" to carry on with the plan.
	Disposition clinical.Disposition
	// Flags are the clinic flags this check-in recorded for the first time.
	Flags []sqlstore.ClinicFlag
}

// diaryContext is a plan's diary and what its rules need.
type diaryContext struct {
	rec   *domain.Assessment
	in    clinical.Input
	res   clinical.Result
	plan  *plan.Plan // nil when the result has no self-care plan
	loc   *time.Location
	today string
	start string
	base  diary.Baseline
}

// loadDiary reads an assessment's stored input and result and works out
// the diary's dates in the person's zone.
func (a *App) loadDiary(rec *domain.Assessment) (*diaryContext, error) {
	d := &diaryContext{rec: rec}
	var err error
	if d.in, d.res, err = decodeAssessment(rec); err != nil {
		return nil, err
	}
	loc, err := clinical.LoadLocation(rec.TZ)
	if err != nil {
		return nil, fmt.Errorf("assessment %s: %w", rec.ID, err)
	}
	d.loc = loc
	d.today = a.now().In(loc).Format(time.DateOnly)
	at := d.res.At
	if at.IsZero() {
		at = rec.CreatedAt
	}
	d.start = at.In(loc).Format(time.DateOnly)
	if p, err := plan.Build(d.in, d.res, a.library, loc); err == nil {
		d.plan = &p
		if len(p.Days) > 0 {
			d.start = p.Days[0].Date
		}
	} else if !errors.Is(err, plan.ErrGetHelpFirst) && !errors.Is(err, plan.ErrUnder16) {
		return nil, fmt.Errorf("building the plan of %s: %w", rec.ID, err)
	}
	d.base = diary.Baseline{Pain: d.in.Pain.Now, Start: d.start}
	return d, nil
}

// accessDiary loads an assessment, checks that actor may do act to its
// diary, and audits the access under action.
func (a *App) accessDiary(ctx context.Context, actor domain.Actor, act authz.Action, action, id string) (*domain.Assessment, error) {
	return a.accessPersonal(ctx, actor, act, action, "diary", id,
		"Only the person can check in to their diary; their clinic can read it.")
}

// accessPersonal loads an assessment for what the person adds to it (the
// diary, questionnaires), checks that actor may do act, and audits the
// access as record:id. Writing is the person's own (or their clinic's
// write token's): staff read what the person reports, they do not write
// it for them; ownWrite says so when they try.
func (a *App) accessPersonal(ctx context.Context, actor domain.Actor, act authz.Action, action, record, id, ownWrite string) (*domain.Assessment, error) {
	if !validID(id) {
		return nil, domain.Errorf(domain.ENotFound, "No assessment with that id.")
	}
	rec, err := a.store.FindAssessmentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := authz.Check(actor, act, assessmentResource(rec)); err != nil {
		return nil, err
	}
	if act == authz.Write && actor.Token == nil && actor.UserID != rec.OwnerID {
		return nil, domain.Errorf(domain.EForbidden, "%s", ownWrite)
	}
	if err := a.audit(ctx, actor, action, record+":"+id, rec.ClinicID, rec.OwnerID); err != nil {
		return nil, err
	}
	return rec, nil
}

// CheckIn records a day's check-in for the plan of an assessment and
// applies the diary's rules: one entry per person per day, which may be
// changed on the day it was recorded; a missed earlier day may be filled
// in (and is marked so); a new red flag re-runs triage at once; pain worse,
// or no better after 14 days, means see a clinician and, for a clinic
// patient, a flag for the clinic. e.Date defaults to the person's today;
// Backfilled and RecordedAt are set here.
func (a *App) CheckIn(ctx context.Context, actor domain.Actor, assessmentID string, e diary.Entry) (_ CheckinResult, err error) {
	defer domain.Wrap(&err, "CheckIn(%q)", assessmentID)
	rec, err := a.accessDiary(ctx, actor, authz.Write, "write", assessmentID)
	if err != nil {
		return CheckinResult{}, err
	}
	if rec.OwnerID == "" {
		return CheckinResult{}, domain.Errorf(domain.EConflict,
			"A diary needs an account: keep this result in your account first, then check in.")
	}
	d, err := a.loadDiary(rec)
	if err != nil {
		return CheckinResult{}, err
	}
	now := a.now()
	if e.Date == "" {
		e.Date = d.today
	}
	e.Backfilled = e.Date < d.today
	if err := diary.Validate(e, d.today); err != nil {
		return CheckinResult{}, inputError(err)
	}
	if e.Date < d.start {
		return CheckinResult{}, invalid("date", "must not be before your plan started ("+d.start+")")
	}
	same, err := a.store.ListCheckins(ctx, sqlstore.CheckinFilter{UserID: rec.OwnerID, From: e.Date, To: e.Date})
	if err != nil {
		return CheckinResult{}, err
	}
	e.RecordedAt = now
	created := len(same) == 0
	if !created {
		old := same[0]
		switch {
		case old.AssessmentID != assessmentID:
			return CheckinResult{}, conflict("date", "already has a check-in for another of your plans")
		case !diary.Editable(old.Entry, d.today, d.loc):
			return CheckinResult{}, conflict("date", "has a check-in from an earlier day, which can no longer be changed")
		}
		e.RecordedAt, e.Backfilled = old.RecordedAt, old.Backfilled
	}
	c := &sqlstore.Checkin{UserID: rec.OwnerID, AssessmentID: assessmentID, Entry: e, UpdatedAt: now}
	if err := a.store.PutCheckin(ctx, c, sqlstore.DiaryBaseline{Start: d.start, TZ: rec.TZ, Pain: d.base.Pain}); err != nil {
		return CheckinResult{}, err
	}

	entries, err := a.entries(ctx, rec)
	if err != nil {
		return CheckinResult{}, err
	}
	out := CheckinResult{Entry: c.Entry, Created: created, Trend: diary.TrendOf(entries, d.today, d.base)}
	// Known are the words the assessment was made with; a red flag repeated
	// on a later check-in re-runs triage again, so the advice it gives is
	// shown every time (its clinic flag is recorded once).
	known := slices.Concat(d.in.Symptoms, d.in.History)
	out.Escalation = diary.Escalate(diary.EscalationInput{Entry: c.Entry, Known: known, Trend: out.Trend, Plan: d.plan,
		Clinic: rec.ClinicID != "", Now: now})
	out.Disposition = out.Escalation.Disposition
	if out.Escalation.Step == diary.Retriage {
		in := diary.ForRetriage(d.in, c.Entry, out.Trend, now)
		res := triage.Assess(in, a.protocol, triage.Options{Now: now, DefaultTZ: a.defaultTZ})
		// The new result is kept like any assessment, with its answers and
		// protocol version, in the person's account and shared as the plan
		// is: the advice given is on record.
		if err := a.saveAssessment(ctx, actor, in, &res, rec.OwnerID, rec.ClinicID); err != nil {
			return out, err
		}
		out.Retriage = &res
		out.Disposition = out.Escalation.Final(res.Disposition)
	}
	for _, f := range out.Escalation.Flags {
		cf := sqlstore.ClinicFlag{ID: NewID(), ClinicID: rec.ClinicID, UserID: rec.OwnerID, AssessmentID: assessmentID,
			Reason: string(f.Reason), Text: f.Text, At: f.At, Key: f.Key}
		added, err := a.store.RecordClinicFlag(ctx, &cf)
		if err != nil {
			return out, err
		}
		if added {
			out.Flags = append(out.Flags, cf)
		}
	}
	return out, nil
}

func conflict(field, problem string) error {
	return &domain.Error{Code: domain.EConflict, Message: "That day's check-in cannot be changed.",
		Problems: []domain.Problem{{Field: field, Problem: problem}}}
}

// entries returns the diary of an assessment's plan, in date order.
func (a *App) entries(ctx context.Context, rec *domain.Assessment) ([]diary.Entry, error) {
	if rec.OwnerID == "" {
		return nil, nil
	}
	list, err := a.store.ListCheckins(ctx, sqlstore.CheckinFilter{UserID: rec.OwnerID, AssessmentID: rec.ID})
	if err != nil {
		return nil, err
	}
	out := make([]diary.Entry, len(list))
	for i, c := range list {
		out[i] = c.Entry
	}
	return out, nil
}

// DiaryView is a plan's diary: its entries, the trend and the charts.
type DiaryView struct {
	AssessmentID string
	Today        string
	Start        string
	Entries      []diary.Entry
	Trend        diary.Trend
	// Charts are pain, activity and adherence over time, with the plan's
	// start marked.
	Charts []chart.LineChart
	// Questions are the daily red-flag re-screen.
	Questions []diary.Question
}

// Diary returns the diary of an assessment's plan, for the person and
// their clinic. Each read is audited.
func (a *App) Diary(ctx context.Context, actor domain.Actor, assessmentID string) (_ *DiaryView, err error) {
	defer domain.Wrap(&err, "Diary(%q)", assessmentID)
	rec, err := a.accessDiary(ctx, actor, authz.Read, "read", assessmentID)
	if err != nil {
		return nil, err
	}
	d, err := a.loadDiary(rec)
	if err != nil {
		return nil, err
	}
	entries, err := a.entries(ctx, rec)
	if err != nil {
		return nil, err
	}
	tr := diary.TrendOf(entries, d.today, d.base)
	markers := []chart.Marker{{Date: d.start, Label: "Plan started", Kind: chart.PlanChange}}
	planned := map[string]int{}
	if d.plan != nil {
		for _, day := range d.plan.Days {
			planned[day.Date] = len(day.Items)
		}
	}
	return &DiaryView{AssessmentID: rec.ID, Today: d.today, Start: d.start, Entries: entries, Trend: tr,
		Charts: []chart.LineChart{
			diary.PainChart(tr, markers), diary.ActivityChart(tr, markers), diary.AdherenceChart(tr, planned, markers),
		},
		Questions: diary.RedFlagQuestions()}, nil
}

// DiaryCSV exports the diary of an assessment's plan as CSV, to whoever
// may read it; the export is audited as such.
func (a *App) DiaryCSV(ctx context.Context, actor domain.Actor, assessmentID string) (_ []byte, err error) {
	defer domain.Wrap(&err, "DiaryCSV(%q)", assessmentID)
	rec, err := a.accessDiary(ctx, actor, authz.Read, "export", assessmentID)
	if err != nil {
		return nil, err
	}
	entries, err := a.entries(ctx, rec)
	if err != nil {
		return nil, err
	}
	return diary.CSV(entries), nil
}

// ClinicFlags lists the flags recorded for a clinic's patients, newest
// first, for its staff and its tokens. Each listing is audited.
func (a *App) ClinicFlags(ctx context.Context, actor domain.Actor, clinicID string) ([]sqlstore.ClinicFlag, error) {
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	list, err := a.store.ListClinicFlags(ctx, clinicID)
	if err != nil {
		return nil, err
	}
	return list, a.audit(ctx, actor, "read", "clinic-flags:"+clinicID, clinicID, "")
}

// ResolveFlag marks a clinic flag dealt with, by the clinic's therapist or
// admin; it leaves the list of what needs attention.
func (a *App) ResolveFlag(ctx context.Context, actor domain.Actor, clinicID, flagID string) error {
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return err
	}
	if !validID(flagID) {
		return domain.Errorf(domain.ENotFound, "No open flag with that id in this clinic.")
	}
	if err := a.store.ResolveClinicFlag(ctx, clinicID, flagID); err != nil {
		return err
	}
	return a.audit(ctx, actor, "resolve", "flag:"+flagID, clinicID, "")
}

// WorseningItem is one of a clinic's patients whose pain is getting worse.
type WorseningItem struct {
	UserID       string
	AssessmentID string
	Today        string
	Baseline     float64
	BaselineFrom string // diary.BaselineAssessment or diary.BaselineFirstDays
	Recent       float64
	RecentDays   int
	Change       float64
}

// Worsening lists the clinic's patients whose pain is meaningfully worse
// than at the start of their plan, by the same rule as each diary's trend,
// for its staff and its tokens. Each listing is audited.
func (a *App) Worsening(ctx context.Context, actor domain.Actor, clinicID string) ([]WorseningItem, error) {
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	rows, err := a.store.Worsening(ctx, clinicID, a.now())
	if err != nil {
		return nil, err
	}
	out := make([]WorseningItem, len(rows))
	for i, r := range rows {
		it := WorseningItem{UserID: r.UserID, AssessmentID: r.AssessmentID, Today: r.Today, RecentDays: r.RecentDays,
			Baseline: float64(r.BaseSum) / float64(r.BaseDays), Recent: float64(r.RecentSum) / float64(r.RecentDays),
			BaselineFrom: diary.BaselineFirstDays}
		if r.FromAssessment {
			it.BaselineFrom = diary.BaselineAssessment
		}
		it.Change = it.Recent - it.Baseline
		out[i] = it
	}
	return out, a.audit(ctx, actor, "read", "worsening:"+clinicID, clinicID, "")
}
