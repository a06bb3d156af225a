package sqlstore

// Joining and leaving a clinic: invitations and requests (nobody is a
// member until they accept), intakes (a result shared by someone not yet
// the clinic's patient), and leaving, after which the clinic keeps the
// person's signed session notes and nothing else.

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"unknot/internal/domain"
)

// PutInvitation stores a new invitation.
func (qs *Queries) PutInvitation(ctx context.Context, in *domain.Invitation) (err error) {
	defer domain.Wrap(&err, "PutInvitation")
	in.CreatedAt = qs.now()
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO clinic_invitations (id, clinic_id, email, role, token_hash, invited_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, in.ID, in.ClinicID, strings.ToLower(in.Email), string(in.Role), in.TokenHash, in.InvitedBy,
			in.CreatedAt, in.ExpiresAt.UTC())
		return err
	})
}

const invitationColumns = `id, clinic_id, email, role, token_hash, invited_by, created_at, expires_at, accepted_at, declined_at`

func (qs *Queries) invitations(ctx context.Context, where string, args ...any) ([]domain.Invitation, error) {
	rows, err := qs.read.QueryContext(ctx, `SELECT `+invitationColumns+` FROM clinic_invitations WHERE `+where, args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	out := []domain.Invitation{}
	for rows.Next() {
		var in domain.Invitation
		var role string
		var acc, dec sql.NullTime
		if err := rows.Scan(&in.ID, &in.ClinicID, &in.Email, &role, &in.TokenHash, &in.InvitedBy, &in.CreatedAt, &in.ExpiresAt, &acc, &dec); err != nil {
			return nil, err
		}
		in.Role, in.CreatedAt, in.ExpiresAt, in.AcceptedAt, in.DeclinedAt = domain.Role(role), in.CreatedAt.UTC(), in.ExpiresAt.UTC(), utcPtr(acc), utcPtr(dec)
		out = append(out, in)
	}
	return out, rows.Err()
}

// FindInvitationByToken returns the invitation a link's secret hashes to.
func (qs *Queries) FindInvitationByToken(ctx context.Context, hash string) (_ *domain.Invitation, err error) {
	defer domain.Wrap(&err, "FindInvitationByToken")
	list, err := qs.invitations(ctx, `token_hash = $1`, hash)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("invitation", "")
	}
	return &list[0], nil
}

// FindInvitation returns one invitation by its id.
func (qs *Queries) FindInvitation(ctx context.Context, id string) (_ *domain.Invitation, err error) {
	defer domain.Wrap(&err, "FindInvitation")
	list, err := qs.invitations(ctx, `id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("invitation", id)
	}
	return &list[0], nil
}

// OpenInvitations returns the invitations to an email not yet answered nor
// expired at now, newest first.
func (qs *Queries) OpenInvitations(ctx context.Context, email string, now time.Time) (_ []domain.Invitation, err error) {
	defer domain.Wrap(&err, "OpenInvitations")
	return qs.invitations(ctx, `email = $1 AND accepted_at IS NULL AND declined_at IS NULL AND expires_at > $2 ORDER BY created_at DESC, id`,
		strings.ToLower(email), now.UTC())
}

// AnswerInvitation records the answer to an open invitation; one answered
// already is a conflict.
func (qs *Queries) AnswerInvitation(ctx context.Context, id string, accept bool, at time.Time) (err error) {
	defer domain.Wrap(&err, "AnswerInvitation")
	col := "declined_at"
	if accept {
		col = "accepted_at"
	}
	return qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE clinic_invitations SET `+col+` = $2 WHERE id = $1 AND accepted_at IS NULL AND declined_at IS NULL`, id, at.UTC())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &domain.Error{Code: domain.EConflict, Message: "This invitation has already been answered."}
		}
		return nil
	})
}

// PutIntake records a result shared with a clinic by someone not its
// patient, waiting for its answer; sharing again while one waits keeps it.
func (qs *Queries) PutIntake(ctx context.Context, in *domain.Intake) (err error) {
	defer domain.Wrap(&err, "PutIntake")
	in.CreatedAt, in.Status = qs.now(), domain.IntakePending
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO intakes (clinic_id, user_id, assessment_id, status, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (clinic_id, user_id) DO UPDATE SET assessment_id = excluded.assessment_id, status = excluded.status,
				message = '', decided_by = '', created_at = excluded.created_at, decided_at = NULL`,
			in.ClinicID, in.UserID, in.AssessmentID, in.Status, in.CreatedAt)
		return err
	})
}

const intakeColumns = `clinic_id, user_id, assessment_id, status, message, decided_by, created_at, decided_at`

func (qs *Queries) intakes(ctx context.Context, where string, args ...any) ([]domain.Intake, error) {
	rows, err := qs.read.QueryContext(ctx, `SELECT `+intakeColumns+` FROM intakes WHERE `+where, args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	out := []domain.Intake{}
	for rows.Next() {
		var in domain.Intake
		var dec sql.NullTime
		if err := rows.Scan(&in.ClinicID, &in.UserID, &in.AssessmentID, &in.Status, &in.Message, &in.DecidedBy, &in.CreatedAt, &dec); err != nil {
			return nil, err
		}
		in.CreatedAt, in.DecidedAt = in.CreatedAt.UTC(), utcPtr(dec)
		out = append(out, in)
	}
	return out, rows.Err()
}

// PendingIntakes returns the clinic's intakes waiting for an answer, oldest first.
func (qs *Queries) PendingIntakes(ctx context.Context, clinicID string) (_ []domain.Intake, err error) {
	defer domain.Wrap(&err, "PendingIntakes")
	return qs.intakes(ctx, `clinic_id = $1 AND status = 'pending' ORDER BY created_at, user_id`, clinicID)
}

// IntakesOfUser returns a person's intakes with every clinic, newest first.
func (qs *Queries) IntakesOfUser(ctx context.Context, userID string) (_ []domain.Intake, err error) {
	defer domain.Wrap(&err, "IntakesOfUser")
	return qs.intakes(ctx, `user_id = $1 ORDER BY created_at DESC, clinic_id`, userID)
}

// DecideIntake answers a pending intake. A decline also takes the
// person's results back from the clinic: it keeps nothing of them.
func (qs *Queries) DecideIntake(ctx context.Context, in *domain.Intake) (err error) {
	defer domain.Wrap(&err, "DecideIntake")
	now := qs.now()
	in.DecidedAt = &now
	return qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE intakes SET status = $3, message = $4, decided_by = $5, decided_at = $6
			WHERE clinic_id = $1 AND user_id = $2 AND status = 'pending'`, in.ClinicID, in.UserID, in.Status, in.Message, in.DecidedBy, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &domain.Error{Code: domain.EConflict, Message: "This intake has no answer to give: it is answered already or not there."}
		}
		if in.Status == domain.IntakeDeclined {
			_, err = tx.ExecContext(ctx, `UPDATE assessments SET clinic_id = NULL WHERE owner_id = $1 AND clinic_id = $2`, in.UserID, in.ClinicID)
		}
		return err
	})
}

// LeaveClinic ends a person's membership of a clinic: the clinic keeps
// their signed session notes (clinic_departures says whose); their results
// are no longer shared, draft notes go, and the rest (thread, visits,
// programs, reading) stays stored but out of the clinic's reach: every
// way to it checks the membership.
func (qs *Queries) LeaveClinic(ctx context.Context, clinicID, userID string) (err error) {
	defer domain.Wrap(&err, "LeaveClinic")
	now := qs.now()
	return qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE clinic_id = $1 AND user_id = $2`, clinicID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("membership", clinicID)
		}
		for _, q := range []string{
			`UPDATE assessments SET clinic_id = NULL WHERE owner_id = $2 AND clinic_id = $1`,
			`DELETE FROM session_notes WHERE clinic_id = $1 AND user_id = $2 AND signed_at IS NULL`,
		} {
			if _, err := tx.ExecContext(ctx, q, clinicID, userID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO clinic_departures (clinic_id, user_id, left_at) VALUES ($1, $2, $3)
			ON CONFLICT (clinic_id, user_id) DO UPDATE SET left_at = excluded.left_at`, clinicID, userID, now)
		return err
	})
}

// Departed reports whether the person left the clinic (and has not joined
// it again).
func (qs *Queries) Departed(ctx context.Context, clinicID, userID string) (_ bool, err error) {
	defer domain.Wrap(&err, "Departed")
	var n int
	err = qs.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM clinic_departures d WHERE d.clinic_id = $1 AND d.user_id = $2
		AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.clinic_id = d.clinic_id AND m.user_id = d.user_id)`, clinicID, userID).Scan(&n)
	return n > 0, qs.translate(err)
}
