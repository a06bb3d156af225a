package app

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"unknot/internal/domain"
	umail "unknot/internal/mail"
)

// SignUpRequest is what a person gives to make an account.
type SignUpRequest struct {
	Email    string
	Name     string
	Password string
	// InviteCode, when set, joins the clinic it belongs to as a patient.
	InviteCode string
	// Next is the local page the finishing link leads to (a result to
	// keep, say); the edge checks it is one of ours.
	Next string
}

// confirmTTL is how long the link that finishes a sign-up works.
const confirmTTL = 24 * time.Hour

// SignUp checks a sign-up and hashes its password, then answers, the same
// way and after the same work whether or not the email has an account: a
// 409 for a used email, or a faster answer for one, would tell a stranger
// who uses unknot. What happens next runs after the answer (finishSignUp):
// a new address gets an account, unconfirmed until the emailed link is
// used; an address with an account gets a mail saying so, with a sign-in
// link. Only what the form itself gets wrong (a weak password, an unknown
// invite code) is refused here.
func (s *Accounts) SignUp(ctx context.Context, actor domain.Actor, req SignUpRequest) error {
	email, err := checkEmail(req.Email)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(req.Name)
	if len(name) > 200 {
		return invalid("name", "must be at most 200 characters")
	}
	if err := CheckPassword(req.Password, email); err != nil {
		return err
	}
	clinicID := ""
	if code := strings.TrimSpace(req.InviteCode); code != "" {
		c, err := s.store.FindClinicByInviteCode(ctx, code)
		if domain.ErrorCode(err) == domain.ENotFound {
			return invalid("invite_code", "is not a code any clinic here gave out")
		}
		if err != nil {
			return err
		}
		clinicID = c.ID
	}
	// Hashed in the request for every address alike, before any lookup.
	hash, err := s.hasher.Hash(ctx, req.Password)
	if err != nil {
		return err
	}
	address, next := actor.Address, ""
	if strings.HasPrefix(req.Next, "/") && !strings.HasPrefix(req.Next, "//") {
		next = "?next=" + url.QueryEscape(req.Next)
	}
	return s.enqueue(ctx, nil, SignUpJob{Address: address, Email: email, Name: name, Hash: hash, ClinicID: clinicID, Next: next}, time.Time{})
}

// FinishSignUp is SignUpJob's work.
func (s *Accounts) FinishSignUp(ctx context.Context, j SignUpJob) error {
	return s.finishSignUp(ctx, j.Address, j.Email, j.Name, j.Hash, j.ClinicID, j.Next)
}

// finishSignUp makes or renews the account, or finds it taken, and mails
// the address; the account, its membership, its audit entry and its link
// commit together.
func (s *Accounts) finishSignUp(ctx context.Context, address, email, name, hash, clinicID, next string) error {
	var msg umail.Message
	err := s.inTx(ctx, func(tx AccountStore) error {
		u, err := tx.FindUserByEmail(ctx, email)
		switch domain.ErrorCode(err) {
		case domain.ENotFound:
			u = &domain.User{ID: NewID(), Email: email, Name: name, PasswordHash: hash, Unconfirmed: true}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			if err := audit(ctx, tx, actorFor(u, address), "create", "account:"+u.ID, "", u.ID); err != nil {
				return err
			}
		case "":
			if !u.Unconfirmed {
				link, err := s.newLink(ctx, tx, u.ID, domain.PurposeMagicLink, magicTTL, "/login/link/")
				if err != nil {
					return err
				}
				msg = umail.Message{To: u.Email, Subject: "You already have an unknot account",
					Text: fmt.Sprintf(alreadyText, link, s.baseURL+"/reset")}
				return nil
			}
			// Nobody proved this address yet: the newest sign-up for it
			// takes the account, so a stranger's cannot hold it.
			if err := tx.RenewUnconfirmedUser(ctx, u.ID, name, hash); err != nil {
				return err
			}
		default:
			return err
		}
		if clinicID != "" {
			if err := tx.PutMembership(ctx, &domain.Membership{ClinicID: clinicID, UserID: u.ID, Role: domain.RolePatient}); err != nil {
				return err
			}
		}
		link, err := s.newLink(ctx, tx, u.ID, domain.PurposeMagicLink, confirmTTL, "/login/link/")
		if err != nil {
			return err
		}
		msg = umail.Message{To: u.Email, Subject: "Finish making your unknot account", Text: fmt.Sprintf(confirmText, link+next)}
		return nil
	})
	if err != nil {
		return err
	}
	return s.mail(ctx, msg)
}

const confirmText = "To finish making your unknot account, open this link within 24 hours:\n\n%s\n\n" +
	"If you did not sign up, you can ignore this email. No account is made without the link."

const alreadyText = "Someone tried to sign up to unknot with this email. You already have an account.\n\n" +
	"To sign in, open this link within 15 minutes. It works once:\n\n%s\n\n" +
	"If you forgot your password, you can choose a new one here: %s\n\nIf this was not you, you can ignore this email."

// newLink stores a one-time link for userID in tx and returns its address.
func (s *Accounts) newLink(ctx context.Context, tx AccountStore, userID, purpose string, ttl time.Duration, path string) (string, error) {
	secret := newSecret()
	err := tx.CreateOneTimeToken(ctx, &domain.OneTimeToken{Hash: hashSecret(secret), UserID: userID, Purpose: purpose,
		ExpiresAt: tx.Now().Add(ttl)})
	return s.baseURL + path + secret, err
}

// mail sends msg unless its recipient has had their share of mail that
// strangers can cause (recipientCap).
func (s *Accounts) mail(ctx context.Context, msg umail.Message) error {
	if s.mailer == nil {
		return fmt.Errorf("no mailer to send a link with")
	}
	if !s.mailCap.allow(strings.ToLower(msg.To)) {
		s.logger.Warn("mail not sent: this recipient had enough for now")
		return nil
	}
	return s.mailer.Send(ctx, msg)
}
