package diary

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"unknot/internal/chart"
)

func TestPainChart(t *testing.T) {
	es := days("2026-11-01", 6, 5, skip, 4, 3)
	es[2].Backfilled = true
	marks := []chart.Marker{{Date: "2026-11-04", Label: "Plan stepped up", Kind: chart.PlanChange}}
	tr := TrendOf(es, "2026-11-06", Baseline{Start: "2026-11-01"})
	c := PainChart(tr, marks)
	if len(c.Series) != 2 || len(c.Series[0].Points) != 4 || c.From != "2026-11-01" || c.To != "2026-11-06" {
		t.Fatalf("chart %+v", c)
	}
	if c.Series[0].Points[2] != (chart.Point{Date: "2026-11-04", Value: 4, Note: BackfilledNote}) ||
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
	if a := ActivityChart(tr, nil); len(a.Series) != 2 || len(a.Series[1].Points) != 4 {
		t.Errorf("activity chart %+v", a)
	}
}

func TestAdherenceChart(t *testing.T) {
	es := days("2026-11-01", 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)
	for _, i := range []int{1, 2, 8} {
		es[i].Done = nil
	}
	es[3].Done = []string{"exercise", "heat"}
	tr := TrendOf(es, "2026-11-10", Baseline{Start: "2026-11-01"})
	c := AdherenceChart(tr, map[string]int{"2026-11-04": 4, "2026-11-05": 1}, nil)
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
