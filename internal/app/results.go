package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"unknot/internal/authz"
	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/plan"
	"unknot/internal/program"
)

// Plan builds the self-care plan for a stored assessment, in the
// assessment's own time zone unless tz names another. Plans are derived,
// not stored: the same assessment always gives the same plan.
func (s *Assessments) Plan(ctx context.Context, actor domain.Actor, id, tz string) (_ plan.Plan, err error) {
	defer domain.Wrap(&err, "Plan")
	rec, in, res, prog, err := s.readWithProgram(ctx, actor, id)
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
	p, err := plan.Build(in, res, s.library, loc)
	if err != nil {
		return plan.Plan{}, PlanError(err)
	}
	p.AssessmentID = id
	if prog != nil {
		p = program.Apply(p, *prog, s.library, loc)
	}
	return p, nil
}

// PlanError says why a result has no plan, for the person: the domain's
// conflict for a result that needs help first or a person under 16; any
// other failure is unexpected.
func PlanError(err error) error {
	switch {
	case errors.Is(err, plan.ErrGetHelpFirst):
		return &domain.Error{Code: domain.EConflict, Err: err,
			Message: "This result needs medical help first, so it has no self-care plan. Follow the advice in the result."}
	case errors.Is(err, plan.ErrUnder16):
		return &domain.Error{Code: domain.EConflict, Err: err,
			Message: "A clinician should see back pain in a young person, so there is no self-care plan. Follow the advice in the result."}
	}
	return err
}

// ResultView is everything the result page shows of one stored assessment.
type ResultView struct {
	Input  clinical.Input
	Result clinical.Result
	// Plan is the self-care plan; nil with PlanErr set when there is none
	// (a domain conflict from PlanError).
	Plan    *plan.Plan
	PlanErr error
	// Kept says the result is in someone's account; Mine, in the actor's.
	Kept, Mine bool
	Shared     bool
	// ClinicID is the clinic the result is shared with ("" when none).
	ClinicID string
}

// Result loads a stored assessment for its page with one audited read, and
// builds its plan in the assessment's time zone.
func (s *Assessments) Result(ctx context.Context, actor domain.Actor, id string) (_ *ResultView, err error) {
	defer domain.Wrap(&err, "Result")
	rec, in, res, prog, err := s.readWithProgram(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	v := &ResultView{Input: in, Result: res, Kept: rec.OwnerID != "", Mine: rec.OwnerID != "" && rec.OwnerID == actor.UserID,
		Shared: rec.ClinicID != "", ClinicID: rec.ClinicID}
	loc, err := clinical.LoadLocation(rec.TZ)
	if err != nil {
		loc = time.UTC
	}
	p, err := plan.Build(v.Input, v.Result, s.library, loc)
	if err != nil {
		if v.PlanErr = PlanError(err); domain.ErrorCode(v.PlanErr) == domain.EInternal {
			return nil, err
		}
	} else {
		p.AssessmentID = id
		if prog != nil {
			p = program.Apply(p, *prog, s.library, loc)
		}
		v.Plan = &p
	}
	return v, nil
}

// readWithProgram is read, and the current program of the patient's
// clinic when the record is a patient's shared with one: the program
// replaces the plan's exercises. Reading it is audited in the same unit of
// work.
func (s *Assessments) readWithProgram(ctx context.Context, actor domain.Actor, id string) (rec *domain.Assessment, in clinical.Input, res clinical.Result, prog *program.Version, err error) {
	err = s.audited(ctx, func(tx AssessmentStore) error {
		if rec, err = access(ctx, tx, actor, authz.Read, authz.KindHealth, "read", "assessment", id); err != nil {
			return err
		}
		if in, res, err = decodeAssessment(rec); err != nil {
			return err
		}
		if rec.OwnerID == "" || rec.ClinicID == "" {
			return nil
		}
		prog, err = tx.CurrentProgram(ctx, rec.ClinicID, rec.OwnerID)
		if domain.ErrorCode(err) == domain.ENotFound {
			prog, err = nil, nil
			return nil
		} else if err != nil {
			return err
		}
		return audit(ctx, tx, actor, "read", "program:"+prog.ID, rec.ClinicID, rec.OwnerID)
	})
	return rec, in, res, prog, err
}

// read is one audited read of a stored assessment, decoded. It reads
// outside a write transaction: the record from the read pool, the audit
// entry through the store's batcher, which commits it with the entries of
// the same moment before read returns. So reads do not queue one by one
// behind the single writer, and none is answered without its trace.
func (s *Assessments) read(ctx context.Context, actor domain.Actor, id string) (rec *domain.Assessment, in clinical.Input, res clinical.Result, err error) {
	if rec, err = access(ctx, s.store, actor, authz.Read, authz.KindHealth, "read", "assessment", id); err != nil {
		return nil, in, res, err
	}
	in, res, err = decodeAssessment(rec)
	return rec, in, res, err
}
