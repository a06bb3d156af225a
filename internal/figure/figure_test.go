package figure

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"unknot/internal/clinical"
)

func TestPresetsRestOnTheFloor(t *testing.T) {
	for name, p := range Presets {
		if low := Lowest(p); low < -0.01 || low > 0.01 {
			t.Errorf("%s: lowest point %.2f, want 0", name, low)
		}
	}
}

func TestPoseYAMLOverridesBase(t *testing.T) {
	var p Pose
	if err := yaml.Unmarshal([]byte("{base: stand, torso: 45, leg_near: [-80, -95, 10]}"), &p); err != nil {
		t.Fatal(err)
	}
	if p.Torso != 45 || p.Neck != 90 || p.LegNear.Upper != -80 || p.LegNear.End == nil || *p.LegNear.End != 10 {
		t.Errorf("pose = %+v", p)
	}
	if err := yaml.Unmarshal([]byte("{base: nope}"), &p); err == nil {
		t.Error("unknown base should fail")
	}
	if err := yaml.Unmarshal([]byte("{base: stand, arm_near: [1]}"), &p); err == nil {
		t.Error("a one-angle limb should fail")
	}
}

func TestRender(t *testing.T) {
	end := Presets["child"]
	svg := Render(Figure{ID: "x y", Title: "A & B", Start: Presets["all_fours"], End: &end,
		Muscles: []string{clinical.MuscleErectorSpinae}, Mirror: true})
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well formed: %v\n%s", err, svg)
		}
	}
	for _, want := range []string{`role="img"`, `<title id="ukf-x-y-title">A &amp; B</title>`, "scale(-1 1)", "@keyframes", "prefers-reduced-motion", colMuscle} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	still := Render(Figure{ID: "s", Title: "S", Start: Presets["stand"]})
	if strings.Contains(still, "@keyframes") {
		t.Error("a single pose needs no animation")
	}
}

func TestEveryMuscleHasAPlace(t *testing.T) {
	for _, m := range []string{clinical.MuscleErectorSpinae, clinical.MuscleQuadratusLumborum, clinical.MuscleMultifidus,
		clinical.MuscleGluteusMedius, clinical.MuscleGluteusMinimus, clinical.MusclePiriformis, clinical.MuscleIliopsoas,
		clinical.MuscleRectusAbdominis} {
		if !KnownMuscle(m) {
			t.Errorf("no place for %s", m)
		}
		if _, ok := backPatches[m]; !ok {
			t.Errorf("no back-view place for %s", m)
		}
	}
}
