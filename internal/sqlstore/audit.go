package sqlstore

import (
	"context"

	"unknot/internal/domain"
)

// AppendAudit adds one entry to the append-only audit log.
func (qs *Queries) AppendAudit(ctx context.Context, e *domain.AuditEntry) (err error) {
	defer domain.Wrap(&err, "AppendAudit")
	if e.At.IsZero() {
		e.At = qs.now()
	}
	return qs.write(ctx, func(tx querier) error {
		if b, ok := tx.(boundTx); ok && b.audits != nil {
			b.audits.unit = append(b.audits.unit, e) // written with its group's (groupaudit.go)
			return nil
		}
		return insertAudit(ctx, tx, e)
	})
}

func insertAudit(ctx context.Context, tx querier, e *domain.AuditEntry) error {
	return tx.QueryRowContext(ctx, `INSERT INTO audit_log (at, actor, action, record, address, clinic_id, subject)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		e.At.UTC(), e.Actor, e.Action, e.Record, e.Address, e.ClinicID, e.Subject).Scan(&e.ID)
}

// ListAudit returns audit entries, newest first.
func (qs *Queries) ListAudit(ctx context.Context, f domain.AuditFilter) (_ []domain.AuditEntry, err error) {
	defer domain.Wrap(&err, "ListAudit")
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	rows, err := qs.read.QueryContext(ctx, `SELECT id, at, actor, action, record, address, clinic_id, subject FROM audit_log
		WHERE ($1 = '' OR record = $1) AND ($2 = '' OR actor = $2) AND ($3 = '' OR clinic_id = $3) AND ($4 = '' OR action = $4)
		AND ($6 = '' OR subject = $6) ORDER BY id DESC LIMIT $5`, f.Record, f.Actor, f.ClinicID, f.Action, f.Limit, f.Subject)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []domain.AuditEntry
	for rows.Next() {
		var e domain.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Record, &e.Address, &e.ClinicID, &e.Subject); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
