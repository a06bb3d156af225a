package sqlstore

import (
	"context"

	"unknot/internal/domain"
)

// AcceptedVisits returns a patient's accepted visits.
// Replaced by issue 14's visits table when it merges.
func (q *Queries) AcceptedVisits(ctx context.Context, userID string) ([]domain.Visit, error) {
	return nil, nil
}
