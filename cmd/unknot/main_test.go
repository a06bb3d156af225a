package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"unknot/internal/postgres/pgtest"
	"unknot/internal/sqlite"
	"unknot/internal/testclock"
)

// startMain runs a server on a free port with cfg's database settings and
// stops it when the test ends.
func startMain(t testing.TB, cfg Config) *Main {
	t.Helper()
	return startMainWith(t, cfg, nil)
}

// startMainWith is startMain with a last say over the Main before it opens
// (a test's clock or logger).
func startMainWith(t testing.TB, cfg Config, adjust func(*Main)) *Main {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	if cfg.DataDir == "" && cfg.DatabaseURL == "" {
		cfg.DataDir = t.TempDir()
	}
	if cfg.DefaultTZ == "" {
		cfg.DefaultTZ = "UTC"
	}
	cfg.MaxBodyBytes = 1 << 20
	cfg.ShutdownTimeout = 5 * time.Second
	m := &Main{Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Passwords: cheapPasswords, Now: testclock.Fixed()}
	box := &mailbox{}
	if cfg.Mail.Host == "" {
		m.Mailer = box
	}
	if adjust != nil {
		adjust(m)
	}
	if err := m.Open(context.Background()); err != nil {
		m.Close()
		t.Fatalf("Open: %v", err)
	}
	if m.Mailer == box {
		mailboxes.Store(m.URL(), box)
		t.Cleanup(func() { mailboxes.Delete(m.URL()) })
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return m
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func testOperations(t *testing.T, m *Main) {
	if code, body := get(t, m.URL()+"/healthz"); code != 200 {
		t.Fatalf("/healthz = %d %s", code, body)
	}
	if code, body := get(t, m.URL()+"/readyz"); code != 200 {
		t.Fatalf("/readyz = %d %s", code, body)
	}
	if code, _ := get(t, m.URL()+"/api/v1/nothing-here"); code != 404 {
		t.Fatalf("unknown API route = %d; want 404", code)
	}
	if status, body := assessAPI(t, m.URL(), `{"age": 30, "regions": ["lumbar_left"]}`); status != 201 {
		t.Fatalf("assessment = %d %s", status, body)
	}
	// Metrics are on their own address only (finding 10: /metrics was public).
	if code, _ := get(t, m.URL()+"/metrics"); code != 404 {
		t.Fatalf("/metrics on the app's address = %d; want 404", code)
	}
	code, body := get(t, m.MetricsURL())
	if code != 200 {
		t.Fatalf("/metrics = %d", code)
	}
	for _, want := range []string{
		`unknot_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`,
		`unknot_http_request_duration_seconds_bucket{route="GET /readyz"`,
		`go_sql_open_connections{db_name="write"}`,
		`unknot_assessments_total{disposition="self_care"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestServeSQLite(t *testing.T) {
	m := startMain(t, Config{MetricsAddr: "127.0.0.1:0"})
	testOperations(t, m)
	if m.db.Engine() != "sqlite" {
		t.Fatalf("engine = %s", m.db.Engine())
	}
}

func TestServePostgres(t *testing.T) {
	m := startMain(t, Config{DatabaseURL: pgtest.URL(t), MetricsAddr: "127.0.0.1:0"})
	testOperations(t, m)
	if m.db.Engine() != "postgres" {
		t.Fatalf("engine = %s", m.db.Engine())
	}
}

func TestBodyLimit(t *testing.T) {
	m := startMain(t, Config{})
	big := bytes.Repeat([]byte(" "), 2<<20)
	resp, err := http.Post(m.URL()+"/api/v1/assessments", "application/json", bytes.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("2 MiB body = %d; want 413", resp.StatusCode)
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, sqlite.FileName), testclock.Fixed())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.WritePool().Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'newer', 'x')`, db.KnownVersion()+1); err != nil {
		t.Fatal(err)
	}
	db.Close()

	var stderr bytes.Buffer
	code := Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, nil, io.Discard, &stderr, func(string) string { return "" }, testclock.Fixed())
	if code != exitFail {
		t.Fatalf("exit = %d; want %d", code, exitFail)
	}
	msg := stderr.String()
	if !strings.Contains(msg, "refusing to start") || !strings.Contains(msg, "newer") {
		t.Fatalf("stderr = %q; want it to say it refuses a newer schema", msg)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := [][]string{
		{"frobnicate"},
		{"serve", "--no-such-flag"},
		{"serve", "--tz", "Mars/Olympus", "--addr", "127.0.0.1:0"},
		{"backup"},
		{"protocol"},
	}
	for _, args := range cases {
		var stderr bytes.Buffer
		dir := t.TempDir()
		code := Run(context.Background(), args, strings.NewReader(""), io.Discard, &stderr,
			func(k string) string {
				if k == "UNKNOT_DATA" {
					return dir
				}
				return ""
			}, testclock.Fixed())
		if code != exitUsage {
			t.Errorf("%v: exit %d; want %d", args, code, exitUsage)
		}
		if lines := strings.Count(strings.TrimSpace(stderr.String()), "\n"); lines != 0 || stderr.Len() == 0 {
			t.Errorf("%v: stderr %q; want one line", args, stderr.String())
		}
	}
}
