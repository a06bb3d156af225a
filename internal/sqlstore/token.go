package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"unknot/internal/domain"
)

// CreateAPIToken stores t (its secret only as a hash).
func (qs *Queries) CreateAPIToken(ctx context.Context, t *domain.APIToken) (err error) {
	defer domain.Wrap(&err, "CreateAPIToken")
	if t.CreatedAt.IsZero() {
		t.CreatedAt = qs.now()
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (id, clinic_id, created_by, name, scope, secret_hash, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, t.ID, t.ClinicID, t.CreatedBy, t.Name, string(t.Scope), t.SecretHash, t.CreatedAt.UTC())
		return err
	})
}

const tokenColumns = `id, clinic_id, created_by, name, scope, secret_hash, created_at, last_used_at, revoked_at`

func scanToken(row interface{ Scan(...any) error }) (*domain.APIToken, error) {
	var t domain.APIToken
	var scope string
	var used, revoked sql.NullTime
	if err := row.Scan(&t.ID, &t.ClinicID, &t.CreatedBy, &t.Name, &scope, &t.SecretHash, &t.CreatedAt, &used, &revoked); err != nil {
		return nil, err
	}
	t.Scope, t.CreatedAt = domain.TokenScope(scope), t.CreatedAt.UTC()
	t.LastUsedAt, t.RevokedAt = utcPtr(used), utcPtr(revoked)
	return &t, nil
}

// FindAPIToken returns the token with id, revoked or not.
func (qs *Queries) FindAPIToken(ctx context.Context, id string) (_ *domain.APIToken, err error) {
	defer domain.Wrap(&err, "FindAPIToken")
	t, err := scanToken(qs.read.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENotFound, "No such token.")
	}
	return t, qs.translate(err)
}

// ListAPITokens returns a clinic's tokens, newest first.
func (qs *Queries) ListAPITokens(ctx context.Context, clinicID string) (_ []domain.APIToken, err error) {
	defer domain.Wrap(&err, "ListAPITokens")
	rows, err := qs.read.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE clinic_id = $1
		ORDER BY created_at DESC, id`, clinicID)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []domain.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// TouchAPIToken records that a token was used now.
func (qs *Queries) TouchAPIToken(ctx context.Context, id string) (err error) {
	defer domain.Wrap(&err, "TouchAPIToken")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, qs.now(), id)
		return err
	})
}

// RevokeAPIToken stops a clinic's token from working.
func (qs *Queries) RevokeAPIToken(ctx context.Context, clinicID, id string) (err error) {
	defer domain.Wrap(&err, "RevokeAPIToken")
	return qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND clinic_id = $3 AND revoked_at IS NULL`,
			qs.now(), id, clinicID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENotFound, "No such active token.")
		}
		return nil
	})
}
