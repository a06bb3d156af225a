package app

import (
	"context"
	"time"

	"unknot/internal/authz"
	"unknot/internal/domain"
	"unknot/internal/notes"
)

// NoteStore is what the session-note use cases need of a database.
type NoteStore interface {
	Auditor
	FindMembership(ctx context.Context, clinicID, userID string) (*domain.Membership, error)
	CreateSessionNote(ctx context.Context, n *notes.Note) error
	UpdateSessionNote(ctx context.Context, n *notes.Note) error
	SignSessionNote(ctx context.Context, clinicID, id, by string, at time.Time) error
	FindSessionNote(ctx context.Context, clinicID, id string) (*notes.Note, error)
	ListSessionNotes(ctx context.Context, clinicID, userID string) ([]notes.Note, error)
	AddAddendum(ctx context.Context, a *notes.Addendum) error
	SetTherapist(ctx context.Context, clinicID, userID, therapistID string) error
	Departed(ctx context.Context, clinicID, userID string) (bool, error)
}

// Notes are the use cases of a treatment session's note: a draft until
// its author signs it, immutable after, corrected by addenda.
type Notes struct {
	unit[NoteStore]
}

// NoteInput is what a therapist writes in a note. Template, when set on a
// new note, names the visit type whose template fills what is left empty.
type NoteInput struct {
	Date            string
	DurationMinutes int
	Body            notes.Body
	Template        string
}

func noteProblems(in NoteInput) error {
	probs := notes.Check(in.Date, in.DurationMinutes, in.Body)
	if len(probs) == 0 {
		return nil
	}
	e := &domain.Error{Code: domain.EInvalid, Message: "Please check the note."}
	for _, p := range probs {
		e.Problems = append(e.Problems, domain.Problem{Field: p.Field, Problem: p.Problem})
	}
	return e
}

// withTemplate fills a new note's empty parts from its visit type's template.
func withTemplate(in NoteInput) (NoteInput, error) {
	if in.Template == "" {
		return in, nil
	}
	t, ok := notes.VisitTypes[in.Template]
	if !ok {
		return in, invalid("template", "must be one of the visit types")
	}
	if in.DurationMinutes == 0 {
		in.DurationMinutes = t.DurationMinutes
	}
	b := &in.Body
	if b.VisitType == "" {
		b.VisitType = t.Body.VisitType
	}
	if len(b.Interventions) == 0 {
		b.Interventions = append([]notes.Intervention(nil), t.Body.Interventions...)
	}
	if b.PlanNext == "" {
		b.PlanNext = t.Body.PlanNext
	}
	return in, nil
}

func noteResource(clinicID, owner string) authz.Resource {
	return authz.Resource{Kind: authz.KindNote, OwnerID: owner, ClinicID: clinicID}
}

// Create writes a new draft note for a patient of the clinic.
func (s *Notes) Create(ctx context.Context, actor domain.Actor, clinicID, patientID string, in NoteInput) (n *notes.Note, err error) {
	defer domain.Wrap(&err, "CreateNote")
	if err := authz.Check(actor, authz.Write, noteResource(clinicID, actor.UserID)); err != nil {
		return nil, err
	}
	if in, err = withTemplate(in); err != nil {
		return nil, err
	}
	if in.Body.Findings == nil {
		in.Body.Findings = []notes.Finding{}
	}
	if in.Body.Interventions == nil {
		in.Body.Interventions = []notes.Intervention{}
	}
	err = s.inTx(ctx, func(tx NoteStore) error {
		if err := patientOf(ctx, tx, clinicID, patientID); err != nil {
			return err
		}
		if in.Date == "" {
			in.Date = tx.Now().Format("2006-01-02")
		}
		if err := noteProblems(in); err != nil {
			return err
		}
		n = &notes.Note{ID: NewID(), ClinicID: clinicID, PatientID: patientID, AuthorID: actor.UserID, Date: in.Date,
			DurationMinutes: in.DurationMinutes, Body: in.Body, Addenda: []notes.Addendum{}}
		if err := tx.CreateSessionNote(ctx, n); err != nil {
			return err
		}
		if actor.RoleIn(clinicID) == domain.RoleTherapist {
			if err := tx.SetTherapist(ctx, clinicID, patientID, actor.UserID); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, "create", "note:"+n.ID, clinicID, patientID)
	})
	return n, err
}

// find is one audited read of a note, after the clinic's policy allows act.
func (s *Notes) find(ctx context.Context, tx NoteStore, actor domain.Actor, clinicID, id, action string) (*notes.Note, error) {
	if err := authz.Check(actor, authz.Read, noteResource(clinicID, "")); err != nil {
		return nil, err
	}
	if !validID(id) {
		return nil, domain.Errorf(domain.ENotFound, "No session note with that id.")
	}
	n, err := tx.FindSessionNote(ctx, clinicID, id)
	if err != nil {
		return nil, err
	}
	return n, audit(ctx, tx, actor, action, "note:"+n.ID, clinicID, n.PatientID)
}

// Get returns one of the clinic's notes with its addenda; the read is audited.
func (s *Notes) Get(ctx context.Context, actor domain.Actor, clinicID, id string) (n *notes.Note, err error) {
	err = s.inTx(ctx, func(tx NoteStore) error {
		n, err = s.find(ctx, tx, actor, clinicID, id, "read")
		return err
	})
	return n, err
}

// List returns a patient's notes, newest first; each note read is
// audited. For a patient who left the clinic, their signed notes (the
// drafts went when they left).
func (s *Notes) List(ctx context.Context, actor domain.Actor, clinicID, patientID string) (list []notes.Note, err error) {
	if err := authz.Check(actor, authz.Read, noteResource(clinicID, "")); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx NoteStore) error {
		if err := patientOf(ctx, tx, clinicID, patientID); err != nil {
			// Someone who left the clinic: it keeps their signed notes,
			// read under the audit, and nothing else.
			if left, derr := tx.Departed(ctx, clinicID, patientID); derr != nil || !left || !validID(patientID) {
				return err
			}
		}
		if list, err = tx.ListSessionNotes(ctx, clinicID, patientID); err != nil {
			return err
		}
		return auditNotes(ctx, tx, actor, clinicID, patientID, list)
	})
	return list, err
}

func auditNotes(ctx context.Context, tx Auditor, actor domain.Actor, clinicID, patientID string, list []notes.Note) error {
	for _, n := range list {
		if err := audit(ctx, tx, actor, "read", "note:"+n.ID, clinicID, patientID); err != nil {
			return err
		}
	}
	return nil
}

// Update changes a draft note. A signed note is refused (conflict): it
// never changes; an addendum corrects it.
func (s *Notes) Update(ctx context.Context, actor domain.Actor, clinicID, id string, in NoteInput) (n *notes.Note, err error) {
	defer domain.Wrap(&err, "UpdateNote")
	if err := authz.Check(actor, authz.Write, noteResource(clinicID, actor.UserID)); err != nil {
		return nil, err
	}
	if in.Body.Findings == nil {
		in.Body.Findings = []notes.Finding{}
	}
	if in.Body.Interventions == nil {
		in.Body.Interventions = []notes.Intervention{}
	}
	err = s.inTx(ctx, func(tx NoteStore) error {
		if n, err = s.find(ctx, tx, actor, clinicID, id, "update"); err != nil {
			return err
		}
		if n.Signed() {
			return signedConflict()
		}
		if err := noteProblems(in); err != nil {
			return err
		}
		n.Date, n.DurationMinutes, n.Body = in.Date, in.DurationMinutes, in.Body
		return tx.UpdateSessionNote(ctx, n)
	})
	return n, err
}

func signedConflict() error {
	return domain.Errorf(domain.EConflict, "This note is signed and cannot be changed. Add an addendum to correct it.")
}

// Sign signs a draft note, by its author: from then on it never changes.
func (s *Notes) Sign(ctx context.Context, actor domain.Actor, clinicID, id string) (n *notes.Note, err error) {
	defer domain.Wrap(&err, "SignNote")
	err = s.inTx(ctx, func(tx NoteStore) error {
		if n, err = s.find(ctx, tx, actor, clinicID, id, "sign"); err != nil {
			return err
		}
		if err := authz.Check(actor, authz.Sign, noteResource(clinicID, n.AuthorID)); err != nil {
			return err
		}
		if n.Signed() {
			return signedConflict()
		}
		at := tx.Now()
		if err := tx.SignSessionNote(ctx, clinicID, id, actor.UserID, at); err != nil {
			return err
		}
		n.SignedAt, n.SignedBy = &at, actor.UserID
		return nil
	})
	return n, err
}

// AddAddendum corrects or adds to a signed note, with who and when; a
// draft is edited instead (conflict).
func (s *Notes) AddAddendum(ctx context.Context, actor domain.Actor, clinicID, id, text string) (a *notes.Addendum, err error) {
	defer domain.Wrap(&err, "AddAddendum")
	if err := authz.Check(actor, authz.Write, noteResource(clinicID, actor.UserID)); err != nil {
		return nil, err
	}
	if probs := notes.CheckAddendum(text); len(probs) > 0 {
		return nil, invalid(probs[0].Field, probs[0].Problem)
	}
	err = s.inTx(ctx, func(tx NoteStore) error {
		n, err := s.find(ctx, tx, actor, clinicID, id, "addendum")
		if err != nil {
			return err
		}
		if !n.Signed() {
			return domain.Errorf(domain.EConflict, "This note is a draft: change it instead, and sign it when it is right.")
		}
		a = &notes.Addendum{ID: NewID(), NoteID: n.ID, AuthorID: actor.UserID, Text: text, At: tx.Now()}
		return tx.AddAddendum(ctx, a)
	})
	return a, err
}
