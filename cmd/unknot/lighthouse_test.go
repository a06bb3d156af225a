package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"unknot/internal/testclock"
)

// TestLighthouse runs the real Lighthouse (tools/lighthouse, pinned by its
// package-lock.json; scripts/test runs npm ci there) in the installed
// Chromium on /check, a self-care result and the diary: performance and
// accessibility must each score at least 95.
//
// Settings: Lighthouse's defaults for a phone (Moto G power emulation,
// simulated "slow 4G" throttling: 150 ms RTT, 1.6 Mbps, 4× CPU slowdown),
// only the performance and accessibility categories, against the test
// server on 127.0.0.1. The simulated throttling makes the scores
// repeatable; the three pages take about a minute. Without Lighthouse the
// test is skipped, except under CI=true, where it fails.
func TestLighthouse(t *testing.T) {
	if testing.Short() {
		t.Skip("Lighthouse is not short")
	}
	dir, _ := filepath.Abs("../../tools/lighthouse")
	cli := filepath.Join(dir, "node_modules", "lighthouse", "cli", "index.js")
	node, err := exec.LookPath("node")
	if _, statErr := os.Stat(cli); err != nil || statErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Lighthouse is not installed (node %v, %v): scripts/test runs npm ci in tools/lighthouse", err, statErr)
		}
		t.Skip("node or tools/lighthouse/node_modules absent: run scripts/test")
	}
	chrome := chromiumPath(t)
	clk := testclock.New()
	m := startMainAt(t, Config{EmergencyNumber: "112"}, clk)
	w := &world{t: t, url: m.URL()}
	lee := w.signUp("lee", "")
	onset := clk.Now().Add(-20 * time.Hour).Format(time.RFC3339)
	var res struct{ ID, Disposition string }
	json.Unmarshal(w.must(lee, "POST", "/api/v1/assessments", json.RawMessage(`{"age": 45, "regions": ["lumbar_right", "iliac_crest_right"],
		"onset": "`+onset+`", "pain": {"now": 4, "worst_24h": 6}, "symptoms": ["tight_band", "tender_spot"], "triggers": ["prolonged_sitting"]}`), 201), &res)
	if res.Disposition != "self_care" {
		t.Fatalf("the result is %s", res.Disposition)
	}
	for day := range 3 {
		clk.Advance(24 * time.Hour)
		w.must(lee, "POST", "/api/v1/checkins", map[string]any{"assessment_id": res.ID, "pain_now": 4 - day, "pain_worst": 5,
			"stiffness": 3, "activity": 2, "done": []string{"exercise"}}, 201)
	}
	out := os.Getenv("UNKNOT_ARTIFACTS")
	if out == "" {
		out = filepath.Join("testdata", "browser", "out")
	}
	os.MkdirAll(out, 0o755)
	cookie, _ := json.Marshal(map[string]string{"Cookie": "unknot_session=" + lee.cookie})
	for _, p := range []struct{ name, path string }{
		{"check", "/check"},
		{"self-care result", "/r/" + res.ID},
		{"diary", "/r/" + res.ID + "/diary"},
	} {
		t.Run(p.name, func(t *testing.T) {
			report := filepath.Join(out, "lighthouse-"+strings.ReplaceAll(p.name, " ", "-")+".json")
			cmd := exec.Command(node, cli, m.URL()+p.path, "--quiet", "--output=json", "--output-path="+report,
				"--only-categories=performance,accessibility", "--extra-headers="+string(cookie),
				"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage")
			cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
			start := time.Now()
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("lighthouse: %v\n%s", err, b)
			}
			var r struct {
				Categories map[string]struct{ Score float64 } `json:"categories"`
				Audits     map[string]struct {
					Score        *float64 `json:"score"`
					DisplayValue string   `json:"displayValue"`
					Title        string   `json:"title"`
				} `json:"audits"`
				FinalURL string `json:"finalDisplayedUrl"`
			}
			b, err := os.ReadFile(report)
			if err != nil || json.Unmarshal(b, &r) != nil {
				t.Fatalf("reading the report %s: %v", report, err)
			}
			if u := strings.SplitN(r.FinalURL, "#", 2)[0]; !strings.HasSuffix(u, p.path) {
				t.Fatalf("Lighthouse measured %s, not %s", r.FinalURL, p.path)
			}
			perf, a11y := r.Categories["performance"].Score*100, r.Categories["accessibility"].Score*100
			t.Logf("%s: performance %.0f, accessibility %.0f (layout shift %s, largest paint %s) in %s", p.name, perf, a11y,
				r.Audits["cumulative-layout-shift"].DisplayValue, r.Audits["largest-contentful-paint"].DisplayValue, time.Since(start).Round(time.Second))
			if perf < 95 || a11y < 95 {
				for id, a := range r.Audits {
					if a.Score != nil && *a.Score < 0.9 {
						t.Logf("  %s: %s %s (%.2f)", id, a.Title, a.DisplayValue, *a.Score)
					}
				}
				t.Errorf("%s: performance %.0f, accessibility %.0f; both must be at least 95", p.name, perf, a11y)
			}
		})
	}
}
