package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"unknot/internal/load"
	"unknot/internal/testclock"
)

// TestLoadToolOnSQLite: the load tool's mixed load against the real
// binary on its embedded default answers without an error, every kind of
// request is made, and both of its ceilings measure something (the
// PostgreSQL side is TestScaleOutOnPostgres).
func TestLoadToolOnSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the binary")
	}
	const password = "load-tool-password-1"
	t.Setenv("UNKNOT_DEMO_PASSWORD", password)
	_, url, _ := startProcess(t, "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--demo")
	var patients []string
	for i := 1; i <= 4; i++ {
		patients = append(patients, fmt.Sprintf("patient%d@demo.example", i))
	}
	rep, err := load.Run(context.Background(), load.Config{URL: url, Mix: "mixed", Clients: 8, Duration: time.Second,
		Patients: patients, Therapist: "therapist@demo.example", Password: password,
		Today: processToday()})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, s := range rep.ByKind {
		kinds[s.Kind] = s.Requests > 0
		t.Logf("%-12s %5d requests, p99 %v, %d errors", s.Kind, s.Requests, s.P99, s.Errors)
		if s.Errors > 0 {
			t.Errorf("%s: %d errors, the first: %s", s.Kind, s.Errors, s.FirstError)
		}
	}
	for _, k := range []string{load.Assess, load.CheckIn, load.Read, load.Program, load.Caseload} {
		if !kinds[k] {
			t.Errorf("no %s request made", k)
		}
	}
	raw, err := load.RawInserts(context.Background(), "sqlite", 8, 300*time.Millisecond, testclock.Fixed())
	if err != nil || raw.Count == 0 || raw.Errors > 0 {
		t.Errorf("raw inserts ceiling: %+v, %v", raw, err)
	}
	bare, err := load.BareHTTP(8, 300*time.Millisecond)
	if err != nil || bare.Count == 0 || bare.Errors > 0 {
		t.Errorf("bare HTTP ceiling: %+v, %v", bare, err)
	}
	t.Logf("ceilings: raw inserts %.0f/s, bare HTTP %.0f/s", raw.Rate, bare.Rate)
}
