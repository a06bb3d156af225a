package app

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"unknot/internal/authz"
	"unknot/internal/domain"
	umail "unknot/internal/mail"
	"unknot/internal/sqlstore"
)

// Sign-in throttling: after a few failures, each further one locks sign-in
// for that account or address for twice as long, up to a cap.
const (
	freeFailuresAccount = 5
	freeFailuresAddress = 20
	maxLock             = 15 * time.Minute
)

func lockFor(free int) func(int) time.Duration {
	return func(failures int) time.Duration {
		if failures <= free {
			return 0
		}
		d := time.Second << min(failures-free-1, 20)
		return min(d, maxLock)
	}
}

// SignUpRequest is what a person gives to make an account.
type SignUpRequest struct {
	Email    string
	Name     string
	Password string
	// InviteCode, when set, joins the clinic it belongs to as a patient.
	InviteCode string
}

// SignUp creates a patient account and signs it in, returning the new
// session's secret for the cookie.
func (a *App) SignUp(ctx context.Context, actor domain.Actor, req SignUpRequest) (_ *domain.User, session string, err error) {
	email, err := checkEmail(req.Email)
	if err != nil {
		return nil, "", err
	}
	req.Name = strings.TrimSpace(req.Name)
	if len(req.Name) > 200 {
		return nil, "", invalid("name", "must be at most 200 characters")
	}
	if err := CheckPassword(req.Password, email); err != nil {
		return nil, "", err
	}
	var clinic *domain.Clinic
	if req.InviteCode != "" {
		if clinic, err = a.store.FindClinicByInviteCode(ctx, strings.TrimSpace(req.InviteCode)); err != nil {
			return nil, "", invalid("invite_code", "is not a code any clinic here gave out")
		}
	}
	hash, err := a.hasher.Hash(ctx, req.Password)
	if err != nil {
		return nil, "", err
	}
	u := &domain.User{ID: NewID(), Email: email, Name: req.Name, PasswordHash: hash}
	if err := a.store.CreateUser(ctx, u); err != nil {
		return nil, "", err
	}
	if clinic != nil {
		if err := a.store.PutMembership(ctx, &domain.Membership{ClinicID: clinic.ID, UserID: u.ID, Role: domain.RolePatient}); err != nil {
			return nil, "", err
		}
	}
	if err := a.audit(ctx, actorFor(u, actor.Address), "create", "account:"+u.ID, "", u.ID); err != nil {
		return nil, "", err
	}
	session, err = a.newSession(ctx, u.ID)
	return u, session, err
}

// SignIn checks an email and password and returns a new session secret.
// A new session every time: an id planted before sign-in is never kept.
func (a *App) SignIn(ctx context.Context, address, email, password string) (_ *domain.User, session string, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if len(email) > 254 || len(password) > 4*MaxPasswordLength {
		return nil, "", invalid("password", "is longer than any password here")
	}
	keys := []string{"account:" + email, "address:" + address}
	for _, k := range keys {
		until, _, err := a.store.SignInLock(ctx, k)
		if err != nil {
			return nil, "", err
		}
		if wait := until.Sub(a.now()); wait > 0 {
			return nil, "", &domain.Error{Code: domain.ETooManyRequests,
				Message: fmt.Sprintf("Too many tries. Please wait %s and try again.", roundUp(wait))}
		}
	}
	u, err := a.store.FindUserByEmail(ctx, email)
	ok := false
	if err == nil {
		ok, err = a.hasher.Verify(ctx, password, u.PasswordHash)
		if err != nil {
			return nil, "", err
		}
	} else if domain.ErrorCode(err) == domain.ENotFound {
		// Spend the same time as a real check, so that timing does not
		// tell which emails have accounts.
		_, _ = a.hasher.Verify(ctx, password, a.dummyHash())
	} else {
		return nil, "", err
	}
	if !ok {
		_ = a.store.RecordSignInFailure(ctx, keys[0], lockFor(freeFailuresAccount))
		_ = a.store.RecordSignInFailure(ctx, keys[1], lockFor(freeFailuresAddress))
		return nil, "", &domain.Error{Code: domain.EUnauthorized, Message: "That email and password do not match an account.",
			Problems: []domain.Problem{{Field: "password", Problem: "does not match the email"}}}
	}
	_ = a.store.ClearSignInFailures(ctx, keys[0])
	session, err = a.newSession(ctx, u.ID)
	if err != nil {
		return nil, "", err
	}
	return u, session, a.audit(ctx, actorFor(u, address), "sign-in", "account:"+u.ID, "", u.ID)
}

func roundUp(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d seconds", int(d.Seconds())+1)
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes())+1)
}

func (a *App) newSession(ctx context.Context, userID string) (string, error) {
	secret := newSecret()
	err := a.store.CreateSession(ctx, &domain.Session{IDHash: hashSecret(secret), UserID: userID,
		CreatedAt: a.now(), ExpiresAt: a.now().Add(a.sessionTTL)})
	return secret, err
}

// ActorForSession returns the signed-in actor of a session secret, or
// unauthorized when the session is unknown or expired.
func (a *App) ActorForSession(ctx context.Context, secret, address string) (domain.Actor, error) {
	anon := domain.Actor{ID: "anonymous", Address: address}
	if secret == "" || len(secret) > 100 {
		return anon, domain.Errorf(domain.EUnauthorized, "Please sign in.")
	}
	s, err := a.store.FindSession(ctx, hashSecret(secret))
	if err != nil {
		if domain.ErrorCode(err) == domain.ENotFound {
			return anon, domain.Errorf(domain.EUnauthorized, "Your session has ended. Please sign in again.")
		}
		return anon, err
	}
	return a.actorForUser(ctx, s.UserID, address)
}

func (a *App) actorForUser(ctx context.Context, userID, address string) (domain.Actor, error) {
	u, err := a.store.FindUserByID(ctx, userID)
	if err != nil {
		return domain.Actor{ID: "anonymous", Address: address}, err
	}
	ms, err := a.store.MembershipsOfUser(ctx, u.ID)
	if err != nil {
		return domain.Actor{}, err
	}
	act := actorFor(u, address)
	act.Memberships = ms
	return act, nil
}

func actorFor(u *domain.User, address string) domain.Actor {
	return domain.Actor{ID: u.ID, UserID: u.ID, Operator: u.Operator, Address: address}
}

// SignOut ends one session.
func (a *App) SignOut(ctx context.Context, secret string) error {
	if secret == "" {
		return nil
	}
	return a.store.DeleteSession(ctx, hashSecret(secret))
}

// SignOutEverywhere ends every session of the actor.
func (a *App) SignOutEverywhere(ctx context.Context, actor domain.Actor) error {
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindAccount, OwnerID: actor.UserID}); err != nil {
		return err
	}
	if err := a.store.DeleteUserSessions(ctx, actor.UserID); err != nil {
		return err
	}
	return a.audit(ctx, actor, "sign-out-everywhere", "account:"+actor.UserID, "", actor.UserID)
}

// Link lifetimes.
const (
	resetTTL = time.Hour
	magicTTL = 15 * time.Minute
)

// SendResetLink mails a password-reset link if the email has an account.
// It says the same either way, so it does not reveal who has an account.
func (a *App) SendResetLink(ctx context.Context, email string) error {
	return a.sendLink(ctx, email, domain.PurposeReset, resetTTL, "/reset/",
		"Reset your unknot password",
		"Someone asked to reset the password of your unknot account. To choose a new password, open this link within one hour:\n\n%s\n\nIf this was not you, you can ignore this email.")
}

// SendMagicLink mails a one-time sign-in link if the email has an account.
func (a *App) SendMagicLink(ctx context.Context, email string) error {
	return a.sendLink(ctx, email, domain.PurposeMagicLink, magicTTL, "/login/link/",
		"Your unknot sign-in link",
		"To sign in to unknot, open this link within 15 minutes. It works once:\n\n%s\n\nIf this was not you, you can ignore this email.")
}

func (a *App) sendLink(ctx context.Context, email, purpose string, ttl time.Duration, path, subject, body string) error {
	addr, err := checkEmail(email)
	if err != nil {
		return err
	}
	u, err := a.store.FindUserByEmail(ctx, addr)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil
	}
	if err != nil {
		return err
	}
	secret := newSecret()
	if err := a.store.CreateOneTimeToken(ctx, &domain.OneTimeToken{Hash: hashSecret(secret), UserID: u.ID, Purpose: purpose,
		ExpiresAt: a.now().Add(ttl)}); err != nil {
		return err
	}
	link := a.baseURL + path + secret
	return a.mailer.Send(ctx, umail.Message{To: u.Email, Subject: subject, Text: fmt.Sprintf(body, link)})
}

// ResetPassword uses a reset link's secret to set a new password. Every
// session of the account ends.
func (a *App) ResetPassword(ctx context.Context, address, secret, password string) error {
	// Check the new password before the link is spent, so a weak one
	// does not waste it.
	userID, err := a.store.PeekOneTimeToken(ctx, hashSecret(secret), domain.PurposeReset)
	if err != nil {
		return err
	}
	u, err := a.store.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := CheckPassword(password, u.Email); err != nil {
		return err
	}
	hash, err := a.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	if _, err := a.store.UseOneTimeToken(ctx, hashSecret(secret), domain.PurposeReset); err != nil {
		return err
	}
	if err := a.store.UpdatePassword(ctx, userID, hash); err != nil {
		return err
	}
	return a.audit(ctx, actorFor(u, address), "reset-password", "account:"+u.ID, "", u.ID)
}

// SignInWithLink uses a one-time sign-in link and returns a new session.
func (a *App) SignInWithLink(ctx context.Context, address, secret string) (string, error) {
	userID, err := a.store.UseOneTimeToken(ctx, hashSecret(secret), domain.PurposeMagicLink)
	if err != nil {
		return "", err
	}
	session, err := a.newSession(ctx, userID)
	if err != nil {
		return "", err
	}
	return session, a.audit(ctx, domain.Actor{ID: userID, UserID: userID, Address: address}, "sign-in-link", "account:"+userID, "", userID)
}

func checkEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || len(s) > 254 || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return "", invalid("email", "is not an email address we can use")
	}
	return s, nil
}

func invalid(field, problem string) error {
	return &domain.Error{Code: domain.EInvalid, Message: "Please check the form.",
		Problems: []domain.Problem{{Field: field, Problem: problem}}}
}

// Me returns the signed-in person's account.
func (a *App) Me(ctx context.Context, actor domain.Actor) (*domain.User, error) {
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindAccount, OwnerID: actor.UserID}); err != nil {
		return nil, err
	}
	return a.store.FindUserByID(ctx, actor.UserID)
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
// results is audited as a read.
func (a *App) Account(ctx context.Context, actor domain.Actor) (*AccountView, error) {
	u, err := a.Me(ctx, actor)
	if err != nil {
		return nil, err
	}
	v := &AccountView{User: *u, Memberships: actor.Memberships}
	if v.ClinicNames, err = a.store.ClinicNames(ctx, u.ID); err != nil {
		return nil, err
	}
	if v.Assessments, err = a.store.ListAssessments(ctx, sqlstore.AssessmentFilter{OwnerID: u.ID}); err != nil {
		return nil, err
	}
	return v, a.audit(ctx, actor, "read", "assessments-of:"+u.ID, "", u.ID)
}
