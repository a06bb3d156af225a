package web

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"unknot/internal/clinical"
)

// The body map is the lower back and pelvis seen from behind, so the
// person's left is on the viewer's left. Shapes are drawn for the left side
// and mirrored for the right (x → mapWidth − x).
const mapWidth = 320

type pt struct{ X, Y float64 }

// leftRegions are the left (and centre) region outlines, by region word
// without its side.
var leftRegions = []struct {
	name string
	pts  []pt
}{
	{"flank", []pt{{62, 18}, {104, 18}, {104, 136}, {74, 136}}},
	{"lumbar", []pt{{106, 18}, {144, 18}, {144, 150}, {106, 150}}},
	{"iliac_crest", []pt{{74, 138}, {104, 138}, {104, 152}, {144, 152}, {144, 180}, {54, 194}, {60, 160}}},
	{"sacroiliac", []pt{{116, 184}, {144, 182}, {144, 246}, {124, 240}}},
	{"upper_buttock", []pt{{54, 196}, {114, 186}, {122, 244}, {142, 252}, {128, 280}, {70, 284}, {52, 250}}},
}

var centreRegion = []pt{{146, 18}, {174, 18}, {174, 188}, {146, 188}}

// muscleShapes are the left side's outline of each muscle as SVG path data
// in the map's frame; deep muscles are drawn dashed. Rectus abdominis lies
// at the front and is named, not drawn.
var muscleShapes = map[string]struct {
	d    string
	deep bool
}{
	clinical.MuscleErectorSpinae:     {"M150 14 L128 14 C120 70 122 150 134 200 L152 204 Z", false},
	clinical.MuscleMultifidus:        {"M153 110 L143 110 C140 160 142 200 150 236 L156 236 Z", false},
	clinical.MuscleQuadratusLumborum: {"M96 30 L122 40 L126 168 L82 158 Z", true},
	clinical.MuscleGluteusMedius:     {"M60 178 C80 160 120 165 138 196 C128 220 110 230 92 240 C76 232 62 214 58 196 Z", false},
	clinical.MuscleGluteusMinimus:    {"M72 196 C88 184 112 188 122 204 C112 220 96 226 84 228 C76 220 70 208 72 196 Z", true},
	clinical.MusclePiriformis:        {"M148 224 C126 236 100 252 74 262 L78 274 C104 266 130 254 152 240 Z", true},
	clinical.MuscleIliopsoas:         {"M140 60 C132 120 120 190 106 300 L118 302 C130 200 142 130 150 60 Z", true},
}

// mapRegion is one clickable area of the map.
type mapRegion struct {
	Word     string // the contract's region word
	Label    string
	Points   string // SVG polygon points
	Selected bool
}

// mapMuscle is one muscle drawn on the map.
type mapMuscle struct {
	ID, Name string
	Paths    []string // one per side drawn
	Deep     bool
}

// bodyMap is what the "bodymap" template draws. Input maps are controls
// for the wizard; the result's map only shows.
type bodyMap struct {
	Input   bool
	Regions []mapRegion
	Muscles []mapMuscle
}

// newBodyMap lays out the eleven regions in contract order, marking those
// selected.
func newBodyMap(input bool, selected []string) bodyMap {
	m := bodyMap{Input: input}
	for _, word := range clinical.Regions {
		base, side := splitSide(word)
		var pts []pt
		if side == "center" {
			pts = centreRegion
		} else {
			for _, r := range leftRegions {
				if r.name == base {
					pts = r.pts
				}
			}
			if side == "right" {
				pts = mirrorPoints(pts)
			}
		}
		m.Regions = append(m.Regions, mapRegion{
			Word: word, Label: clinical.Label(word), Points: pointsAttr(pts),
			Selected: slices.Contains(selected, word),
		})
	}
	return m
}

// withMuscles draws the muscles on the sides where the person marked pain
// (both sides when only the middle, or nothing, was marked).
func (m bodyMap) withMuscles(muscles []clinical.Muscle, regions []string) bodyMap {
	left, right := false, false
	for _, r := range regions {
		_, side := splitSide(r)
		left = left || side == "left"
		right = right || side == "right"
	}
	if !left && !right {
		left, right = true, true
	}
	for _, mu := range muscles {
		shape, ok := muscleShapes[mu.ID]
		mm := mapMuscle{ID: mu.ID, Name: mu.Name, Deep: shape.deep}
		if ok {
			if left {
				mm.Paths = append(mm.Paths, shape.d)
			}
			if right {
				mm.Paths = append(mm.Paths, mirrorPath(shape.d))
			}
		}
		m.Muscles = append(m.Muscles, mm)
	}
	return m
}

func splitSide(word string) (base, side string) {
	for _, s := range []string{"left", "right", "center"} {
		if b, ok := strings.CutSuffix(word, "_"+s); ok {
			return b, s
		}
	}
	return word, ""
}

func mirrorPoints(pts []pt) []pt {
	out := make([]pt, len(pts))
	for i, p := range pts {
		out[i] = pt{mapWidth - p.X, p.Y}
	}
	return out
}

func pointsAttr(pts []pt) string {
	parts := make([]string, len(pts))
	for i, p := range pts {
		parts[i] = num(p.X) + "," + num(p.Y)
	}
	return strings.Join(parts, " ")
}

// mirrorPath mirrors SVG path data made of absolute commands and x y pairs.
func mirrorPath(d string) string {
	fields := strings.Fields(d)
	out := make([]string, 0, len(fields))
	x := true // the next number is an x
	for _, f := range fields {
		if f[0] >= 'A' && f[0] <= 'Z' {
			out = append(out, f[:1])
			f = f[1:]
			x = true
			if f == "" {
				continue
			}
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			panic(fmt.Sprintf("mirrorPath: bad number %q in %q", f, d))
		}
		if x {
			v = mapWidth - v
		}
		out = append(out, num(v))
		x = !x
	}
	return strings.Join(out, " ")
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
