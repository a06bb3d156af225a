package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"unknot/internal/postgres/pgtest"
	"unknot/internal/web"
)

// post sends one JSON POST, from behind a proxy when xff is set, and
// returns the status and Retry-After.
func postFrom(t *testing.T, url, xff, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

// TestAnonymousAssessmentsRateLimited reproduces finding 1: 3,000
// anonymous assessments from one address in a minute were all stored.
// Now they meet a 429 with Retry-After once the address's allowance is
// spent; behind --trust-proxy, each client address has its own.
func TestAnonymousAssessmentsRateLimitedSQLite(t *testing.T) { runAssessmentsRateLimited(t, Config{}) }
func TestAnonymousAssessmentsRateLimitedPostgres(t *testing.T) {
	runAssessmentsRateLimited(t, Config{DatabaseURL: pgtest.URL(t)})
}

func runAssessmentsRateLimited(t *testing.T, cfg Config) {
	cfg.RateLimits = true
	m := startMain(t, cfg)
	body := `{"age": 30, "regions": ["lumbar_left"]}`
	stored, refused := 0, 0
	for i := range 3000 {
		code, retry := postFrom(t, m.URL()+"/api/v1/assessments", "", body)
		switch code {
		case 201:
			stored++
		case 429:
			refused++
			if n, err := strconv.Atoi(retry); err != nil || n < 1 {
				t.Fatalf("429 without a Retry-After in seconds: %q", retry)
			}
		default:
			t.Fatalf("assessment %d = %d", i, code)
		}
	}
	t.Logf("one address, 3,000 tries: %d stored, %d refused with 429", stored, refused)
	// The burst at once, then one every Every: in a real minute at most
	// burst + 60 s / Every (the test clock stands still, so only the burst).
	lim := web.DefaultLimits().Assess
	if most := lim.Burst + int(time.Minute/lim.Every); refused == 0 || stored > most {
		t.Fatalf("one address: %d stored, %d refused; want at most %d stored", stored, refused, most)
	}

	cfg.TrustProxy = true
	p := startMain(t, cfg)
	for a := range 3 {
		xff := fmt.Sprintf("198.51.100.%d", a+1)
		ok := 0
		for range lim.Burst + 1 {
			if code, _ := postFrom(t, p.URL()+"/api/v1/assessments", xff, body); code == 201 {
				ok++
			}
		}
		if ok != lim.Burst {
			t.Fatalf("address %s behind the proxy: %d of %d stored; want its own %d", xff, ok, lim.Burst+1, lim.Burst)
		}
	}
}

// TestSignUpAndLinkFloodsLimited reproduces finding 7: 459 sign-ups in 12
// seconds and 200 reset mails in 0.2 seconds from one address.
func TestSignUpAndLinkFloodsLimitedSQLite(t *testing.T) { runFloodsLimited(t, Config{}) }
func TestSignUpAndLinkFloodsLimitedPostgres(t *testing.T) {
	runFloodsLimited(t, Config{DatabaseURL: pgtest.URL(t)})
}

func runFloodsLimited(t *testing.T, cfg Config) {
	cfg.RateLimits = true
	m := startMain(t, cfg)
	signups, links := 0, 0
	for i := range 50 {
		code, _ := postFrom(t, m.URL()+"/api/v1/signup", "", fmt.Sprintf(`{"email": "flood%d@example.org", "password": "correct horse battery staple"}`, i))
		if code < 300 {
			signups++
		}
	}
	for range 200 {
		if code, _ := postFrom(t, m.URL()+"/api/v1/password-reset", "", `{"email": "victim@example.org"}`); code < 300 {
			links++
		}
	}
	t.Logf("one address: %d of 50 sign-ups and %d of 200 reset requests taken", signups, links)
	if signups > 5 || links > 5 {
		t.Fatalf("%d sign-ups and %d link requests taken; want at most 5 each", signups, links)
	}

	// From many addresses (no per-address limit here), one mailbox still
	// gets at most 3 messages a stranger can cause in 15 minutes.
	cfg.RateLimits = false
	n := startMain(t, cfg)
	w := &world{t: t, url: n.URL()}
	w.signUp("victim", "")
	for range 200 {
		postFrom(t, n.URL()+"/api/v1/password-reset", "", `{"email": "victim@example.org"}`)
	}
	box := mailboxOf(t, n.URL())
	box.wait(t, "victim@example.org", 3) // the sign-up's link, then two resets
	time.Sleep(200 * time.Millisecond)   // the rest of the queue
	if got := box.count("victim@example.org"); got != 3 {
		t.Fatalf("a sign-up and 200 reset requests sent %d mails to one address; want 3", got)
	}
}

// TestAnswersCloseConnectionsAtShutdown is finding 10's keep-alive resets:
// once shutdown begins, answers say Connection: close, so a client on a
// kept-alive connection leaves after its answer instead of sending into a
// socket about to close.
func TestAnswersCloseConnectionsAtShutdown(t *testing.T) {
	m := startMain(t, Config{})
	resp, err := http.Get(m.URL() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Close {
		t.Fatal("Connection: close before shutdown")
	}
	m.web.BeginDrain()
	resp, err = http.Get(m.URL() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !resp.Close || resp.Header.Get("Connection") != "close" && !resp.Close {
		t.Fatal("an answer during shutdown kept the connection open")
	}
}
