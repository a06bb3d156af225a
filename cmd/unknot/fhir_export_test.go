package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"unknot/internal/testclock"
)

// fhirValidator is the outside FHIR R4 schema check (tools/fhir-validate,
// installed by scripts/test with npm ci); the test is skipped without it
// only outside CI.
func fhirValidator(t *testing.T) func(files ...string) {
	t.Helper()
	dir, _ := filepath.Abs("../../tools/fhir-validate")
	node, err := exec.LookPath("node")
	if _, statErr := os.Stat(filepath.Join(dir, "node_modules", "@asymmetrik")); err != nil || statErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the FHIR validator is not installed (node %v, %v): scripts/test runs npm ci in tools/fhir-validate", err, statErr)
		}
		t.Skip("node or tools/fhir-validate/node_modules absent: run scripts/test")
	}
	return func(files ...string) {
		t.Helper()
		out, err := exec.Command(node, append([]string{filepath.Join(dir, "validate.js")}, files...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("FHIR R4 schema validation failed: %v\n%s", err, out)
		}
	}
}

// seedDemoDir makes the demo clinic in a new SQLite folder, through the
// same seeding `serve --demo` runs, and returns the folder.
func seedDemoDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	m := &Main{Config: Config{DataDir: dir, Demo: true, DemoPassword: "demo-password-for-tests", Addr: "127.0.0.1:0", DefaultTZ: "UTC",
		MaxBodyBytes: 1 << 20, ShutdownTimeout: 5 * time.Second},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Passwords: cheapPasswords, Now: testclock.Fixed(), Out: io.Discard}
	if err := m.Open(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	m.Close()
	return dir
}

// TestExportFHIRDemoPatient: the demo patient's Bundle, from the CLI,
// validates against the official FHIR R4 JSON schema and holds Patient,
// pain Observations (LOINC 72514-3), QuestionnaireResponses, CarePlans
// and Procedures.
func TestExportFHIRDemoPatient(t *testing.T) {
	if testing.Short() {
		t.Skip("seeding the demo is not short")
	}
	validate := fhirValidator(t)
	dir := seedDemoDir(t)
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"export", "fhir", "--email", "patient1@demo.example", "--data", dir}, nil, &out, &errOut,
		func(string) string { return "" }, testclock.Fixed())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	file := filepath.Join(t.TempDir(), "bundle.json")
	if err := os.WriteFile(file, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	validate(file)
	var b struct {
		ResourceType string `json:"resourceType"`
		Entry        []struct {
			Resource struct {
				ResourceType string `json:"resourceType"`
				Code         struct {
					Coding []struct{ System, Code string }
				}
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &b); err != nil || b.ResourceType != "Bundle" {
		t.Fatalf("not a Bundle: %v", err)
	}
	counts := map[string]int{}
	pain := 0
	for _, e := range b.Entry {
		counts[e.Resource.ResourceType]++
		for _, c := range e.Resource.Code.Coding {
			if e.Resource.ResourceType == "Observation" && c.System == "http://loinc.org" && c.Code == "72514-3" {
				pain++
			}
		}
	}
	for _, typ := range []string{"Patient", "Observation", "QuestionnaireResponse", "Questionnaire", "CarePlan", "Procedure", "Provenance"} {
		if counts[typ] == 0 {
			t.Errorf("no %s in the Bundle: %v", typ, counts)
		}
	}
	if pain == 0 {
		t.Errorf("no pain Observation (LOINC 72514-3)")
	}
	t.Logf("demo patient1's Bundle: %v, %d pain Observations", counts, pain)
}

// TestExportFHIRUsage: an unknown email and bad flags exit 2 with one line.
func TestExportFHIRUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"export", "fhir", "--email", "nobody@example.org", "--data", dir},
		{"export", "fhir", "--data", dir},
		{"export", "fhir", "--email", "a@b.c", "--nope"},
		{"export", "csv"},
	} {
		var out, errOut bytes.Buffer
		code := Run(context.Background(), args, nil, &out, &errOut, func(string) string { return "" }, testclock.Fixed())
		if code != 2 || strings.Count(strings.TrimSpace(errOut.String()), "\n") != 0 || errOut.Len() == 0 || out.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want 2 and one line", args, code, errOut.String(), out.String())
		}
	}
}
