package jobs_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"unknot/internal/app"
	"unknot/internal/jobs"
	"unknot/internal/postgres"
	"unknot/internal/postgres/pgtest"
	"unknot/internal/sqlite"
	"unknot/internal/sqlstore"
	"unknot/internal/testclock"
)

// slowMail is an Accounts whose mail takes a while.
type slowMail struct {
	took     time.Duration
	done     atomic.Int32
	started  chan struct{}
	canceled atomic.Int32
}

func (s *slowMail) FinishSignUp(context.Context, app.SignUpJob) error { return nil }
func (s *slowMail) SendLink(context.Context, app.LinkJob) error       { return nil }
func (s *slowMail) Mail(ctx context.Context, _ app.MailJob) error {
	s.started <- struct{}{}
	select {
	case <-time.After(s.took):
		s.done.Add(1)
		return nil
	case <-ctx.Done():
		s.canceled.Add(1)
		return ctx.Err()
	}
}

// noJoins sends no invitations.
type noJoins struct{}

func (noJoins) SendInvite(context.Context, app.InviteJob) error { return nil }

type noReminders struct{}

func (noReminders) Remind(context.Context, app.ReminderJob) error               { return nil }
func (noReminders) RemindByMail(context.Context, app.ReminderMailJob) error     { return nil }
func (noReminders) Schedule(context.Context, time.Time, time.Time) (int, error) { return 0, nil }

func openLite(t *testing.T) *sqlstore.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), sqlite.FileName), testclock.Fixed())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return db
}

func state(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	var s string
	if err := db.WritePool().QueryRowContext(context.Background(), `SELECT state FROM river_job WHERE kind = 'mail'`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Shutdown lets a running job finish within the time it is given; past
// it, the job is cancelled and handed back to the queue (not lost: it is
// still there to run again), never marked done.
func TestStopFinishesOrHandsBack(t *testing.T) {
	for _, c := range []struct {
		name  string
		grace time.Duration
		done  bool
	}{{"finishes", 3 * time.Second, true}, {"handed back", 50 * time.Millisecond, false}} {
		t.Run(c.name, func(t *testing.T) {
			db := openLite(t)
			mail := &slowMail{took: 500 * time.Millisecond, started: make(chan struct{}, 1)}
			h := &jobs.Handlers{Accounts: mail, Reminders: noReminders{}, Joins: noJoins{}, Now: time.Now, Housekeep: func(context.Context) error { return nil }}
			q, err := jobs.New(db, h, jobs.Config{NoPeriodic: true, Poll: 20 * time.Millisecond, RescueAfter: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			if err := q.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := q.Enqueue(context.Background(), nil, app.MailJob{}, time.Time{}); err != nil {
				t.Fatal(err)
			}
			<-mail.started
			ctx, cancel := context.WithTimeout(context.Background(), c.grace)
			_ = q.Stop(ctx)
			cancel()
			got := state(t, db)
			if c.done && (mail.done.Load() != 1 || got != "completed") {
				t.Fatalf("done %d, state %s; want the job finished", mail.done.Load(), got)
			}
			if !c.done && (mail.canceled.Load() != 1 || got == "completed" || got == "discarded") {
				t.Fatalf("cancelled %d, state %s; want the job handed back", mail.canceled.Load(), got)
			}
			t.Logf("state after stop: %s", got)
		})
	}
}

// Two processes starting together both migrate River's tables: the
// migration lock takes them in turn.
func TestConcurrentMigratePostgres(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			db, err := postgres.Open(ctx, url, testclock.Fixed())
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				errs <- err
				return
			}
			_, err = jobs.Migrate(ctx, db)
			errs <- err
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
