package sqlstore

// Education a therapist assigns from the chart. Reading it is recorded in
// education_reads, the one record of reading the program's articles use
// too (program.go).

import (
	"context"

	"unknot/internal/domain"
)

// AssignArticles adds articles to a patient's reading from the clinic, in
// the order given, after what is already assigned; an article already
// assigned keeps its place.
func (qs *Queries) AssignArticles(ctx context.Context, clinicID, userID, by string, ids []string) (err error) {
	defer domain.Wrap(&err, "AssignArticles")
	at := qs.now()
	return qs.write(ctx, func(tx querier) error {
		var last int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) FROM education_assignments WHERE clinic_id = $1 AND user_id = $2`,
			clinicID, userID).Scan(&last); err != nil {
			return err
		}
		for i, id := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO education_assignments (clinic_id, user_id, article_id, position, assigned_by, assigned_at)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (clinic_id, user_id, article_id) DO NOTHING`,
				clinicID, userID, id, last+i+1, by, at); err != nil {
				return err
			}
		}
		return nil
	})
}

// AssignedArticles returns what a clinic assigned a patient, in order;
// every clinic's when clinicID is "".
func (qs *Queries) AssignedArticles(ctx context.Context, clinicID, userID string) (_ []domain.ArticleAssignment, err error) {
	defer domain.Wrap(&err, "AssignedArticles")
	q := `SELECT clinic_id, user_id, article_id, position, assigned_by, assigned_at FROM education_assignments WHERE user_id = $1`
	args := []any{userID}
	if clinicID != "" {
		q += ` AND clinic_id = $2`
		args = append(args, clinicID)
	}
	rows, err := qs.read.QueryContext(ctx, q+` ORDER BY clinic_id, position`, args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	out := []domain.ArticleAssignment{}
	for rows.Next() {
		var a domain.ArticleAssignment
		if err := rows.Scan(&a.ClinicID, &a.UserID, &a.ArticleID, &a.Position, &a.AssignedBy, &a.AssignedAt); err != nil {
			return nil, err
		}
		a.AssignedAt = a.AssignedAt.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}
