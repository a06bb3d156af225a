// Package chart draws small line and bar charts as server-side SVG, by
// hand, with no dependency: pain, function and adherence over time, with
// plan changes and clinic sessions marked. Every chart is an image with a
// title and a description for screen readers (role="img"), and comes with
// its data as a table (TableOf) for the page to show beside it. Series
// differ by dash pattern and point shape as well as colour, so the chart
// reads in greyscale; the viewBox is phone-sized (360 wide) and scales.
//
// The package is pure: it takes data and returns text.
package chart

import (
	"html"
	"math"
	"strconv"
	"strings"
	"time"
)

// LineChart is a chart of values over dates.
type LineChart struct {
	// ID makes the chart's element ids unique on a page; made from Title
	// when empty.
	ID    string
	Title string
	// Desc says what the chart shows, for screen readers; made from the
	// data when empty.
	Desc string
	// YLabel names the y axis ("Pain, 0 to 10").
	YLabel string
	// YMin and YMax are the axis range; 0 to 10 when both are 0.
	YMin, YMax float64
	// YUnit follows each y value in ticks and the table ("%").
	YUnit string
	// From and To (YYYY-MM-DD) fix the x range; the data's own when empty.
	From, To string
	Series   []Series
	Markers  []Marker
}

// Style is how a series is drawn.
type Style int

// The styles. Lines differ by dash and point shape: Solid with circles,
// Dashed with squares, Dotted with triangles. Bars are hatched.
const (
	Solid Style = iota
	Dashed
	Dotted
	Bars
)

// Series is one named set of values.
type Series struct {
	Name   string
	Style  Style
	Points []Point
}

// Point is one value on one date.
type Point struct {
	Date  string // YYYY-MM-DD
	Value float64
	// Note marks a point (for example "filled in later"): it is drawn
	// hollow and the note is shown in the table.
	Note string
}

// MarkerKind is what a vertical marker stands for.
type MarkerKind string

// The marker kinds.
const (
	PlanChange MarkerKind = "plan"
	Session    MarkerKind = "session"
)

// Marker is an event on a date, drawn as a labelled vertical line.
type Marker struct {
	Date  string
	Label string
	Kind  MarkerKind
}

// Geometry, in viewBox units. 360 wide is a phone's width in CSS pixels;
// in a phone's page (328 px between the margins) 14-unit text is 12.7
// pixels, and larger on a wider screen.
const (
	width     = 360.0
	height    = 260.0
	padLeft   = 40.0
	padRight  = 12.0
	padBottom = 34.0
	legendRow = 20.0
	legendTop = 6.0
	fontSize  = 14.0
	maxXTicks = 4
)

var (
	colours = [...]string{"#0b5fa5", "#b35806", "#1b7837", "#762a83"}
	dashes  = [...]string{Solid: "", Dashed: "7 4", Dotted: "1.5 3.5"}
)

// Line draws c as an SVG element (no XML declaration), ready to put in an
// HTML page or serve as image/svg+xml. Points with a date that does not
// parse are left out.
func Line(c LineChart) string {
	g := newGeometry(&c)
	id := chartID(c)
	var b strings.Builder
	b.Grow(4096)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 260" width="100%" role="img" class="ukc" aria-labelledby="`)
	b.WriteString(id + `-title ` + id + `-desc">`)
	b.WriteString(`<title id="` + id + `-title">` + esc(c.Title) + `</title>`)
	b.WriteString(`<desc id="` + id + `-desc">` + esc(describe(&c, g)) + `</desc>`)
	b.WriteString(`<defs><pattern id="` + id + `-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
		`<rect width="5" height="5" fill="#ffffff" fill-opacity="0.6"/><line x1="0" y1="0" x2="0" y2="5" stroke="#555555" stroke-width="2.5"/></pattern></defs>`)
	g.axes(&b, &c)
	// Bars first, so lines are drawn over them.
	for i, s := range c.Series {
		if s.Style == Bars {
			g.bars(&b, i, s, id)
		}
	}
	for i, s := range c.Series {
		if s.Style != Bars {
			g.line(&b, i, s)
		}
	}
	g.markers(&b, c.Markers)
	g.legend(&b, &c, id)
	b.WriteString(`</svg>`)
	return b.String()
}

// describe is the chart's <desc>: the caller's, or one made from the data.
func describe(c *LineChart, g *geometry) string {
	if c.Desc != "" {
		return c.Desc
	}
	var names []string
	for _, s := range c.Series {
		names = append(names, s.Name)
	}
	d := c.Title + ": " + strings.Join(names, ", ")
	if !g.from.IsZero() {
		last := g.from.AddDate(0, 0, int(g.days)-1)
		d += ", from " + g.from.Format("2 January 2006") + " to " + last.Format("2 January 2006")
	}
	d += ", on a scale of " + value(g.ymin) + c.YUnit + " to " + value(g.ymax) + c.YUnit + "."
	if len(c.Markers) > 0 {
		var ms []string
		for _, m := range c.Markers {
			ms = append(ms, m.Label+" on "+dateLabel(m.Date))
		}
		d += " Marked: " + strings.Join(ms, "; ") + "."
	}
	return d + " The table with this chart gives every value."
}

// chartID is c.ID, or one made from the title, kept to characters safe in
// an XML id.
func chartID(c LineChart) string {
	src := c.ID
	if src == "" {
		src = c.Title
	}
	var b strings.Builder
	b.WriteString("ukc-")
	for _, r := range strings.ToLower(src) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 4 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func num(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// value writes a value with at most one decimal.
func value(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

func esc(s string) string { return html.EscapeString(s) }

func dateLabel(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.Format("2 January 2006")
}
