package figure_test

import (
	"math"
	"testing"

	"unknot/internal/figure"
	"unknot/internal/library"
)

// Each drawing must show what its steps say. The key joints of the poses
// are checked against the steps they illustrate (the review page,
// /exercises?review=1, shows every drawing beside its steps for a person
// to check the rest).
func TestFiguresMatchTheirSteps(t *testing.T) {
	lib := library.Default()
	poses := func(id string) []figure.Pose {
		t.Helper()
		e, ok := lib.Exercise(id)
		if !ok {
			t.Fatalf("no exercise %s", id)
		}
		out := []figure.Pose{e.Figure.Start}
		if e.Figure.End != nil {
			out = append(out, *e.Figure.End)
		}
		return out
	}
	dist := func(a, b figure.Point) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }
	// bend is how far a joint is bent: 0 when the two segments are in a
	// line, 180 when folded flat.
	bend := func(a, mid, b figure.Point) float64 {
		u := math.Atan2(mid.Y-a.Y, mid.X-a.X)
		v := math.Atan2(b.Y-mid.Y, b.X-mid.X)
		d := math.Abs(u-v) * 180 / math.Pi
		if d > 180 {
			d = 360 - d
		}
		return d
	}

	// Side bridge: "Lie on your side ... your knees bent", "a straight
	// line from head to knees".
	for i, p := range poses("side_bridge") {
		j := figure.JointsOf(p)
		for leg := range 2 {
			if b := bend(j.Hip, j.Knees[leg], j.Ankles[leg]); b < 60 {
				t.Errorf("side bridge pose %d, leg %d: the knee is bent %.0f°; the steps say knees bent", i, leg, b)
			}
		}
		if b := bend(j.Shoulder, j.Hip, j.Knees[0]); b > 25 {
			t.Errorf("side bridge pose %d: head, hips and knees are %.0f° off a straight line", i, b)
		}
	}

	// Figure-4: "Cross one ankle over the other knee": the near ankle rests
	// on the far knee, in both poses.
	for i, p := range poses("figure4_stretch") {
		j := figure.JointsOf(p)
		if d := dist(j.Ankles[0], j.Knees[1]); d > 2*j.LimbRadius+1 {
			t.Errorf("figure-4 pose %d: the crossed ankle is %.1f from the other knee; it must rest on it", i, d)
		}
	}

	// Rollers and balls: the body rests on the prop (it touches the hip).
	for _, id := range []string{"foam_roller_lateral_hip", "foam_roller_glutes", "ball_release_glutes", "ball_release_ql", "ball_release_piriformis"} {
		for i, p := range poses(id) {
			j := figure.JointsOf(p)
			if j.Prop == "" {
				t.Errorf("%s pose %d: no prop drawn", id, i)
				continue
			}
			if gap := dist(j.Hip, j.PropCentre) - j.PropRadius - j.TorsoRadius; gap > 1 {
				t.Errorf("%s pose %d: the %s floats %.1f below the body (joints %+v)", id, i, j.Prop, gap, j)
			}
		}
	}

	// Every pose without a prop rests on the floor: nothing below it,
	// something on it. (With a prop, the body rests on the prop, checked
	// above, and the prop on the floor.)
	for _, e := range lib.Exercises() {
		for i, p := range poses(e.ID) {
			if p.Prop == "ball" || p.Prop == "roller" {
				continue
			}
			if low := figure.Lowest(p); math.Abs(low) > 0.01 {
				t.Errorf("%s pose %d: the lowest point is %.2f above the floor", e.ID, i, low)
			}
		}
	}
}
