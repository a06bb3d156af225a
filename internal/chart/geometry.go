package chart

import (
	"math"
	"strings"
	"time"
)

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
	rows := math.Ceil(float64(len(c.Series)) / float64(legendCols(c)))
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
	b.WriteString(`<g class="ukc-axes" font-size="` + num(fontSize) + `" fill="currentColor">`)
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
			b.WriteString(`<text class="ukc-xtick" x="` + num(x) + `" y="` + num(g.base+20) + `" text-anchor="` + anchor + `">` +
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

// pointSize is the half-size of a point's shape: smaller when days are
// narrow, so that a long series stays a line with marks on it.
func (g *geometry) pointSize() float64 { return math.Min(math.Max(g.dayWidth()*0.35, 1.6), 3.5) }
