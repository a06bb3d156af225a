package app

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"unknot/internal/chart"
	"unknot/internal/diary"
	"unknot/internal/outcome"
)

func TestPainChart(t *testing.T) {
	es := dayEntries("2026-11-01", 6, 5, skip, 4, 3)
	es[2].Backfilled = true
	marks := []chart.Marker{{Date: "2026-11-04", Label: "Plan stepped up", Kind: chart.PlanChange}}
	tr := diary.TrendOf(es, "2026-11-06", diary.Baseline{Start: "2026-11-01"})
	c := painChart(tr, marks)
	if len(c.Series) != 2 || len(c.Series[0].Points) != 4 || c.From != "2026-11-01" || c.To != "2026-11-06" {
		t.Fatalf("chart %+v", c)
	}
	if c.Series[0].Points[2] != (chart.Point{Date: "2026-11-04", Value: 4, Note: backfilledNote}) ||
		c.Series[1].Points[0] != (chart.Point{Date: "2026-11-01", Value: 8}) {
		t.Errorf("points %+v %+v", c.Series[0].Points, c.Series[1].Points)
	}
	svg := chart.Line(c)
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(svg, "Plan stepped up") {
		t.Error("marker not drawn")
	}
	if a := activityChart(tr, nil); len(a.Series) != 2 || len(a.Series[1].Points) != 4 {
		t.Errorf("activity chart %+v", a)
	}
}

func TestAdherenceChart(t *testing.T) {
	es := dayEntries("2026-11-01", 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)
	for _, i := range []int{1, 2, 8} {
		es[i].Done = nil
	}
	es[3].Done = []string{"exercise", "heat"}
	tr := diary.TrendOf(es, "2026-11-10", diary.Baseline{Start: "2026-11-01"})
	c := adherenceChart(tr, map[string]int{"2026-11-04": 4, "2026-11-05": 1}, nil)
	var bars, week []float64
	for _, p := range c.Series[0].Points {
		bars = append(bars, p.Value)
	}
	for _, p := range c.Series[1].Points {
		week = append(week, float64(int(p.Value*10+0.5))/10)
	}
	// Day 4 did 2 of 4 items; day 5 did 1 of 1; the rest any = 100%.
	if d := cmp.Diff([]float64{100, 0, 0, 50, 100, 100, 100, 100, 0, 100}, bars); d != "" {
		t.Errorf("bars (-want +got)\n%s", d)
	}
	// Share of the plan's days so far (at most the last 7) with anything done.
	want := []float64{100, 50, 33.3, 50, 60, 66.7, 71.4, 71.4, 71.4, 85.7}
	if d := cmp.Diff(want, week); d != "" {
		t.Errorf("7-day share (-want +got)\n%s", d)
	}
	if c.YMax != 100 || c.YUnit != "%" || c.Series[0].Style != chart.Bars {
		t.Errorf("chart %+v", c)
	}
}

const skip = -1 // a day with no entry

// dayEntries makes one entry a day from start, with the pains given.
func dayEntries(start string, pains ...int) []diary.Entry {
	var es []diary.Entry
	for i, p := range pains {
		if p == skip {
			continue
		}
		d := diary.AddDays(start, i)
		at, _ := time.Parse(time.DateOnly, d)
		es = append(es, diary.Entry{Date: d, PainNow: p, PainWorst: min(p+2, 10), Stiffness: p, Activity: p / 2,
			Done: []string{"exercise"}, RecordedAt: at.Add(20 * time.Hour)})
	}
	return es
}

func TestInstrumentChart(t *testing.T) {
	odi, _ := outcome.Default().Get("odi")
	hist := []OutcomeTaken{
		{Date: "2026-11-01", Score: outcome.Score{Instrument: "odi", Value: 42, Unit: "%", Band: "severe"}},
		{Date: "2026-11-29", Score: outcome.Score{Instrument: "odi", Value: 30, Unit: "%", Band: "moderate"}},
		{Date: "2026-11-15", Score: outcome.Score{Instrument: "psfs", Value: 4}},
	}
	c := instrumentChart(odi, hist, nil)
	if c.YMax != 100 || c.YUnit != "%" || len(c.Series) != 1 || len(c.Series[0].Points) != 2 ||
		c.Series[0].Points[0].Note != "severe" || c.YLabel != "Higher is worse" {
		t.Errorf("ODI chart %+v", c)
	}
	psfs, _ := outcome.Default().Get("psfs")
	if c := instrumentChart(psfs, hist, nil); c.YMax != 10 || len(c.Series[0].Points) != 1 || c.YLabel != "Higher is better" {
		t.Errorf("PSFS chart %+v", c)
	}
}
