package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/plan"
)

// PlanForAssessment builds the self-care plan for a stored assessment, in
// the assessment's own time zone unless tz names another. Plans are derived,
// not stored: the same assessment always gives the same plan.
func (a *App) PlanForAssessment(ctx context.Context, actor domain.Actor, id, tz string) (_ plan.Plan, err error) {
	defer domain.Wrap(&err, "PlanForAssessment(%q)", id)
	rec, err := a.findAssessment(ctx, actor, id)
	if err != nil {
		return plan.Plan{}, err
	}
	in, res, err := decodeAssessment(rec)
	if err != nil {
		return plan.Plan{}, err
	}
	if tz == "" {
		tz = rec.TZ
	}
	loc, err := clinical.LoadLocation(tz)
	if err != nil || tz == "" {
		return plan.Plan{}, &domain.Error{Code: domain.EInvalid, Message: "Unknown time zone.",
			Problems: []domain.Problem{{Field: "tz", Problem: fmt.Sprintf("%q is not a known time zone name", tz)}}}
	}
	p, err := plan.Build(in, res, a.library, loc)
	if err != nil {
		return plan.Plan{}, &domain.Error{Code: domain.EConflict, Message: err.Error(), Err: err}
	}
	return p, nil
}

// ResultView is everything the result page shows of one stored assessment.
type ResultView struct {
	Input  clinical.Input
	Result clinical.Result
	// Plan is the self-care plan; nil with PlanErr set when there is none
	// (plan.ErrGetHelpFirst for emergency and urgent results).
	Plan    *plan.Plan
	PlanErr error
	// Kept says the result is in someone's account; Mine, in the actor's.
	Kept, Mine bool
	Shared     bool
}

// Result loads a stored assessment for its page with one audited read, and
// builds its plan in the assessment's time zone.
func (a *App) Result(ctx context.Context, actor domain.Actor, id string) (_ *ResultView, err error) {
	defer domain.Wrap(&err, "Result(%q)", id)
	rec, err := a.findAssessment(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	v := &ResultView{Kept: rec.OwnerID != "", Mine: rec.OwnerID != "" && rec.OwnerID == actor.UserID, Shared: rec.ClinicID != ""}
	if v.Input, v.Result, err = decodeAssessment(rec); err != nil {
		return nil, err
	}
	loc, err := clinical.LoadLocation(rec.TZ)
	if err != nil {
		loc = time.UTC
	}
	p, err := plan.Build(v.Input, v.Result, a.library, loc)
	if err != nil {
		v.PlanErr = err
	} else {
		p.AssessmentID = id
		v.Plan = &p
	}
	return v, nil
}

// decodeAssessment reads a stored assessment's input and result.
func decodeAssessment(rec *domain.Assessment) (in clinical.Input, res clinical.Result, err error) {
	if err := json.Unmarshal(rec.Input, &in); err != nil {
		return in, res, fmt.Errorf("decoding the stored input of %s: %w", rec.ID, err)
	}
	if err := json.Unmarshal(rec.Result, &res); err != nil {
		return in, res, fmt.Errorf("decoding the stored result of %s: %w", rec.ID, err)
	}
	return in, res, nil
}
