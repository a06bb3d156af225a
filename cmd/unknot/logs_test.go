package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLogsKeepNoPrivateData: result ids (private links), emails and
// passwords never reach the logs.
func TestLogsKeepNoPrivateData(t *testing.T) {
	var logs syncBuffer
	m := &Main{Config: Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), DefaultTZ: "UTC", MaxBodyBytes: 1 << 20,
		ShutdownTimeout: 5 * time.Second}, Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Passwords: cheapPasswords}
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	w := &world{t: t, url: m.URL()}
	w.signUp("erin", "")
	status, body := assessAPI(t, m.URL(), contractExample)
	if status != 201 {
		t.Fatal(status)
	}
	var res contractResult
	json.Unmarshal(body, &res)
	for _, path := range []string{"/api/v1/assessments/" + res.ID, "/api/v1/assessments/" + res.ID + "/plan", "/r/" + res.ID} {
		w.do(matrixActor{}, "GET", path+"?tz=Europe/London", nil)
	}
	out := logs.String()
	if !strings.Contains(out, `"route":"GET /api/v1/assessments/{id}"`) {
		t.Fatalf("the request log lines are missing:\n%s", out)
	}
	for _, secret := range []string{res.ID, "erin@example.org", strongPassword} {
		if strings.Contains(out, secret) {
			t.Errorf("the logs contain %q", secret)
		}
	}
}
