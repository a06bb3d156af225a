package chart

import (
	"encoding/xml"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// node is a parsed XML element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// all returns every element under n (n included) for which keep is true.
func (n node) all(keep func(node) bool) []node {
	var out []node
	if keep(n) {
		out = append(out, n)
	}
	for _, c := range n.Nodes {
		out = append(out, c.all(keep)...)
	}
	return out
}

func hasClass(n node, class string) bool {
	return strings.Contains(" "+n.attr("class")+" ", " "+class+" ")
}

func parse(t *testing.T, s string) node {
	t.Helper()
	var n node
	if err := xml.Unmarshal([]byte(s), &n); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, s)
	}
	return n
}

func f(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return v
}

func painChart() LineChart {
	return LineChart{
		Title:  "Pain <over> \"time\" & more",
		YLabel: "Pain, 0 to 10",
		Series: []Series{
			{Name: "Pain now", Style: Solid, Points: []Point{
				{Date: "2026-11-01", Value: 6}, {Date: "2026-11-02", Value: 5}, {Date: "2026-11-04", Value: 4, Note: "filled in later"},
				{Date: "2026-11-05", Value: 0}, {Date: "2026-11-06", Value: 10}, {Date: "not a date", Value: 3},
			}},
			{Name: "Worst pain", Style: Dashed, Points: []Point{
				{Date: "2026-11-01", Value: 8}, {Date: "2026-11-02", Value: 7}, {Date: "2026-11-04", Value: 6},
			}},
			{Name: "Stiffness", Style: Dotted, Points: []Point{{Date: "2026-11-03", Value: 2}}},
		},
		Markers: []Marker{
			{Date: "2026-11-03", Label: "Plan stepped up", Kind: PlanChange},
			{Date: "2026-11-05", Label: "Clinic session: manual therapy and education", Kind: Session},
			{Date: "bad", Label: "ignored"},
		},
	}
}

func TestLine(t *testing.T) {
	c := painChart()
	svg := parse(t, Line(c))
	if svg.XMLName.Local != "svg" || svg.attr("role") != "img" || svg.attr("viewBox") != "0 0 360 260" {
		t.Fatalf("root %v role %q viewBox %q", svg.XMLName, svg.attr("role"), svg.attr("viewBox"))
	}
	if svg.attr("width") != "100%" || svg.attr("height") != "" {
		t.Errorf("the chart must scale: width %q height %q", svg.attr("width"), svg.attr("height"))
	}
	// aria-labelledby names the title and the desc, which exist.
	ids := strings.Fields(svg.attr("aria-labelledby"))
	if len(ids) != 2 {
		t.Fatalf("aria-labelledby %q", svg.attr("aria-labelledby"))
	}
	for i, want := range []string{"title", "desc"} {
		els := svg.all(func(n node) bool { return n.attr("id") == ids[i] })
		if len(els) != 1 || els[0].XMLName.Local != want {
			t.Fatalf("%s: %v", ids[i], els)
		}
		if i == 0 && els[0].Text != c.Title {
			t.Errorf("title %q", els[0].Text)
		}
		if i == 1 && (!strings.Contains(els[0].Text, "Pain now, Worst pain, Stiffness") ||
			!strings.Contains(els[0].Text, "Plan stepped up on 3 November 2026") ||
			!strings.Contains(els[0].Text, "from 1 November 2026 to 6 November 2026")) {
			t.Errorf("desc %q", els[0].Text)
		}
	}

	series := svg.all(func(n node) bool { return hasClass(n, "ukc-series") })
	if len(series) != 3 {
		t.Fatalf("%d series groups", len(series))
	}
	wantPoints := []int{5, 3, 1} // the bad date is left out
	wantShape := []string{"circle", "rect", "path"}
	dashSeen := map[string]bool{}
	xOf := map[string]float64{}
	var yTop, yBase float64
	for i, g := range series {
		pts := g.all(func(n node) bool { return hasClass(n, "ukc-point") })
		if len(pts) != wantPoints[i] {
			t.Errorf("series %d: %d points, want %d", i, len(pts), wantPoints[i])
		}
		for _, p := range pts {
			if p.XMLName.Local != wantShape[i] {
				t.Errorf("series %d: point drawn as %s", i, p.XMLName.Local)
			}
		}
		lines := g.all(func(n node) bool { return n.XMLName.Local == "polyline" })
		if wantPoints[i] > 1 {
			if len(lines) != 1 || len(strings.Fields(lines[0].attr("points"))) != wantPoints[i] {
				t.Fatalf("series %d: polyline %v", i, lines)
			}
			dash := lines[0].attr("stroke-dasharray")
			if dashSeen[dash] {
				t.Errorf("series %d has the same dash as another: %q", i, dash)
			}
			dashSeen[dash] = true
		} else if len(lines) != 0 {
			t.Errorf("series %d: a line through one point", i)
		}
		if i == 0 {
			var prevX float64
			for j, xy := range strings.Fields(lines[0].attr("points")) {
				x, y, _ := strings.Cut(xy, ",")
				if f(t, x) <= prevX {
					t.Errorf("x not rising at point %d", j)
				}
				prevX = f(t, x)
				xOf[pts[j].attr("data-date")] = prevX
				switch pts[j].attr("data-value") {
				case "10":
					yTop = f(t, y)
				case "0":
					yBase = f(t, y)
				}
			}
			// The noted point is hollow.
			for _, p := range pts {
				if hollow := p.attr("fill") == "#ffffff"; hollow != (p.attr("data-date") == "2026-11-04") {
					t.Errorf("point %s fill %s", p.attr("data-date"), p.attr("fill"))
				}
			}
			// Days are evenly spaced: 1 → 2 is a quarter of 2 → 6.
			if d1, d4 := xOf["2026-11-02"]-xOf["2026-11-01"], xOf["2026-11-06"]-xOf["2026-11-02"]; math.Abs(4*d1-d4) > 0.5 {
				t.Errorf("x spacing %v vs %v", d1, d4)
			}
		}
	}
	if !(yTop < yBase) || yTop < 40 || yBase > 235 {
		t.Errorf("y of 10 is %v, of 0 is %v", yTop, yBase)
	}

	markers := svg.all(func(n node) bool { return hasClass(n, "ukc-marker") })
	if len(markers) != 2 {
		t.Fatalf("%d markers", len(markers))
	}
	if !hasClass(markers[0], "ukc-marker-plan") || !hasClass(markers[1], "ukc-marker-session") {
		t.Errorf("marker kinds %q %q", markers[0].attr("class"), markers[1].attr("class"))
	}
	line := markers[1].all(func(n node) bool { return n.XMLName.Local == "line" })[0]
	if x := f(t, line.attr("x1")); math.Abs(x-xOf["2026-11-05"]) > 0.1 || line.attr("x2") != line.attr("x1") {
		t.Errorf("session marker at x %v, the point of that day at %v", x, xOf["2026-11-05"])
	}
	if markers[1].attr("data-label") != c.Markers[1].Label {
		t.Errorf("marker label %q", markers[1].attr("data-label"))
	}
	if markers[0].all(func(n node) bool { return n.XMLName.Local == "line" })[0].attr("stroke-dasharray") ==
		line.attr("stroke-dasharray") {
		t.Error("plan and session markers look the same")
	}

	// Everything drawn stays inside the viewBox.
	for _, n := range svg.all(func(node) bool { return true }) {
		for _, a := range []string{"x", "x1", "x2", "cx"} {
			if v := n.attr(a); v != "" && (f(t, v) < 0 || f(t, v) > 360) {
				t.Errorf("%s %s=%s outside", n.XMLName.Local, a, v)
			}
		}
		for _, a := range []string{"y", "y1", "y2", "cy"} {
			if v := n.attr(a); v != "" && (f(t, v) < 0 || f(t, v) > 260) {
				t.Errorf("%s %s=%s outside", n.XMLName.Local, a, v)
			}
		}
	}
}

func TestBars(t *testing.T) {
	c := LineChart{Title: "Plan done", YMax: 100, YUnit: "%", Series: []Series{{Name: "Done", Style: Bars, Points: []Point{
		{Date: "2026-11-01", Value: 100}, {Date: "2026-11-02", Value: 50}, {Date: "2026-11-03", Value: 0},
	}}}}
	svg := parse(t, Line(c))
	bars := svg.all(func(n node) bool { return hasClass(n, "ukc-bar") })
	if len(bars) != 3 {
		t.Fatalf("%d bars", len(bars))
	}
	h := func(i int) float64 { return f(t, bars[i].attr("height")) }
	if math.Abs(h(0)-2*h(1)) > 0.2 || h(2) != 0 {
		t.Errorf("bar heights %v %v %v", h(0), h(1), h(2))
	}
	if !strings.HasPrefix(bars[0].attr("fill"), "url(#ukc-plan-done-hatch") {
		t.Errorf("bars are not hatched: %s", bars[0].attr("fill"))
	}
	patterns := svg.all(func(n node) bool { return n.XMLName.Local == "pattern" })
	if len(patterns) != 1 || patterns[0].attr("id") != "ukc-plan-done-hatch" {
		t.Errorf("patterns %v", patterns)
	}
	ticks := svg.all(func(n node) bool { return n.XMLName.Local == "text" && strings.HasSuffix(n.Text, "%") })
	if len(ticks) < 3 {
		t.Errorf("y ticks in %%: %d", len(ticks))
	}
}

func TestLineEdges(t *testing.T) {
	for name, c := range map[string]LineChart{
		"empty":             {Title: "Nothing yet"},
		"one point":         {Title: "One", Series: []Series{{Name: "a", Points: []Point{{Date: "2026-11-01", Value: 4}}}}},
		"only markers":      {Title: "M", Markers: []Marker{{Date: "2026-11-01", Label: "x"}}},
		"range from caller": {Title: "R", From: "2026-10-01", To: "2026-12-31", Series: []Series{{Name: "a", Points: []Point{{Date: "2026-11-01", Value: 4}}}}},
		"value off scale":   {Title: "Off", Series: []Series{{Name: "a", Points: []Point{{Date: "2026-11-01", Value: 40}, {Date: "2026-11-02", Value: -3}}}}},
		"many series":       {Title: "Many", Series: []Series{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d", Style: Style(9)}, {Name: "a very long series name indeed"}}},
	} {
		t.Run(name, func(t *testing.T) {
			svg := parse(t, Line(c))
			for _, n := range svg.all(func(node) bool { return true }) {
				for _, a := range []string{"x", "y", "cx", "cy", "x1", "y1", "height", "width"} {
					if v := n.attr(a); v != "" && v != "100%" {
						if x := f(t, v); math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || x > 360 {
							t.Errorf("%s %s=%s", n.XMLName.Local, a, v)
						}
					}
				}
			}
		})
	}
}

func TestChartID(t *testing.T) {
	for _, tt := range []struct{ id, title, want string }{
		{"", "Pain over time", "ukc-pain-over-time"},
		{"p1", "Pain", "ukc-p1"},
		{"", `"><script>`, "ukc-script"},
		{"", "Ça va? Schön", "ukc-a-va-sch-n"},
	} {
		if got := chartID(LineChart{ID: tt.id, Title: tt.title}); got != tt.want {
			t.Errorf("chartID(%q, %q) = %q, want %q", tt.id, tt.title, got, tt.want)
		}
	}
}

func TestTable(t *testing.T) {
	c := painChart()
	tab := TableOf(c)
	if d := cmp.Diff([]string{"Date", "Pain now", "Worst pain", "Stiffness", "Events"}, tab.Head); d != "" {
		t.Error(d)
	}
	want := []Row{
		{"2026-11-01", "Sun 1 November 2026", []string{"6", "8", NoValue, ""}},
		{"2026-11-02", "Mon 2 November 2026", []string{"5", "7", NoValue, ""}},
		{"2026-11-03", "Tue 3 November 2026", []string{NoValue, NoValue, "2", "Plan stepped up"}},
		{"2026-11-04", "Wed 4 November 2026", []string{"4 (filled in later)", "6", NoValue, ""}},
		{"2026-11-05", "Thu 5 November 2026", []string{"0", NoValue, NoValue, "Clinic session: manual therapy and education"}},
		{"2026-11-06", "Fri 6 November 2026", []string{"10", NoValue, NoValue, ""}},
	}
	if d := cmp.Diff(want, tab.Rows); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	if tab.Caption != c.Title {
		t.Errorf("caption %q", tab.Caption)
	}
	// The HTML is well formed, escaped and carries the same cells.
	h := parse(t, tab.HTML())
	if h.XMLName.Local != "table" {
		t.Fatal(h.XMLName)
	}
	caption := h.all(func(n node) bool { return n.XMLName.Local == "caption" })
	if len(caption) != 1 || caption[0].Text != c.Title {
		t.Errorf("caption %v", caption)
	}
	rows := h.all(func(n node) bool { return n.XMLName.Local == "tr" })
	if len(rows) != 1+len(want) {
		t.Fatalf("%d rows", len(rows))
	}
	th := rows[4].all(func(n node) bool { return n.XMLName.Local == "time" })
	if len(th) != 1 || th[0].attr("datetime") != "2026-11-04" {
		t.Errorf("row header %v", th)
	}
	cols := h.all(func(n node) bool { return n.XMLName.Local == "th" && n.attr("scope") == "col" })
	if len(cols) != 5 {
		t.Errorf("%d column headers", len(cols))
	}
	// Adherence in %.
	pct := TableOf(LineChart{YUnit: "%", Series: []Series{{Name: "Done", Points: []Point{{Date: "2026-11-01", Value: 57.14}}}}})
	if pct.Rows[0].Cells[0] != "57.1%" || len(pct.Head) != 2 {
		t.Errorf("percent table %+v", pct)
	}
}

func BenchmarkLine365(b *testing.B) {
	var pts []Point
	for i := 0; i < 365; i++ {
		pts = append(pts, Point{Date: "2026-01-01", Value: float64(i % 11)})
	}
	for i := range pts {
		pts[i].Date = addDay("2026-01-01", i)
	}
	c := LineChart{Title: "A year", Series: []Series{{Name: "Pain", Points: pts}, {Name: "Worst", Style: Dashed, Points: pts}}}
	b.ReportAllocs()
	for b.Loop() {
		_ = Line(c)
	}
}

func addDay(d string, n int) string {
	t, _ := time.Parse(time.DateOnly, d)
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// At a phone's width (328 px of page for the 360-unit viewBox) every text
// of a chart is at least 12 px, and no series name is cut short.
func TestLineReadableOnAPhone(t *testing.T) {
	long := LineChart{Title: "t", From: "2026-11-01", To: "2026-11-14", YMin: 0, YMax: 10,
		Series: []Series{{Name: "Pain at its worst today", Points: []Point{{Date: "2026-11-01", Value: 4}}},
			{Name: "Pain now", Points: []Point{{Date: "2026-11-02", Value: 3}}}}}
	svg := Line(long)
	for _, m := range regexp.MustCompile(`font-size="([0-9.]+)"`).FindAllStringSubmatch(svg, -1) {
		if px, _ := strconv.ParseFloat(m[1], 64); px*328/360 < 12 {
			t.Errorf("text of font-size %s is %.1f px on a phone", m[1], px*328/360)
		}
	}
	if !strings.Contains(svg, ">Pain at its worst today<") {
		t.Error("a long series name is cut")
	}
}
