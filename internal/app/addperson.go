package app

import (
	"context"
	"strings"

	"unknot/internal/domain"
)

// AddPerson makes a confirmed account at once, joined to the clinic of
// req.InviteCode when it is set: for whoever runs the server itself (the
// demo's seed), never for a request from outside, which goes through
// SignUp and its emailed link. The account, its membership and its audit
// entry commit together.
func (s *Accounts) AddPerson(ctx context.Context, req SignUpRequest) (u *domain.User, err error) {
	email, err := checkEmail(req.Email)
	if err != nil {
		return nil, err
	}
	if err := CheckPassword(req.Password, email); err != nil {
		return nil, err
	}
	hash, err := s.hasher.Hash(ctx, req.Password)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx AccountStore) error {
		u = &domain.User{ID: NewID(), Email: email, Name: strings.TrimSpace(req.Name), PasswordHash: hash}
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		if code := strings.TrimSpace(req.InviteCode); code != "" {
			c, err := tx.FindClinicByInviteCode(ctx, code)
			if err != nil {
				return err
			}
			if err := tx.PutMembership(ctx, &domain.Membership{ClinicID: c.ID, UserID: u.ID, Role: domain.RolePatient}); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actorFor(u, "command line"), "create", "account:"+u.ID, "", u.ID)
	})
	return u, err
}
