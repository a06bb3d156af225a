package sqlstore

// Reminders: settings, the in-app list, the calendar feed's token and the
// unsubscribe links' secret (issue 15).

import (
	"context"
	"database/sql"
	"errors"

	"unknot/internal/domain"
)

// ReminderSettings returns a person's own settings as stored (JSON), or
// ENotFound when they have chosen none.
func (qs *Queries) ReminderSettings(ctx context.Context, userID string) (_ string, err error) {
	defer domain.Wrap(&err, "ReminderSettings")
	var s string
	err = qs.read.QueryRowContext(ctx, `SELECT settings FROM reminder_settings WHERE user_id = $1`, userID).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.Errorf(domain.ENotFound, "No reminder settings.")
	}
	return s, qs.translate(err)
}

// PutReminderSettings stores a person's settings.
func (qs *Queries) PutReminderSettings(ctx context.Context, userID, settings string) (err error) {
	defer domain.Wrap(&err, "PutReminderSettings")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO reminder_settings (user_id, settings, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`, userID, settings, qs.now())
		return err
	})
}

// ClinicReminderDefaults returns a clinic's defaults (JSON), or ENotFound.
func (qs *Queries) ClinicReminderDefaults(ctx context.Context, clinicID string) (_ string, err error) {
	defer domain.Wrap(&err, "ClinicReminderDefaults")
	var s string
	err = qs.read.QueryRowContext(ctx, `SELECT settings FROM clinic_reminder_defaults WHERE clinic_id = $1`, clinicID).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.Errorf(domain.ENotFound, "No reminder defaults.")
	}
	return s, qs.translate(err)
}

// PutClinicReminderDefaults stores a clinic's defaults.
func (qs *Queries) PutClinicReminderDefaults(ctx context.Context, clinicID, settings string) (err error) {
	defer domain.Wrap(&err, "PutClinicReminderDefaults")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO clinic_reminder_defaults (clinic_id, settings, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (clinic_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`, clinicID, settings, qs.now())
		return err
	})
}

// ReminderPeople are the accounts reminders may be for: those that keep
// a result, have a program or are a clinic's patients (visits).
func (qs *Queries) ReminderPeople(ctx context.Context) (_ []string, err error) {
	defer domain.Wrap(&err, "ReminderPeople")
	rows, err := qs.read.QueryContext(ctx, `SELECT owner_id FROM assessments WHERE owner_id IS NOT NULL
		UNION SELECT user_id FROM programs UNION SELECT user_id FROM memberships WHERE role = 'patient' ORDER BY 1`)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, qs.translate(err)
		}
		out = append(out, id)
	}
	return out, qs.translate(rows.Err())
}

// AddNotification stores one occurrence of a reminder in the in-app list.
// It reports false, storing nothing, when that occurrence is there
// already: a reminder's job run twice delivers once.
func (qs *Queries) AddNotification(ctx context.Context, n *domain.Notification) (added bool, err error) {
	defer domain.Wrap(&err, "AddNotification")
	if n.CreatedAt.IsZero() {
		n.CreatedAt = qs.now()
	}
	err = qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO notifications (id, user_id, occurrence, kind, title, body, path, due_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (user_id, occurrence) DO NOTHING`,
			n.ID, n.UserID, n.Occurrence, n.Kind, n.Title, n.Body, n.Path, n.DueAt.UTC(), n.CreatedAt.UTC())
		if err != nil {
			return err
		}
		k, _ := res.RowsAffected()
		added = k == 1
		return nil
	})
	return added, err
}

// FindNotification returns one notification of a person.
func (qs *Queries) FindNotification(ctx context.Context, userID, id string) (_ *domain.Notification, err error) {
	defer domain.Wrap(&err, "FindNotification")
	list, err := qs.notifications(ctx, `WHERE user_id = $1 AND id = $2`, userID, id)
	if err == nil && len(list) == 0 {
		err = notFound("notification", id)
	}
	if err != nil {
		return nil, err
	}
	return &list[0], nil
}

// ListNotifications returns a person's newest notifications, up to limit,
// that were due by now.
func (qs *Queries) ListNotifications(ctx context.Context, userID string, limit int) (_ []domain.Notification, err error) {
	defer domain.Wrap(&err, "ListNotifications")
	return qs.notifications(ctx, `WHERE user_id = $1 ORDER BY due_at DESC, id LIMIT $2`, userID, limit)
}

func (qs *Queries) notifications(ctx context.Context, where string, args ...any) ([]domain.Notification, error) {
	rows, err := qs.read.QueryContext(ctx, `SELECT id, user_id, occurrence, kind, title, body, path, due_at, created_at, read_at
		FROM notifications `+where, args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []domain.Notification
	for rows.Next() {
		var n domain.Notification
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.UserID, &n.Occurrence, &n.Kind, &n.Title, &n.Body, &n.Path, &n.DueAt, &n.CreatedAt, &read); err != nil {
			return nil, qs.translate(err)
		}
		if read.Valid {
			t := read.Time
			n.ReadAt = &t
		}
		out = append(out, n)
	}
	return out, qs.translate(rows.Err())
}

// UnreadNotifications counts a person's unread notifications.
func (qs *Queries) UnreadNotifications(ctx context.Context, userID string) (n int, err error) {
	defer domain.Wrap(&err, "UnreadNotifications")
	err = qs.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, qs.translate(err)
}

// MarkNotificationsRead marks one notification (or, with id "", all of a
// person's) read, returning how many changed.
func (qs *Queries) MarkNotificationsRead(ctx context.Context, userID, id string) (n int64, err error) {
	defer domain.Wrap(&err, "MarkNotificationsRead")
	err = qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND ($3 = '' OR id = $3)`,
			qs.now(), userID, id)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}

// CountNotifications counts every notification: the counting channel of
// the exactly-once tests and the benchmark.
func (qs *Queries) CountNotifications(ctx context.Context) (n int, err error) {
	defer domain.Wrap(&err, "CountNotifications")
	err = qs.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications`).Scan(&n)
	return n, qs.translate(err)
}

// CalendarFeed returns a person's feed token, or ENotFound.
func (qs *Queries) CalendarFeed(ctx context.Context, userID string) (_ string, err error) {
	defer domain.Wrap(&err, "CalendarFeed")
	var tok string
	err = qs.read.QueryRowContext(ctx, `SELECT token FROM calendar_feeds WHERE user_id = $1`, userID).Scan(&tok)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.Errorf(domain.ENotFound, "No calendar feed.")
	}
	return tok, qs.translate(err)
}

// PutCalendarFeed gives a person a feed token, replacing any old one.
func (qs *Queries) PutCalendarFeed(ctx context.Context, userID, token string) (err error) {
	defer domain.Wrap(&err, "PutCalendarFeed")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO calendar_feeds (user_id, token, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at`, userID, token, qs.now())
		return err
	})
}

// DeleteCalendarFeed revokes a person's feed.
func (qs *Queries) DeleteCalendarFeed(ctx context.Context, userID string) (err error) {
	defer domain.Wrap(&err, "DeleteCalendarFeed")
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM calendar_feeds WHERE user_id = $1`, userID)
		return err
	})
}

// CalendarFeedUser returns whose feed a token opens, or ENotFound.
func (qs *Queries) CalendarFeedUser(ctx context.Context, token string) (_ string, err error) {
	defer domain.Wrap(&err, "CalendarFeedUser")
	var id string
	err = qs.read.QueryRowContext(ctx, `SELECT user_id FROM calendar_feeds WHERE token = $1`, token).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.Errorf(domain.ENotFound, "No such calendar feed.")
	}
	return id, qs.translate(err)
}

// UnsubscribeToken returns a person's unsubscribe secret, storing fresh
// when they have none yet.
func (qs *Queries) UnsubscribeToken(ctx context.Context, userID, fresh string) (tok string, err error) {
	defer domain.Wrap(&err, "UnsubscribeToken")
	err = qs.write(ctx, func(tx querier) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO unsubscribe_tokens (token, user_id) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING`,
			fresh, userID); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT token FROM unsubscribe_tokens WHERE user_id = $1`, userID).Scan(&tok)
	})
	return tok, err
}

// UnsubscribeUser returns whose unsubscribe secret token is, or ENotFound.
func (qs *Queries) UnsubscribeUser(ctx context.Context, token string) (_ string, err error) {
	defer domain.Wrap(&err, "UnsubscribeUser")
	var id string
	err = qs.read.QueryRowContext(ctx, `SELECT user_id FROM unsubscribe_tokens WHERE token = $1`, token).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.Errorf(domain.ENotFound, "No such link.")
	}
	return id, qs.translate(err)
}

// SQLTx is the transaction a Tx runs in, for River's InsertTx: a job
// enqueued through it commits or rolls back with the use case.
func (tx *Tx) SQLTx() *sql.Tx { return tx.sqlTx }
