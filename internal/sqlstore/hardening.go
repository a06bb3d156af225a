package sqlstore

// Queries for issue 17: confirming sign-ups, known devices, and deleting
// anonymous results nobody kept.

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"unknot/internal/domain"
)

// ConfirmUser marks an account's email proven (its link was used).
func (qs *Queries) ConfirmUser(ctx context.Context, userID string) (err error) {
	defer domain.Wrap(&err, "ConfirmUser")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET unconfirmed = FALSE WHERE id = $1 AND unconfirmed`, userID)
		return err
	})
}

// RenewUnconfirmedUser gives an account nobody has confirmed the name and
// password of a new sign-up for its email: whoever proves the email
// decides, so an unconfirmed sign-up cannot hold an address.
func (qs *Queries) RenewUnconfirmedUser(ctx context.Context, userID, name, passwordHash string) (err error) {
	defer domain.Wrap(&err, "RenewUnconfirmedUser")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET name = $1, password_hash = $2 WHERE id = $3 AND unconfirmed`,
			name, passwordHash, userID)
		return err
	})
}

// CreateKnownDevice remembers a browser that signed in to userID, by the
// hash of its device cookie.
func (qs *Queries) CreateKnownDevice(ctx context.Context, hash, userID string) (err error) {
	defer domain.Wrap(&err, "CreateKnownDevice")
	now := qs.now()
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO known_devices (hash, user_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)`,
			hash, userID, now)
		return err
	})
}

// KnownDeviceUser returns the account a device cookie's hash signed in to.
func (qs *Queries) KnownDeviceUser(ctx context.Context, hash string) (userID string, err error) {
	defer domain.Wrap(&err, "KnownDeviceUser")
	err = qs.read.QueryRowContext(ctx, `SELECT user_id FROM known_devices WHERE hash = $1`, hash).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.Errorf(domain.ENotFound, "No such device.")
	}
	return userID, qs.translate(err)
}

// ForgetKnownDevice drops one device cookie (guessed with too often).
func (qs *Queries) ForgetKnownDevice(ctx context.Context, hash string) (err error) {
	defer domain.Wrap(&err, "ForgetKnownDevice")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM known_devices WHERE hash = $1`, hash)
		return err
	})
}

// PurgeUnclaimed deletes anonymous results made before before that nobody
// kept in an account or shared with a clinic (their diary and answers go
// with them, by cascade), and devices unused for a year. It returns how
// many results went.
func (qs *Queries) PurgeUnclaimed(ctx context.Context, before time.Time) (n int64, err error) {
	defer domain.Wrap(&err, "PurgeUnclaimed")
	err = qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM assessments WHERE owner_id IS NULL AND clinic_id IS NULL AND created_at < $1`,
			before.UTC())
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, `DELETE FROM known_devices WHERE last_used_at < $1`, qs.now().Add(-365*24*time.Hour))
		return err
	})
	return n, err
}
