package app

// Joining and leaving a clinic by consent. An admin's "add" is an
// invitation: the answer is the same whatever the address (the lookup
// and the mail run after it, in the queue sign-in links use), a new
// address gets a link to join with its role, an existing account a
// request it sees on its account page and in its mail. Nobody is a
// member until they accept. A result shared with a clinic by someone not
// its patient is an intake its staff accept or decline. A person leaves a
// clinic when they choose; it keeps their signed session notes.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"unknot/internal/authz"
	"unknot/internal/domain"
	umail "unknot/internal/mail"
)

// JoinStore is what joining and leaving need of a database.
type JoinStore interface {
	Auditor
	FindUserByEmail(ctx context.Context, email string) (*domain.User, error)
	FindUserByID(ctx context.Context, id string) (*domain.User, error)
	FindClinicByID(ctx context.Context, id string) (*domain.Clinic, error)
	FindMembership(ctx context.Context, clinicID, userID string) (*domain.Membership, error)
	PutMembership(ctx context.Context, m *domain.Membership) error
	PutInvitation(ctx context.Context, in *domain.Invitation) error
	FindInvitationByToken(ctx context.Context, hash string) (*domain.Invitation, error)
	FindInvitation(ctx context.Context, id string) (*domain.Invitation, error)
	OpenInvitations(ctx context.Context, email string, now time.Time) ([]domain.Invitation, error)
	AnswerInvitation(ctx context.Context, id string, accept bool, at time.Time) error
	PendingIntakes(ctx context.Context, clinicID string) ([]domain.Intake, error)
	IntakesOfUser(ctx context.Context, userID string) ([]domain.Intake, error)
	DecideIntake(ctx context.Context, in *domain.Intake) error
	LeaveClinic(ctx context.Context, clinicID, userID string) error
}

// Joins are the use cases of joining a clinic by consent and leaving it.
type Joins struct {
	unit[JoinStore]
	accounts *Accounts // the queue and the mail sign-in links use
}

// InvitationTTL is how long an invitation's link works.
const InvitationTTL = 14 * 24 * time.Hour

// Invite asks email to join the admin's clinic with role. It answers
// before looking the address up: the same answer, in the same time,
// whether or not the address has an account.
func (s *Joins) Invite(ctx context.Context, actor domain.Actor, clinicID, email string, role domain.Role) error {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return err
	}
	if !role.Valid() {
		return invalid("role", "must be patient, therapist or admin")
	}
	addr, err := checkEmail(email)
	if err != nil {
		return err
	}
	return s.accounts.enqueue(ctx, nil, InviteJob{ClinicID: clinicID, Email: addr, Role: role,
		ActorID: actor.UserID, ActorAddress: actor.Address}, time.Time{})
}

// InviteJob makes and mails one invitation, after Invite's answer.
type InviteJob struct {
	ClinicID     string      `json:"clinic_id"`
	Email        string      `json:"email"`
	Role         domain.Role `json:"role"`
	ActorID      string      `json:"actor_id"`
	ActorAddress string      `json:"actor_address"`
}

// Kind names the job.
func (InviteJob) Kind() string { return "invite" }

// SendInvite is InviteJob's work: the invitation and its audit entry in
// one transaction, then the mail (a link for a new address, a request
// for an existing account). The link's secret is made here, never stored
// in the job.
func (s *Joins) SendInvite(ctx context.Context, j InviteJob) error {
	acc := s.accounts
	actor := domain.Actor{ID: j.ActorID, UserID: j.ActorID, Address: j.ActorAddress}
	clinicID, addr, role := j.ClinicID, j.Email, j.Role
	var msg umail.Message
	err := s.inTx(ctx, func(tx JoinStore) error {
		c, err := tx.FindClinicByID(ctx, clinicID)
		if err != nil {
			return err
		}
		secret := newSecret()
		in := &domain.Invitation{ID: NewID(), ClinicID: clinicID, Email: addr, Role: role, TokenHash: hashSecret(secret),
			InvitedBy: actor.UserID, ExpiresAt: tx.Now().Add(InvitationTTL)}
		u, err := tx.FindUserByEmail(ctx, addr)
		switch {
		case err == nil:
			if m, err := tx.FindMembership(ctx, clinicID, u.ID); err == nil && m.Role == role {
				return nil // already a member with that role: nothing to ask
			}
		case domain.ErrorCode(err) != domain.ENotFound:
			return err
		}
		if err := tx.PutInvitation(ctx, in); err != nil {
			return err
		}
		link := acc.baseURL + "/join/" + secret
		what := roleWords[role]
		if u != nil {
			msg = umail.Message{To: addr, Subject: c.Name + " asks you to join them on unknot",
				Text: fmt.Sprintf("%s asks you to join them on unknot as %s. Nothing changes until you say yes.\n\n"+
					"To answer, sign in and open your account page, or open this link within 14 days:\n\n%s\n\nIf you do not want to join, you can ignore this email.", c.Name, what, link)}
		} else {
			msg = umail.Message{To: addr, Subject: "An invitation to join " + c.Name + " on unknot",
				Text: fmt.Sprintf("%s invites you to join them on unknot as %s.\n\n"+
					"Open this link within 14 days. It asks you to make an account with this email first:\n\n%s\n\nIf this means nothing to you, you can ignore this email.", c.Name, what, link)}
		}
		return audit(ctx, tx, actor, "invite:"+string(role), "invitation:"+in.ID, clinicID, "")
	})
	if err != nil || msg.To == "" {
		return err
	}
	return acc.mail(ctx, msg)
}

var roleWords = map[domain.Role]string{domain.RolePatient: "a patient", domain.RoleTherapist: "a therapist", domain.RoleAdmin: "an admin"}

// InvitationView is an invitation as its person sees it.
type InvitationView struct {
	domain.Invitation
	ClinicName string
}

// Invitations lists the open invitations to the signed-in person's email.
func (s *Joins) Invitations(ctx context.Context, actor domain.Actor) (list []InvitationView, err error) {
	if err := personOnly(actor); err != nil {
		return nil, err
	}
	err = s.audited(ctx, func(tx JoinStore) error {
		u, err := tx.FindUserByID(ctx, actor.UserID)
		if err != nil {
			return err
		}
		open, err := tx.OpenInvitations(ctx, u.Email, tx.Now())
		if err != nil {
			return err
		}
		for _, in := range open {
			v := InvitationView{Invitation: in}
			v.TokenHash = ""
			if c, err := tx.FindClinicByID(ctx, in.ClinicID); err == nil {
				v.ClinicName = c.Name
			}
			list = append(list, v)
		}
		return nil
	})
	return list, err
}

// InvitationByLink returns the invitation a link's secret opens, for its
// page; anyone holding the link may see which clinic and role it is for.
func (s *Joins) InvitationByLink(ctx context.Context, secret string) (*InvitationView, error) {
	in, err := s.store.FindInvitationByToken(ctx, hashSecret(secret))
	if err != nil || in.AcceptedAt != nil || in.DeclinedAt != nil || !in.ExpiresAt.After(s.store.Now()) {
		return nil, domain.Errorf(domain.ENotFound, "This invitation link does not work: it is used, stopped or too old. Ask the clinic for a new one.")
	}
	v := &InvitationView{Invitation: *in}
	v.TokenHash = ""
	if c, err := s.store.FindClinicByID(ctx, in.ClinicID); err == nil {
		v.ClinicName = c.Name
	}
	return v, nil
}

// Answer accepts or declines an invitation by its id (from the account
// page) or by its link's secret: only the account whose email it was sent
// to may, and only once. Accepting makes the membership.
func (s *Joins) Answer(ctx context.Context, actor domain.Actor, id, secret string, accept bool) (in *domain.Invitation, err error) {
	defer domain.Wrap(&err, "AnswerInvitation")
	if err := personOnly(actor); err != nil {
		return nil, err
	}
	gone := domain.Errorf(domain.ENotFound, "There is no such invitation for you.")
	if secret == "" && !validID(id) {
		return nil, gone
	}
	err = s.inTx(ctx, func(tx JoinStore) error {
		if secret != "" {
			in, err = tx.FindInvitationByToken(ctx, hashSecret(secret))
		} else {
			in, err = tx.FindInvitation(ctx, id)
		}
		if domain.ErrorCode(err) == domain.ENotFound {
			return gone
		} else if err != nil {
			return err
		}
		u, err := tx.FindUserByID(ctx, actor.UserID)
		if err != nil {
			return err
		}
		if !strings.EqualFold(u.Email, in.Email) {
			return gone // not for this account: whose it is, is not told
		}
		if authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindMembership, OwnerID: u.ID}) != nil {
			return gone
		}
		if !in.ExpiresAt.After(tx.Now()) {
			return &domain.Error{Code: domain.EConflict, Message: "This invitation is too old. Ask the clinic for a new one."}
		}
		if err := tx.AnswerInvitation(ctx, in.ID, accept, tx.Now()); err != nil {
			return err
		}
		action := "decline"
		if accept {
			action = "accept"
			if err := tx.PutMembership(ctx, &domain.Membership{ClinicID: in.ClinicID, UserID: u.ID, Role: in.Role}); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, action, "invitation:"+in.ID, in.ClinicID, u.ID)
	})
	return in, err
}

// Leave ends the signed-in person's membership of a clinic. The clinic
// keeps their signed session notes, read under the audit, and loses
// everything else: their results are no longer shared with it.
func (s *Joins) Leave(ctx context.Context, actor domain.Actor, clinicID string) error {
	if err := personOnly(actor); err != nil {
		return err
	}
	if err := authz.Check(actor, authz.Delete, authz.Resource{Kind: authz.KindMembership, OwnerID: actor.UserID, ClinicID: clinicID}); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx JoinStore) error {
		if actor.RoleIn(clinicID) == "" {
			return domain.Errorf(domain.ENotFound, "You are not a member of that clinic.")
		}
		if err := tx.LeaveClinic(ctx, clinicID, actor.UserID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "leave", "membership:"+actor.UserID, clinicID, actor.UserID)
	})
}

// Intakes lists the results shared with the clinic by people not yet its
// patients, waiting for its answer; audited.
func (s *Joins) Intakes(ctx context.Context, actor domain.Actor, clinicID string) (list []IntakeView, err error) {
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	err = s.audited(ctx, func(tx JoinStore) error {
		pending, err := tx.PendingIntakes(ctx, clinicID)
		if err != nil {
			return err
		}
		for _, in := range pending {
			v := IntakeView{Intake: in}
			if u, err := tx.FindUserByID(ctx, in.UserID); err == nil {
				v.Name, v.Email = u.Name, u.Email
			}
			list = append(list, v)
		}
		return audit(ctx, tx, actor, "read", "intakes:"+clinicID, clinicID, "")
	})
	return list, err
}

// IntakeView is an intake with who shared the result, for the clinic.
type IntakeView struct {
	domain.Intake
	Name, Email string
}

// AnswerIntake accepts an intake (the person becomes the clinic's
// patient) or declines it with a message the person reads (their results
// are no longer shared with the clinic).
func (s *Joins) AnswerIntake(ctx context.Context, actor domain.Actor, clinicID, patientID string, accept bool, message string) (in *domain.Intake, err error) {
	defer domain.Wrap(&err, "AnswerIntake")
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	if !validID(patientID) {
		return nil, domain.Errorf(domain.ENotFound, "No such intake.")
	}
	if message, err = shortText("message", message, MaxMessageBytes); err != nil {
		return nil, err
	}
	if !accept && message == "" {
		return nil, invalid("message", "is needed to decline: tell the person why and where to go")
	}
	err = s.inTx(ctx, func(tx JoinStore) error {
		in = &domain.Intake{ClinicID: clinicID, UserID: patientID, Message: message, DecidedBy: actor.UserID, Status: domain.IntakeDeclined}
		if accept {
			in.Status = domain.IntakeAccepted
		}
		if err := tx.DecideIntake(ctx, in); err != nil {
			return err
		}
		if accept {
			if err := tx.PutMembership(ctx, &domain.Membership{ClinicID: clinicID, UserID: patientID, Role: domain.RolePatient}); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, "intake-"+in.Status, "intake:"+patientID, clinicID, patientID)
	})
	return in, err
}

// MyIntakes lists the signed-in person's shared results waiting for a
// clinic's answer, and the answers (with a decline's message).
func (s *Joins) MyIntakes(ctx context.Context, actor domain.Actor) (list []domain.Intake, err error) {
	if err := personOnly(actor); err != nil {
		return nil, err
	}
	return s.store.IntakesOfUser(ctx, actor.UserID)
}
