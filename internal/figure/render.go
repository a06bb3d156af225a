package figure

import (
	"fmt"
	"math"
	"strings"
)

// Figure is one illustration: a start pose, an optional end pose, and the
// muscles to highlight.
type Figure struct {
	// ID makes the SVG's element ids unique on a page that shows several.
	ID string
	// Title is the accessible name, read by screen readers.
	Title string
	Start Pose
	End   *Pose
	// Muscles are clinical.Muscle* identifiers to colour on the body.
	Muscles []string
	// Mirror flips the picture left to right, for the other side's version.
	Mirror bool
}

// Colours and sizes shared by every figure: one style everywhere.
const (
	width      = 240.0
	minHeight  = 84.0
	minWidth   = 150.0 // the narrowest view, for a standing figure
	sideMargin = 18.0
	floorGap   = 12.0 // space below the floor line
	colBody    = "#34495e"
	colFar     = "#8fa3b5"
	colProp    = "#c9b79c"
	colFloor   = "#7f8c8d"
	colMuscle  = "#e4572e"
	strokeLimb = 7.0
	strokeFar  = 6.0
)

// style holds the animation: the start pose fades into the end pose and
// back. With reduced motion the start stays solid and the end a ghost.
const style = `.ukf-a{animation:ukf-fade-a 5s ease-in-out infinite alternate}` +
	`.ukf-b{opacity:.3;animation:ukf-fade-b 5s ease-in-out infinite alternate}` +
	`@keyframes ukf-fade-a{0%,35%{opacity:1}65%,100%{opacity:.12}}` +
	`@keyframes ukf-fade-b{0%,35%{opacity:.3}65%,100%{opacity:1}}` +
	`@media (prefers-reduced-motion:reduce){.ukf-a,.ukf-b{animation:none}}`

// Render draws the figure as a standalone SVG document fragment.
func Render(f Figure) string {
	start := build(f.Start).ground()
	var end *skeleton
	if f.End != nil {
		e := build(*f.End).ground()
		end = &e
	}
	minX, maxX, maxY := bounds(start)
	if end != nil {
		a, b, c := bounds(*end)
		minX, maxX, maxY = math.Min(minX, a), math.Max(maxX, b), math.Max(maxY, c)
	}
	height := math.Max(minHeight, maxY+floorGap+16)
	floorY := height - floorGap
	// The view fits the figure, with a margin, so that a lying figure
	// fills the picture on a phone as a standing one does.
	w := math.Min(width, math.Max(minWidth, maxX-minX+2*sideMargin))
	dx := w/2 - (minX+maxX)/2

	var b strings.Builder
	id := "ukf-" + sanitizeID(f.ID)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" role="img" aria-labelledby="%s-title" class="ukf">`, round(w), round(height), id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`, id, escape(f.Title))
	if end != nil {
		fmt.Fprintf(&b, `<style>%s</style>`, style)
	}
	if f.Mirror {
		fmt.Fprintf(&b, `<g transform="translate(%g 0) scale(-1 1)">`, round(w))
	} else {
		b.WriteString(`<g>`)
	}
	fmt.Fprintf(&b, `<line x1="8" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="2" stroke-linecap="round"/>`,
		round(floorY), round(w-8), round(floorY), colFloor)
	tr := func(p pt) pt { return pt{p.X + dx, floorY - p.Y} }
	if end != nil {
		b.WriteString(`<g class="ukf-b">`)
		drawBody(&b, *end, f.Muscles, tr)
		b.WriteString(`</g><g class="ukf-a">`)
		drawBody(&b, start, f.Muscles, tr)
		b.WriteString(`</g>`)
	} else {
		b.WriteString(`<g>`)
		drawBody(&b, start, f.Muscles, tr)
		b.WriteString(`</g>`)
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}

func bounds(s skeleton) (minX, maxX, maxY float64) {
	minX, maxX, maxY = math.Inf(1), math.Inf(-1), 0
	for _, c := range s.circles() {
		minX = math.Min(minX, c.C.X-c.R)
		maxX = math.Max(maxX, c.C.X+c.R)
		maxY = math.Max(maxY, c.C.Y+c.R)
	}
	return minX, maxX, maxY
}

func drawBody(b *strings.Builder, s skeleton, muscles []string, tr func(pt) pt) {
	line := func(p, q pt, w float64, col string) {
		p, q = tr(p), tr(q)
		fmt.Fprintf(b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="%g" stroke-linecap="round"/>`,
			round(p.X), round(p.Y), round(q.X), round(q.Y), col, w)
	}
	limb := func(l limbPts, w float64, col string) {
		p := []pt{tr(l.Root), tr(l.Mid), tr(l.End), tr(l.Tip)}
		fmt.Fprintf(b, `<polyline points="%g,%g %g,%g %g,%g %g,%g" fill="none" stroke="%s" stroke-width="%g" stroke-linecap="round" stroke-linejoin="round"/>`,
			round(p[0].X), round(p[0].Y), round(p[1].X), round(p[1].Y), round(p[2].X), round(p[2].Y), round(p[3].X), round(p[3].Y), col, w)
	}
	drawProp(b, s, tr)
	limb(s.Legs[1], strokeFar, colFar)
	limb(s.Arms[1], strokeFar, colFar)
	if s.Pose.View == Back {
		// Hips and shoulders as a band across the body.
		line(s.Legs[0].Root, s.Legs[1].Root, 2*limbHalf+3, colBody)
		line(s.Arms[0].Root, s.Arms[1].Root, strokeLimb, colBody)
		line(s.Hip, s.Shoulder, 2*torsoHalf+4, colBody)
	} else {
		line(s.Hip, s.Shoulder, 2*torsoHalf, colBody)
	}
	line(s.Shoulder, s.Head, 5, colBody)
	h := tr(s.Head)
	fmt.Fprintf(b, `<circle cx="%g" cy="%g" r="%g" fill="%s"/>`, round(h.X), round(h.Y), headR, colBody)
	for _, m := range muscles {
		w := patchWidth(s.Pose.View, m)
		for _, seg := range s.patchLines(m) {
			line(seg[0], seg[1], w, colMuscle)
		}
	}
	limb(s.Legs[0], strokeLimb, colBody)
	limb(s.Arms[0], strokeLimb, colBody)
}

func drawProp(b *strings.Builder, s skeleton, tr func(pt) pt) {
	seat := tr(pt{s.Hip.X, s.Hip.Y - torsoHalf})
	floor := tr(pt{0, 0}).Y
	switch s.Pose.Prop {
	case "chair":
		back := -1.0
		if s.Pose.View == Back {
			back = 0
		}
		x0 := seat.X - 13
		fmt.Fprintf(b, `<rect x="%g" y="%g" width="26" height="4" rx="1.5" fill="%s"/>`, round(x0), round(seat.Y), colProp)
		for _, x := range []float64{x0 + 2, x0 + 24} {
			fmt.Fprintf(b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="3"/>`, round(x), round(seat.Y), round(x), round(floor), colProp)
		}
		if back != 0 {
			fmt.Fprintf(b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="3"/>`, round(x0+1), round(seat.Y), round(x0-2), round(seat.Y-32), colProp)
		}
	case "wall":
		x := math.Inf(1)
		for _, c := range []circle{{s.Hip, torsoHalf}, {s.Shoulder, torsoHalf}} {
			x = math.Min(x, c.C.X-c.R)
		}
		wx := tr(pt{x - 1.5, 0}).X
		fmt.Fprintf(b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="3"/>`, round(wx), round(floor), round(wx), round(floor-120), colProp)
	case "ball", "roller":
		r := propLift(s.Pose.Prop) / 2
		fmt.Fprintf(b, `<circle cx="%g" cy="%g" r="%g" fill="%s"/>`, round(seat.X), round(floor-r), r, colProp)
	}
}

func round(v float64) float64 { return math.Round(v*10) / 10 }

func sanitizeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}
