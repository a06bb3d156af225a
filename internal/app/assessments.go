package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"unknot/internal/authz"
	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/library"
	"unknot/internal/program"
	"unknot/internal/protocol"
	"unknot/internal/triage"
)

// AssessmentStore is what the assessment use cases need of a database.
type AssessmentStore interface {
	Auditor
	CreateAssessment(ctx context.Context, a *domain.Assessment) error
	FindAssessmentByID(ctx context.Context, id string) (*domain.Assessment, error)
	SetAssessmentOwner(ctx context.Context, id, ownerID string) error
	SetAssessmentClinic(ctx context.Context, id, clinicID string) error
	FindClinicByInviteCode(ctx context.Context, code string) (*domain.Clinic, error)
	PutIntake(ctx context.Context, in *domain.Intake) error
	PutMembership(ctx context.Context, m *domain.Membership) error
	// ClinicNames names the clinics of a person's memberships, by id.
	ClinicNames(ctx context.Context, userID string) (map[string]string, error)
	// CurrentProgram is the patient's program from the clinic, which a
	// plan shows instead of its own exercises.
	CurrentProgram(ctx context.Context, clinicID, userID string) (*program.Version, error)
}

// Triage runs the protocol on an input, storing nothing: the CLI's path,
// and the first half of making an assessment.
type Triage struct {
	protocol  *protocol.Protocol
	now       func() time.Time
	defaultTZ string
}

// NewTriage returns the evaluator of cfg's protocol, on cfg's clock.
func NewTriage(cfg Config) *Triage {
	cfg = withDefaults(cfg)
	return &Triage{protocol: cfg.Protocol, now: cfg.Now, defaultTZ: cfg.DefaultTZ}
}

// Protocol returns the protocol in force.
func (t *Triage) Protocol() *protocol.Protocol { return t.protocol }

// Evaluate triages a decoded input at the clock's time.
func (t *Triage) Evaluate(in clinical.Input) (clinical.Result, error) {
	now := t.now()
	// An input without "at" is made now: its onset must not be later.
	if err := clinical.ValidateAt(in, now); err != nil {
		return clinical.Result{}, InputError(err)
	}
	return triage.Assess(in, t.protocol, triage.Options{Now: now, DefaultTZ: t.defaultTZ}), nil
}

// EvaluateWith is Evaluate with protocol p (a clinic's own).
func (t *Triage) EvaluateWith(in clinical.Input, p *protocol.Protocol) (clinical.Result, error) {
	now := t.now()
	if err := clinical.ValidateAt(in, now); err != nil {
		return clinical.Result{}, InputError(err)
	}
	return triage.Assess(in, p, triage.Options{Now: now, DefaultTZ: t.defaultTZ}), nil
}

// Assessments are the use cases of a self-check and its result.
type Assessments struct {
	*Triage
	unit[AssessmentStore]
	// protocols gives a clinic's own protocol in force (protocols.go).
	protocols  *Protocols
	library    *library.Library
	onAssessed func(string)
}

// Create triages in and stores the input (with its time made explicit, so
// it can be re-run), the result, the protocol version and the audit entry,
// in one transaction. A signed-in person keeps what they assess; anyone
// else gets a private link; a clinic's write token assesses for its clinic.
func (s *Assessments) Create(ctx context.Context, actor domain.Actor, in clinical.Input) (clinical.Result, error) {
	res, _, err := s.CreateEncoded(ctx, actor, in)
	return res, err
}

// CreateEncoded is Create that also returns the result as stored: its
// JSON, without HTML escaping, exactly what encoding/json's Encoder with
// SetEscapeHTML(false) writes for it less the final newline. An answer
// can be written from it without encoding the result a second time (a
// tenth of an assessment's CPU: docs/PERFORMANCE.md).
func (s *Assessments) CreateEncoded(ctx context.Context, actor domain.Actor, in clinical.Input) (clinical.Result, []byte, error) {
	owner, clinic, clinicOf := actor.UserID, "", ""
	if actor.Token != nil {
		clinic = actor.Token.ClinicID
	}
	if err := authz.Check(actor, authz.Create, authz.Resource{Kind: authz.KindHealth, OwnerID: owner, ClinicID: clinic}); err != nil {
		return clinical.Result{}, nil, err
	}
	if clinic == "" {
		// A clinic's patient is assessed with the clinic's protocol.
		for _, m := range actor.Memberships {
			if m.Role == domain.RolePatient {
				clinicOf = m.ClinicID
				break
			}
		}
	} else {
		clinicOf = clinic
	}
	p := s.protocol
	if s.protocols != nil && clinicOf != "" {
		var err error
		if p, err = s.protocols.For(ctx, clinicOf); err != nil {
			return clinical.Result{}, nil, err
		}
	}
	res, err := s.EvaluateWith(in, p)
	if err != nil {
		return res, nil, err
	}
	// Encoded before the unit of work: units of work that arrive together
	// run one after the other in one transaction (group commit), so what
	// can be done outside one is.
	rec, err := s.record(in, &res, owner, clinic)
	if err != nil {
		return res, nil, err
	}
	if err := s.inTx(ctx, func(tx AssessmentStore) error { return s.put(ctx, tx, actor, rec) }); err != nil {
		return res, nil, err
	}
	if s.onAssessed != nil {
		s.onAssessed(string(res.Disposition))
	}
	return res, rec.Result, nil
}

// save stores a result with its input and the protocol version, giving
// res its id, and audits it: the caller's transaction holds both.
func (s *Assessments) save(ctx context.Context, tx AssessmentStore, actor domain.Actor, in clinical.Input, res *clinical.Result, owner, clinic string) error {
	rec, err := s.record(in, res, owner, clinic)
	if err != nil {
		return err
	}
	return s.put(ctx, tx, actor, rec)
}

// record gives res its id and encodes the record to store.
func (s *Assessments) record(in clinical.Input, res *clinical.Result, owner, clinic string) (*domain.Assessment, error) {
	res.ID = NewRecordID(s.now())
	at := res.At
	in.At = &at
	if in.TZ == "" {
		in.TZ = res.TZ
	}
	inputJSON, err := json.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("encoding input: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // as the API writes it (web.writeBody)
	if err := enc.Encode(res); err != nil {
		return nil, fmt.Errorf("encoding result: %w", err)
	}
	resultJSON := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	ref := res.Protocol // the version the result was made with: the clinic's, or the default
	return &domain.Assessment{ID: res.ID, Input: inputJSON, Result: resultJSON,
		Disposition: string(res.Disposition), ProtocolID: ref.ID, ProtocolVersion: ref.Version, TZ: res.TZ,
		OwnerID: owner, ClinicID: clinic}, nil
}

// put writes rec, stamped with the unit of work's time, and its audit
// entry in tx.
func (s *Assessments) put(ctx context.Context, tx AssessmentStore, actor domain.Actor, rec *domain.Assessment) error {
	rec.CreatedAt = tx.Now()
	if err := tx.CreateAssessment(ctx, rec); err != nil {
		return err
	}
	return audit(ctx, tx, actor, "create", "assessment:"+rec.ID, rec.ClinicID, rec.OwnerID)
}

// Find returns a stored result. Anyone holding the unguessable id may read
// it (the private result link); every read is audited.
func (s *Assessments) Find(ctx context.Context, actor domain.Actor, id string) (clinical.Result, error) {
	_, _, res, err := s.read(ctx, actor, id)
	return res, err
}

// assessmentReader is what access needs of a store.
type assessmentReader interface {
	Auditor
	FindAssessmentByID(ctx context.Context, id string) (*domain.Assessment, error)
}

// access loads an assessment, checks that actor may do act to it (or to
// what the person reports on it, kind authz.KindReport) and audits the
// access as action on record:id, all in the caller's transaction.
func access(ctx context.Context, tx assessmentReader, actor domain.Actor, act authz.Action, kind authz.Kind, action, record, id string) (*domain.Assessment, error) {
	if !validID(id) {
		return nil, domain.Errorf(domain.ENotFound, "No assessment with that id.")
	}
	rec, err := tx.FindAssessmentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := authz.Check(actor, act, authz.Resource{Kind: kind, OwnerID: rec.OwnerID, ClinicID: rec.ClinicID}); err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, actor, action, record+":"+id, rec.ClinicID, rec.OwnerID); err != nil {
		return nil, err
	}
	return rec, nil
}

// Claim keeps an anonymous result in the signed-in actor's account, from
// its private link.
func (s *Assessments) Claim(ctx context.Context, actor domain.Actor, id string) error {
	return s.inTx(ctx, func(tx AssessmentStore) error {
		rec, err := access(ctx, tx, actor, authz.Claim, authz.KindHealth, string(authz.Claim), "assessment", id)
		if err != nil || rec.OwnerID == actor.UserID {
			return err
		}
		return tx.SetAssessmentOwner(ctx, id, actor.UserID)
	})
}

// Share shares a result with the clinic an invite code belongs to; for a
// person not yet its patient it is an intake the clinic accepts (the
// person becomes its patient) or declines. An anonymous result is claimed
// first: a clinic's patients have accounts. All of it commits together.
func (s *Assessments) Share(ctx context.Context, actor domain.Actor, id, inviteCode string) (clinic *domain.Clinic, err error) {
	err = s.inTx(ctx, func(tx AssessmentStore) error {
		rec, err := access(ctx, tx, actor, authz.Share, authz.KindHealth, string(authz.Share), "assessment", id)
		if err != nil {
			return err
		}
		if clinic, err = tx.FindClinicByInviteCode(ctx, strings.TrimSpace(inviteCode)); err != nil {
			if domain.ErrorCode(err) == domain.ENotFound {
				return invalid("invite_code", "is not a code any clinic here gave out")
			}
			return err
		}
		if rec.ClinicID != "" && rec.ClinicID != clinic.ID {
			// One clinic's record is never moved to another by a share.
			return &domain.Error{Code: domain.EConflict, Message: "This result is already shared with a clinic."}
		}
		if rec.OwnerID == "" {
			if err := tx.SetAssessmentOwner(ctx, id, actor.UserID); err != nil {
				return err
			}
		}
		if actor.RoleIn(clinic.ID) == "" {
			// Not the clinic's patient yet: an intake its staff accept
			// (the person becomes its patient) or decline with a message.
			if err := tx.PutIntake(ctx, &domain.Intake{ClinicID: clinic.ID, UserID: actor.UserID, AssessmentID: id}); err != nil {
				return err
			}
		}
		if err := tx.SetAssessmentClinic(ctx, id, clinic.ID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "share", "assessment:"+id, clinic.ID, actor.UserID)
	})
	return clinic, err
}

// decodeAssessment reads a stored assessment's input, through the one
// decoder of the contract, and its result.
func decodeAssessment(rec *domain.Assessment) (in clinical.Input, res clinical.Result, err error) {
	if in, err = clinical.Decode(rec.Input); err != nil {
		return in, res, fmt.Errorf("decoding the stored input of an assessment: %w", err)
	}
	if err := json.Unmarshal(rec.Result, &res); err != nil {
		return in, res, fmt.Errorf("decoding the stored result of an assessment: %w", err)
	}
	return in, res, nil
}

// InputError turns the clinical decoder's or validator's refusal into the
// domain's error: malformed for a body that is not JSON, invalid with a
// problem per field otherwise.
func InputError(err error) error {
	var ie *clinical.InputError
	if !errors.As(err, &ie) {
		return err // not the person's mistake: a 500, logged
	}
	if ie.Malformed {
		return &domain.Error{Code: domain.EMalformed, Message: ie.Error(), Err: err}
	}
	probs := make([]domain.Problem, len(ie.Problems))
	for i, p := range ie.Problems {
		probs[i] = domain.Problem{Field: p.Field, Problem: p.Problem}
	}
	return &domain.Error{Code: domain.EInvalid, Message: "Some answers could not be accepted.", Problems: probs,
		TotalProblems: ie.Total, Err: err}
}
