package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"unknot/internal/testclock"
)

// TestDemo: `serve --demo` on an empty database makes Demo Clinic with its
// fixed accounts; the password is UNKNOT_DEMO_PASSWORD when set, else a
// random one printed with the accounts; a restart keeps the demo; a
// database with other accounts is refused, saying why.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("seeding the demo is not short")
	}
	dir := t.TempDir()
	var out bytes.Buffer
	open := func(cfg Config) (*Main, error) {
		cfg.Addr, cfg.DefaultTZ, cfg.MaxBodyBytes, cfg.ShutdownTimeout = "127.0.0.1:0", "UTC", 1<<20, 5*time.Second
		if cfg.DataDir == "" {
			cfg.DataDir = t.TempDir()
		}
		m := &Main{Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Passwords: cheapPasswords,
			Now: testclock.Fixed(), Out: &out}
		err := m.Open(context.Background())
		if err != nil {
			m.Close()
		}
		return m, err
	}
	m, err := open(Config{DataDir: dir, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`password for every demo account: (\S+)`).FindStringSubmatch(out.String())
	if line == nil || !strings.Contains(out.String(), "therapist@demo.example") || !strings.Contains(out.String(), "patient12@demo.example") {
		t.Fatalf("the demo's start says:\n%s", out.String())
	}
	w := &world{t: t, url: m.URL()}
	for _, email := range []string{"admin@demo.example", "therapist@demo.example", "patient1@demo.example", "patient12@demo.example"} {
		w.must(matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": email, "password": line[1]}, 200)
	}
	if n, err := m.db.CountUsers(context.Background()); err != nil || n != demoAccounts() {
		t.Fatalf("%d accounts, %v; want %d", n, err, demoAccounts())
	}
	m.Close()

	// A restart on the same folder keeps the demo and prints no password.
	out.Reset()
	m2, err := open(Config{DataDir: dir, Demo: true, DemoPassword: "ignored on a restart"})
	if err != nil {
		t.Fatalf("restarting the demo: %v", err)
	}
	m2.Close()
	if strings.Contains(out.String(), "password for every") || !strings.Contains(out.String(), "already set up") {
		t.Fatalf("the restart says:\n%s", out.String())
	}

	// With UNKNOT_DEMO_PASSWORD the password is not printed.
	out.Reset()
	m3, err := open(Config{Demo: true, DemoPassword: strongPassword})
	if err != nil {
		t.Fatal(err)
	}
	defer m3.Close()
	if strings.Contains(out.String(), strongPassword) || !strings.Contains(out.String(), "UNKNOT_DEMO_PASSWORD") {
		t.Fatalf("with UNKNOT_DEMO_PASSWORD the start says:\n%s", out.String())
	}
	(&world{t: t, url: m3.URL()}).must(matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": "patient3@demo.example", "password": strongPassword}, 200)

	// A database with another account is refused.
	other := t.TempDir()
	m4, err := open(Config{DataDir: other})
	if err != nil {
		t.Fatal(err)
	}
	(&world{t: t, url: m4.URL()}).must(matrixActor{}, "POST", "/api/v1/setup", map[string]string{"email": "real@example.org",
		"password": strongPassword, "clinic_name": "Real"}, 201)
	m4.Close()
	_, err = open(Config{DataDir: other, Demo: true})
	if err == nil || !strings.Contains(err.Error(), "--demo needs an empty database") || !strings.Contains(err.Error(), "real@example.org") {
		t.Fatalf("a database with other accounts: %v", err)
	}
}

func TestDemoFlag(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
		want bool
	}{{[]string{"--demo"}, nil, true}, {nil, map[string]string{"UNKNOT_DEMO": "true"}, true}, {nil, nil, false}} {
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		var cfg Config
		serveFlags(fs, &cfg, func(k string) string { return c.env[k] })
		if err := fs.Parse(c.args); err != nil || cfg.Demo != c.want {
			t.Errorf("%v %v: Demo = %v, %v", c.args, c.env, cfg.Demo, err)
		}
	}
}
