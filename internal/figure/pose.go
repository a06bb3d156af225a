// Package figure is a small rig that draws a person from joint angles, so that
// every exercise illustration shares one style: a pose is a handful of
// angles, and the rig turns a start and an end pose into one SVG with a floor
// line, highlighted target muscles, a mirror image for the other side, and a
// gentle animation between the two poses.
//
// Angles are in degrees, measured like a maths graph: 0 points to the right
// of the picture, 90 straight up, -90 straight down. Every angle is the
// absolute direction of a body segment, not relative to its parent, which
// keeps poses easy to read and to write by hand.
//
// The package is pure: it returns SVG text and touches no files.
package figure

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// View is where the picture is seen from.
type View string

// The two views. In the side view the figure faces right; in the back view
// the viewer stands behind the person, so the person's right is on the right
// of the picture and back muscles are in sight.
const (
	Side View = "side"
	Back View = "back"
)

// Limb holds the directions of a limb's segments: upper arm and forearm, or
// thigh and shin. End is the hand or foot direction; nil lets the rig choose
// (a foot at a right angle to the shin, towards the front).
type Limb struct {
	Upper float64
	Lower float64
	End   *float64
}

// Pose is one position of the body.
type Pose struct {
	// Base names a preset (see Presets) that the other fields override when
	// a pose is read from YAML.
	Base string `yaml:"base"`
	View View   `yaml:"view"`
	// Facing, in the side view, says which side of the hip-to-shoulder line
	// the chest is on: 1 is the clockwise side (a standing figure facing
	// right), -1 the other (lying on the back with the head to the right).
	Facing int     `yaml:"facing"`
	Torso  float64 `yaml:"torso"`
	Neck   float64 `yaml:"neck"`
	// Near limbs are drawn in front; in the back view they are the person's
	// right arm and leg.
	ArmNear Limb `yaml:"arm_near"`
	ArmFar  Limb `yaml:"arm_far"`
	LegNear Limb `yaml:"leg_near"`
	LegFar  Limb `yaml:"leg_far"`
	// Prop is something the body rests on or against: chair, wall, ball,
	// roller, or empty.
	Prop string `yaml:"prop"`
}

// UnmarshalYAML reads a limb as a list of two or three angles.
func (l *Limb) UnmarshalYAML(n *yaml.Node) error {
	var a []float64
	if err := n.Decode(&a); err != nil {
		return err
	}
	if len(a) < 2 || len(a) > 3 {
		return fmt.Errorf("line %d: a limb is 2 or 3 angles, got %d", n.Line, len(a))
	}
	*l = Limb{Upper: a[0], Lower: a[1]}
	if len(a) == 3 {
		l.End = &a[2]
	}
	return nil
}

// UnmarshalYAML starts from the preset named by base, then applies the other
// keys on top of it.
func (p *Pose) UnmarshalYAML(n *yaml.Node) error {
	var head struct {
		Base string `yaml:"base"`
	}
	if err := n.Decode(&head); err != nil {
		return err
	}
	if head.Base != "" {
		base, ok := Presets[head.Base]
		if !ok {
			return fmt.Errorf("line %d: unknown base pose %q", n.Line, head.Base)
		}
		*p = base
	}
	type plain Pose // no UnmarshalYAML: decode fields onto the preset
	if err := n.Decode((*plain)(p)); err != nil {
		return err
	}
	p.Base = head.Base
	return nil
}

func deg(a float64) *float64 { return &a }

// Presets are named starting poses. In side views the head is to the right.
var Presets = map[string]Pose{
	"stand": {View: Side, Facing: 1, Torso: 90, Neck: 90,
		ArmNear: Limb{-95, -85, nil}, ArmFar: Limb{-85, -92, nil},
		LegNear: Limb{-87, -90, nil}, LegFar: Limb{-93, -91, nil}},
	"stand_back": {View: Back, Torso: 90, Neck: 90,
		ArmNear: Limb{-80, -85, nil}, ArmFar: Limb{-100, -95, nil},
		LegNear: Limb{-85, -90, nil}, LegFar: Limb{-95, -90, nil}},
	"supine_crook": {View: Side, Facing: -1, Torso: 0, Neck: 5,
		ArmNear: Limb{180, 180, nil}, ArmFar: Limb{178, 178, nil},
		LegNear: Limb{135, -118, deg(180)}, LegFar: Limb{133, -116, deg(180)}},
	"supine": {View: Side, Facing: -1, Torso: 0, Neck: 5,
		ArmNear: Limb{180, 180, nil}, ArmFar: Limb{178, 178, nil},
		LegNear: Limb{180, 180, deg(95)}, LegFar: Limb{178, 180, deg(95)}},
	"prone": {View: Side, Facing: 1, Torso: 0, Neck: 0,
		ArmNear: Limb{180, 180, nil}, ArmFar: Limb{178, 178, nil},
		LegNear: Limb{180, 180, deg(200)}, LegFar: Limb{178, 180, deg(200)}},
	"all_fours": {View: Side, Facing: 1, Torso: 12, Neck: 10,
		ArmNear: Limb{-90, -90, deg(0)}, ArmFar: Limb{-92, -90, deg(0)},
		LegNear: Limb{-90, 180, deg(180)}, LegFar: Limb{-92, 180, deg(180)}},
	"child": {View: Side, Facing: 1, Torso: -20, Neck: -30,
		ArmNear: Limb{-5, 0, deg(0)}, ArmFar: Limb{-3, 0, deg(0)},
		LegNear: Limb{-35, 180, deg(180)}, LegFar: Limb{-37, 180, deg(180)}},
	"half_kneel": {View: Side, Facing: 1, Torso: 90, Neck: 90,
		ArmNear: Limb{-95, -85, nil}, ArmFar: Limb{-85, -92, nil},
		LegNear: Limb{0, -90, nil}, LegFar: Limb{-110, 180, deg(180)}},
	"sit_chair": {View: Side, Facing: 1, Torso: 90, Neck: 90, Prop: "chair",
		ArmNear: Limb{-80, -10, nil}, ArmFar: Limb{-82, -12, nil},
		LegNear: Limb{0, -90, nil}, LegFar: Limb{-3, -92, nil}},
	"sit_chair_back": {View: Back, Torso: 90, Neck: 90, Prop: "chair",
		ArmNear: Limb{-80, -85, nil}, ArmFar: Limb{-100, -95, nil},
		LegNear: Limb{-90, -90, nil}, LegFar: Limb{-90, -90, nil}},
	"side_lying": {View: Back, Torso: 180, Neck: 180,
		ArmNear: Limb{-100, 180, nil}, ArmFar: Limb{150, 180, nil},
		LegNear: Limb{-5, -5, nil}, LegFar: Limb{0, 0, nil}},
	"side_lying_bent": {View: Back, Torso: 180, Neck: 180,
		ArmNear: Limb{-100, 180, nil}, ArmFar: Limb{150, 180, nil},
		LegNear: Limb{-30, 20, nil}, LegFar: Limb{-35, 15, nil}},
	"walk": {View: Side, Facing: 1, Torso: 88, Neck: 85,
		ArmNear: Limb{-115, -95, nil}, ArmFar: Limb{-65, -40, nil},
		LegNear: Limb{-70, -100, nil}, LegFar: Limb{-110, -130, nil}},
}
