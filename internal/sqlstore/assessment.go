package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"unknot/internal/domain"
)

// CreateAssessment stores a, setting CreatedAt from the store's clock when
// it is zero.
func (qs *Queries) CreateAssessment(ctx context.Context, a *domain.Assessment) (err error) {
	defer domain.Wrap(&err, "CreateAssessment")
	if a.CreatedAt.IsZero() {
		a.CreatedAt = qs.now()
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO assessments
			(id, created_at, input, result, disposition, protocol_id, protocol_version, tz, owner_id, clinic_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			a.ID, a.CreatedAt.UTC(), string(a.Input), string(a.Result), a.Disposition,
			a.ProtocolID, a.ProtocolVersion, a.TZ, nullString(a.OwnerID), nullString(a.ClinicID))
		return err
	})
}

const assessmentColumns = `id, created_at, input, result, disposition, protocol_id, protocol_version, tz, owner_id, clinic_id`

func scanAssessment(row interface{ Scan(...any) error }) (*domain.Assessment, error) {
	var a domain.Assessment
	var input, result string
	var owner, clinic sql.NullString
	if err := row.Scan(&a.ID, &a.CreatedAt, &input, &result, &a.Disposition, &a.ProtocolID, &a.ProtocolVersion, &a.TZ,
		&owner, &clinic); err != nil {
		return nil, err
	}
	a.Input, a.Result = []byte(input), []byte(result)
	a.CreatedAt = a.CreatedAt.UTC()
	a.OwnerID, a.ClinicID = owner.String, clinic.String
	return &a, nil
}

// FindAssessmentByID returns the assessment with the given id, or a
// not-found error.
func (qs *Queries) FindAssessmentByID(ctx context.Context, id string) (_ *domain.Assessment, err error) {
	defer domain.Wrap(&err, "FindAssessmentByID")
	a, err := scanAssessment(qs.read.QueryRowContext(ctx, `SELECT `+assessmentColumns+` FROM assessments WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("assessment", id)
	}
	return a, qs.translate(err)
}

// ListAssessments returns assessments, newest first.
func (qs *Queries) ListAssessments(ctx context.Context, f domain.AssessmentFilter) (_ []domain.Assessment, err error) {
	defer domain.Wrap(&err, "ListAssessments")
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	where, arg := `owner_id = $1`, f.OwnerID
	if f.ClinicID != "" {
		where, arg = `clinic_id = $1`, f.ClinicID
	}
	if arg == "" {
		return nil, domain.Errorf(domain.EInvalid, "ListAssessments needs an owner or a clinic.")
	}
	rows, err := qs.read.QueryContext(ctx, `SELECT `+assessmentColumns+` FROM assessments WHERE `+where+
		` ORDER BY created_at DESC, id LIMIT $2`, arg, f.Limit)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []domain.Assessment
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// SetAssessmentOwner gives an anonymous assessment to an account. It fails
// with conflict when someone already keeps it.
func (qs *Queries) SetAssessmentOwner(ctx context.Context, id, ownerID string) (err error) {
	defer domain.Wrap(&err, "SetAssessmentOwner")
	return qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE assessments SET owner_id = $1 WHERE id = $2 AND (owner_id IS NULL OR owner_id = $1)`,
			ownerID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.EConflict, "This result is already kept in another account.")
		}
		return nil
	})
}

// SetAssessmentClinic shares an assessment with a clinic.
func (qs *Queries) SetAssessmentClinic(ctx context.Context, id, clinicID string) (err error) {
	defer domain.Wrap(&err, "SetAssessmentClinic")
	return qs.write(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE assessments SET clinic_id = $1 WHERE id = $2`, nullString(clinicID), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("assessment", id)
		}
		return nil
	})
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
