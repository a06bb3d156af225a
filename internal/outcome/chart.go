package outcome

import "unknot/internal/chart"

// Taken is one completed instrument: its date (YYYY-MM-DD in the person's
// zone) and its score.
type Taken struct {
	Date  string `json:"date"`
	Score Score  `json:"score"`
}

// Chart draws an instrument's scores over time, on the instrument's own
// scale, with the markers given (plan changes, clinic sessions). The point
// notes carry the band or risk group. The PSFS chart is the function
// chart: higher is better.
func (in Instrument) Chart(history []Taken, markers []chart.Marker) chart.LineChart {
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
