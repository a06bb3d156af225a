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

// Geometry, in viewBox units. 360 wide is a phone's width in CSS pixels,
// so 11-unit text is 11 pixels on a phone and larger on a wider screen.
const (
	width      = 360.0
	height     = 240.0
	padLeft    = 34.0
	padRight   = 10.0
	padBottom  = 30.0
	legendRow  = 16.0
	legendTop  = 6.0
	fontSize   = 11.0
	legendCols = 3
	maxXTicks  = 5
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
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 240" width="100%" role="img" class="ukc" aria-labelledby="`)
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

// geometry maps dates and values to the viewBox.
type geometry struct {
	from       time.Time
	days       float64 // the x range in days, with half a day each side
	x0, x1     float64
	top, base  float64
	ymin, ymax float64
	unit       string
}

func newGeometry(c *LineChart) *geometry {
	g := &geometry{x0: padLeft, x1: width - padRight, base: height - padBottom, ymin: c.YMin, ymax: c.YMax, unit: c.YUnit}
	if g.ymin == 0 && g.ymax == 0 {
		g.ymax = 10
	}
	if g.ymax <= g.ymin {
		g.ymax = g.ymin + 1
	}
	rows := math.Ceil(float64(len(c.Series)) / legendCols)
	// Below the legend, a line for the y label.
	g.top = legendTop + math.Max(rows, 1)*legendRow + 22
	first, last := c.From, c.To
	for _, s := range c.Series {
		for _, p := range s.Points {
			first, last = extend(first, last, p.Date)
		}
	}
	for _, m := range c.Markers {
		first, last = extend(first, last, m.Date)
	}
	f, err1 := time.Parse(time.DateOnly, first)
	l, err2 := time.Parse(time.DateOnly, last)
	if err1 != nil || err2 != nil || l.Before(f) {
		f, l = time.Time{}, time.Time{}
	}
	g.from = f
	g.days = l.Sub(f).Hours()/24 + 1
	return g
}

// extend widens [first, last] to take in date, ignoring what is not a
// date.
func extend(first, last, date string) (string, string) {
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return first, last
	}
	if first == "" || date < first {
		first = date
	}
	if last == "" || date > last {
		last = date
	}
	return first, last
}

// x returns the centre of a date's day, and false for a date that does
// not parse.
func (g *geometry) x(date string) (float64, bool) {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil || g.from.IsZero() {
		return 0, false
	}
	d := t.Sub(g.from).Hours()/24 + 0.5
	return g.x0 + d/g.days*(g.x1-g.x0), true
}

func (g *geometry) y(v float64) float64 {
	v = math.Min(math.Max(v, g.ymin), g.ymax)
	return g.base - (v-g.ymin)/(g.ymax-g.ymin)*(g.base-g.top)
}

func (g *geometry) dayWidth() float64 { return (g.x1 - g.x0) / g.days }

func (g *geometry) axes(b *strings.Builder, c *LineChart) {
	b.WriteString(`<g class="ukc-axes" font-size="11" fill="currentColor">`)
	step := niceStep(g.ymax - g.ymin)
	for v := g.ymin; v <= g.ymax+1e-9; v += step {
		y := num(g.y(v))
		b.WriteString(`<line x1="` + num(g.x0) + `" y1="` + y + `" x2="` + num(g.x1) + `" y2="` + y +
			`" stroke="currentColor" stroke-opacity="0.15"/>`)
		b.WriteString(`<text x="` + num(g.x0-4) + `" y="` + num(g.y(v)+4) + `" text-anchor="end">` + esc(value(v)+g.unit) + `</text>`)
	}
	b.WriteString(`<line x1="` + num(g.x0) + `" y1="` + num(g.base) + `" x2="` + num(g.x1) + `" y2="` + num(g.base) +
		`" stroke="currentColor" stroke-opacity="0.6"/>`)
	if c.YLabel != "" {
		b.WriteString(`<text class="ukc-ylabel" x="` + num(g.x0) + `" y="` + num(g.top-6) + `">` + esc(c.YLabel) + `</text>`)
	}
	if !g.from.IsZero() {
		n := int(g.days)
		ticks := min(n, maxXTicks)
		for i := 0; i < ticks; i++ {
			d := 0
			if ticks > 1 {
				d = int(math.Round(float64(i) * float64(n-1) / float64(ticks-1)))
			}
			t := g.from.AddDate(0, 0, d)
			x, _ := g.x(t.Format(time.DateOnly))
			// Labels are about 40 wide: keep those at the ends inside.
			anchor := "middle"
			switch {
			case x+20 > width:
				anchor, x = "end", width-2
			case x-20 < 0:
				anchor, x = "start", 2
			}
			b.WriteString(`<text class="ukc-xtick" x="` + num(x) + `" y="` + num(g.base+16) + `" text-anchor="` + anchor + `">` +
				`<tspan>` + t.Format("2 Jan") + `</tspan></text>`)
		}
	}
	b.WriteString(`</g>`)
}

// niceStep picks a tick step that gives about five ticks.
func niceStep(span float64) float64 {
	for _, s := range []float64{1, 2, 5, 10, 20, 25, 50, 100, 200, 500} {
		if span/s <= 5 {
			return s
		}
	}
	return span / 5
}

func (g *geometry) line(b *strings.Builder, i int, s Series) {
	col := colours[i%len(colours)]
	style := s.Style
	if style < Solid || style > Dotted {
		style = Solid
	}
	var pts strings.Builder
	type xy struct {
		x, y float64
		p    Point
	}
	var at []xy
	for _, p := range s.Points {
		x, ok := g.x(p.Date)
		if !ok {
			continue
		}
		at = append(at, xy{x, g.y(p.Value), p})
		if pts.Len() > 0 {
			pts.WriteByte(' ')
		}
		pts.WriteString(num(x) + "," + num(g.y(p.Value)))
	}
	b.WriteString(`<g class="ukc-series ukc-series-` + strconv.Itoa(i) + `" data-series="` + esc(s.Name) + `">`)
	if len(at) > 1 {
		b.WriteString(`<polyline fill="none" stroke="` + col + `" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"`)
		if d := dashes[style]; d != "" {
			b.WriteString(` stroke-dasharray="` + d + `"`)
		}
		b.WriteString(` points="` + pts.String() + `"/>`)
	}
	for _, a := range at {
		fill := col
		if a.p.Note != "" {
			fill = "#ffffff"
		}
		shape(b, style, a.x, a.y, g.pointSize(), col, fill, a.p)
	}
	b.WriteString(`</g>`)
}

// shape draws one point: a circle, a square or a triangle by style, with
// its value (and note) as a tooltip.
func shape(b *strings.Builder, style Style, x, y, r float64, stroke, fill string, p Point) {
	attrs := ` class="ukc-point" data-date="` + esc(p.Date) + `" data-value="` + value(p.Value) + `"`
	tip := `<title>` + esc(p.Date+": "+value(p.Value)) + esc(noteSuffix(p.Note)) + `</title>`
	drawShape(b, style, x, y, r, stroke, fill, attrs, tip)
}

// drawShape draws the shape of a style at (x, y), with extra attributes and
// content.
// r is the shape's half-size.
func drawShape(b *strings.Builder, style Style, x, y, r float64, stroke, fill, attrs, inner string) {
	paint := ` fill="` + fill + `" stroke="` + stroke + `" stroke-width="1.5"`
	switch style {
	case Dashed:
		b.WriteString(`<rect x="` + num(x-r) + `" y="` + num(y-r) + `" width="` + num(2*r) + `" height="` + num(2*r) + `"` + paint + attrs + `>` + inner + `</rect>`)
	case Dotted:
		t := r * 1.3
		b.WriteString(`<path d="M` + num(x) + ` ` + num(y-t) + `L` + num(x+t) + ` ` + num(y+r) + `L` + num(x-t) + ` ` + num(y+r) +
			`Z"` + paint + attrs + `>` + inner + `</path>`)
	default:
		b.WriteString(`<circle cx="` + num(x) + `" cy="` + num(y) + `" r="` + num(r) + `"` + paint + attrs + `>` + inner + `</circle>`)
	}
}

// pointSize is the half-size of a point's shape: smaller when days are
// narrow, so that a long series stays a line with marks on it.
func (g *geometry) pointSize() float64 { return math.Min(math.Max(g.dayWidth()*0.35, 1.6), 3.5) }

func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return " (" + note + ")"
}

func (g *geometry) bars(b *strings.Builder, i int, s Series, id string) {
	w := math.Min(math.Max(g.dayWidth()*0.6, 1.5), 18)
	b.WriteString(`<g class="ukc-series ukc-series-` + strconv.Itoa(i) + ` ukc-bars" data-series="` + esc(s.Name) + `">`)
	for _, p := range s.Points {
		x, ok := g.x(p.Date)
		if !ok {
			continue
		}
		y := g.y(p.Value)
		b.WriteString(`<rect class="ukc-bar" data-date="` + esc(p.Date) + `" data-value="` + value(p.Value) +
			`" x="` + num(x-w/2) + `" y="` + num(y) + `" width="` + num(w) + `" height="` + num(g.base-y) +
			`" fill="url(#` + id + `-hatch)" stroke="#555555" stroke-width="1">` +
			`<title>` + esc(p.Date+": "+value(p.Value)+g.unit) + esc(noteSuffix(p.Note)) + `</title></rect>`)
	}
	b.WriteString(`</g>`)
}

func (g *geometry) markers(b *strings.Builder, ms []Marker) {
	for _, m := range ms {
		x, ok := g.x(m.Date)
		if !ok {
			continue
		}
		kind := m.Kind
		if kind == "" {
			kind = PlanChange
		}
		dash := "4 3"
		if kind == Session {
			dash = "1 2"
		}
		label := m.Label
		if r := []rune(label); len(r) > 22 {
			label = string(r[:21]) + "…"
		}
		b.WriteString(`<g class="ukc-marker ukc-marker-` + esc(string(kind)) + `" data-date="` + esc(m.Date) + `" data-label="` + esc(m.Label) + `">`)
		b.WriteString(`<title>` + esc(m.Date+": "+m.Label) + `</title>`)
		b.WriteString(`<line x1="` + num(x) + `" y1="` + num(g.top) + `" x2="` + num(x) + `" y2="` + num(g.base) +
			`" stroke="currentColor" stroke-width="1.5" stroke-dasharray="` + dash + `"/>`)
		// The label runs up the line, inside the plot, so that it never
		// leaves the viewBox however many markers there are.
		b.WriteString(`<text x="` + num(x-3) + `" y="` + num(g.top+2) + `" font-size="10" fill="currentColor" text-anchor="end" transform="rotate(-90 ` +
			num(x-3) + ` ` + num(g.top+2) + `)">` + esc(label) + `</text>`)
		b.WriteString(`</g>`)
	}
}

func (g *geometry) legend(b *strings.Builder, c *LineChart, id string) {
	b.WriteString(`<g class="ukc-legend" font-size="11" fill="currentColor">`)
	colW := (width - padLeft) / legendCols
	for i, s := range c.Series {
		x := padLeft + float64(i%legendCols)*colW
		y := legendTop + float64(i/legendCols)*legendRow + 8
		col := colours[i%len(colours)]
		if s.Style == Bars {
			b.WriteString(`<rect x="` + num(x) + `" y="` + num(y-5) + `" width="18" height="10" fill="url(#` + id + `-hatch)" stroke="#555555"/>`)
		} else {
			st := s.Style
			if st < Solid || st > Dotted {
				st = Solid
			}
			b.WriteString(`<line x1="` + num(x) + `" y1="` + num(y) + `" x2="` + num(x+18) + `" y2="` + num(y) +
				`" stroke="` + col + `" stroke-width="2.5"`)
			if d := dashes[st]; d != "" {
				b.WriteString(` stroke-dasharray="` + d + `"`)
			}
			b.WriteString(`/>`)
			drawShape(b, st, x+9, y, 3.5, col, col, "", "")
		}
		name := s.Name
		if r := []rune(name); len(r) > 16 {
			name = string(r[:15]) + "…"
		}
		b.WriteString(`<text x="` + num(x+23) + `" y="` + num(y+4) + `">` + esc(name) + `</text>`)
	}
	b.WriteString(`</g>`)
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
