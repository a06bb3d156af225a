package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"unknot/internal/app"
	"unknot/internal/jobs"
	"unknot/internal/library"
	"unknot/internal/metrics"
	"unknot/internal/protocol"
	"unknot/internal/sqlite"
	"unknot/internal/testclock"
)

// newTestServer is a Server over the real use cases and a real SQLite
// store, on the tests' fixed clock.
func newTestServer(t testing.TB) http.Handler {
	t.Helper()
	return newServer(t, nil).Handler()
}

// newServer is the Server of newTestServer, sending mail to mailer.
func newServer(t testing.TB, mailer app.Mailer) *Server {
	t.Helper()
	now := testclock.Fixed()
	store, err := sqlite.Open(filepath.Join(t.TempDir(), sqlite.FileName), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The job queue is River on the same SQLite file, as in serve.
	if _, err := jobs.Migrate(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	h := &jobs.Handlers{Now: now, Housekeep: func(context.Context) error { return nil }}
	q, err := jobs.New(store, h, jobs.Config{Poll: 20 * time.Millisecond, NoPeriodic: true})
	if err != nil {
		t.Fatal(err)
	}
	uc := app.New(store, app.Config{
		Protocol: protocol.Default(), Library: library.Default(), DefaultTZ: "Europe/London", Now: now,
		Mailer: mailer, BaseURL: "https://unknot.example", Jobs: q,
		Passwords: app.PasswordParams{MemoryKiB: 1024, Time: 1, Threads: 1, Concurrent: 2},
	})
	h.Accounts, h.Reminders, h.Joins = uc.Accounts, uc.Reminders, uc.Joins
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // before the store closes: cleanups run last first
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(ctx)
	})
	return &Server{
		Assessments: uc.Assessments, Accounts: uc.Accounts, Clinics: uc.Clinics, Diary: uc.Diary, Outcomes: uc.Outcomes,
		Patients: uc.Patients, Programs: uc.Programs, Notes: uc.Notes, Messages: uc.Messages, Visits: uc.Visits, Joins: uc.Joins, Protocols: uc.Protocols,
		Reminders: uc.Reminders,
		Health:    store, Now: now, DefaultTZ: "Europe/London", Library: library.Default(), Metrics: metrics.New(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), EmergencyNumber: "112",
	}
}

// do sends one request to h and returns the recorded response.
func do(h http.Handler, method, target string, body url.Values, header ...string) *httptest.ResponseRecorder {
	var r *http.Request
	if body != nil {
		r = httptest.NewRequest(method, target, strings.NewReader(body.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// answers is a complete, unremarkable self-check: every warning sign
// answered No. Tests change what they need.
func answers() url.Values {
	v := url.Values{
		"age": {"38"}, "sex": {"female"}, "tz": {"Europe/London"},
		"onset_mode": {"ago"}, "onset_ago": {"5"}, "onset_unit": {"days"},
		"regions": {"lumbar_right", "iliac_crest_right"}, "radiation": {"buttock"},
		"pain.now": {"4"}, "pain.worst_24h": {"6"},
		"symptoms":     {"tight_band", "tender_spot", "stiffness"},
		"lump.present": {"no"}, "history": {"previous_episodes"},
		"interference.sleep": {"no"}, "interference.activity": {"3"},
		"self_care.tried": {"stretching", "heat"}, "self_care.weeks": {"0"}, "self_care.trend": {"same"},
		"triggers":                {"prolonged_sitting", "stress"},
		"lifestyle.sitting_hours": {"9"}, "lifestyle.active_days_per_week": {"2"}, "lifestyle.stress": {"6"},
		"lifestyle.water_litres": {"1.5"}, "lifestyle.sleep_hours": {"7"},
	}
	for _, w := range warningSymptoms {
		v.Set("symptom."+w, "no")
	}
	for _, w := range seriousHistory {
		v.Set("history."+w, "no")
	}
	return v
}
