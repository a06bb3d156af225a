package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"unknot/internal/domain"
	"unknot/internal/notes"
)

// errSigned is the answer to any change of a signed note: its store method
// finds it signed, or the database's trigger refuses it.
var errSigned = &domain.Error{Code: domain.EConflict,
	Message: "This note is signed and cannot be changed. Add an addendum to correct it."}

// signedRefusal turns the immutability trigger's refusal (either engine)
// into errSigned; the trigger is the last line behind the store's own
// check.
func signedRefusal(err error) error {
	if err != nil && strings.Contains(err.Error(), "signed session note cannot be changed") {
		return &domain.Error{Code: errSigned.Code, Message: errSigned.Message, Err: err}
	}
	return err
}

// CreateSessionNote stores a new draft note.
func (qs *Queries) CreateSessionNote(ctx context.Context, n *notes.Note) (err error) {
	defer domain.Wrap(&err, "CreateSessionNote(%q)", n.PatientID)
	now := qs.now()
	n.CreatedAt, n.UpdatedAt = now, now
	body, err := json.Marshal(n.Body)
	if err != nil {
		return fmt.Errorf("encoding the note: %w", err)
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO session_notes (id, clinic_id, user_id, author_id, date, duration_minutes, body,
				created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
			n.ID, n.ClinicID, n.PatientID, n.AuthorID, n.Date, n.DurationMinutes, string(body), now)
		return err
	})
}

// UpdateSessionNote changes a draft note's date, duration and body. A
// signed note is refused (conflict): it never changes.
func (qs *Queries) UpdateSessionNote(ctx context.Context, n *notes.Note) (err error) {
	defer domain.Wrap(&err, "UpdateSessionNote(%q)", n.ID)
	body, err := json.Marshal(n.Body)
	if err != nil {
		return fmt.Errorf("encoding the note: %w", err)
	}
	n.UpdatedAt = qs.now()
	return qs.write(ctx, func(tx querier) error {
		return changeDraft(ctx, tx, n.ClinicID, n.ID, `UPDATE session_notes SET date = $3, duration_minutes = $4, body = $5, updated_at = $6
			WHERE clinic_id = $1 AND id = $2 AND signed_at IS NULL`, n.Date, n.DurationMinutes, string(body), n.UpdatedAt)
	})
}

// SignSessionNote signs a draft: from then on it never changes.
func (qs *Queries) SignSessionNote(ctx context.Context, clinicID, id, by string, at time.Time) (err error) {
	defer domain.Wrap(&err, "SignSessionNote(%q)", id)
	return qs.write(ctx, func(tx querier) error {
		if err := changeDraft(ctx, tx, clinicID, id, `UPDATE session_notes SET signed_at = $3, signed_by = $4, updated_at = $3
			WHERE clinic_id = $1 AND id = $2 AND signed_at IS NULL`, at.UTC(), by); err != nil {
			return err
		}
		// The caseload's copy: the clinic has signed a note for the patient.
		_, err := tx.ExecContext(ctx, `UPDATE memberships SET signed_note = TRUE
			WHERE clinic_id = $1 AND user_id = (SELECT user_id FROM session_notes WHERE id = $2)`, clinicID, id)
		return err
	})
}

// changeDraft runs an update of one draft note; no row changed means the
// note is signed (conflict) or not the clinic's (not found).
func changeDraft(ctx context.Context, tx querier, clinicID, id, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, append([]any{clinicID, id}, args...)...)
	if err != nil {
		return signedRefusal(err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var signed bool
	err = tx.QueryRowContext(ctx, `SELECT signed_at IS NOT NULL FROM session_notes WHERE clinic_id = $1 AND id = $2`,
		clinicID, id).Scan(&signed)
	if err == sql.ErrNoRows {
		return notFound("session note", id)
	}
	if err != nil {
		return err
	}
	return errSigned
}

// AddAddendum adds a correction to a note.
func (qs *Queries) AddAddendum(ctx context.Context, a *notes.Addendum) (err error) {
	defer domain.Wrap(&err, "AddAddendum(%q)", a.NoteID)
	if a.At.IsZero() {
		a.At = qs.now()
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO session_note_addenda (id, note_id, author_id, text, at) VALUES ($1, $2, $3, $4, $5)`,
			a.ID, a.NoteID, a.AuthorID, a.Text, a.At.UTC())
		return err
	})
}

const noteColumns = `id, clinic_id, user_id, author_id, date, duration_minutes, body, created_at, updated_at, signed_at, signed_by`

// FindSessionNote returns one of the clinic's notes with its addenda.
func (qs *Queries) FindSessionNote(ctx context.Context, clinicID, id string) (_ *notes.Note, err error) {
	defer domain.Wrap(&err, "FindSessionNote(%q)", id)
	list, err := qs.listNotes(ctx, `clinic_id = $1 AND id = $2`, `n.clinic_id = $1 AND n.id = $2`, clinicID, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("session note", id)
	}
	return &list[0], nil
}

// ListSessionNotes returns a patient's notes in the clinic, newest first,
// each with its addenda.
func (qs *Queries) ListSessionNotes(ctx context.Context, clinicID, userID string) (_ []notes.Note, err error) {
	defer domain.Wrap(&err, "ListSessionNotes(%q, %q)", clinicID, userID)
	return qs.listNotes(ctx, `clinic_id = $1 AND user_id = $2`, `n.clinic_id = $1 AND n.user_id = $2`, clinicID, userID)
}

// listNotes reads the notes where says, then their addenda (addenda names
// the same condition on the note as n).
func (qs *Queries) listNotes(ctx context.Context, where, addenda string, args ...any) ([]notes.Note, error) {
	rows, err := qs.read.QueryContext(ctx, `SELECT `+noteColumns+` FROM session_notes WHERE `+where+
		` ORDER BY date DESC, created_at DESC, id`, args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	var out []notes.Note
	index := map[string]int{}
	for rows.Next() {
		var n notes.Note
		var body string
		var signedAt sql.NullTime
		var signedBy sql.NullString
		if err := rows.Scan(&n.ID, &n.ClinicID, &n.PatientID, &n.AuthorID, &n.Date, &n.DurationMinutes, &body,
			&n.CreatedAt, &n.UpdatedAt, &signedAt, &signedBy); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &n.Body); err != nil {
			rows.Close()
			return nil, fmt.Errorf("decoding note %s: %w", n.ID, err)
		}
		n.CreatedAt, n.UpdatedAt, n.SignedAt, n.SignedBy = n.CreatedAt.UTC(), n.UpdatedAt.UTC(), utcPtr(signedAt), signedBy.String
		n.Addenda = []notes.Addendum{}
		index[n.ID] = len(out)
		out = append(out, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ar, err := qs.read.QueryContext(ctx, `SELECT a.id, a.note_id, a.author_id, a.text, a.at FROM session_note_addenda a
		JOIN session_notes n ON n.id = a.note_id WHERE `+addenda+
		` ORDER BY a.at, a.id`, args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer ar.Close()
	for ar.Next() {
		var a notes.Addendum
		if err := ar.Scan(&a.ID, &a.NoteID, &a.AuthorID, &a.Text, &a.At); err != nil {
			return nil, err
		}
		a.At = a.At.UTC()
		if i, ok := index[a.NoteID]; ok {
			out[i].Addenda = append(out[i].Addenda, a)
		}
	}
	return out, ar.Err()
}
