package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"unknot/internal/domain"
)

// CreateAssessment stores a, setting CreatedAt from the store's clock when
// it is zero.
func (db *DB) CreateAssessment(ctx context.Context, a *domain.Assessment) (err error) {
	defer domain.Wrap(&err, "CreateAssessment(%q)", a.ID)
	if a.CreatedAt.IsZero() {
		a.CreatedAt = db.now()
	}
	return db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO assessments
			(id, created_at, input, result, disposition, protocol_id, protocol_version, tz)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			a.ID, a.CreatedAt.UTC(), string(a.Input), string(a.Result), a.Disposition,
			a.ProtocolID, a.ProtocolVersion, a.TZ)
		return err
	})
}

// FindAssessmentByID returns the assessment with the given id, or a
// not-found error.
func (db *DB) FindAssessmentByID(ctx context.Context, id string) (_ *domain.Assessment, err error) {
	defer domain.Wrap(&err, "FindAssessmentByID(%q)", id)
	var a domain.Assessment
	var input, result string
	err = db.cfg.Read.QueryRowContext(ctx, `SELECT id, created_at, input, result, disposition,
		protocol_id, protocol_version, tz FROM assessments WHERE id = $1`, id).
		Scan(&a.ID, &a.CreatedAt, &input, &result, &a.Disposition, &a.ProtocolID, &a.ProtocolVersion, &a.TZ)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("assessment", id)
	}
	if err != nil {
		return nil, db.cfg.Translate(err)
	}
	a.Input, a.Result = []byte(input), []byte(result)
	a.CreatedAt = a.CreatedAt.UTC()
	return &a, nil
}
