package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"unknot/internal/app"
	"unknot/internal/domain"
	"unknot/internal/jobs"
	"unknot/internal/postgres"
	"unknot/internal/postgres/pgtest"
	"unknot/internal/sqlstore"
)

// seedReminders makes people and enqueues n reminders for them, due at
// due, each with its own occurrence key.
func seedReminders(t *testing.T, db *sqlstore.DB, q *jobs.Queue, users []string, prefix string, n int, due time.Time) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		j := app.ReminderJob{UserID: users[i%len(users)], Key: fmt.Sprintf("checkin:%s-%04d", prefix, i), Type: "checkin",
			Title: "How is your back today?", Body: "Check in.", Path: "/diary", DueAt: due}
		if err := q.Enqueue(ctx, nil, j, due); err != nil {
			t.Fatal(err)
		}
	}
}

// delivered counts the in-app reminders, and the reminder jobs not yet
// completed.
func delivered(t *testing.T, db *sqlstore.DB) (n, pending int) {
	t.Helper()
	ctx := context.Background()
	n, err := db.CountNotifications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.WritePool().QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = 'reminder' AND state <> 'completed'`).Scan(&pending); err != nil {
		t.Fatal(err)
	}
	return n, pending
}

// TestRemindersExactlyOnceAcrossProcesses is two `unknot serve` processes
// on one PostgreSQL schema with 1,000 reminders falling due: each is
// delivered once, and both processes deliver. Then 1,000 more, and one
// process is killed (SIGKILL) halfway: none is lost, none doubled.
func TestRemindersExactlyOnceAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("two processes and a crash are not short")
	}
	url := pgtest.URL(t)
	ctx := context.Background()
	// The due times are real: River runs jobs by the wall clock.
	db, err := postgres.Open(ctx, url, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	var users []string
	for i := range 20 {
		u := &domain.User{ID: app.NewID(), Email: fmt.Sprintf("p%d@example.org", i), PasswordHash: "x"}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		users = append(users, u.ID)
	}
	producer, err := jobs.New(db, &jobs.Handlers{}, jobs.Config{NoPeriodic: true})
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"serve", "--database", url, "--addr", "127.0.0.1:0", "--job-rescue-after", "3s", "--job-workers", "8"}
	a, _, _ := startProcess(t, args...)
	b, _, _ := startProcess(t, args...)
	defer func() {
		for _, p := range []interface{ Kill() error }{a.Process, b.Process} {
			_ = p.Kill()
		}
	}()

	seedReminders(t, db, producer, users, "a", 1000, time.Now().Add(time.Second))
	waitDelivered(t, db, 1000, 90*time.Second)
	var by int
	if err := db.WritePool().QueryRowContext(ctx, `SELECT COUNT(DISTINCT attempted_by[array_length(attempted_by, 1)]) FROM river_job WHERE kind = 'reminder'`).Scan(&by); err != nil {
		t.Fatal(err)
	}
	if by < 2 {
		t.Errorf("reminders were delivered by %d process(es); want both", by)
	}

	seedReminders(t, db, producer, users, "b", 1000, time.Now().Add(time.Second))
	deadline := time.Now().Add(60 * time.Second)
	for {
		n, _ := delivered(t, db)
		if n >= 1000+300 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d delivered before the kill", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := a.Process.Kill(); err != nil { // SIGKILL: no shutdown at all
		t.Fatal(err)
	}
	_ = a.Wait()
	n, pending := delivered(t, db)
	t.Logf("killed one process with %d of 2000 delivered and %d jobs not done", n, pending)
	// River hands the dead process's jobs to the live one after
	// --job-rescue-after, once the live one leads (up to a minute).
	waitDelivered(t, db, 2000, 150*time.Second)
	var distinct, dup int
	if err := db.WritePool().QueryRowContext(ctx, `SELECT COUNT(DISTINCT user_id || ' ' || occurrence) FROM notifications`).Scan(&distinct); err != nil {
		t.Fatal(err)
	}
	if err := db.WritePool().QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = 'reminder' AND (state <> 'completed' OR attempt > 1)`).Scan(&dup); err != nil {
		t.Fatal(err)
	}
	t.Logf("2000 delivered once each; %d jobs ran again after the crash (delivering nothing new)", dup)
	if distinct != 2000 {
		t.Fatalf("%d distinct deliveries; want 2000", distinct)
	}
}

// waitDelivered waits until want reminders are delivered and no reminder
// job is left, then checks that no more than want were.
func waitDelivered(t *testing.T, db *sqlstore.DB, want int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		n, pending := delivered(t, db)
		if n > want {
			t.Fatalf("%d delivered; want %d: some twice", n, want)
		}
		if n == want && pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			var states []string
			rows, _ := db.WritePool().QueryContext(context.Background(), `SELECT state || ':' || COUNT(*) FROM river_job WHERE kind = 'reminder' GROUP BY state`)
			for rows != nil && rows.Next() {
				var s string
				_ = rows.Scan(&s)
				states = append(states, s)
			}
			t.Fatalf("%d of %d delivered, %d jobs pending (%s)", n, want, pending, strings.Join(states, ", "))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
