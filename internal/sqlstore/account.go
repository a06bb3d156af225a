package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"unknot/internal/domain"
)

// CreateUser stores u; its email is kept in lower case and must be unique.
func (qs *Queries) CreateUser(ctx context.Context, u *domain.User) (err error) {
	defer domain.Wrap(&err, "CreateUser")
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if u.CreatedAt.IsZero() {
		u.CreatedAt = qs.now()
	}
	err = qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, password_hash, operator, created_at, unconfirmed)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.ID, u.Email, u.Name, u.PasswordHash, u.Operator, u.CreatedAt.UTC(), u.Unconfirmed)
		return err
	})
	if domain.ErrorCode(err) == domain.EConflict {
		return &domain.Error{Code: domain.EConflict, Message: "An account with that email already exists.",
			Problems: []domain.Problem{{Field: "email", Problem: "is already used by an account"}}, Err: err}
	}
	return err
}

// CreateFirstUser stores u only while there is no account at all, so two
// first-run set-ups at the same moment cannot both make an operator. On
// PostgreSQL the users table is locked for the check; SQLite's single
// writer already serialises it.
func (qs *Queries) CreateFirstUser(ctx context.Context, u *domain.User) (err error) {
	defer domain.Wrap(&err, "CreateFirstUser")
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if u.CreatedAt.IsZero() {
		u.CreatedAt = qs.now()
	}
	return qs.write(ctx, func(tx querier) error {
		if qs.engine == "postgres" {
			if _, err := tx.ExecContext(ctx, `LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return domain.Errorf(domain.EForbidden, "unknot is already set up. Please sign in.")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, password_hash, operator, created_at, unconfirmed)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.ID, u.Email, u.Name, u.PasswordHash, u.Operator, u.CreatedAt.UTC(), u.Unconfirmed)
		return err
	})
}

const userColumns = `id, email, name, password_hash, operator, created_at, unconfirmed`

func scanUser(row interface{ Scan(...any) error }) (*domain.User, error) {
	var u domain.User
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Operator, &u.CreatedAt, &u.Unconfirmed); err != nil {
		return nil, err
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return &u, nil
}

// FindUserByID returns the user with id.
func (qs *Queries) FindUserByID(ctx context.Context, id string) (_ *domain.User, err error) {
	defer domain.Wrap(&err, "FindUserByID")
	u, err := scanUser(qs.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("user", id)
	}
	return u, qs.translate(err)
}

// FindUserByEmail returns the user with the email, in any case.
func (qs *Queries) FindUserByEmail(ctx context.Context, email string) (_ *domain.User, err error) {
	defer domain.Wrap(&err, "FindUserByEmail")
	u, err := scanUser(qs.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`,
		strings.ToLower(strings.TrimSpace(email))))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENotFound, "No account with that email.")
	}
	return u, qs.translate(err)
}

// UserEmails returns every account's email, in order: the demo checks
// that a database holds only its own accounts.
func (qs *Queries) UserEmails(ctx context.Context) (_ []string, err error) {
	defer domain.Wrap(&err, "UserEmails")
	rows, err := qs.read.QueryContext(ctx, `SELECT email FROM users ORDER BY email`)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CountUsers returns how many accounts exist (the first-run setup needs 0).
func (qs *Queries) CountUsers(ctx context.Context) (n int, err error) {
	defer domain.Wrap(&err, "CountUsers")
	err = qs.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, qs.translate(err)
}

// UpdatePassword sets a user's password hash and ends all their sessions
// and device cookies.
func (qs *Queries) UpdatePassword(ctx context.Context, userID, hash string) (err error) {
	defer domain.Wrap(&err, "UpdatePassword")
	return qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("user", userID)
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return err
		}
		// A new password starts the account's trust afresh: no browser
		// keeps the right to sign in past a guesser's lock (W26).
		_, err = tx.ExecContext(ctx, `DELETE FROM known_devices WHERE user_id = $1`, userID)
		return err
	})
}

// DeleteUser removes a person and, by cascade, every row of their health
// data. Audit entries stay, with the person's id replaced by pseudonym.
func (qs *Queries) DeleteUser(ctx context.Context, userID, pseudonym string) (err error) {
	defer domain.Wrap(&err, "DeleteUser")
	return qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = $1`, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("user", userID)
		}
		// A therapist who leaves leaves no patient "theirs".
		if _, err := tx.ExecContext(ctx, `UPDATE memberships SET therapist_id = NULL WHERE therapist_id = $1`, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET actor = $1 WHERE actor = $2`, pseudonym, userID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE audit_log SET subject = $1 WHERE subject = $2`, pseudonym, userID)
		return err
	})
}

// CreateClinic stores c.
func (qs *Queries) CreateClinic(ctx context.Context, c *domain.Clinic) (err error) {
	defer domain.Wrap(&err, "CreateClinic")
	if c.CreatedAt.IsZero() {
		c.CreatedAt = qs.now()
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO clinics (id, name, invite_code, created_at) VALUES ($1, $2, $3, $4)`,
			c.ID, c.Name, c.InviteCode, c.CreatedAt.UTC())
		return err
	})
}

// FindClinicByID returns the clinic with id.
func (qs *Queries) FindClinicByID(ctx context.Context, id string) (_ *domain.Clinic, err error) {
	defer domain.Wrap(&err, "FindClinicByID")
	return qs.findClinic(ctx, `id`, id)
}

// FindClinicByInviteCode returns the clinic an invite code belongs to.
func (qs *Queries) FindClinicByInviteCode(ctx context.Context, code string) (_ *domain.Clinic, err error) {
	defer domain.Wrap(&err, "FindClinicByInviteCode")
	return qs.findClinic(ctx, `invite_code`, code)
}

func (qs *Queries) findClinic(ctx context.Context, column, value string) (*domain.Clinic, error) {
	var c domain.Clinic
	err := qs.read.QueryRowContext(ctx, `SELECT id, name, invite_code, created_at FROM clinics WHERE `+column+` = $1`, value).
		Scan(&c.ID, &c.Name, &c.InviteCode, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENotFound, "No such clinic.")
	}
	c.CreatedAt = c.CreatedAt.UTC()
	return &c, qs.translate(err)
}

// PutMembership adds a user to a clinic, or changes their role there.
func (qs *Queries) PutMembership(ctx context.Context, m *domain.Membership) (err error) {
	defer domain.Wrap(&err, "PutMembership")
	if m.CreatedAt.IsZero() {
		m.CreatedAt = qs.now()
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO memberships (clinic_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (clinic_id, user_id) DO UPDATE SET role = excluded.role`,
			m.ClinicID, m.UserID, string(m.Role), m.CreatedAt.UTC())
		return err
	})
}

// MembershipsOfUser returns a user's clinic roles.
func (qs *Queries) MembershipsOfUser(ctx context.Context, userID string) (_ []domain.Membership, err error) {
	defer domain.Wrap(&err, "MembershipsOfUser")
	return qs.memberships(ctx, `user_id = $1`, userID)
}

// MembershipsOfClinic returns a clinic's members.
func (qs *Queries) MembershipsOfClinic(ctx context.Context, clinicID string) (_ []domain.Membership, err error) {
	defer domain.Wrap(&err, "MembershipsOfClinic")
	return qs.memberships(ctx, `clinic_id = $1`, clinicID)
}

func (qs *Queries) memberships(ctx context.Context, where, arg string) ([]domain.Membership, error) {
	rows, err := qs.read.QueryContext(ctx, `SELECT clinic_id, user_id, role, created_at FROM memberships WHERE `+where+
		` ORDER BY created_at, user_id`, arg)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []domain.Membership
	for rows.Next() {
		var m domain.Membership
		var role string
		if err := rows.Scan(&m.ClinicID, &m.UserID, &role, &m.CreatedAt); err != nil {
			return nil, err
		}
		m.Role, m.CreatedAt = domain.Role(role), m.CreatedAt.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

func utcPtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// MembersOfClinic returns a clinic's members with their names and emails.
func (qs *Queries) MembersOfClinic(ctx context.Context, clinicID string) (_ []domain.Member, err error) {
	defer domain.Wrap(&err, "MembersOfClinic")
	rows, err := qs.read.QueryContext(ctx, `SELECT m.clinic_id, m.user_id, m.role, m.created_at, u.email, u.name
		FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.clinic_id = $1 ORDER BY m.role, u.email`, clinicID)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []domain.Member
	for rows.Next() {
		var m domain.Member
		var role string
		if err := rows.Scan(&m.ClinicID, &m.UserID, &role, &m.CreatedAt, &m.Email, &m.Name); err != nil {
			return nil, err
		}
		m.Role, m.CreatedAt = domain.Role(role), m.CreatedAt.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// ClinicNames returns the names of the clinics a user belongs to, by id.
func (qs *Queries) ClinicNames(ctx context.Context, userID string) (_ map[string]string, err error) {
	defer domain.Wrap(&err, "ClinicNames")
	rows, err := qs.read.QueryContext(ctx, `SELECT c.id, c.name FROM clinics c
		JOIN memberships m ON m.clinic_id = c.id WHERE m.user_id = $1`, userID)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}
