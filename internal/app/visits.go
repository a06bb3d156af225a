package app

// Visit requests: from a result that says to see a clinician, or from the
// diary's "book a visit", a patient asks their clinic for a visit with the
// times that suit them; the clinic's staff accept it (with a time) or
// decline it (with a message). One request, one answer. An accepted visit
// is in the patient's plan and its calendar feed.

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"unknot/internal/authz"
	"unknot/internal/domain"
)

// VisitStore is what visit requests need of a database.
type VisitStore interface {
	Auditor
	FindMembership(ctx context.Context, clinicID, userID string) (*domain.Membership, error)
	FindAssessmentByID(ctx context.Context, id string) (*domain.Assessment, error)
	PutVisit(ctx context.Context, v *domain.Visit) error
	AnswerVisit(ctx context.Context, v *domain.Visit) error
	FindVisit(ctx context.Context, clinicID, id string) (*domain.Visit, error)
	ClinicVisits(ctx context.Context, clinicID, userID string) ([]domain.Visit, error)
	VisitsOfUser(ctx context.Context, userID string) ([]domain.Visit, error)
	AcceptedVisits(ctx context.Context, userID string) ([]domain.Visit, error)
}

// Visits are the use cases of visit requests.
type Visits struct {
	unit[VisitStore]
}

// VisitRequest is a patient's request as the edges decoded it.
type VisitRequest struct {
	// Times is when suits the patient, in their own words.
	Times string
	Note  string
}

// VisitAnswer is the clinic's answer: Accept with At (and Minutes, 30
// when zero), or decline with Reply.
type VisitAnswer struct {
	Accept  bool
	At      time.Time
	Minutes int
	Reply   string
}

func shortText(field, s string, limit int) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > limit || !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		return s, invalid(field, "must be text of at most "+itoa(limit)+" bytes, without NUL characters")
	}
	return s, nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// Request asks the clinic the result assessmentID is shared with for a
// visit: the signed-in owner of the result only, a patient of that clinic.
func (s *Visits) Request(ctx context.Context, actor domain.Actor, assessmentID string, in VisitRequest) (v *domain.Visit, err error) {
	defer domain.Wrap(&err, "RequestVisit")
	if err := personOnly(actor); err != nil {
		return nil, err
	}
	times, err := shortText("times", in.Times, 500)
	if err != nil {
		return nil, err
	}
	if times == "" {
		return nil, invalid("times", "is empty: say which days and times suit you")
	}
	note, err := shortText("note", in.Note, MaxMessageBytes)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx VisitStore) error {
		rec, err := access(ctx, tx, actor, authz.Read, authz.KindHealth, "read", "assessment", assessmentID)
		if err != nil {
			return err
		}
		if rec.OwnerID != actor.UserID {
			return domain.Errorf(domain.ENotFound, "No such record.")
		}
		if rec.ClinicID == "" {
			return &domain.Error{Code: domain.EConflict, Message: "Share this result with your clinic first, then ask them for a visit."}
		}
		if err := threadOf(ctx, tx, actor, authz.Write, rec.ClinicID, actor.UserID); err != nil {
			return err
		}
		v = &domain.Visit{ID: NewID(), ClinicID: rec.ClinicID, UserID: actor.UserID, AssessmentID: rec.ID,
			Status: domain.VisitRequested, Times: times, Note: note}
		if err := tx.PutVisit(ctx, v); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "create", "visit:"+v.ID, rec.ClinicID, actor.UserID)
	})
	return v, err
}

// Answer records the clinic's answer to a visit request, by its
// therapists and admins.
func (s *Visits) Answer(ctx context.Context, actor domain.Actor, clinicID, visitID string, in VisitAnswer) (v *domain.Visit, err error) {
	defer domain.Wrap(&err, "AnswerVisit")
	if !validID(visitID) {
		return nil, domain.Errorf(domain.ENotFound, "No such visit request.")
	}
	reply, err := shortText("reply", in.Reply, MaxMessageBytes)
	if err != nil {
		return nil, err
	}
	if in.Accept {
		if in.At.IsZero() {
			return nil, invalid("at", "is needed to accept: the visit's date and time")
		}
		if in.Minutes == 0 {
			in.Minutes = 30
		}
		if in.Minutes < 5 || in.Minutes > 240 {
			return nil, invalid("minutes", "must be from 5 to 240")
		}
	} else if reply == "" {
		return nil, invalid("reply", "is needed to decline: tell the patient why and what to do")
	}
	err = s.inTx(ctx, func(tx VisitStore) error {
		found, err := tx.FindVisit(ctx, clinicID, visitID)
		if err != nil {
			if domain.ErrorCode(err) == domain.ENotFound {
				// Whether another clinic has such a request is not told.
				if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
					return err
				}
			}
			return err
		}
		if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindThread, OwnerID: found.UserID, ClinicID: clinicID}); err != nil {
			return err
		}
		if actor.UserID == found.UserID {
			return domain.Errorf(domain.EForbidden, "The clinic answers a visit request, not the patient.")
		}
		if in.At.Before(tx.Now()) && in.Accept {
			return invalid("at", "is in the past")
		}
		v = found
		v.Reply, v.AnsweredBy = reply, actor.UserID
		if in.Accept {
			at := in.At.UTC()
			v.Status, v.At, v.Minutes = domain.VisitAccepted, &at, in.Minutes
		} else {
			v.Status = domain.VisitDeclined
		}
		if err := tx.AnswerVisit(ctx, v); err != nil {
			return err
		}
		return audit(ctx, tx, actor, v.Status, "visit:"+v.ID, clinicID, v.UserID)
	})
	return v, err
}

// Mine lists the signed-in person's visit requests with every clinic,
// newest first; the read is audited.
func (s *Visits) Mine(ctx context.Context, actor domain.Actor) (list []domain.Visit, err error) {
	if err := personOnly(actor); err != nil {
		return nil, err
	}
	err = s.audited(ctx, func(tx VisitStore) error {
		if list, err = tx.VisitsOfUser(ctx, actor.UserID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "read", "visits:"+actor.UserID, "", actor.UserID)
	})
	return list, err
}

// OfClinic lists the clinic's visit requests (one patient's when
// patientID is set), for its therapists and admins; audited.
func (s *Visits) OfClinic(ctx context.Context, actor domain.Actor, clinicID, patientID string) (list []domain.Visit, err error) {
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	err = s.audited(ctx, func(tx VisitStore) error {
		if patientID != "" {
			if err := patientOf(ctx, tx, clinicID, patientID); err != nil {
				return err
			}
		}
		if list, err = tx.ClinicVisits(ctx, clinicID, patientID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "read", "visits:"+clinicID, clinicID, patientID)
	})
	return list, err
}

// ForRecord lists the accepted visits of a result's owner with the clinic
// it is shared with, for whoever may read the result (its plan page and
// calendar feed show them); audited with the read.
func (s *Visits) ForRecord(ctx context.Context, actor domain.Actor, assessmentID string) (list []domain.Visit, err error) {
	err = s.audited(ctx, func(tx VisitStore) error {
		rec, err := access(ctx, tx, actor, authz.Read, authz.KindHealth, "read", "assessment", assessmentID)
		if err != nil {
			return err
		}
		if rec.OwnerID == "" || rec.ClinicID == "" {
			return nil
		}
		all, err := tx.AcceptedVisits(ctx, rec.OwnerID)
		if err != nil {
			return err
		}
		for _, v := range all {
			if v.ClinicID == rec.ClinicID {
				list = append(list, v)
			}
		}
		if len(list) == 0 {
			return nil
		}
		return audit(ctx, tx, actor, "read", "visits:"+rec.OwnerID, rec.ClinicID, rec.OwnerID)
	})
	return list, err
}
