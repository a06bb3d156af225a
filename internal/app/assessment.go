package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"unknot/internal/authz"
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
	// A signed-in person keeps what they assess; anyone else gets a
	// private link. A clinic's token assesses for its clinic.
	owner, clinic := actor.UserID, ""
	if actor.Token != nil {
		if actor.Token.Scope != domain.ScopeWrite {
			return res, domain.Errorf(domain.EForbidden, "This API token may only read; assessing needs a write token.")
		}
		clinic = actor.Token.ClinicID
	}
	err = a.saveAssessment(ctx, actor, in, &res, owner, clinic)
	return res, err
}

// saveAssessment stores a result with its input (its time made explicit,
// so it can be re-run) and the protocol version, giving res its id, and
// audits and counts it.
func (a *App) saveAssessment(ctx context.Context, actor domain.Actor, in clinical.Input, res *clinical.Result, owner, clinic string) error {
	res.ID = NewID()
	at := res.At
	in.At = &at
	if in.TZ == "" {
		in.TZ = res.TZ
	}
	inputJSON, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("encoding input: %w", err)
	}
	resultJSON, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("encoding result: %w", err)
	}
	ref := a.protocol.Ref()
	rec := &domain.Assessment{ID: res.ID, CreatedAt: a.now(), Input: inputJSON, Result: resultJSON,
		Disposition: string(res.Disposition), ProtocolID: ref.ID, ProtocolVersion: ref.Version, TZ: res.TZ,
		OwnerID: owner, ClinicID: clinic}
	if err := a.store.CreateAssessment(ctx, rec); err != nil {
		return err
	}
	if err := a.audit(ctx, actor, "create", "assessment:"+res.ID, clinic, owner); err != nil {
		return err
	}
	if a.onAssessed != nil {
		a.onAssessed(string(res.Disposition))
	}
	return nil
}

// FindAssessment returns a stored result. Anyone holding the unguessable id
// may read it (the private result link); every read is audited.
func (a *App) FindAssessment(ctx context.Context, actor domain.Actor, id string) (clinical.Result, error) {
	rec, err := a.findAssessment(ctx, actor, id)
	if err != nil {
		return clinical.Result{}, err
	}
	_, res, err := decodeAssessment(rec)
	return res, err
}

func (a *App) findAssessment(ctx context.Context, actor domain.Actor, id string) (*domain.Assessment, error) {
	if !validID(id) {
		return nil, domain.Errorf(domain.ENotFound, "No assessment with that id.")
	}
	return a.accessAssessment(ctx, actor, authz.Read, id)
}

// accessAssessment loads an assessment, checks that actor may do act to
// it, and audits the access.
func (a *App) accessAssessment(ctx context.Context, actor domain.Actor, act authz.Action, id string) (*domain.Assessment, error) {
	rec, err := a.store.FindAssessmentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := authz.Check(actor, act, assessmentResource(rec)); err != nil {
		return nil, err
	}
	if err := a.audit(ctx, actor, string(act), "assessment:"+id, rec.ClinicID, rec.OwnerID); err != nil {
		return nil, err
	}
	return rec, nil
}

func assessmentResource(rec *domain.Assessment) authz.Resource {
	return authz.Resource{Kind: authz.KindHealth, OwnerID: rec.OwnerID, ClinicID: rec.ClinicID}
}

// ClaimAssessment keeps an anonymous result in the signed-in actor's
// account, from its private link.
func (a *App) ClaimAssessment(ctx context.Context, actor domain.Actor, id string) error {
	if !validID(id) {
		return domain.Errorf(domain.ENotFound, "No assessment with that id.")
	}
	rec, err := a.accessAssessment(ctx, actor, authz.Claim, id)
	if err != nil {
		return err
	}
	if rec.OwnerID == actor.UserID {
		return nil
	}
	return a.store.SetAssessmentOwner(ctx, id, actor.UserID)
}

// ShareAssessment shares a result with the clinic an invite code belongs
// to; the person joins that clinic as its patient. An anonymous result is
// claimed first: a clinic's patients have accounts.
func (a *App) ShareAssessment(ctx context.Context, actor domain.Actor, id, inviteCode string) (*domain.Clinic, error) {
	if !validID(id) {
		return nil, domain.Errorf(domain.ENotFound, "No assessment with that id.")
	}
	rec, err := a.accessAssessment(ctx, actor, authz.Share, id)
	if err != nil {
		return nil, err
	}
	clinic, err := a.store.FindClinicByInviteCode(ctx, strings.TrimSpace(inviteCode))
	if err != nil {
		return nil, invalid("invite_code", "is not a code any clinic here gave out")
	}
	if rec.OwnerID == "" {
		if err := a.store.SetAssessmentOwner(ctx, id, actor.UserID); err != nil {
			return nil, err
		}
	}
	if actor.RoleIn(clinic.ID) == "" {
		if err := a.store.PutMembership(ctx, &domain.Membership{ClinicID: clinic.ID, UserID: actor.UserID, Role: domain.RolePatient}); err != nil {
			return nil, err
		}
	}
	if err := a.store.SetAssessmentClinic(ctx, id, clinic.ID); err != nil {
		return nil, err
	}
	return clinic, a.audit(ctx, actor, "share", "assessment:"+id, clinic.ID, actor.UserID)
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
