package sqlstore

// A clinic's own protocol: versions as uploaded (each checked before it
// is kept), one active at a time, activation recorded with who and when.

import (
	"context"
	"database/sql"

	"unknot/internal/domain"
)

// PutClinicProtocol stores a new version, not active; a version the
// clinic has already is a conflict.
func (qs *Queries) PutClinicProtocol(ctx context.Context, p *domain.ClinicProtocol) (err error) {
	defer domain.Wrap(&err, "PutClinicProtocol(%q)", p.Version)
	p.UploadedAt = qs.now()
	return qs.write(ctx, func(tx querier) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM clinic_protocols WHERE clinic_id = $1 AND version = $2`, p.ClinicID, p.Version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &domain.Error{Code: domain.EConflict, Message: "The clinic already has a protocol with version " + p.Version + ". Give this one a new version."}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO clinic_protocols (clinic_id, version, body, cases, uploaded_by, uploaded_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, p.ClinicID, p.Version, string(p.Body), string(p.Cases), p.UploadedBy, p.UploadedAt)
		return err
	})
}

const clinicProtocolColumns = `clinic_id, version, body, cases, uploaded_by, uploaded_at, active, activated_by, activated_at`

func (qs *Queries) clinicProtocols(ctx context.Context, where string, args ...any) ([]domain.ClinicProtocol, error) {
	rows, err := qs.read.QueryContext(ctx, `SELECT `+clinicProtocolColumns+` FROM clinic_protocols WHERE `+where, args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	out := []domain.ClinicProtocol{}
	for rows.Next() {
		var p domain.ClinicProtocol
		var body, cases string
		var at sql.NullTime
		if err := rows.Scan(&p.ClinicID, &p.Version, &body, &cases, &p.UploadedBy, &p.UploadedAt, &p.Active, &p.ActivatedBy, &at); err != nil {
			return nil, err
		}
		p.Body, p.Cases, p.UploadedAt, p.ActivatedAt = []byte(body), []byte(cases), p.UploadedAt.UTC(), utcPtr(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// ClinicProtocols returns the clinic's versions, newest upload first.
func (qs *Queries) ClinicProtocols(ctx context.Context, clinicID string) (_ []domain.ClinicProtocol, err error) {
	defer domain.Wrap(&err, "ClinicProtocols")
	return qs.clinicProtocols(ctx, `clinic_id = $1 ORDER BY uploaded_at DESC, version DESC`, clinicID)
}

// ActiveClinicProtocol returns the clinic's active version; not found
// when the clinic uses the default.
func (qs *Queries) ActiveClinicProtocol(ctx context.Context, clinicID string) (_ *domain.ClinicProtocol, err error) {
	defer domain.Wrap(&err, "ActiveClinicProtocol")
	list, err := qs.clinicProtocols(ctx, `clinic_id = $1 AND active`, clinicID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("clinic protocol", clinicID)
	}
	return &list[0], nil
}

// ActivateClinicProtocol makes version the clinic's one active version,
// recording who and when.
func (qs *Queries) ActivateClinicProtocol(ctx context.Context, clinicID, version, by string) (err error) {
	defer domain.Wrap(&err, "ActivateClinicProtocol(%q)", version)
	now := qs.now()
	return qs.write(ctx, func(tx querier) error {
		if _, err := tx.ExecContext(ctx, `UPDATE clinic_protocols SET active = FALSE WHERE clinic_id = $1 AND active`, clinicID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE clinic_protocols SET active = TRUE, activated_by = $3, activated_at = $4
			WHERE clinic_id = $1 AND version = $2`, clinicID, version, by, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("clinic protocol", version)
		}
		return nil
	})
}
