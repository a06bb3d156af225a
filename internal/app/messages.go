package app

// Messages: the private thread between a patient and their clinic's
// staff. A message is stored (in the transaction of its audit entry)
// before the sender is told it is sent; every read of a thread is audited
// and marks the other side's messages read.

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"unknot/internal/authz"
	"unknot/internal/domain"
	"unknot/internal/library"
)

// MessageStore is what the thread needs of a database.
type MessageStore interface {
	Auditor
	FindMembership(ctx context.Context, clinicID, userID string) (*domain.Membership, error)
	FindAssessmentByID(ctx context.Context, id string) (*domain.Assessment, error)
	PutMessage(ctx context.Context, m *domain.Message) error
	ListMessages(ctx context.Context, clinicID, userID string) ([]domain.Message, error)
	MarkMessagesRead(ctx context.Context, clinicID, userID string, byStaff bool, at time.Time) error
	UnreadFromPatients(ctx context.Context, clinicID string) (map[string]int, error)
	UnreadFromStaff(ctx context.Context, userID string) (map[string]int, error)
}

// Messages are the use cases of the thread between a patient and their
// clinic.
type Messages struct {
	unit[MessageStore]
	library *library.Library
}

// MaxMessageBytes bounds a message's text.
const MaxMessageBytes = 4096

// MessageInput is a message as the edges decoded it.
type MessageInput struct {
	Text    string
	RefKind string
	RefID   string
}

// Thread is a patient's thread with a clinic, oldest first.
type Thread struct {
	ClinicID string
	UserID   string
	Messages []domain.Message
	// Unread is how many of the other side's messages were new before
	// this read.
	Unread int
}

func checkMessage(in MessageInput) (MessageInput, error) {
	in.Text = strings.TrimSpace(in.Text)
	switch {
	case in.Text == "":
		return in, invalid("text", "is empty: write your message")
	case len(in.Text) > MaxMessageBytes || !utf8.ValidString(in.Text) || strings.IndexByte(in.Text, 0) >= 0:
		return in, invalid("text", "must be text of at most 4096 bytes, without NUL characters")
	}
	switch in.RefKind {
	case "":
		if in.RefID != "" {
			return in, invalid("ref_kind", "must be result, program or article when ref_id is given")
		}
	case domain.RefResult, domain.RefProgram, domain.RefArticle:
		if !validID(strings.ReplaceAll(in.RefID, "-", "")) {
			return in, invalid("ref_id", "must name the result, program or article")
		}
	default:
		return in, invalid("ref_kind", "must be result, program or article")
	}
	return in, nil
}

// threadOf checks that actor may act on patientID's thread with clinicID
// and that the patient is the clinic's.
func threadOf(ctx context.Context, tx interface {
	FindMembership(ctx context.Context, clinicID, userID string) (*domain.Membership, error)
}, actor domain.Actor, act authz.Action, clinicID, patientID string) error {
	if err := authz.Check(actor, act, authz.Resource{Kind: authz.KindThread, OwnerID: patientID, ClinicID: clinicID}); err != nil {
		return err
	}
	return patientOf(ctx, tx, clinicID, patientID)
}

// Send stores a message in patientID's thread with clinicID, from the
// patient or from the clinic's staff, and its audit entry, together.
func (s *Messages) Send(ctx context.Context, actor domain.Actor, clinicID, patientID string, in MessageInput) (m *domain.Message, err error) {
	defer domain.Wrap(&err, "Send")
	if in, err = checkMessage(in); err != nil {
		return nil, err
	}
	if in.RefKind == domain.RefArticle {
		if _, ok := s.library.Article(in.RefID); !ok {
			return nil, invalid("ref_id", "is not an article in the library")
		}
	}
	err = s.inTx(ctx, func(tx MessageStore) error {
		if err := threadOf(ctx, tx, actor, authz.Write, clinicID, patientID); err != nil {
			return err
		}
		if in.RefKind == domain.RefResult {
			rec, err := tx.FindAssessmentByID(ctx, in.RefID)
			if err != nil || rec.OwnerID != patientID || rec.ClinicID != clinicID {
				return invalid("ref_id", "is not one of the patient's results shared with the clinic")
			}
		}
		m = &domain.Message{ID: NewID(), ClinicID: clinicID, UserID: patientID, AuthorID: actor.UserID,
			FromStaff: actor.UserID != patientID, Text: in.Text, RefKind: in.RefKind, RefID: in.RefID}
		if err := tx.PutMessage(ctx, m); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "create", "message:"+m.ID, clinicID, patientID)
	})
	return m, err
}

// Thread returns patientID's thread with clinicID for the patient or the
// clinic's staff; the read is audited and marks the other side's messages
// read.
func (s *Messages) Thread(ctx context.Context, actor domain.Actor, clinicID, patientID string) (th *Thread, err error) {
	defer domain.Wrap(&err, "Thread")
	err = s.inTx(ctx, func(tx MessageStore) error {
		if err := threadOf(ctx, tx, actor, authz.Read, clinicID, patientID); err != nil {
			return err
		}
		list, err := tx.ListMessages(ctx, clinicID, patientID)
		if err != nil {
			return err
		}
		byStaff := actor.UserID != patientID
		th = &Thread{ClinicID: clinicID, UserID: patientID, Messages: list}
		for _, m := range list {
			if m.FromStaff != byStaff && m.ReadAt == nil {
				th.Unread++
			}
		}
		if th.Unread > 0 {
			if err := tx.MarkMessagesRead(ctx, clinicID, patientID, byStaff, tx.Now()); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, "read", "messages:"+patientID, clinicID, patientID)
	})
	return th, err
}

// UnreadForStaff counts, per patient, the messages the clinic's staff
// have not read, for the caseload.
func (s *Messages) UnreadForStaff(ctx context.Context, actor domain.Actor, clinicID string) (map[string]int, error) {
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	if actor.Token != nil {
		return nil, domain.Errorf(domain.EForbidden, "An API token cannot see the clinic's messages.")
	}
	return s.store.UnreadFromPatients(ctx, clinicID)
}

// UnreadForMe counts, per clinic, the staff's messages the signed-in
// person has not read.
func (s *Messages) UnreadForMe(ctx context.Context, actor domain.Actor) (map[string]int, error) {
	if err := personOnly(actor); err != nil {
		return nil, err
	}
	return s.store.UnreadFromStaff(ctx, actor.UserID)
}
