package app

import (
	"context"
	"crypto/subtle"
	"strings"

	"unknot/internal/authz"
	"unknot/internal/domain"
)

const tokenPrefix = "unk_"

// CreateAPIToken makes a token for the admin's clinic and returns it with
// its full secret, which is shown once and stored only as a hash.
func (a *App) CreateAPIToken(ctx context.Context, actor domain.Actor, clinicID, name string, scope domain.TokenScope) (*domain.APIToken, string, error) {
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
	if err := a.store.CreateAPIToken(ctx, t); err != nil {
		return nil, "", err
	}
	if err := a.audit(ctx, actor, "create", "token:"+t.ID, clinicID, ""); err != nil {
		return nil, "", err
	}
	return t, tokenPrefix + t.ID + "_" + secret, nil
}

// ListAPITokens returns the clinic's tokens (never their secrets).
func (a *App) ListAPITokens(ctx context.Context, actor domain.Actor, clinicID string) ([]domain.APIToken, error) {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	return a.store.ListAPITokens(ctx, clinicID)
}

// RevokeAPIToken stops a token at once.
func (a *App) RevokeAPIToken(ctx context.Context, actor domain.Actor, clinicID, tokenID string) error {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return err
	}
	if err := a.store.RevokeAPIToken(ctx, clinicID, tokenID); err != nil {
		return err
	}
	return a.audit(ctx, actor, "revoke", "token:"+tokenID, clinicID, "")
}

// ActorForToken returns the actor of a bearer token, or unauthorized when
// the token is unknown, wrong or revoked.
func (a *App) ActorForToken(ctx context.Context, bearer, address string) (domain.Actor, error) {
	bad := domain.Errorf(domain.EUnauthorized, "The API token is not valid or has been revoked.")
	rest, ok := strings.CutPrefix(bearer, tokenPrefix)
	id, secret, ok2 := strings.Cut(rest, "_")
	if !ok || !ok2 || !validID(id) {
		return domain.Actor{}, bad
	}
	t, err := a.store.FindAPIToken(ctx, id)
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
	if t.LastUsedAt == nil || a.now().Sub(*t.LastUsedAt) > 60e9 {
		if err := a.store.TouchAPIToken(ctx, t.ID); err != nil {
			return domain.Actor{}, err
		}
	}
	return domain.Actor{ID: "token:" + t.ID, Address: address, Token: t}, nil
}
