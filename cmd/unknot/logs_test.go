package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
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
	m := startMainWith(t, Config{}, func(m *Main) {
		m.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
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
