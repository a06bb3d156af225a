package figure

import "math"

// Segment lengths and half-thicknesses, in picture units (a standing figure
// is about 110 units tall).
const (
	torsoLen   = 32.0
	neckLen    = 5.0
	headR      = 7.0
	upperArm   = 17.0
	foreArm    = 15.0
	thighLen   = 25.0
	shinLen    = 24.0
	footLen    = 7.0
	torsoHalf  = 6.5
	limbHalf   = 3.5
	hipHalf    = 5.0  // half the hip width in the back view
	shoulderHW = 10.0 // half the shoulder width in the back view
)

type pt struct{ X, Y float64 }

func (a pt) add(b pt) pt              { return pt{a.X + b.X, a.Y + b.Y} }
func (a pt) scale(k float64) pt       { return pt{a.X * k, a.Y * k} }
func dir(angle float64) pt            { r := angle * math.Pi / 180; return pt{math.Cos(r), math.Sin(r)} }
func along(p pt, angle, l float64) pt { return p.add(dir(angle).scale(l)) }

// limbPts are a limb's joints: root (shoulder or hip), middle (elbow or
// knee), end (wrist or ankle) and tip (hand or toe).
type limbPts struct{ Root, Mid, End, Tip pt }

// skeleton is a pose's joints in model space: y up, hip at the origin until
// grounded.
type skeleton struct {
	Pose     Pose
	Hip      pt
	Shoulder pt
	Head     pt
	Arms     [2]limbPts // near, far
	Legs     [2]limbPts
}

// front is the unit vector from the spine towards the chest (side view) or
// towards the person's right (back view).
func (p Pose) front() pt {
	d := dir(p.Torso)
	f := p.Facing
	if p.View == Back || f == 0 {
		f = 1
	}
	// Rotate d by -90° × f.
	return pt{d.Y * float64(f), -d.X * float64(f)}
}

func build(p Pose) skeleton {
	s := skeleton{Pose: p}
	s.Shoulder = along(s.Hip, p.Torso, torsoLen)
	s.Head = along(s.Shoulder, p.Neck, neckLen+headR)
	var hipOff, shOff pt
	if p.View == Back {
		side := p.front()
		hipOff, shOff = side.scale(hipHalf), side.scale(shoulderHW)
	}
	facing := float64(p.Facing)
	if facing == 0 {
		facing = 1
	}
	arms := [2]Limb{p.ArmNear, p.ArmFar}
	legs := [2]Limb{p.LegNear, p.LegFar}
	for i, sign := range [2]float64{1, -1} {
		a := arms[i]
		sh := s.Shoulder.add(shOff.scale(sign))
		el := along(sh, a.Upper, upperArm)
		wr := along(el, a.Lower, foreArm)
		handDir := a.Lower
		if a.End != nil {
			handDir = *a.End
		}
		s.Arms[i] = limbPts{sh, el, wr, along(wr, handDir, 2)}

		l := legs[i]
		hp := s.Hip.add(hipOff.scale(sign))
		kn := along(hp, l.Upper, thighLen)
		an := along(kn, l.Lower, shinLen)
		footDir := l.Lower + 90*facing
		if p.View == Back {
			footDir = l.Lower // the foot points away from the viewer
		}
		if l.End != nil {
			footDir = *l.End
		}
		fl := footLen
		if p.View == Back && l.End == nil {
			fl = 2
		}
		s.Legs[i] = limbPts{hp, kn, an, along(an, footDir, fl)}
	}
	return s
}

// circles lists every point of the body with its radius, for grounding and
// for the picture's bounds.
func (s skeleton) circles() []circle {
	c := []circle{{s.Hip, torsoHalf}, {s.Shoulder, torsoHalf}, {s.Head, headR}}
	for i := range 2 {
		for _, l := range []limbPts{s.Arms[i], s.Legs[i]} {
			c = append(c, circle{l.Mid, limbHalf}, circle{l.End, limbHalf}, circle{l.Tip, limbHalf * 0.8})
		}
	}
	// The torso's thickness between hip and shoulder.
	for _, t := range []float64{0.25, 0.5, 0.75} {
		c = append(c, circle{lerp(s.Hip, s.Shoulder, t), torsoHalf})
	}
	return c
}

type circle struct {
	C pt
	R float64
}

func lerp(a, b pt, t float64) pt { return pt{a.X + (b.X-a.X)*t, a.Y + (b.Y-a.Y)*t} }

// propLift is how far a prop under the hip raises the body.
func propLift(prop string) float64 {
	switch prop {
	case "ball":
		return 6
	case "roller":
		return 12
	}
	return 0
}

// ground moves the skeleton up or down so that its lowest point rests on
// the floor (y = 0), or on the prop under the hip.
func (s skeleton) ground() skeleton {
	low := math.Inf(1)
	for _, c := range s.circles() {
		low = math.Min(low, c.C.Y-c.R)
	}
	dy := -low
	if lift := propLift(s.Pose.Prop); lift > 0 {
		// The hip rests on the prop; the prop rests on the floor.
		onProp := lift - (s.Hip.Y - torsoHalf)
		dy = math.Max(dy, onProp)
	}
	return s.shift(pt{0, dy})
}

func (s skeleton) shift(d pt) skeleton {
	s.Hip, s.Shoulder, s.Head = s.Hip.add(d), s.Shoulder.add(d), s.Head.add(d)
	for i := range 2 {
		for _, l := range []*limbPts{&s.Arms[i], &s.Legs[i]} {
			l.Root, l.Mid, l.End, l.Tip = l.Root.add(d), l.Mid.add(d), l.End.add(d), l.Tip.add(d)
		}
	}
	return s
}

// Lowest returns the lowest point of a pose's body after grounding, in
// picture units above the floor (0 means resting on it). Tests use it to
// check that poses are sane.
func Lowest(p Pose) float64 {
	s := build(p).ground()
	low := math.Inf(1)
	for _, c := range s.circles() {
		low = math.Min(low, c.C.Y-c.R)
	}
	return low
}

// Point is a place in a drawing, in picture units: x to the right, y up
// from the floor.
type Point struct{ X, Y float64 }

// Joints are where a pose puts the body, after it is rested on the floor
// (or on its prop), for tests that check a drawing against its steps.
// Index 0 is the near limb, 1 the far one.
type Joints struct {
	Hip, Shoulder, Head     Point
	Knees, Ankles, Feet     [2]Point
	Elbows, Wrists          [2]Point
	Prop                    string
	PropCentre              Point // the ball's or roller's centre
	PropRadius, BodyRadius  float64
	LimbRadius, TorsoRadius float64
}

// JointsOf returns a pose's joints as drawn.
func JointsOf(p Pose) Joints {
	s := build(p).ground()
	P := func(q pt) Point { return Point{q.X, q.Y} }
	j := Joints{Hip: P(s.Hip), Shoulder: P(s.Shoulder), Head: P(s.Head), Prop: p.Prop,
		BodyRadius: torsoHalf, LimbRadius: limbHalf, TorsoRadius: torsoHalf}
	for i := range 2 {
		j.Knees[i], j.Ankles[i], j.Feet[i] = P(s.Legs[i].Mid), P(s.Legs[i].End), P(s.Legs[i].Tip)
		j.Elbows[i], j.Wrists[i] = P(s.Arms[i].Mid), P(s.Arms[i].End)
	}
	if r := propLift(p.Prop) / 2; r > 0 {
		j.PropCentre, j.PropRadius = Point{s.Hip.X, r}, r
	}
	return j
}
