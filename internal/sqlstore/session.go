package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"unknot/internal/domain"
)

// CreateSession stores a new session.
func (qs *Queries) CreateSession(ctx context.Context, s *domain.Session) (err error) {
	defer domain.Wrap(&err, "CreateSession")
	if s.CreatedAt.IsZero() {
		s.CreatedAt = qs.now()
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			s.IDHash, s.UserID, s.CreatedAt.UTC(), s.ExpiresAt.UTC())
		return err
	})
}

// FindSession returns the unexpired session with the given id hash.
func (qs *Queries) FindSession(ctx context.Context, idHash string) (_ *domain.Session, err error) {
	defer domain.Wrap(&err, "FindSession")
	var s domain.Session
	err = qs.read.QueryRowContext(ctx, `SELECT id_hash, user_id, created_at, expires_at FROM sessions
		WHERE id_hash = $1 AND expires_at > $2`, idHash, qs.now()).Scan(&s.IDHash, &s.UserID, &s.CreatedAt, &s.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENotFound, "No such session.")
	}
	return &s, qs.translate(err)
}

// DeleteSession ends one session.
func (qs *Queries) DeleteSession(ctx context.Context, idHash string) (err error) {
	defer domain.Wrap(&err, "DeleteSession")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash)
		return err
	})
}

// DeleteUserSessions ends every session of a user ("sign out everywhere").
func (qs *Queries) DeleteUserSessions(ctx context.Context, userID string) (err error) {
	defer domain.Wrap(&err, "DeleteUserSessions")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
		return err
	})
}

// CreateOneTimeToken stores a reset or sign-in link's hash.
func (qs *Queries) CreateOneTimeToken(ctx context.Context, t *domain.OneTimeToken) (err error) {
	defer domain.Wrap(&err, "CreateOneTimeToken")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO one_time_tokens (hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)`,
			t.Hash, t.UserID, t.Purpose, t.ExpiresAt.UTC())
		return err
	})
}

// UseOneTimeToken marks an unexpired, unused token used and returns its
// user id. A token works once.
func (qs *Queries) UseOneTimeToken(ctx context.Context, hash, purpose string) (userID string, err error) {
	defer domain.Wrap(&err, "UseOneTimeToken")
	now := qs.now()
	err = qs.write(ctx, func(tx querier) error {
		err := tx.QueryRowContext(ctx, `UPDATE one_time_tokens SET used_at = $1
			WHERE hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING user_id`,
			now, hash, purpose).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENotFound, "This link has expired or was already used. Please ask for a new one.")
		}
		return err
	})
	return userID, err
}

// SignInLock reports until when sign-in is locked for key (an account or
// an address); the zero time means not locked.
func (qs *Queries) SignInLock(ctx context.Context, key string) (until time.Time, failures int, err error) {
	defer domain.Wrap(&err, "SignInLock")
	err = qs.read.QueryRowContext(ctx, `SELECT locked_until, failures FROM sign_in_failures WHERE key = $1`, key).
		Scan(&until, &failures)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, 0, nil
	}
	return until.UTC(), failures, qs.translate(err)
}

// RecordSignInFailure counts one more failure for key and sets its lock
// with lockFor(failures).
func (qs *Queries) RecordSignInFailure(ctx context.Context, key string, lockFor func(failures int) time.Duration) (err error) {
	defer domain.Wrap(&err, "RecordSignInFailure")
	now := qs.now()
	return qs.write(ctx, func(tx querier) error {
		var failures int
		err := tx.QueryRowContext(ctx, `INSERT INTO sign_in_failures (key, failures, locked_until) VALUES ($1, 1, $2)
			ON CONFLICT (key) DO UPDATE SET failures = sign_in_failures.failures + 1 RETURNING failures`, key, now).Scan(&failures)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE sign_in_failures SET locked_until = $1 WHERE key = $2`, now.Add(lockFor(failures)), key)
		return err
	})
}

// ClearSignInFailures forgets key's failures after a good sign-in.
func (qs *Queries) ClearSignInFailures(ctx context.Context, key string) (err error) {
	defer domain.Wrap(&err, "ClearSignInFailures")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sign_in_failures WHERE key = $1`, key)
		return err
	})
}

// PeekOneTimeToken returns the user of an unexpired, unused token without
// using it up.
func (qs *Queries) PeekOneTimeToken(ctx context.Context, hash, purpose string) (userID string, err error) {
	defer domain.Wrap(&err, "PeekOneTimeToken")
	err = qs.read.QueryRowContext(ctx, `SELECT user_id FROM one_time_tokens
		WHERE hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3`, hash, purpose, qs.now()).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.Errorf(domain.ENotFound, "This link has expired or was already used. Please ask for a new one.")
	}
	return userID, qs.translate(err)
}

// PurgeExpired deletes sessions and one-time links past their expiry, and
// sign-in failure counts untouched for a day. It returns how many rows went.
func (qs *Queries) PurgeExpired(ctx context.Context) (n int64, err error) {
	defer domain.Wrap(&err, "PurgeExpired")
	now := qs.now()
	err = qs.write(ctx, func(tx querier) error {
		for _, q := range []struct {
			sql string
			arg time.Time
		}{
			{`DELETE FROM sessions WHERE expires_at <= $1`, now},
			{`DELETE FROM one_time_tokens WHERE expires_at <= $1`, now},
			{`DELETE FROM sign_in_failures WHERE locked_until <= $1`, now.Add(-24 * time.Hour)},
		} {
			res, err := tx.ExecContext(ctx, q.sql, q.arg)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n += k
		}
		return nil
	})
	return n, err
}
