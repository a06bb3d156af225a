package sqlstore

// The clinic and its patients talking: the thread's messages and unread
// counts, and visit requests with their answers.

import (
	"context"
	"database/sql"
	"time"

	"unknot/internal/domain"
)

// PutMessage stores a new message.
func (qs *Queries) PutMessage(ctx context.Context, m *domain.Message) (err error) {
	defer domain.Wrap(&err, "PutMessage")
	m.CreatedAt = qs.now()
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO messages (id, clinic_id, user_id, author_id, from_staff, text, ref_kind, ref_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			m.ID, m.ClinicID, m.UserID, m.AuthorID, m.FromStaff, m.Text, m.RefKind, m.RefID, m.CreatedAt)
		return err
	})
}

// ListMessages returns a patient's thread with a clinic, oldest first.
func (qs *Queries) ListMessages(ctx context.Context, clinicID, userID string) (_ []domain.Message, err error) {
	defer domain.Wrap(&err, "ListMessages")
	rows, err := qs.read.QueryContext(ctx, `SELECT id, clinic_id, user_id, author_id, from_staff, text, ref_kind, ref_id, created_at, read_at
		FROM messages WHERE clinic_id = $1 AND user_id = $2 ORDER BY created_at, id`, clinicID, userID)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	out := []domain.Message{}
	for rows.Next() {
		var m domain.Message
		var read sql.NullTime
		if err := rows.Scan(&m.ID, &m.ClinicID, &m.UserID, &m.AuthorID, &m.FromStaff, &m.Text, &m.RefKind, &m.RefID, &m.CreatedAt, &read); err != nil {
			return nil, err
		}
		m.CreatedAt, m.ReadAt = m.CreatedAt.UTC(), utcPtr(read)
		out = append(out, m)
	}
	return out, rows.Err()
}

// MarkMessagesRead marks the thread's messages from the other side read:
// the staff's when the patient reads (byStaff false), the patient's when
// the staff do.
func (qs *Queries) MarkMessagesRead(ctx context.Context, clinicID, userID string, byStaff bool, at time.Time) (err error) {
	defer domain.Wrap(&err, "MarkMessagesRead")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE messages SET read_at = $4
			WHERE clinic_id = $1 AND user_id = $2 AND from_staff = $3 AND read_at IS NULL`, clinicID, userID, !byStaff, at.UTC())
		return err
	})
}

// UnreadFromPatients counts, per patient, the messages the clinic's staff
// have not read yet.
func (qs *Queries) UnreadFromPatients(ctx context.Context, clinicID string) (_ map[string]int, err error) {
	defer domain.Wrap(&err, "UnreadFromPatients")
	return qs.countsBy(ctx, `SELECT user_id, COUNT(*) FROM messages
		WHERE clinic_id = $1 AND from_staff = $2 AND read_at IS NULL GROUP BY user_id`, clinicID, false)
}

// UnreadFromStaff counts, per clinic, the staff's messages the patient has
// not read yet.
func (qs *Queries) UnreadFromStaff(ctx context.Context, userID string) (_ map[string]int, err error) {
	defer domain.Wrap(&err, "UnreadFromStaff")
	return qs.countsBy(ctx, `SELECT clinic_id, COUNT(*) FROM messages
		WHERE user_id = $1 AND from_staff = $2 AND read_at IS NULL GROUP BY clinic_id`, userID, true)
}

// countsBy runs a query of (key, count) rows into a map.
func (qs *Queries) countsBy(ctx context.Context, query string, args ...any) (map[string]int, error) {
	rows, err := qs.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

const visitColumns = `id, clinic_id, user_id, assessment_id, status, times, note, at, minutes, reply, answered_by, created_at, answered_at`

// PutVisit stores a new visit request.
func (qs *Queries) PutVisit(ctx context.Context, v *domain.Visit) (err error) {
	defer domain.Wrap(&err, "PutVisit")
	v.CreatedAt = qs.now()
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO visits (id, clinic_id, user_id, assessment_id, status, times, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, v.ID, v.ClinicID, v.UserID, v.AssessmentID, v.Status, v.Times, v.Note, v.CreatedAt)
		return err
	})
}

// AnswerVisit records the clinic's answer to a request still open: its
// status, time and length (accepted) and message. A request already
// answered is a conflict.
func (qs *Queries) AnswerVisit(ctx context.Context, v *domain.Visit) (err error) {
	defer domain.Wrap(&err, "AnswerVisit(%q)", v.ID)
	now := qs.now()
	v.AnsweredAt = &now
	var at any
	if v.At != nil {
		at = v.At.UTC()
	}
	return qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE visits SET status = $3, at = $4, minutes = $5, reply = $6, answered_by = $7, answered_at = $8
			WHERE clinic_id = $1 AND id = $2 AND status = 'requested'`, v.ClinicID, v.ID, v.Status, at, v.Minutes, v.Reply, v.AnsweredBy, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &domain.Error{Code: domain.EConflict, Message: "This request has already been answered."}
		}
		return nil
	})
}

// FindVisit returns one of the clinic's visit requests.
func (qs *Queries) FindVisit(ctx context.Context, clinicID, id string) (_ *domain.Visit, err error) {
	defer domain.Wrap(&err, "FindVisit(%q)", id)
	list, err := qs.visits(ctx, `clinic_id = $1 AND id = $2`, clinicID, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("visit", id)
	}
	return &list[0], nil
}

// ClinicVisits returns the clinic's visit requests, of one patient when
// userID is set, newest first.
func (qs *Queries) ClinicVisits(ctx context.Context, clinicID, userID string) (_ []domain.Visit, err error) {
	defer domain.Wrap(&err, "ClinicVisits")
	if userID != "" {
		return qs.visits(ctx, `clinic_id = $1 AND user_id = $2 ORDER BY created_at DESC, id`, clinicID, userID)
	}
	return qs.visits(ctx, `clinic_id = $1 ORDER BY created_at DESC, id`, clinicID)
}

// VisitsOfUser returns a person's visit requests with every clinic, newest
// first.
func (qs *Queries) VisitsOfUser(ctx context.Context, userID string) (_ []domain.Visit, err error) {
	defer domain.Wrap(&err, "VisitsOfUser")
	return qs.visits(ctx, `user_id = $1 ORDER BY created_at DESC, id`, userID)
}

// AcceptedVisits returns the person's accepted visits with any clinic,
// ordered by when they are (issue 15's reminders and private feed read
// it too).
func (qs *Queries) AcceptedVisits(ctx context.Context, userID string) (_ []domain.Visit, err error) {
	defer domain.Wrap(&err, "AcceptedVisits")
	return qs.visits(ctx, `user_id = $1 AND status = 'accepted' AND at IS NOT NULL ORDER BY at, id`, userID)
}

func (qs *Queries) visits(ctx context.Context, where string, args ...any) ([]domain.Visit, error) {
	rows, err := qs.read.QueryContext(ctx, `SELECT `+visitColumns+` FROM visits WHERE `+where, args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	out := []domain.Visit{}
	for rows.Next() {
		var v domain.Visit
		var at, answered sql.NullTime
		if err := rows.Scan(&v.ID, &v.ClinicID, &v.UserID, &v.AssessmentID, &v.Status, &v.Times, &v.Note, &at, &v.Minutes,
			&v.Reply, &v.AnsweredBy, &v.CreatedAt, &answered); err != nil {
			return nil, err
		}
		v.CreatedAt, v.At, v.AnsweredAt = v.CreatedAt.UTC(), utcPtr(at), utcPtr(answered)
		out = append(out, v)
	}
	return out, rows.Err()
}
