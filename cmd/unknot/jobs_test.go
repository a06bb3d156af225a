package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"unknot/internal/app"
	umail "unknot/internal/mail"
)

// TestFailedJobRetriesAndIsVisible: a mail that cannot be sent (the SMTP
// server is gone) fails, waits to be tried again with back-off, and
// `unknot jobs` shows it to the operator, without the address; `unknot
// jobs retry` makes it due again. /metrics counts it.
func TestFailedJobRetriesAndIsVisible(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nobody answers on port now
	m := startMainWith(t, Config{MetricsAddr: "127.0.0.1:0", Mail: umail.Config{Host: "127.0.0.1", Port: port, TLS: "none", From: "unknot <no-reply@example.org>"}},
		func(m *Main) { m.NoPeriodicJobs = true })
	j := app.MailJob{Message: umail.Message{To: "someone@example.org", Subject: "Hello", Text: "Hello."}}
	if err := m.jobs.Enqueue(context.Background(), nil, j, time.Time{}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for range 200 {
		out.Reset()
		var errb bytes.Buffer
		if code := Run(context.Background(), []string{"jobs", "--data", m.Config.DataDir}, nil, &out, &errb, func(string) string { return "" }, m.Now); code != 0 {
			t.Fatalf("unknot jobs = %d: %s", code, errb.String())
		}
		if strings.Contains(out.String(), "retryable") {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	s := out.String()
	t.Logf("unknot jobs:\n%s", s)
	if !strings.Contains(s, "1 failed job(s)") || !strings.Contains(s, "mail") || !strings.Contains(s, "retryable") || !strings.Contains(s, "/8 ") {
		t.Fatalf("the failed mail job is not listed as retrying")
	}
	if strings.Contains(s, "someone@example.org") {
		t.Fatal("the operator's listing shows the address")
	}
	// The operator's metrics: depth, latency and failures by kind.
	code, metrics := get(t, m.MetricsURL())
	for _, want := range []string{`unknot_jobs_queued{kind="mail",state="retryable"} 1`, `unknot_jobs_finished_total{kind="mail",outcome="failed"}`,
		`unknot_job_run_seconds_bucket{kind="mail",le=`, `unknot_job_wait_seconds_count{kind="mail"}`} {
		if code != 200 || !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	var id string
	for _, line := range strings.Split(s, "\n") {
		if f := strings.Fields(line); len(f) > 3 && f[1] == "mail" {
			id = f[0]
			if next, err := time.Parse(time.RFC3339, f[4]); err != nil || !next.After(time.Now().Add(-time.Second)) {
				t.Errorf("next try %q is not later: %v", f[4], err)
			}
		}
	}
	var errb bytes.Buffer
	if code := Run(context.Background(), []string{"jobs", "--data", m.Config.DataDir, "retry", id}, nil, &out, &errb, func(string) string { return "" }, m.Now); code != 0 {
		t.Fatalf("unknot jobs retry = %d: %s", code, errb.String())
	}
	if code := Run(context.Background(), []string{"jobs", "retry", "nope"}, nil, &out, &errb, func(string) string { return "" }, m.Now); code != 2 {
		t.Fatalf("a bad id = %d; want 2", code)
	}
}
