package chart

import (
	"math"
	"strconv"
	"strings"
)

// line draws series i as a polyline with a shape at each point; a point
// with a note is hollow, so that it stands out without colour.
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

func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return " (" + note + ")"
}

// bars draws series i as hatched bars, so that bars and lines stay apart
// in greyscale.
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

// markers draws each marker as a dashed vertical line with its label.
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
		b.WriteString(`<text x="` + num(x-3) + `" y="` + num(g.top+2) + `" font-size="13" fill="currentColor" text-anchor="end" transform="rotate(-90 ` +
			num(x-3) + ` ` + num(g.top+2) + `)">` + esc(label) + `</text>`)
		b.WriteString(`</g>`)
	}
}

// legend names each series beside a sample of its line or bar, in rows
// of legendCols above the plot.
func (g *geometry) legend(b *strings.Builder, c *LineChart, id string) {
	b.WriteString(`<g class="ukc-legend" font-size="` + num(fontSize) + `" fill="currentColor">`)
	cols := legendCols(c)
	colW := (width - padLeft) / float64(cols)
	for i, s := range c.Series {
		x := padLeft + float64(i%cols)*colW
		y := legendTop + float64(i/cols)*legendRow + 8
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
		if r := []rune(name); len(r) > 40 {
			name = string(r[:39]) + "…" // one a row holds 40
		}
		b.WriteString(`<text x="` + num(x+23) + `" y="` + num(y+4) + `">` + esc(name) + `</text>`)
	}
	b.WriteString(`</g>`)
}

// legendCols is how many series names fit side by side: two when every
// name is short enough to show whole at the legend's size, else one a row,
// so that no name is cut.
func legendCols(c *LineChart) int {
	for _, s := range c.Series {
		if len([]rune(s.Name)) > legendFit {
			return 1
		}
	}
	return 2
}

// legendFit is the longest name two columns hold whole: (360 − 40) / 2
// units, less the sample, at about 7.5 units a letter.
const legendFit = 18
