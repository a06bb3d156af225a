package plan

import (
	"encoding/json"
	"fmt"
	"strings"
)

// goldenJSON is the plan as stored in testdata: everything in full except
// the days after the first, which are one line per item so that a change to
// the schedule reads as a small diff.
func goldenJSON(p Plan) ([]byte, error) {
	type compactDay struct {
		Day   int      `json:"day"`
		Date  string   `json:"date"`
		Items []string `json:"items"`
	}
	view := struct {
		Plan
		Days     []Day        `json:"days,omitempty"`
		FirstDay Day          `json:"first_day"`
		Schedule []compactDay `json:"schedule"`
	}{Plan: p, FirstDay: p.Days[0]}
	for _, d := range p.Days {
		cd := compactDay{Day: d.Day, Date: d.Date}
		for _, it := range d.Items {
			var times []string
			for _, t := range it.Times {
				times = append(times, t.Format("15:04 MST"))
			}
			line := fmt.Sprintf("%s %s: %s", it.Kind, strings.Join(times, ","), it.Title)
			if it.Dosage != "" {
				line += " (" + it.Dosage + ")"
			}
			cd.Items = append(cd.Items, line)
		}
		view.Schedule = append(view.Schedule, cd)
	}
	b, err := json.MarshalIndent(view, "", "  ")
	return append(b, '\n'), err
}
