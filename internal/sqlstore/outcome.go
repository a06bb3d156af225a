package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"unknot/internal/domain"
	"unknot/internal/outcome"
)

// PutOutcome stores a completed instrument. Responses are never changed:
// a person who answers again on the same day adds a row.
func (qs *Queries) PutOutcome(ctx context.Context, o *outcome.Response) (err error) {
	defer domain.Wrap(&err, "PutOutcome")
	if o.TakenAt.IsZero() {
		o.TakenAt = qs.now()
	}
	answers := o.Answers
	if answers == nil {
		answers = []outcome.Answer{}
	}
	b, err := json.Marshal(answers)
	if err != nil {
		return fmt.Errorf("encoding answers: %w", err)
	}
	var sub sql.NullInt64
	if o.Subscale != nil {
		sub = sql.NullInt64{Int64: int64(*o.Subscale), Valid: true}
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO outcome_responses (id, user_id, assessment_id, instrument_id, answers,
				score, subscale, band, licence, date, taken_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			o.ID, o.UserID, o.AssessmentID, o.Instrument, string(b), o.Score, sub, o.Band, o.Licence, o.Date, o.TakenAt.UTC())
		if err != nil {
			return err
		}
		// The caseload's copy of the latest answer, for "questionnaire due".
		_, err = tx.ExecContext(ctx, `UPDATE questionnaire_assignments SET last_taken = $3
			WHERE user_id = $1 AND instrument_id = $2 AND (last_taken IS NULL OR last_taken < $3)`, o.UserID, o.Instrument, o.Date)
		return err
	})
}

// ListOutcomes returns a plan's outcome responses, oldest first.
func (qs *Queries) ListOutcomes(ctx context.Context, f domain.OutcomeFilter) (_ []outcome.Response, err error) {
	defer domain.Wrap(&err, "ListOutcomes")
	if f.AssessmentID == "" {
		return nil, domain.Errorf(domain.EInvalid, "ListOutcomes needs an assessment.")
	}
	where, args := []string{`assessment_id = $1`}, []any{f.AssessmentID}
	if f.Instrument != "" {
		args = append(args, f.Instrument)
		where = append(where, `instrument_id = $`+strconv.Itoa(len(args)))
	}
	rows, err := qs.read.QueryContext(ctx, `SELECT id, user_id, assessment_id, instrument_id, answers, score, subscale,
		band, licence, date, taken_at FROM outcome_responses WHERE `+strings.Join(where, ` AND `)+
		` ORDER BY taken_at, id`, args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []outcome.Response
	for rows.Next() {
		var o outcome.Response
		var answers string
		var sub sql.NullInt64
		if err := rows.Scan(&o.ID, &o.UserID, &o.AssessmentID, &o.Instrument, &answers, &o.Score, &sub, &o.Band,
			&o.Licence, &o.Date, &o.TakenAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(answers), &o.Answers); err != nil {
			return nil, fmt.Errorf("decoding answers of %s: %w", o.ID, err)
		}
		if sub.Valid {
			n := int(sub.Int64)
			o.Subscale = &n
		}
		o.TakenAt = o.TakenAt.UTC()
		out = append(out, o)
	}
	return out, rows.Err()
}
