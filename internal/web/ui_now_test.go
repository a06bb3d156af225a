package web

import (
	"testing"
	"time"

	"unknot/internal/plan"
)

// "Today" says "now" for the ice while ice is the advice, leaves out the
// times already past, and says "now" for a time due within half an hour.
func TestTodayTimes(t *testing.T) {
	loc := time.UTC
	now := time.Date(2026, 11, 24, 13, 6, 0, 0, loc)
	at := func(h, m int) time.Time { return time.Date(2026, 11, 24, h, m, 0, 0, loc) }
	for _, c := range []struct {
		it    plan.Item
		phase string
		want  string
	}{
		{plan.Item{Kind: plan.Ice, Times: []time.Time{at(8, 0), at(19, 0)}}, "ice", "now, then 19:00"},
		{plan.Item{Kind: plan.Heat, Times: []time.Time{at(19, 0)}}, "ice", "19:00"},
		{plan.Item{Kind: plan.Exercise, Times: []time.Time{at(13, 20), at(19, 0)}}, "ice", "now, then 19:00"},
		{plan.Item{Kind: plan.Exercise, Times: []time.Time{at(8, 0)}}, "heat", "08:00 (done for today)"},
		{plan.Item{Kind: plan.Water}, "heat", ""},
	} {
		if got := todayTimes(c.it, c.phase, now, loc); got != c.want {
			t.Errorf("%s at %v in the %s phase: %q; want %q", c.it.Kind, c.it.Times, c.phase, got, c.want)
		}
	}
	if got, ok := nextTime([]time.Time{at(8, 0), at(19, 0)}, true, now, loc); !ok || got != "at 19:00" {
		t.Errorf("the next session: %q %v", got, ok)
	}
}

// Sources read in plain words: no section signs, no "REFERENCE", no seed.
func TestPlainSources(t *testing.T) {
	for in, want := range map[string]string{
		"Evidence on cold is insufficient (REFERENCE §2)": "Evidence on cold is insufficient",
		"REFERENCE §3: detectable change 2 points (mean)": "detectable change 2 points (mean)",
		"The clinic's seed: when to see a professional":   "The clinic's advice: when to see a professional",
		"REFERENCE §3":                    "",
		"NHS inform: back pain exercises": "NHS inform: back pain exercises",
	} {
		if got := plainSource(in); got != want {
			t.Errorf("plainSource(%q) = %q; want %q", in, got, want)
		}
	}
}
