package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/triage"
)

// Evaluate decodes and triages body without storing anything: the CLI's
// path, and the first half of CreateAssessment.
func (a *App) Evaluate(body []byte) (clinical.Input, clinical.Result, error) {
	now := a.now()
	in, err := clinical.Decode(body)
	if err == nil {
		// An input without "at" is made now: its onset must not be later.
		err = clinical.ValidateAt(in, now)
	}
	if err != nil {
		return in, clinical.Result{}, inputError(err)
	}
	res := triage.Assess(in, a.protocol, triage.Options{Now: now, DefaultTZ: a.defaultTZ})
	return in, res, nil
}

// CreateAssessment triages body and stores the input (with its time made
// explicit, so it can be re-run), the result and the protocol version.
func (a *App) CreateAssessment(ctx context.Context, actor domain.Actor, body []byte) (_ clinical.Result, err error) {
	in, res, err := a.Evaluate(body)
	if err != nil {
		return res, err
	}
	res.ID = NewID()
	at := res.At
	in.At = &at
	if in.TZ == "" {
		in.TZ = res.TZ
	}
	inputJSON, err := json.Marshal(in)
	if err != nil {
		return res, fmt.Errorf("encoding input: %w", err)
	}
	resultJSON, err := json.Marshal(res)
	if err != nil {
		return res, fmt.Errorf("encoding result: %w", err)
	}
	ref := a.protocol.Ref()
	rec := &domain.Assessment{
		ID: res.ID, CreatedAt: a.now(), Input: inputJSON, Result: resultJSON,
		Disposition: string(res.Disposition), ProtocolID: ref.ID, ProtocolVersion: ref.Version, TZ: res.TZ,
	}
	if err := a.store.CreateAssessment(ctx, rec); err != nil {
		return res, err
	}
	if err := a.audit(ctx, actor, "create", "assessment:"+res.ID); err != nil {
		return res, err
	}
	return res, nil
}

// FindAssessment returns a stored result. Anyone holding the unguessable id
// may read it (the private result link); every read is audited.
func (a *App) FindAssessment(ctx context.Context, actor domain.Actor, id string) (clinical.Result, error) {
	rec, err := a.findAssessment(ctx, actor, id)
	if err != nil {
		return clinical.Result{}, err
	}
	var res clinical.Result
	if err := json.Unmarshal(rec.Result, &res); err != nil {
		return res, fmt.Errorf("decoding stored result %s: %w", id, err)
	}
	return res, nil
}

func (a *App) findAssessment(ctx context.Context, actor domain.Actor, id string) (*domain.Assessment, error) {
	if !validID(id) {
		return nil, domain.Errorf(domain.ENotFound, "No assessment with that id.")
	}
	rec, err := a.store.FindAssessmentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := a.audit(ctx, actor, "read", "assessment:"+id); err != nil {
		return nil, err
	}
	return rec, nil
}

func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// inputError turns the clinical decoder's refusal into the domain's error.
func inputError(err error) error {
	var ie *clinical.InputError
	if !errors.As(err, &ie) {
		return &domain.Error{Code: domain.EInvalid, Message: err.Error(), Err: err}
	}
	if ie.Malformed {
		return &domain.Error{Code: domain.EMalformed, Message: ie.Error(), Err: err}
	}
	probs := make([]domain.Problem, len(ie.Problems))
	for i, p := range ie.Problems {
		probs[i] = domain.Problem{Field: p.Field, Problem: p.Problem}
	}
	return &domain.Error{Code: domain.EInvalid, Message: "Some answers could not be accepted.", Problems: probs, Err: err}
}
