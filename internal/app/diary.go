package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"unknot/internal/authz"
	"unknot/internal/clinical"
	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/library"
	"unknot/internal/plan"
	"unknot/internal/triage"
)

// DiaryStore is what the diary use cases need of a database.
type DiaryStore interface {
	AssessmentStore
	// LockPerson holds back other units of work on the same person's
	// diary until this one ends: two check-ins at once are taken in turn.
	LockPerson(ctx context.Context, userID string) error
	PutCheckin(ctx context.Context, c *diary.Checkin) error
	ListCheckins(ctx context.Context, f domain.CheckinFilter) ([]diary.Checkin, error)
	// ListDiaryEntries is ListCheckins of one person's plan, entries only.
	ListDiaryEntries(ctx context.Context, userID, assessmentID string) ([]diary.Entry, error)
	PutDiarySummary(ctx context.Context, s *diary.Summary) error
	RecordClinicFlag(ctx context.Context, f *domain.ClinicFlag) (bool, error)
}

// Diary is the daily check-in and what follows from it.
type Diary struct {
	unit[DiaryStore]
	assessments *Assessments
	days        days
}

// days works out a plan's dates in the person's zone.
type days struct {
	library *library.Library
	now     func() time.Time
}

// diaryContext is a plan's diary and what its rules need.
type diaryContext struct {
	rec   *domain.Assessment
	in    clinical.Input
	plan  *plan.Plan // nil when the result has no self-care plan
	loc   *time.Location
	today string
	start string
	base  diary.Baseline
}

// load reads an assessment's stored input and result and works out the
// diary's dates in the person's zone, on the day of now.
func (d days) load(rec *domain.Assessment, now time.Time) (*diaryContext, error) {
	c := &diaryContext{rec: rec}
	var err error
	if c.in, err = clinical.Decode(rec.Input); err != nil {
		return nil, fmt.Errorf("decoding the stored input of an assessment: %w", err)
	}
	if c.loc, err = clinical.LoadLocation(rec.TZ); err != nil {
		return nil, fmt.Errorf("the zone of a stored assessment: %w", err)
	}
	c.today = now.In(c.loc).Format(time.DateOnly)
	p, at, err := cachedPlan(d.library, rec, c.in, c.loc)
	if at.IsZero() {
		at = rec.CreatedAt
	}
	c.start = at.In(c.loc).Format(time.DateOnly)
	if err == nil {
		c.plan = p
		if len(p.Days) > 0 {
			c.start = p.Days[0].Date
		}
	} else if domain.ErrorCode(PlanError(err)) == domain.EInternal {
		return nil, fmt.Errorf("building the plan of a stored assessment: %w", err)
	}
	c.base = diary.Baseline{Pain: c.in.Pain.Now, Start: c.start}
	return c, nil
}

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
	Flags []domain.ClinicFlag
}

// CheckIn records a day's check-in for the plan of an assessment and
// applies the diary's rules: one entry per person per day, which may be
// changed on the day it was recorded; a missed earlier day may be filled
// in (and is marked so); a new red flag re-runs triage at once; pain worse,
// or no better after 14 days, means see a clinician and, for a clinic
// patient, a flag for the clinic. e.Date defaults to the person's today;
// Backfilled and RecordedAt are set here. The entry, the plan's summary,
// a re-triage, the flags and the audit entry commit together.
func (s *Diary) CheckIn(ctx context.Context, actor domain.Actor, assessmentID string, e diary.Entry) (out CheckinResult, err error) {
	defer domain.Wrap(&err, "CheckIn")
	var retriaged string
	err = s.inTx(ctx, func(tx DiaryStore) error {
		out, retriaged = CheckinResult{}, ""
		rec, err := access(ctx, tx, actor, authz.Write, authz.KindReport, "write", "diary", assessmentID)
		if err != nil {
			return err
		}
		if rec.OwnerID == "" {
			return domain.Errorf(domain.EConflict, "A diary needs an account: keep this result in your account first, then check in.")
		}
		if err := tx.LockPerson(ctx, rec.OwnerID); err != nil {
			return err
		}
		now := tx.Now()
		d, err := s.days.load(rec, now)
		if err != nil {
			return err
		}
		if err := s.place(ctx, tx, d, &e, now, &out); err != nil {
			return err
		}
		c := &diary.Checkin{UserID: rec.OwnerID, AssessmentID: assessmentID, Entry: e, UpdatedAt: now}
		if err := tx.PutCheckin(ctx, c); err != nil {
			return err
		}
		entries, err := s.entries(ctx, tx, rec)
		if err != nil {
			return err
		}
		sum := diary.SummaryOf(entries, d.base)
		sum.AssessmentID, sum.UserID, sum.TZ = rec.ID, rec.OwnerID, rec.TZ
		if err := tx.PutDiarySummary(ctx, &sum); err != nil {
			return err
		}
		out.Entry, out.Trend = c.Entry, diary.TrendOf(entries, d.today, d.base)
		// Known are the words the assessment was made with; a red flag
		// repeated on a later check-in re-runs triage again, so the advice
		// it gives is shown every time (its clinic flag is recorded once).
		known := slices.Concat(d.in.Symptoms, d.in.History)
		out.Escalation = diary.Escalate(diary.EscalationInput{Entry: c.Entry, Known: known, Trend: out.Trend, Plan: d.plan,
			Clinic: rec.ClinicID != "", Now: now})
		out.Disposition = out.Escalation.Disposition
		if out.Escalation.Step == diary.Retriage {
			in := diary.ForRetriage(d.in, c.Entry, out.Trend, now)
			p := s.assessments.protocol
			if s.assessments.protocols != nil && rec.ClinicID != "" {
				if p, err = s.assessments.protocols.For(ctx, rec.ClinicID); err != nil {
					return err
				}
			}
			res := triage.Assess(in, p, triage.Options{Now: now, DefaultTZ: s.assessments.defaultTZ})
			// The new result is kept like any assessment, with its answers
			// and protocol version, in the person's account and shared as
			// the plan is: the advice given is on record.
			if err := s.assessments.save(ctx, tx, actor, in, &res, rec.OwnerID, rec.ClinicID); err != nil {
				return err
			}
			out.Retriage, retriaged = &res, string(res.Disposition)
			out.Disposition = out.Escalation.Final(res.Disposition)
		}
		for _, f := range out.Escalation.Flags {
			cf := domain.ClinicFlag{ID: NewID(), ClinicID: rec.ClinicID, UserID: rec.OwnerID, AssessmentID: assessmentID,
				Reason: string(f.Reason), Text: f.Text, At: f.At, Key: f.Key}
			added, err := tx.RecordClinicFlag(ctx, &cf)
			if err != nil {
				return err
			}
			if added {
				out.Flags = append(out.Flags, cf)
			}
		}
		return nil
	})
	if err == nil && retriaged != "" && s.assessments.onAssessed != nil {
		s.assessments.onAssessed(retriaged)
	}
	return out, err
}

// place checks the entry's day against the diary's rules and against the
// day's earlier check-in, if any, and fills in what the store keeps.
func (s *Diary) place(ctx context.Context, tx DiaryStore, d *diaryContext, e *diary.Entry, now time.Time, out *CheckinResult) error {
	if e.Date == "" {
		e.Date = d.today
	}
	e.Backfilled = e.Date < d.today
	if err := diary.Validate(*e, d.today); err != nil {
		return InputError(err)
	}
	if first := d.firstDay(); e.Date < first {
		return invalid("date", "must not be before your pain started ("+first+")")
	}
	same, err := tx.ListCheckins(ctx, domain.CheckinFilter{UserID: d.rec.OwnerID, From: e.Date, To: e.Date})
	if err != nil {
		return err
	}
	e.RecordedAt = now
	out.Created = len(same) == 0
	if out.Created {
		return nil
	}
	old := same[0]
	switch {
	case old.AssessmentID != d.rec.ID:
		return conflict("date", "already has a check-in for another of your plans")
	case !diary.Editable(old.Entry, d.today, d.loc):
		return conflict("date", "has a check-in from an earlier day, which can no longer be changed")
	}
	e.RecordedAt, e.Backfilled = old.RecordedAt, old.Backfilled
	return nil
}

// firstDay is the earliest day a check-in may be for: the day the pain
// started, when the assessment knows it and it is before the plan; the
// plan's first day otherwise. Days before the plan are kept in the diary
// (marked as filled in later) and left out of the plan's trend.
func (d *diaryContext) firstDay() string {
	if o := d.in.Onset; o != nil {
		if day := o.In(d.loc).Format(time.DateOnly); day < d.start {
			return day
		}
	}
	return d.start
}

func conflict(field, problem string) error {
	return &domain.Error{Code: domain.EConflict, Message: "That day's check-in cannot be changed.",
		Problems: []domain.Problem{{Field: field, Problem: problem}}}
}

// entries returns the diary of an assessment's plan, in date order.
func (s *Diary) entries(ctx context.Context, tx DiaryStore, rec *domain.Assessment) ([]diary.Entry, error) {
	if rec.OwnerID == "" {
		return nil, nil
	}
	return tx.ListDiaryEntries(ctx, rec.OwnerID, rec.ID)
}
