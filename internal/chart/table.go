package chart

import (
	"slices"
	"strings"
	"time"
)

// Table is a chart's data as a table, for screen readers and for anyone who
// wants the numbers: one row per date, one column per series, and a column
// of the events marked that day when there are any.
type Table struct {
	Caption string
	Head    []string
	Rows    []Row
}

// Row is one date of a Table.
type Row struct {
	Date  string   // YYYY-MM-DD
	Label string   // the date for reading: "Mon 2 November 2026"
	Cells []string // one per column after the first
}

// NoValue fills a cell with no value for the date.
const NoValue = "–"

// TableOf returns c's data as a table. Values carry the chart's unit and a
// point's note ("4 (filled in later)").
func TableOf(c LineChart) Table {
	t := Table{Caption: c.Title, Head: []string{"Date"}}
	for _, s := range c.Series {
		t.Head = append(t.Head, s.Name)
	}
	if len(c.Markers) > 0 {
		t.Head = append(t.Head, "Events")
	}
	var dates []string
	index := make([]map[string]Point, len(c.Series)) // a later point for a date wins
	for i, s := range c.Series {
		index[i] = make(map[string]Point, len(s.Points))
		for _, p := range s.Points {
			dates = append(dates, p.Date)
			index[i][p.Date] = p
		}
	}
	for _, m := range c.Markers {
		dates = append(dates, m.Date)
	}
	slices.Sort(dates)
	dates = slices.Compact(dates)
	for _, d := range dates {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			continue
		}
		r := Row{Date: d, Label: longDate(d)}
		for _, byDate := range index {
			cell := NoValue
			if p, ok := byDate[d]; ok {
				cell = value(p.Value) + c.YUnit + noteSuffix(p.Note)
			}
			r.Cells = append(r.Cells, cell)
		}
		if len(c.Markers) > 0 {
			var events []string
			for _, m := range c.Markers {
				if m.Date == d {
					events = append(events, m.Label)
				}
			}
			r.Cells = append(r.Cells, strings.Join(events, "; "))
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

func longDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("Mon 2 January 2006")
}

// HTML renders the table, every text escaped: a caption, column headers,
// and each row headed by its date in a <time> element.
func (t Table) HTML() string {
	var b strings.Builder
	b.WriteString(`<table class="ukc-table"><caption>` + esc(t.Caption) + `</caption><thead><tr>`)
	for _, h := range t.Head {
		b.WriteString(`<th scope="col">` + esc(h) + `</th>`)
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, r := range t.Rows {
		b.WriteString(`<tr><th scope="row"><time datetime="` + esc(r.Date) + `">` + esc(r.Label) + `</time></th>`)
		for _, c := range r.Cells {
			b.WriteString(`<td>` + esc(c) + `</td>`)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return b.String()
}
