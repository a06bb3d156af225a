package app

// The charts a diary and a plan's questionnaires are drawn with: made here,
// at the edge of the pure core, from what diary and outcome compute.

import (
	"unknot/internal/chart"
	"unknot/internal/diary"
	"unknot/internal/outcome"
)

// backfilledNote marks a back-filled day in charts and their tables.
const backfilledNote = "filled in later"

// painChart is the diary's pain over time: pain now and worst pain, 0–10,
// one point per check-in, back-filled days marked, with the markers given
// (plan changes, clinic sessions).
func painChart(tr diary.Trend, markers []chart.Marker) chart.LineChart {
	now := make([]chart.Point, len(tr.Series))
	worst := make([]chart.Point, len(tr.Series))
	for i, p := range tr.Series {
		note := ""
		if p.Backfilled {
			note = backfilledNote
		}
		now[i] = chart.Point{Date: p.Date, Value: float64(p.PainNow), Note: note}
		worst[i] = chart.Point{Date: p.Date, Value: float64(p.PainWorst), Note: note}
	}
	return chart.LineChart{
		ID: "pain", Title: "Your pain", YLabel: "Pain, 0 to 10",
		From: tr.Start, To: tr.Today,
		Series: []chart.Series{
			{Name: "Pain now", Style: chart.Solid, Points: now},
			{Name: "Worst pain", Style: chart.Dashed, Points: worst},
		},
		Markers: markers,
	}
}

// activityChart is how much the pain got in the way: stiffness and
// activity stopped, 0–10 (higher is worse), per check-in.
func activityChart(tr diary.Trend, markers []chart.Marker) chart.LineChart {
	stiff := make([]chart.Point, len(tr.Series))
	act := make([]chart.Point, len(tr.Series))
	for i, p := range tr.Series {
		stiff[i] = chart.Point{Date: p.Date, Value: float64(p.Stiffness)}
		act[i] = chart.Point{Date: p.Date, Value: float64(p.Activity)}
	}
	return chart.LineChart{
		ID: "activity", Title: "Stiffness and activity", YLabel: "0 is none, 10 is the most",
		From: tr.Start, To: tr.Today,
		Series: []chart.Series{
			{Name: "Activity stopped", Style: chart.Solid, Points: act},
			{Name: "Stiffness", Style: chart.Dotted, Points: stiff},
		},
		Markers: markers,
	}
}

// adherenceChart is how much of the plan was done, 0–100%: a bar per
// check-in (the share of that day's plan items done when planned gives the
// day's count of items, otherwise 100% for anything done), and a line for
// the share of the last 7 days with anything done.
func adherenceChart(tr diary.Trend, planned map[string]int, markers []chart.Marker) chart.LineChart {
	bars := make([]chart.Point, 0, len(tr.Series))
	week := make([]chart.Point, 0, len(tr.Series))
	// The 7-day share, kept as a sliding window over the series (dates
	// ascending): O(n).
	lo, done := 0, 0
	for _, p := range tr.Series {
		v := 0.0
		if p.Done > 0 {
			v = 100
			if n := planned[p.Date]; n > 0 {
				v = min(100, 100*float64(p.Done)/float64(n))
			}
			done++
		}
		from := diary.AddDays(p.Date, -(diary.RecentWindowDays - 1))
		for tr.Series[lo].Date < from {
			if tr.Series[lo].Done > 0 {
				done--
			}
			lo++
		}
		days := min(diary.RecentWindowDays, diary.DaysBetween(tr.Start, p.Date)+1)
		note := ""
		if p.Backfilled {
			note = backfilledNote
		}
		bars = append(bars, chart.Point{Date: p.Date, Value: v, Note: note})
		if days > 0 {
			week = append(week, chart.Point{Date: p.Date, Value: 100 * float64(done) / float64(days)})
		}
	}
	return chart.LineChart{
		ID: "adherence", Title: "Your plan, done", YLabel: "Share of the plan done",
		YMax: 100, YUnit: "%", From: tr.Start, To: tr.Today,
		Series: []chart.Series{
			{Name: "That day", Style: chart.Bars, Points: bars},
			{Name: "Last 7 days", Style: chart.Solid, Points: week},
		},
		Markers: markers,
	}
}

// instrumentChart draws an instrument's scores over time, on the instrument's own
// scale, with the markers given (plan changes, clinic sessions). The point
// notes carry the band or risk group. The PSFS chart is the function
// chart: higher is better.
func instrumentChart(in outcome.Instrument, history []OutcomeTaken, markers []chart.Marker) chart.LineChart {
	pts := make([]chart.Point, 0, len(history))
	for _, t := range history {
		if t.Score.Instrument != in.ID {
			continue
		}
		pts = append(pts, chart.Point{Date: t.Date, Value: t.Score.Value, Note: t.Score.Band})
	}
	unit := ""
	if in.Scoring.Unit == "%" {
		unit = "%"
	}
	label := "Higher is worse"
	if !in.Scoring.HigherIsWorse {
		label = "Higher is better"
	}
	return chart.LineChart{
		ID: in.ID, Title: in.Title, YLabel: label,
		YMin: in.Scoring.Min, YMax: in.Scoring.Max, YUnit: unit,
		Series:  []chart.Series{{Name: in.Title, Style: chart.Solid, Points: pts}},
		Markers: markers,
	}
}

// planStarted marks the plan's first day on a chart.
func planStarted(date string) chart.Marker {
	return chart.Marker{Date: date, Label: "Plan started", Kind: chart.PlanChange}
}
