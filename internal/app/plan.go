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
	var in clinical.Input
	if err := json.Unmarshal(rec.Input, &in); err != nil {
		return plan.Plan{}, fmt.Errorf("decoding stored input: %w", err)
	}
	var res clinical.Result
	if err := json.Unmarshal(rec.Result, &res); err != nil {
		return plan.Plan{}, fmt.Errorf("decoding stored result: %w", err)
	}
	if tz == "" {
		tz = rec.TZ
	}
	loc, err := time.LoadLocation(tz)
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
