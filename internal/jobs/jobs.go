// Package jobs is unknot's background work on River: the one durable
// queue for sign-ups, links, every mail and every reminder, and the
// periodic jobs (reminder scheduling, the hourly housekeeping). The same
// River client over database/sql and the same job code run on both
// engines: River's SQLite driver on the embedded default and its
// database/sql driver on PostgreSQL (over pgx's stdlib). Use cases enqueue
// jobs with InsertTx in their own transaction (app.Enqueuer); the workers
// call back into the use cases through the small interfaces of Handlers.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"unknot/internal/app"
)

// Store is what the queue needs of unknot's store: its engine and the
// pool that takes changes (SQLite's single writer).
type Store interface {
	Engine() string
	WritePool() *sql.DB
}

// Handlers are the use cases the jobs run.
type Handlers struct {
	Accounts interface {
		FinishSignUp(ctx context.Context, j app.SignUpJob) error
		SendLink(ctx context.Context, j app.LinkJob) error
		Mail(ctx context.Context, j app.MailJob) error
	}
	Reminders interface {
		Remind(ctx context.Context, j app.ReminderJob) error
		RemindByMail(ctx context.Context, j app.ReminderMailJob) error
		Schedule(ctx context.Context, from, to time.Time) (int, error)
	}
	Joins interface {
		SendInvite(ctx context.Context, j app.InviteJob) error
	}
	// Housekeep deletes what has expired (sessions, links, throttling
	// rows, unclaimed anonymous results).
	Housekeep func(ctx context.Context) error
	// Now is the app's clock, for the scheduling window.
	Now func() time.Time
}

// Observer is told of every finished run of a job (metrics).
type Observer interface {
	JobFinished(kind string, wait, run time.Duration, failed bool)
}

// Config tunes the queue; zero values take the defaults.
type Config struct {
	Logger *slog.Logger
	// Workers is how many jobs run at once; 4 by default.
	Workers int
	// RescueAfter is how long a job may stay running before River hands
	// it to another process (after a crash); 5 minutes by default, and
	// always past the longest job timeout.
	RescueAfter time.Duration
	// Poll is how often to look for jobs; 200 ms by default.
	Poll time.Duration
	// NoPeriodic leaves out the periodic jobs (scheduling, housekeeping).
	NoPeriodic bool
	// ScheduleEvery is how often reminders are scheduled ahead, for the
	// next ScheduleAhead; 15 minutes and 1 hour by default.
	ScheduleEvery, ScheduleAhead time.Duration
	Observer                     Observer
}

// Queue is the River client.
type Queue struct {
	client  *river.Client[*sql.Tx]
	h       *Handlers
	cfg     Config
	db      *sql.DB
	started bool
}

// Migrate applies River's own migrations (its river_job and other tables)
// beside unknot's, returning how many it applied.
func Migrate(ctx context.Context, st Store) (n int, err error) {
	if l, ok := st.(interface {
		WithMigrationLock(ctx context.Context, fn func(ctx context.Context) error) error
	}); ok {
		err = l.WithMigrationLock(ctx, func(ctx context.Context) error {
			n, err = migrate(ctx, st)
			return err
		})
		return n, err
	}
	return migrate(ctx, st)
}

func migrate(ctx context.Context, st Store) (int, error) {
	var res *rivermigrate.MigrateResult
	var err error
	switch st.Engine() {
	case "sqlite":
		m, merr := rivermigrate.New(riversqlite.New(st.WritePool()), nil)
		if merr != nil {
			return 0, merr
		}
		res, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	default:
		m, merr := rivermigrate.New(riverdatabasesql.New(st.WritePool()), nil)
		if merr != nil {
			return 0, merr
		}
		res, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	}
	if err != nil {
		return 0, fmt.Errorf("river migrations: %w", err)
	}
	return len(res.Versions), nil
}

func driverFor(st Store) riverdriver.Driver[*sql.Tx] {
	if st.Engine() == "sqlite" {
		return riversqlite.New(st.WritePool())
	}
	return riverdatabasesql.New(st.WritePool())
}

// Timeouts bound one run of each kind.
const (
	mailTimeout     = time.Minute
	reminderTimeout = 30 * time.Second
	periodicTimeout = 10 * time.Minute
)

// New makes the queue over st. It can enqueue at once; Start runs jobs.
func New(st Store, h *Handlers, cfg Config) (*Queue, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.RescueAfter <= 0 {
		cfg.RescueAfter = 5 * time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 200 * time.Millisecond
	}
	if cfg.ScheduleEvery <= 0 {
		cfg.ScheduleEvery = 15 * time.Minute
	}
	if cfg.ScheduleAhead <= cfg.ScheduleEvery {
		cfg.ScheduleAhead = max(time.Hour, 2*cfg.ScheduleEvery)
	}
	q := &Queue{h: h, cfg: cfg, db: st.WritePool()}
	// River rescues a job only past its timeout: a short rescue (tests)
	// shortens the timeouts too.
	limit := func(d time.Duration) time.Duration { return min(d, cfg.RescueAfter/2) }
	workers := river.NewWorkers()
	river.AddWorker(workers, &worker[app.SignUpJob]{timeout: limit(mailTimeout), fn: func(ctx context.Context, j app.SignUpJob) error { return q.h.Accounts.FinishSignUp(ctx, j) }})
	river.AddWorker(workers, &worker[app.LinkJob]{timeout: limit(mailTimeout), fn: func(ctx context.Context, j app.LinkJob) error { return q.h.Accounts.SendLink(ctx, j) }})
	river.AddWorker(workers, &worker[app.MailJob]{timeout: limit(mailTimeout), fn: func(ctx context.Context, j app.MailJob) error { return q.h.Accounts.Mail(ctx, j) }})
	river.AddWorker(workers, &worker[app.InviteJob]{timeout: limit(mailTimeout), fn: func(ctx context.Context, j app.InviteJob) error { return q.h.Joins.SendInvite(ctx, j) }})
	river.AddWorker(workers, &worker[app.ReminderJob]{timeout: limit(reminderTimeout), fn: func(ctx context.Context, j app.ReminderJob) error { return q.h.Reminders.Remind(ctx, j) }})
	river.AddWorker(workers, &worker[app.ReminderMailJob]{timeout: limit(mailTimeout), fn: func(ctx context.Context, j app.ReminderMailJob) error { return q.h.Reminders.RemindByMail(ctx, j) }})
	river.AddWorker(workers, &worker[ScheduleArgs]{timeout: limit(periodicTimeout), fn: func(ctx context.Context, _ ScheduleArgs) error {
		now := q.h.Now()
		// From a little back: a reminder missed while every process was
		// down still comes, late, once.
		_, err := q.h.Reminders.Schedule(ctx, now.Add(-cfg.ScheduleEvery), now.Add(cfg.ScheduleAhead))
		return err
	}})
	river.AddWorker(workers, &worker[HousekeepArgs]{timeout: limit(periodicTimeout), fn: func(ctx context.Context, _ HousekeepArgs) error { return q.h.Housekeep(ctx) }})
	rc := &river.Config{
		Logger:                      slog.New(warnOnly{cfg.Logger.Handler()}),
		Queues:                      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:                     workers,
		JobTimeout:                  limit(mailTimeout),
		RescueStuckJobsAfter:        cfg.RescueAfter,
		FetchPollInterval:           cfg.Poll,
		FetchCooldown:               max(time.Millisecond, cfg.Poll/20),
		CompletedJobRetentionPeriod: 6 * time.Hour,
		MaxAttempts:                 10,
	}
	if !cfg.NoPeriodic {
		rc.PeriodicJobs = []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(cfg.ScheduleEvery),
				func() (river.JobArgs, *river.InsertOpts) { return ScheduleArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true, ID: "schedule_reminders"}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return HousekeepArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true, ID: "housekeeping"}),
		}
	}
	c, err := river.NewClient(driverFor(st), rc)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	q.client = c
	return q, nil
}

// ScheduleArgs is the periodic job that enqueues the reminders due soon.
type ScheduleArgs struct{}

// Kind names the job.
func (ScheduleArgs) Kind() string { return "schedule_reminders" }

// HousekeepArgs is the hourly clean-up.
type HousekeepArgs struct{}

// Kind names the job.
func (HousekeepArgs) Kind() string { return "housekeeping" }

type worker[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	timeout time.Duration
	fn      func(context.Context, T) error
}

func (w *worker[T]) Work(ctx context.Context, j *river.Job[T]) error { return w.fn(ctx, j.Args) }

func (w *worker[T]) Timeout(*river.Job[T]) time.Duration { return w.timeout }

// Enqueue is app.Enqueuer: in tx (a store with SQLTx) when given, so the
// job commits with the use case; due at at, or now when at is zero. A
// reminder is unique by person and occurrence.
func (q *Queue) Enqueue(ctx context.Context, tx any, job app.Job, at time.Time) error {
	opts := &river.InsertOpts{ScheduledAt: at}
	switch job.(type) {
	case app.ReminderJob:
		opts.UniqueOpts = river.UniqueOpts{ByArgs: true}
	case app.SignUpJob, app.LinkJob, app.MailJob, app.ReminderMailJob, app.InviteJob:
		opts.MaxAttempts = 8
	}
	var err error
	if tx == nil {
		_, err = q.client.Insert(ctx, job, opts)
	} else {
		t, ok := tx.(interface{ SQLTx() *sql.Tx })
		if !ok || t.SQLTx() == nil {
			return fmt.Errorf("jobs: %T has no transaction to enqueue %s in", tx, job.Kind())
		}
		// The transaction may be a group's (sqlstore/groupcommit.go): one
		// caller's cancellation must not abort it for the others.
		_, err = q.client.InsertTx(context.WithoutCancel(ctx), t.SQLTx(), job, opts)
	}
	if err != nil {
		return fmt.Errorf("jobs: enqueuing %s: %w", job.Kind(), err)
	}
	return nil
}

// Observe sets who is told of finished runs; call it before Start.
func (q *Queue) Observe(o Observer) { q.cfg.Observer = o }

// EnqueueMany enqueues many jobs at once (outside any transaction), each
// due at its at, in batches.
func (q *Queue) EnqueueMany(ctx context.Context, js []app.Job, at []time.Time) error {
	const batch = 1000
	for i := 0; i < len(js); i += batch {
		var ps []river.InsertManyParams
		for k := i; k < min(i+batch, len(js)); k++ {
			ps = append(ps, river.InsertManyParams{Args: js[k], InsertOpts: &river.InsertOpts{ScheduledAt: at[k]}})
		}
		if _, err := q.client.InsertMany(ctx, ps); err != nil {
			return fmt.Errorf("jobs: enqueuing %d jobs: %w", len(ps), err)
		}
	}
	return nil
}

// Start runs jobs until Stop.
func (q *Queue) Start(ctx context.Context) error {
	if q.h == nil || q.h.Accounts == nil || q.h.Reminders == nil || q.h.Joins == nil || q.h.Now == nil || q.h.Housekeep == nil {
		return errors.New("jobs: Start needs every handler")
	}
	if q.cfg.Observer != nil {
		events, cancel := q.client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled)
		go func() {
			defer cancel()
			for e := range events {
				var wait, run time.Duration
				if e.JobStats != nil {
					wait, run = e.JobStats.QueueWaitDuration, e.JobStats.RunDuration
				}
				q.cfg.Observer.JobFinished(e.Job.Kind, wait, run, e.Kind != river.EventKindJobCompleted)
			}
		}()
	}
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: starting: %w", err)
	}
	q.started = true
	return nil
}

// Stop lets running jobs finish until ctx ends, then cancels them: a
// cancelled job stays running in the table and River hands it to a
// process again after RescueAfter, so none is lost.
func (q *Queue) Stop(ctx context.Context) error {
	if !q.started {
		return nil
	}
	q.started = false
	err := q.client.Stop(ctx)
	if err != nil && ctx.Err() != nil {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		q.cfg.Logger.Warn("jobs still running at the shutdown deadline are handed back")
		return q.client.StopAndCancel(cctx)
	}
	return err
}

// warnOnly passes River's warnings and errors on, not its chatter.
type warnOnly struct{ slog.Handler }

func (w warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && w.Handler.Enabled(ctx, l)
}
