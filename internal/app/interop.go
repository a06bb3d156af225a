package app

import (
	"cmp"
	"context"
	"strings"

	"unknot/internal/authz"
	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/fhir"
	"unknot/internal/notes"
	"unknot/internal/outcome"
	"unknot/internal/program"
)

// InteropStore is what the FHIR export and import and the research
// exports need of a database.
type InteropStore interface {
	Auditor
	FindUserByID(ctx context.Context, id string) (*domain.User, error)
	FindUserByEmail(ctx context.Context, email string) (*domain.User, error)
	MembershipsOfUser(ctx context.Context, userID string) ([]domain.Membership, error)
	FindMembership(ctx context.Context, clinicID, userID string) (*domain.Membership, error)
	MembersOfClinic(ctx context.Context, clinicID string) ([]domain.Member, error)
	ListAssessments(ctx context.Context, f domain.AssessmentFilter) ([]domain.Assessment, error)
	ListCheckins(ctx context.Context, f domain.CheckinFilter) ([]diary.Checkin, error)
	ListOutcomes(ctx context.Context, f domain.OutcomeFilter) ([]outcome.Response, error)
	ListProgramVersions(ctx context.Context, clinicID, userID string) ([]program.Version, error)
	ListSessionNotes(ctx context.Context, clinicID, userID string) ([]notes.Note, error)
	ImportStore
}

// Interop is interoperability: a person's record as a FHIR R4 Bundle (for
// the person, their clinic, and the CLI), FHIR import into a clinic, and
// research exports.
type Interop struct {
	unit[InteropStore]
	instruments *outcome.Set
	// base is the absolute URL the Bundle's fullUrls start with.
	base string
}

// scope is whose records go into a Bundle: the person's everywhere, or
// only what they shared with one clinic.
type scope struct {
	clinicID string
}

// FHIRForMe is the actor's own record as a Bundle: every assessment they
// keep and every clinic's program and signed notes about them.
func (s *Interop) FHIRForMe(ctx context.Context, actor domain.Actor) (b *fhir.Bundle, err error) {
	defer domain.Wrap(&err, "FHIRForMe")
	if err := authz.Check(actor, authz.Export, authz.Resource{Kind: authz.KindAccount, OwnerID: actor.UserID}); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx InteropStore) error {
		b, err = s.bundle(ctx, tx, actor.UserID, scope{})
		if err != nil {
			return err
		}
		return audit(ctx, tx, actor, "export", "fhir:"+actor.UserID, "", actor.UserID)
	})
	return b, err
}

// FHIRForPatient is a clinic's patient's record as the clinic holds it:
// what the patient shared with it, its programs and signed notes.
func (s *Interop) FHIRForPatient(ctx context.Context, actor domain.Actor, clinicID, patientID string) (b *fhir.Bundle, err error) {
	defer domain.Wrap(&err, "FHIRForPatient(%q)", patientID)
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindChart, OwnerID: patientID, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx InteropStore) error {
		if err := patientOf(ctx, tx, clinicID, patientID); err != nil {
			return err
		}
		b, err = s.bundle(ctx, tx, patientID, scope{clinicID: clinicID})
		if err != nil {
			return err
		}
		return audit(ctx, tx, actor, "export", "fhir:"+patientID, clinicID, patientID)
	})
	return b, err
}

// FHIRForEmail is `unknot export fhir --email E`: whoever runs the binary
// on the database holds all of it already, so there is no actor to
// authorise; the read is audited as the command line's.
func (s *Interop) FHIRForEmail(ctx context.Context, email string) (b *fhir.Bundle, err error) {
	defer domain.Wrap(&err, "FHIRForEmail")
	err = s.inTx(ctx, func(tx InteropStore) error {
		u, err := tx.FindUserByEmail(ctx, strings.TrimSpace(email))
		if err != nil {
			return err
		}
		if b, err = s.bundle(ctx, tx, u.ID, scope{}); err != nil {
			return err
		}
		return audit(ctx, tx, domain.Actor{ID: "cli", Address: "cli"}, "export", "fhir:"+u.ID, "", u.ID)
	})
	return b, err
}

// bundle gathers the record in the caller's transaction and maps it.
func (s *Interop) bundle(ctx context.Context, tx InteropStore, userID string, sc scope) (*fhir.Bundle, error) {
	u, err := tx.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	rec := fhir.Record{Patient: *u, Instruments: s.instruments.All()}
	rec.Patient.PasswordHash = ""
	all, err := tx.ListAssessments(ctx, domain.AssessmentFilter{OwnerID: userID, Limit: 10000})
	if err != nil {
		return nil, err
	}
	kept := map[string]bool{}
	for _, a := range all {
		if sc.clinicID == "" || a.ClinicID == sc.clinicID {
			rec.Assessments = append(rec.Assessments, a)
			kept[a.ID] = true
		}
	}
	checkins, err := tx.ListCheckins(ctx, domain.CheckinFilter{UserID: userID})
	if err != nil {
		return nil, err
	}
	for _, c := range checkins {
		if kept[c.AssessmentID] {
			rec.Checkins = append(rec.Checkins, fhir.Checkin{AssessmentID: c.AssessmentID, Entry: c.Entry})
		}
	}
	for _, a := range rec.Assessments {
		out, err := tx.ListOutcomes(ctx, domain.OutcomeFilter{AssessmentID: a.ID})
		if err != nil {
			return nil, err
		}
		rec.Outcomes = append(rec.Outcomes, out...)
	}
	clinics := []string{sc.clinicID}
	if sc.clinicID == "" {
		ms, err := tx.MembershipsOfUser(ctx, userID)
		if err != nil {
			return nil, err
		}
		clinics = clinics[:0]
		for _, m := range ms {
			if m.Role == domain.RolePatient {
				clinics = append(clinics, m.ClinicID)
			}
		}
	}
	for _, c := range clinics {
		vs, err := tx.ListProgramVersions(ctx, c, userID)
		if err != nil {
			return nil, err
		}
		rec.Programs = append(rec.Programs, vs...)
		ns, err := tx.ListSessionNotes(ctx, c, userID)
		if err != nil {
			return nil, err
		}
		rec.Notes = append(rec.Notes, ns...)
	}
	b, err := fhir.Export(rec, cmp.Or(s.base, "http://unknot.invalid")+"/fhir", tx.Now())
	if err != nil {
		return nil, err
	}
	return &b, nil
}
