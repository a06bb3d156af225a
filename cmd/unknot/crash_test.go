package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"unknot/internal/postgres"
	"unknot/internal/postgres/pgtest"
	"unknot/internal/sqlite"
	"unknot/internal/sqlstore"
	"unknot/internal/testclock"
)

// TestNoAcknowledgedWriteLostOnKill: clients make assessments as fast as
// the real binary takes them, each recording every 201 it got; the server
// is killed with SIGKILL mid-load (no shutdown, no last flush); every
// acknowledged assessment must be in the database afterwards. Group
// commit answers a unit of work only after its shared COMMIT, so the
// count lost is 0 on both engines.
func TestNoAcknowledgedWriteLostOnKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the binary")
	}
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		cmd, url, _ := startProcess(t, "--addr", "127.0.0.1:0", "--data", dir)
		acked := loadUntilKilled(t, cmd, url)
		db, err := sqlite.Open(filepath.Join(dir, sqlite.FileName), testclock.Fixed())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		checkAllStored(t, db, acked)
	})
	t.Run("postgres", func(t *testing.T) {
		pg := pgtest.URL(t)
		cmd, url, _ := startProcess(t, "--addr", "127.0.0.1:0", "--database", pg)
		acked := loadUntilKilled(t, cmd, url)
		db, err := postgres.Open(context.Background(), pg, testclock.Fixed())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		checkAllStored(t, db, acked)
	})
}

// loadUntilKilled posts assessments from 16 clients, kills the server
// after a while and returns the ids it acknowledged.
func loadUntilKilled(t *testing.T, cmd *exec.Cmd, url string) []string {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}, Timeout: 10 * time.Second}
	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := client.Post(url+"/api/v1/assessments", "application/json", strings.NewReader(`{"age": 30, "regions": ["lumbar_left"]}`))
				if err != nil {
					continue // the server is gone: not acknowledged
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				var a struct{ ID string }
				if err != nil || resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &a) != nil || a.ID == "" {
					continue
				}
				mu.Lock()
				acked = append(acked, a.ID)
				mu.Unlock()
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	if len(acked) < 50 {
		t.Fatalf("only %d assessments acknowledged before the kill: the test proves nothing", len(acked))
	}
	return acked
}

func checkAllStored(t *testing.T, db *sqlstore.DB, acked []string) {
	t.Helper()
	lost := 0
	for _, id := range acked {
		if _, err := db.FindAssessmentByID(context.Background(), id); err != nil {
			lost++
		}
	}
	t.Logf("%d assessments acknowledged before SIGKILL, %d lost", len(acked), lost)
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged assessments lost after SIGKILL", lost, len(acked))
	}
}
