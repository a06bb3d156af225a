package jobs

// What the operator sees: the queue's depth for /metrics, and the jobs
// that failed (retrying or given up) for `unknot jobs`.

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Depth counts the jobs waiting (available, scheduled or retryable) and
// running, by kind and state.
func (q *Queue) Depth(ctx context.Context) (map[[2]string]int, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT kind, state, COUNT(*) FROM river_job
		WHERE state IN ('available', 'scheduled', 'retryable', 'running') GROUP BY kind, state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[[2]string]int{}
	for rows.Next() {
		var kind, state string
		var n int
		if err := rows.Scan(&kind, &state, &n); err != nil {
			return nil, err
		}
		out[[2]string{kind, state}] = n
	}
	return out, rows.Err()
}

// Failed is one job that failed at least once and is not done.
type Failed struct {
	ID       int64
	Kind     string
	State    string
	Attempts int
	Max      int
	// Next is when it runs again (retryable); zero once given up.
	Next  time.Time
	Error string
}

// ListFailed returns the jobs retrying or given up (discarded), newest
// first, up to limit. Errors are River's record of the job's own, which
// say no address or secret (the use cases' errors never do).
func (q *Queue) ListFailed(ctx context.Context, limit int) ([]Failed, error) {
	res, err := q.client.JobList(ctx, river.NewJobListParams().
		States(rivertype.JobStateRetryable, rivertype.JobStateDiscarded).First(limit).OrderBy(river.JobListOrderByID, river.SortOrderDesc))
	if err != nil {
		return nil, fmt.Errorf("jobs: listing: %w", err)
	}
	var out []Failed
	for _, j := range res.Jobs {
		f := Failed{ID: j.ID, Kind: j.Kind, State: string(j.State), Attempts: j.Attempt, Max: j.MaxAttempts}
		if j.State == rivertype.JobStateRetryable {
			f.Next = j.ScheduledAt
		}
		if n := len(j.Errors); n > 0 {
			f.Error = j.Errors[n-1].Error
		}
		out = append(out, f)
	}
	return out, nil
}

// Retry makes a failed job due again now.
func (q *Queue) Retry(ctx context.Context, id int64) error {
	_, err := q.client.JobRetry(ctx, id)
	return err
}
