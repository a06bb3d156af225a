package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"unknot/internal/authz"
	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/outcome"
)

// AccountStore is what the account use cases need of a database.
type AccountStore interface {
	Auditor
	sessionStore
	CreateUser(ctx context.Context, u *domain.User) error
	FindUserByID(ctx context.Context, id string) (*domain.User, error)
	FindUserByEmail(ctx context.Context, email string) (*domain.User, error)
	ConfirmUser(ctx context.Context, userID string) error
	RenewUnconfirmedUser(ctx context.Context, userID, name, passwordHash string) error
	CreateKnownDevice(ctx context.Context, hash, userID string) error
	KnownDeviceUser(ctx context.Context, hash string) (string, error)
	ForgetKnownDevice(ctx context.Context, hash string) error
	UpdatePassword(ctx context.Context, userID, hash string) error
	DeleteUser(ctx context.Context, userID, pseudonym string) error
	FindClinicByInviteCode(ctx context.Context, code string) (*domain.Clinic, error)
	PutMembership(ctx context.Context, m *domain.Membership) error
	MembershipsOfUser(ctx context.Context, userID string) ([]domain.Membership, error)
	ClinicNames(ctx context.Context, userID string) (map[string]string, error)
	ListAssessments(ctx context.Context, f domain.AssessmentFilter) ([]domain.Assessment, error)
	ListAudit(ctx context.Context, f domain.AuditFilter) ([]domain.AuditEntry, error)
	ListCheckins(ctx context.Context, f domain.CheckinFilter) ([]diary.Checkin, error)
	ListOutcomes(ctx context.Context, f domain.OutcomeFilter) ([]outcome.Response, error)

	FindSession(ctx context.Context, idHash string) (*domain.Session, error)
	DeleteSession(ctx context.Context, idHash string) error
	DeleteUserSessions(ctx context.Context, userID string) error
	CreateOneTimeToken(ctx context.Context, t *domain.OneTimeToken) error
	UseOneTimeToken(ctx context.Context, hash, purpose string) (string, error)
	PeekOneTimeToken(ctx context.Context, hash, purpose string) (string, error)
	SignInLock(ctx context.Context, key string) (time.Time, int, error)
	RecordSignInFailure(ctx context.Context, key string, lockFor func(int) time.Duration) error
	ClearSignInFailures(ctx context.Context, key string) error
	FindAPIToken(ctx context.Context, id string) (*domain.APIToken, error)
	TouchAPIToken(ctx context.Context, id string) error
}

// sessionStore is what making a session needs.
type sessionStore interface {
	Clocked
	CreateSession(ctx context.Context, s *domain.Session) error
}

// sessionMaker makes sign-in sessions of one lifetime.
type sessionMaker struct{ ttl time.Duration }

// create stores a new session for userID in tx and returns its secret for
// the cookie.
func (m *sessionMaker) create(ctx context.Context, tx sessionStore, userID string) (string, error) {
	secret := newSecret()
	now := tx.Now()
	err := tx.CreateSession(ctx, &domain.Session{IDHash: hashSecret(secret), UserID: userID, CreatedAt: now, ExpiresAt: now.Add(m.ttl)})
	return secret, err
}

// Accounts are the use cases of a person's account: signing up and in,
// links by email, their own data.
type Accounts struct {
	unit[AccountStore]
	now       func() time.Time
	baseURL   string
	mailer    Mailer
	hasher    *hasher
	sessions  *sessionMaker
	dummyHash func() string
	// queue runs sign-up and link work after the answer (background.go);
	// mailCap bounds the mail one address gets from it.
	queue
	mailCap *recipientCap
	logger  *slog.Logger
}

// ActorForSession returns the signed-in actor of a session secret, or
// unauthorized when the session is unknown or expired.
func (s *Accounts) ActorForSession(ctx context.Context, secret, address string) (domain.Actor, error) {
	anon := domain.Actor{ID: "anonymous", Address: address}
	if secret == "" || len(secret) > 100 {
		return anon, domain.Errorf(domain.EUnauthorized, "Please sign in.")
	}
	sess, err := s.store.FindSession(ctx, hashSecret(secret))
	if err != nil {
		if domain.ErrorCode(err) == domain.ENotFound {
			return anon, domain.Errorf(domain.EUnauthorized, "Your session has ended. Please sign in again.")
		}
		return anon, err
	}
	u, err := s.store.FindUserByID(ctx, sess.UserID)
	if err != nil {
		return anon, err
	}
	ms, err := s.store.MembershipsOfUser(ctx, u.ID)
	if err != nil {
		return anon, err
	}
	act := actorFor(u, address)
	act.Memberships = ms
	return act, nil
}

func actorFor(u *domain.User, address string) domain.Actor {
	return domain.Actor{ID: u.ID, UserID: u.ID, Operator: u.Operator, Address: address}
}

// SignOut ends one session.
func (s *Accounts) SignOut(ctx context.Context, secret string) error {
	if secret == "" {
		return nil
	}
	return s.store.DeleteSession(ctx, hashSecret(secret))
}

// SignOutEverywhere ends every session of the actor.
func (s *Accounts) SignOutEverywhere(ctx context.Context, actor domain.Actor) error {
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindAccount, OwnerID: actor.UserID}); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx AccountStore) error {
		if err := tx.DeleteUserSessions(ctx, actor.UserID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "sign-out-everywhere", "account:"+actor.UserID, "", actor.UserID)
	})
}

func checkEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || len(s) > 254 || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return "", invalid("email", "is not an email address we can use")
	}
	return s, nil
}

// Me returns the signed-in person's account.
func (s *Accounts) Me(ctx context.Context, actor domain.Actor) (*domain.User, error) {
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindAccount, OwnerID: actor.UserID}); err != nil {
		return nil, err
	}
	return s.store.FindUserByID(ctx, actor.UserID)
}

// AccountView is what a person sees of their own account.
type AccountView struct {
	User        domain.User
	Memberships []domain.Membership
	// ClinicNames names each clinic of the memberships, by id.
	ClinicNames map[string]string
	// Assessments are the results the person keeps, newest first.
	Assessments []domain.Assessment
}

// Account returns the signed-in person's account page data. Listing their
// results is audited as a read, in the same transaction.
func (s *Accounts) Account(ctx context.Context, actor domain.Actor) (v *AccountView, err error) {
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindAccount, OwnerID: actor.UserID}); err != nil {
		return nil, err
	}
	err = s.audited(ctx, func(tx AccountStore) error {
		u, err := tx.FindUserByID(ctx, actor.UserID)
		if err != nil {
			return err
		}
		v = &AccountView{User: *u, Memberships: actor.Memberships}
		if v.ClinicNames, err = tx.ClinicNames(ctx, u.ID); err != nil {
			return err
		}
		if v.Assessments, err = tx.ListAssessments(ctx, domain.AssessmentFilter{OwnerID: u.ID}); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "read", "assessments-of:"+u.ID, "", u.ID)
	})
	return v, err
}

func roundUp(d time.Duration) string {
	if d < time.Minute {
		if n := int(d.Seconds()) + 1; n > 1 {
			return fmt.Sprintf("%d seconds", n)
		}
		return "1 second"
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes())+1)
}
