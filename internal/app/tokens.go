package app

import (
	"context"
	"strings"

	"unknot/internal/authz"
	"unknot/internal/domain"
)

// CreateAPIToken makes a token for the admin's clinic and returns it with
// its full secret, which is shown once and stored only as a hash.
func (s *Clinics) CreateAPIToken(ctx context.Context, actor domain.Actor, clinicID, name string, scope domain.TokenScope) (*domain.APIToken, string, error) {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return nil, "", err
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return nil, "", invalid("name", "is needed (at most 100 characters)")
	}
	if scope != domain.ScopeRead && scope != domain.ScopeWrite {
		return nil, "", invalid("scope", "must be read or write")
	}
	secret := newSecret()
	t := &domain.APIToken{ID: NewID(), ClinicID: clinicID, CreatedBy: actor.UserID, Name: name, Scope: scope,
		SecretHash: hashSecret(secret)}
	err := s.inTx(ctx, func(tx ClinicStore) error {
		if err := tx.CreateAPIToken(ctx, t); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "create", "token:"+t.ID, clinicID, "")
	})
	if err != nil {
		return nil, "", err
	}
	return t, tokenPrefix + t.ID + "_" + secret, nil
}

// ListAPITokens returns the clinic's tokens (never their secrets).
func (s *Clinics) ListAPITokens(ctx context.Context, actor domain.Actor, clinicID string) ([]domain.APIToken, error) {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	return s.store.ListAPITokens(ctx, clinicID)
}

// RevokeAPIToken stops a token at once.
func (s *Clinics) RevokeAPIToken(ctx context.Context, actor domain.Actor, clinicID, tokenID string) error {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx ClinicStore) error {
		if err := tx.RevokeAPIToken(ctx, clinicID, tokenID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "revoke", "token:"+tokenID, clinicID, "")
	})
}
