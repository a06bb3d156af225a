package jobs_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"unknot/internal/app"
	"unknot/internal/domain"
	"unknot/internal/jobs"
	"unknot/internal/postgres"
	"unknot/internal/postgres/pgtest"
	"unknot/internal/sqlite"
	"unknot/internal/sqlstore"
)

// BenchmarkReminders100k schedules 100,000 reminders, due over ten
// seconds, and delivers them through the real job and use case to the
// in-app list (the counting channel), on each engine; it reports the
// delivery throughput and the p99 lateness (delivered minus due).
// Run: go test -run X -bench Reminders100k -benchtime 1x ./internal/jobs/
func BenchmarkReminders100k(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		benchReminders(b, func() (*sqlstore.DB, error) {
			return sqlite.Open(filepath.Join(b.TempDir(), sqlite.FileName), time.Now)
		})
	})
	b.Run("postgres", func(b *testing.B) {
		url := pgtest.URL(b)
		benchReminders(b, func() (*sqlstore.DB, error) { return postgres.Open(context.Background(), url, time.Now) })
	})
}

// benchReminders100k is how many reminders the benchmark schedules:
// 100,000, or UNKNOT_BENCH_REMINDERS (scripts/test's once-each run takes
// 2,000, so that it checks the path without a minute and a half per engine).
var benchReminders100k = func() int {
	if n, err := strconv.Atoi(os.Getenv("UNKNOT_BENCH_REMINDERS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}()

func benchReminders(b *testing.B, open func() (*sqlstore.DB, error)) {
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		db, err := open()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := jobs.Migrate(ctx, db); err != nil {
			b.Fatal(err)
		}
		var users []string
		for i := range 100 {
			u := &domain.User{ID: app.NewID(), Email: fmt.Sprintf("p%d@example.org", i), PasswordHash: "x"}
			if err := db.CreateUser(ctx, u); err != nil {
				b.Fatal(err)
			}
			users = append(users, u.ID)
		}
		h := &jobs.Handlers{Now: time.Now, Housekeep: func(context.Context) error { return nil }}
		q, err := jobs.New(db, h, jobs.Config{Workers: 32, NoPeriodic: true, Poll: 20 * time.Millisecond})
		if err != nil {
			b.Fatal(err)
		}
		svc := app.New(db, app.Config{Now: time.Now, Jobs: q})
		h.Accounts, h.Reminders, h.Joins = svc.Accounts, svc.Reminders, svc.Joins
		b.StartTimer()

		start := time.Now()
		js, at := make([]app.Job, benchReminders100k), make([]time.Time, benchReminders100k)
		due0 := start.Add(2 * time.Second)
		for i := range js {
			d := due0.Add(time.Duration(i) * (10 * time.Second / time.Duration(benchReminders100k)))
			js[i] = app.ReminderJob{UserID: users[i%len(users)], Key: fmt.Sprintf("checkin:bench-%06d", i), Type: "checkin",
				Title: "How is your back today?", Body: "Check in.", Path: "/diary", DueAt: d}
			at[i] = d
		}
		if err := q.EnqueueMany(ctx, js, at); err != nil {
			b.Fatal(err)
		}
		scheduled := time.Since(start)
		if err := q.Start(ctx); err != nil {
			b.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Minute)
		for {
			n, err := db.CountNotifications(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if n == benchReminders100k {
				break
			}
			if n > benchReminders100k || time.Now().After(deadline) {
				b.Fatalf("%d delivered", n)
			}
			time.Sleep(100 * time.Millisecond)
		}
		b.StopTimer()
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_ = q.Stop(stopCtx)
		cancel()
		late, last := lateness(b, db.WritePool())
		p99 := late[len(late)*99/100]
		deliver := last.Sub(due0)
		b.ReportMetric(float64(benchReminders100k)/scheduled.Seconds(), "scheduled/s")
		b.ReportMetric(float64(benchReminders100k)/deliver.Seconds(), "delivered/s")
		b.ReportMetric(float64(p99.Milliseconds()), "p99-late-ms")
		b.ReportMetric(float64(late[len(late)/2].Milliseconds()), "p50-late-ms")
		b.Logf("%s: scheduled %d in %v; delivered from the first due time in %v; lateness p50 %v, p99 %v, max %v",
			db.Engine(), benchReminders100k, scheduled.Round(time.Millisecond), deliver.Round(time.Millisecond),
			late[len(late)/2].Round(time.Millisecond), p99.Round(time.Millisecond), late[len(late)-1].Round(time.Millisecond))
		db.Close()
	}
}

// lateness is each delivery's lateness, sorted, and the last delivery.
func lateness(b *testing.B, pool *sql.DB) ([]time.Duration, time.Time) {
	rows, err := pool.QueryContext(context.Background(), `SELECT due_at, created_at FROM notifications`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var out []time.Duration
	var last time.Time
	for rows.Next() {
		var due, at time.Time
		if err := rows.Scan(&due, &at); err != nil {
			b.Fatal(err)
		}
		out = append(out, max(0, at.Sub(due)))
		if at.After(last) {
			last = at
		}
	}
	slices.Sort(out)
	return out, last
}
