package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"unknot/internal/sqlite"
	"unknot/internal/testclock"
)

// buildBinary compiles unknot once per test run.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "unknot-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "unknot")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// startProcess runs the real binary with args and returns it with the URL
// it printed.
func startProcess(t *testing.T, args ...string) (*exec.Cmd, string, time.Duration) {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	// The load these tests make is one address's: no rate limits.
	cmd.Env = append(os.Environ(), "UNKNOT_LOG_LEVEL=warn", "UNKNOT_RATE_LIMITS=false")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		if t.Failed() {
			t.Logf("server stderr:\n%s", stderr.String())
		}
	})
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		line := lines.Text()
		if i := strings.Index(line, "http://"); i >= 0 {
			url := strings.TrimSuffix(line[i:], "/")
			go io.Copy(io.Discard, stdout)
			return cmd, url, time.Since(start)
		}
	}
	t.Fatalf("the server printed no URL; stderr:\n%s", stderr.String())
	return nil, "", 0
}

// TestFirstRunAnswersQuickly is the README's first command: no flags but a
// data folder, /healthz within 2 seconds of start.
func TestFirstRunAnswersQuickly(t *testing.T) {
	dir := t.TempDir()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0")
	cmd.Dir = dir
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	sc := bufio.NewScanner(out)
	var url string
	for sc.Scan() {
		if i := strings.Index(sc.Text(), "http://"); i >= 0 {
			url = strings.TrimSuffix(sc.Text()[i:], "/")
			break
		}
	}
	if url == "" {
		t.Fatal("no URL printed")
	}
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	elapsed := time.Since(start)
	if resp.StatusCode != 200 || elapsed > 2*time.Second {
		t.Fatalf("/healthz = %d after %v; want 200 within 2s", resp.StatusCode, elapsed)
	}
	if _, err := os.Stat(filepath.Join(dir, "unknot-data", sqlite.FileName)); err != nil {
		t.Fatalf("default data folder: %v", err)
	}
	t.Logf("first /healthz answered %v after start", elapsed)
}

// TestGracefulShutdown sends SIGTERM during a burst of requests: each gets
// a whole answer or a refused connection, the process exits 0, and the
// database opens cleanly afterwards.
func TestGracefulShutdown(t *testing.T) {
	dir := t.TempDir()
	cmd, url, _ := startProcess(t, "--addr", "127.0.0.1:0", "--data", dir)

	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	var ok, refused atomic.Int64
	var mu sync.Mutex
	var bad []string
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				// Alternate a write (an assessment) and a read (readiness).
				var resp *http.Response
				var err error
				want := "ready"
				if i%2 == 0 {
					want = `"disposition"`
					resp, err = client.Post(url+"/api/v1/assessments", "application/json", strings.NewReader(contractExample))
				} else {
					resp, err = client.Get(url + "/readyz")
				}
				if err != nil {
					// Refused: the listener is closed. A reset is the kernel
					// refusing a connection that was still in the accept
					// queue when the listener closed: the server never
					// accepted it, so no request was begun. (A connection
					// the server accepted ends with an answer; one it closed
					// after reading the request would read as EOF, and one
					// cut mid-answer as a short body: both fail below.)
					var op *net.OpError
					if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.As(err, &op) && op.Op == "dial" {
						refused.Add(1)
						continue
					}
					mu.Lock()
					bad = append(bad, err.Error())
					mu.Unlock()
					continue
				}
				body, rerr := io.ReadAll(resp.Body)
				resp.Body.Close()
				if rerr != nil || resp.StatusCode >= 300 || !strings.Contains(string(body), want) || !json.Valid(body) {
					mu.Lock()
					bad = append(bad, fmt.Sprintf("status %d body %q err %v", resp.StatusCode, body, rerr))
					mu.Unlock()
					continue
				}
				ok.Add(1)
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()
	select {
	case err := <-waitErr:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v; want 0", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not stop within 15s of SIGTERM")
	}
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()
	if len(bad) > 0 {
		t.Fatalf("%d incomplete answers, e.g. %s", len(bad), bad[0])
	}
	if ok.Load() == 0 {
		t.Fatal("no request was answered before shutdown")
	}
	t.Logf("answered %d, refused %d after shutdown", ok.Load(), refused.Load())

	db, err := sqlite.Open(filepath.Join(dir, sqlite.FileName), testclock.Fixed())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.ReadPool().QueryRowContext(context.Background(), "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	if err := db.CheckSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestBackupWhileServing copies the database with the server running.
func TestBackupWhileServing(t *testing.T) {
	dir := t.TempDir()
	_, url, _ := startProcess(t, "--addr", "127.0.0.1:0", "--data", dir)
	if resp, err := http.Get(url + "/readyz"); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	dest := filepath.Join(t.TempDir(), "backup.db")
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"backup", "--data", dir, "--to", dest}, nil, &stdout, &stderr, func(string) string { return "" }, testclock.Fixed())
	if code != 0 {
		t.Fatalf("backup exit %d: %s", code, stderr.String())
	}
	db, err := sqlite.Open(dest, testclock.Fixed())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CheckSchema(context.Background()); err != nil {
		t.Fatalf("backup schema: %v", err)
	}
}

// processToday is the date an unknot process a test started sees: a
// process runs on the real clock (its main's), not on the test's.
func processToday() string { return time.Now().UTC().Format(time.DateOnly) }
