package app

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"
	"time"

	"unknot/internal/domain"
	umail "unknot/internal/mail"
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

// SignIn checks an email and password and returns a new session secret.
// A new session every time: an id planted before sign-in is never kept.
//
// Wrong passwords are throttled as OWASP's authentication guidance has it:
// from a browser that has signed in to this account before (its device
// cookie, device), only that device's failures count, so a person whose
// password is being guessed from elsewhere still signs in at once; from
// any other browser, failures count against the account and the address,
// with delays that double. A browser that signs in gets a device cookie
// (newDevice, when it had none that fits).
func (s *Accounts) SignIn(ctx context.Context, address, email, password, device string) (u *domain.User, session, newDevice string, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if len(email) > 254 || len(password) > 4*MaxPasswordLength {
		return nil, "", "", invalid("password", "is longer than any password here")
	}
	if len(device) > 100 {
		device = "" // not a cookie this server set
	}
	deviceKey, deviceUser := "", ""
	if device != "" {
		if id, err := s.store.KnownDeviceUser(ctx, hashSecret(device)); err == nil {
			deviceKey, deviceUser = "device:"+hashSecret(device), id
		} else if domain.ErrorCode(err) != domain.ENotFound {
			return nil, "", "", err
		}
	}
	u, err = s.store.FindUserByEmail(ctx, email)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return nil, "", "", err
	}
	trusted := err == nil && deviceUser != "" && deviceUser == u.ID
	keys := []string{"account:" + email, "address:" + address}
	if trusted {
		keys = []string{deviceKey}
	}
	for _, k := range keys {
		until, _, err := s.store.SignInLock(ctx, k)
		if err != nil {
			return nil, "", "", err
		}
		if wait := until.Sub(s.now()); wait > 0 {
			return nil, "", "", &domain.Error{Code: domain.ETooManyRequests,
				Message: fmt.Sprintf("Too many tries. Please wait %s and try again, or ask for a sign-in link by email.", roundUp(wait))}
		}
	}
	ok := false
	if u != nil {
		if ok, err = s.hasher.Verify(ctx, password, u.PasswordHash); err != nil {
			return nil, "", "", err
		}
		// An account nobody confirmed signs in only by its emailed link.
		ok = ok && !u.Unconfirmed
	} else {
		// Spend the same time as a real check, so that timing does not
		// tell which emails have accounts.
		_, _ = s.hasher.Verify(ctx, password, s.dummyHash())
	}
	if !ok {
		err := s.inTx(ctx, func(tx AccountStore) error {
			if trusted {
				return tx.RecordSignInFailure(ctx, deviceKey, lockFor(freeFailuresAccount))
			}
			if err := tx.RecordSignInFailure(ctx, keys[0], lockFor(freeFailuresAccount)); err != nil {
				return err
			}
			return tx.RecordSignInFailure(ctx, keys[1], lockFor(freeFailuresAddress))
		})
		if err != nil {
			return nil, "", "", err
		}
		return nil, "", "", &domain.Error{Code: domain.EUnauthorized, Message: "That email and password do not match an account.",
			Problems: []domain.Problem{{Field: "password", Problem: "does not match the email"}}}
	}
	err = s.inTx(ctx, func(tx AccountStore) error {
		// A good sign-in from an unknown browser ends the account's
		// failures; one from a known device ends only the device's, so
		// that it does not reset the count of a guesser elsewhere.
		if err := tx.ClearSignInFailures(ctx, keys[0]); err != nil {
			return err
		}
		if session, err = s.sessions.create(ctx, tx, u.ID); err != nil {
			return err
		}
		if !trusted {
			if newDevice, err = rememberDevice(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actorFor(u, address), "sign-in", "account:"+u.ID, "", u.ID)
	})
	if err != nil {
		return nil, "", "", err
	}
	return u, session, newDevice, nil
}

// rememberDevice stores a new device cookie for userID and returns it.
func rememberDevice(ctx context.Context, tx AccountStore, userID string) (string, error) {
	secret := newSecret()
	return secret, tx.CreateKnownDevice(ctx, hashSecret(secret), userID)
}

// Link lifetimes.
const (
	resetTTL = time.Hour
	magicTTL = 15 * time.Minute
)

// SendResetLink mails a password-reset link if the email has an account.
// It says the same either way, so it does not reveal who has an account.
func (s *Accounts) SendResetLink(ctx context.Context, email string) error {
	return s.sendLink(ctx, email, domain.PurposeReset)
}

// SendMagicLink mails a one-time sign-in link if the email has an account.
func (s *Accounts) SendMagicLink(ctx context.Context, email string) error {
	return s.sendLink(ctx, email, domain.PurposeMagicLink)
}

// linkMail is what each purpose's link says.
var linkMail = map[string]struct {
	ttl           time.Duration
	path, subject string
	body          string
}{
	domain.PurposeReset: {resetTTL, "/reset/", "Reset your unknot password",
		"Someone asked to reset the password of your unknot account. To choose a new password, open this link within one hour:\n\n%s\n\nIf this was not you, you can ignore this email."},
	domain.PurposeMagicLink: {magicTTL, "/login/link/", "Your unknot sign-in link",
		"To sign in to unknot, open this link within 15 minutes. It works once:\n\n%s\n\nIf this was not you, you can ignore this email."},
}

// sendLink checks the email's form and enqueues the job; the lookup, the
// link and the mail run in the job, so that neither the answer nor its
// time tells whether the address has an account.
func (s *Accounts) sendLink(ctx context.Context, email, purpose string) error {
	addr, err := checkEmail(email)
	if err != nil {
		return err
	}
	return s.enqueue(ctx, nil, LinkJob{Email: addr, Purpose: purpose}, time.Time{})
}

// SendLink is LinkJob's work: nothing when the address has no account.
func (s *Accounts) SendLink(ctx context.Context, j LinkJob) error {
	lm, ok := linkMail[j.Purpose]
	if !ok {
		return fmt.Errorf("app: a link job for purpose %q", j.Purpose)
	}
	u, err := s.store.FindUserByEmail(ctx, j.Email)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil
	}
	if err != nil {
		return err
	}
	var link string
	err = s.inTx(ctx, func(tx AccountStore) error {
		link, err = s.newLink(ctx, tx, u.ID, j.Purpose, lm.ttl, lm.path)
		return err
	})
	if err != nil {
		return err
	}
	return s.mail(ctx, umail.Message{To: u.Email, Subject: lm.subject, Text: fmt.Sprintf(lm.body, link)})
}

// ResetPassword uses a reset link's secret to set a new password. Every
// session of the account ends. Spending the link, the new password and the
// audit entry commit together.
func (s *Accounts) ResetPassword(ctx context.Context, address, secret, password string) error {
	// Check the new password before the link is spent, so a weak one
	// does not waste it.
	userID, err := s.store.PeekOneTimeToken(ctx, hashSecret(secret), domain.PurposeReset)
	if err != nil {
		return err
	}
	u, err := s.store.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := CheckPassword(password, u.Email); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx AccountStore) error {
		if _, err := tx.UseOneTimeToken(ctx, hashSecret(secret), domain.PurposeReset); err != nil {
			return err
		}
		if err := tx.UpdatePassword(ctx, userID, hash); err != nil {
			return err
		}
		// The link proved the address: a sign-up waiting for it is done.
		if err := tx.ConfirmUser(ctx, userID); err != nil {
			return err
		}
		return audit(ctx, tx, actorFor(u, address), "reset-password", "account:"+u.ID, "", u.ID)
	})
}

// SignInWithLink uses a one-time sign-in link and returns a new session,
// and a device cookie for the browser when device is not already one of
// the account's. Using the link confirms a sign-up waiting for it.
func (s *Accounts) SignInWithLink(ctx context.Context, address, secret, device string) (session, newDevice string, err error) {
	known := ""
	if device != "" && len(device) <= 100 {
		known, _ = s.store.KnownDeviceUser(ctx, hashSecret(device))
	}
	err = s.inTx(ctx, func(tx AccountStore) error {
		userID, err := tx.UseOneTimeToken(ctx, hashSecret(secret), domain.PurposeMagicLink)
		if err != nil {
			return err
		}
		if err := tx.ConfirmUser(ctx, userID); err != nil {
			return err
		}
		if session, err = s.sessions.create(ctx, tx, userID); err != nil {
			return err
		}
		if known != userID {
			if newDevice, err = rememberDevice(ctx, tx, userID); err != nil {
				return err
			}
		}
		return audit(ctx, tx, domain.Actor{ID: userID, UserID: userID, Address: address}, "sign-in-link", "account:"+userID, "", userID)
	})
	return session, newDevice, err
}

const tokenPrefix = "unk_"

// ActorForToken returns the actor of a bearer token, or unauthorized when
// the token is unknown, wrong or revoked.
func (s *Accounts) ActorForToken(ctx context.Context, bearer, address string) (domain.Actor, error) {
	bad := domain.Errorf(domain.EUnauthorized, "The API token is not valid or has been revoked.")
	rest, ok := strings.CutPrefix(bearer, tokenPrefix)
	id, secret, ok2 := strings.Cut(rest, "_")
	if !ok || !ok2 || !validID(id) {
		return domain.Actor{}, bad
	}
	t, err := s.store.FindAPIToken(ctx, id)
	if domain.ErrorCode(err) == domain.ENotFound {
		return domain.Actor{}, bad
	}
	if err != nil {
		return domain.Actor{}, err
	}
	if subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(t.SecretHash)) != 1 || t.RevokedAt != nil {
		return domain.Actor{}, bad
	}
	// Last-used time, at most once a minute per token.
	if t.LastUsedAt == nil || s.now().Sub(*t.LastUsedAt) > time.Minute {
		if err := s.store.TouchAPIToken(ctx, t.ID); err != nil {
			return domain.Actor{}, err
		}
	}
	return domain.Actor{ID: "token:" + t.ID, Address: address, Token: t}, nil
}
