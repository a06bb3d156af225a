package app

import (
	"context"

	"unknot/internal/authz"
	"unknot/internal/chart"
	"unknot/internal/diary"
	"unknot/internal/domain"
)

// DiaryView is a plan's diary: its entries, the trend, and what the charts
// draw on.
type DiaryView struct {
	AssessmentID string
	// OwnerID is whose diary it is: pages show the check-in form to them only.
	OwnerID string
	Today   string
	Start   string
	// First is the earliest day a missed check-in may be filled in for.
	First   string
	Entries []diary.Entry
	Trend   diary.Trend
	// Charts are pain, activity and adherence over time, with the plan's
	// start marked.
	Charts []chart.LineChart
	// Questions are the daily red-flag re-screen.
	Questions []diary.Question
}

// View returns the diary of an assessment's plan, for the person and
// their clinic. Each read is audited.
func (s *Diary) View(ctx context.Context, actor domain.Actor, assessmentID string) (v *DiaryView, err error) {
	defer domain.Wrap(&err, "Diary")
	err = s.audited(ctx, func(tx DiaryStore) error {
		v, err = s.view(ctx, tx, actor, assessmentID, nil)
		return err
	})
	return v, err
}

// view is View inside the caller's unit of work, with extra markers on the
// charts (the chart marks the clinic's sessions).
func (s *Diary) view(ctx context.Context, tx DiaryStore, actor domain.Actor, assessmentID string, extra []chart.Marker) (*DiaryView, error) {
	rec, err := access(ctx, tx, actor, authz.Read, authz.KindReport, "read", "diary", assessmentID)
	if err != nil {
		return nil, err
	}
	d, err := s.days.load(rec, tx.Now())
	if err != nil {
		return nil, err
	}
	entries, err := s.entries(ctx, tx, rec)
	if err != nil {
		return nil, err
	}
	tr := diary.TrendOf(entries, d.today, d.base)
	planned := map[string]int{}
	if d.plan != nil {
		for _, day := range d.plan.Days {
			planned[day.Date] = len(day.Items)
		}
	}
	markers := append([]chart.Marker{planStarted(d.start)}, extra...)
	return &DiaryView{AssessmentID: rec.ID, OwnerID: rec.OwnerID, Today: d.today, Start: d.start, First: d.firstDay(), Entries: entries, Trend: tr,
		Charts:    []chart.LineChart{painChart(tr, markers), activityChart(tr, markers), adherenceChart(tr, planned, markers)},
		Questions: diary.RedFlagQuestions()}, nil
}

// CSV exports the diary of an assessment's plan as CSV, to whoever may
// read it; the export is audited as such.
func (s *Diary) CSV(ctx context.Context, actor domain.Actor, assessmentID string) (out []byte, err error) {
	defer domain.Wrap(&err, "DiaryCSV")
	err = s.audited(ctx, func(tx DiaryStore) error {
		rec, err := access(ctx, tx, actor, authz.Read, authz.KindReport, "export", "diary", assessmentID)
		if err != nil {
			return err
		}
		entries, err := s.entries(ctx, tx, rec)
		if err != nil {
			return err
		}
		out = diary.CSV(entries)
		return nil
	})
	return out, err
}
