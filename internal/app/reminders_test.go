package app_test

// Reminders through the use cases: the scheduler finds an accepted visit's
// reminder (from a store that has visits: issue 14 stores them), its job
// delivers once and enqueues its mail in the same transaction, the mail
// says how to stop, and the calendar feed carries the visit with an alarm.

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"unknot/internal/app"
	"unknot/internal/domain"
	umail "unknot/internal/mail"
	"unknot/internal/sqlite"
	"unknot/internal/sqlstore"
	"unknot/internal/testclock"
)

// visitDB is the store with accepted visits, as issue 14's will have.
type visitDB struct {
	*sqlstore.DB
	visits []domain.Visit
}

type visitTx struct {
	*sqlstore.Tx
	visits []domain.Visit
}

func (d *visitDB) AcceptedVisits(context.Context, string) ([]domain.Visit, error) {
	return d.visits, nil
}
func (t *visitTx) AcceptedVisits(context.Context, string) ([]domain.Visit, error) {
	return t.visits, nil
}

func (d *visitDB) InTx(ctx context.Context, fn func(tx *visitTx) error) error {
	return d.DB.InTx(ctx, func(tx *sqlstore.Tx) error { return fn(&visitTx{tx, d.visits}) })
}

// queued records what use cases enqueue.
type queued struct {
	mu   sync.Mutex
	jobs []app.Job
	at   []time.Time
	inTx []bool
}

func (q *queued) Enqueue(_ context.Context, tx any, j app.Job, at time.Time) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs, q.at, q.inTx = append(q.jobs, j), append(q.at, at), append(q.inTx, tx != nil)
	return nil
}

type sent struct{ msgs []umail.Message }

func (s *sent) Send(_ context.Context, m umail.Message) error { s.msgs = append(s.msgs, m); return nil }

func TestVisitReminderAndFeed(t *testing.T) {
	ctx := context.Background()
	now := testclock.Fixed()
	lite, err := sqlite.Open(filepath.Join(t.TempDir(), sqlite.FileName), now)
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	if _, err := lite.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// The visit is at 14:00 London two days on: its reminder, a day
	// before, falls outside the quiet hours whatever the test's date.
	london, _ := time.LoadLocation("Europe/London")
	d := now().In(london)
	at := time.Date(d.Year(), d.Month(), d.Day()+2, 14, 0, 0, 0, london)
	db := &visitDB{DB: lite}
	q, mail := &queued{}, &sent{}
	svc := app.New(db, app.Config{Now: now, DefaultTZ: "Europe/London", Jobs: q, Mailer: mail, BaseURL: "https://unknot.example",
		Passwords: app.PasswordParams{MemoryKiB: 1024, Time: 1, Threads: 1, Concurrent: 4}})
	u, _, _, err := svc.Clinics.Setup(ctx, "192.0.2.1", app.SetupRequest{Email: "sam@example.org", Password: "correct horse battery staple", ClinicName: "C"})
	if err != nil {
		t.Fatal(err)
	}
	person := domain.Actor{ID: u.ID, UserID: u.ID, Address: "192.0.2.1"}
	if _, err := svc.Assessments.Create(ctx, person, input(t, 4)); err != nil {
		t.Fatal(err)
	}
	db.visits = []domain.Visit{{ID: "v1", UserID: u.ID, Status: domain.VisitAccepted, At: &at, Minutes: 45}}

	n, err := svc.Reminders.Schedule(ctx, at.Add(-25*time.Hour), at.Add(-23*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var visit *app.ReminderJob
	for i, j := range q.jobs {
		if r, ok := j.(app.ReminderJob); ok && r.Type == "visit" {
			visit = &r
			if !q.at[i].Equal(at.Add(-24*time.Hour)) || q.inTx[i] {
				t.Errorf("the visit's reminder is due %v (in a transaction: %v); want a day before %v", q.at[i], q.inTx[i], at)
			}
		}
	}
	if visit == nil {
		t.Fatalf("no visit reminder among %d scheduled", n)
	}
	q.jobs = nil
	for range 2 { // run twice, as after a crash: delivered once
		if err := svc.Reminders.Remind(ctx, *visit); err != nil {
			t.Fatal(err)
		}
	}
	l, err := svc.Reminders.Notifications(ctx, person)
	if err != nil || len(l.Items) != 1 || l.Unread != 1 || !strings.Contains(l.Items[0].Body, "visit") {
		t.Fatalf("in-app list %+v, %v", l, err)
	}
	if len(q.jobs) != 1 || !q.inTx[len(q.inTx)-1] {
		t.Fatalf("mail jobs enqueued: %v; want one, in the delivery's transaction", q.jobs)
	}
	mj := q.jobs[0].(app.ReminderMailJob)
	if err := svc.Reminders.RemindByMail(ctx, mj); err != nil {
		t.Fatal(err)
	}
	if len(mail.msgs) != 1 || !strings.HasPrefix(mail.msgs[0].Headers["List-Unsubscribe"], "<https://unknot.example/unsubscribe/") ||
		mail.msgs[0].HTML == "" || mail.msgs[0].To != "sam@example.org" {
		t.Fatalf("mail: %+v", mail.msgs)
	}

	tok, err := svc.Reminders.Feed(ctx, person)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := svc.Reminders.FeedCalendar(ctx, tok, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	s := string(cal)
	if !strings.Contains(s, "UID:visit-v1@unknot") || !strings.Contains(s, "DTSTART:"+at.UTC().Format("20060102T150405Z")) ||
		!strings.Contains(s, "TRIGGER:-PT1H") {
		t.Fatalf("the feed lacks the visit with its alarm:\n%s", s)
	}
	if _, err := svc.Reminders.FeedCalendar(ctx, strings.Repeat("a", 52), ""); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("an unknown token: %v", err)
	}
	if err := svc.Reminders.RevokeFeed(ctx, person); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Reminders.FeedCalendar(ctx, tok, ""); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("a revoked token: %v", err)
	}
}

// A clinic's admin sets reminder defaults; a patient who has not chosen
// gets them (in their own zone), until they choose their own; nobody
// else sets them.
func TestClinicReminderDefaults(t *testing.T) {
	ctx := context.Background()
	now := testclock.Fixed()
	lite, err := sqlite.Open(filepath.Join(t.TempDir(), sqlite.FileName), now)
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	if _, err := lite.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	svc := app.New(lite, app.Config{Now: now, DefaultTZ: "America/New_York",
		Passwords: app.PasswordParams{MemoryKiB: 1024, Time: 1, Threads: 1, Concurrent: 4}})
	u, c, _, err := svc.Clinics.Setup(ctx, "192.0.2.1", app.SetupRequest{Email: "sam@example.org", Password: "correct horse battery staple", ClinicName: "C"})
	if err != nil {
		t.Fatal(err)
	}
	admin := domain.Actor{ID: u.ID, UserID: u.ID, Memberships: []domain.Membership{{ClinicID: c.ID, UserID: u.ID, Role: domain.RoleAdmin}}}
	p := &domain.User{ID: app.NewID(), Email: "pat@example.org", PasswordHash: "x"}
	if err := lite.CreateUser(ctx, p); err != nil {
		t.Fatal(err)
	}
	m := domain.Membership{ClinicID: c.ID, UserID: p.ID, Role: domain.RolePatient}
	if err := lite.PutMembership(ctx, &m); err != nil {
		t.Fatal(err)
	}
	patient := domain.Actor{ID: p.ID, UserID: p.ID, Memberships: []domain.Membership{m}}

	set, err := svc.Reminders.ClinicDefaults(ctx, admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	set.SessionTimes = []string{"06:45"}
	set.Off = append(set.Off, "water")
	if err := svc.Reminders.SaveClinicDefaults(ctx, patient, c.ID, set); domain.ErrorCode(err) != domain.EForbidden {
		t.Fatalf("a patient set the clinic's defaults: %v", err)
	}
	if err := svc.Reminders.SaveClinicDefaults(ctx, admin, c.ID, set); err != nil {
		t.Fatal(err)
	}
	v, err := svc.Reminders.Settings(ctx, patient)
	if err != nil || v.Own || v.Settings.SessionTimes[0] != "06:45" || v.Settings.On("water") || v.Settings.TZ != "America/New_York" {
		t.Fatalf("the patient's settings: %+v, %v; want the clinic's, in their zone", v, err)
	}
	own := v.Settings
	own.SessionTimes = []string{"19:00"}
	if err := svc.Reminders.SaveSettings(ctx, patient, own); err != nil {
		t.Fatal(err)
	}
	if v, _ := svc.Reminders.Settings(ctx, patient); !v.Own || v.Settings.SessionTimes[0] != "19:00" {
		t.Fatalf("own settings: %+v", v)
	}
	bad := own
	bad.QuietEnd = "25:00"
	if err := svc.Reminders.SaveSettings(ctx, patient, bad); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("a bad time: %v", err)
	}
}
