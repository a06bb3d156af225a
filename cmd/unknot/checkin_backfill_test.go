package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"unknot/internal/testclock"
)

// TestBackfillUpToOnset: the diary takes a missed day back to the day the
// pain started (before the plan began), and not before it.
func TestBackfillUpToOnset(t *testing.T) {
	clk := testclock.New()
	m := startMainAt(t, Config{}, clk)
	w := &world{t: t, url: m.URL()}
	ida := w.signUp("ida", "")
	onset := clk.Now().Add(-4 * 24 * time.Hour)
	var res struct{ ID string }
	json.Unmarshal(w.must(ida, "POST", "/api/v1/assessments", json.RawMessage(`{"age": 50, "regions": ["lumbar_left"],
		"onset": "`+onset.Format(time.RFC3339)+`", "pain": {"now": 4, "worst_24h": 5}}`), 201), &res)
	day := func(d time.Time) string { return d.In(time.UTC).Format(time.DateOnly) }
	entry := func(date string) map[string]any {
		return map[string]any{"assessment_id": res.ID, "date": date, "pain_now": 5, "pain_worst": 6, "stiffness": 3, "activity": 3}
	}
	var got checkinReply
	json.Unmarshal(w.must(ida, "POST", "/api/v1/checkins", entry(day(onset)), 201), &got)
	if !got.Entry.Backfilled || got.Entry.Date != day(onset) {
		t.Errorf("the onset day's check-in: %+v", got.Entry)
	}
	resp, body := w.do(ida, "POST", "/api/v1/checkins", entry(day(onset.Add(-24*time.Hour))))
	if resp.StatusCode != 422 || !strings.Contains(string(body), "before your pain started") {
		t.Errorf("the day before the onset = %d %s; want 422 naming the date", resp.StatusCode, body)
	}
}
