package library

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"unknot/internal/clinical"
	"unknot/internal/figure"
)

func TestDefaultLoads(t *testing.T) {
	lib := Default()
	if n := len(lib.Exercises()); n < 30 {
		t.Errorf("exercises = %d, want at least 30", n)
	}
	if n := len(lib.Articles()); n < 12 {
		t.Errorf("articles = %d, want at least 12", n)
	}
}

// The exercises REFERENCE §6 lists must all be there.
func TestReferenceExercisesPresent(t *testing.T) {
	lib := Default()
	for _, id := range []string{"knee_rolls", "pelvic_tilts", "knee_to_chest", "childs_pose", "cat_cow",
		"hip_flexor_lunge", "glute_bridge", "bird_dog", "side_bridge", "curl_up", "figure4_stretch"} {
		if _, ok := lib.Exercise(id); !ok {
			t.Errorf("missing exercise %q", id)
		}
	}
}

func TestEverySVGIsWellFormed(t *testing.T) {
	for _, e := range Default().Exercises() {
		for _, side := range []string{"", "left", "right"} {
			svg := e.SVG(side)
			if err := wellFormed(svg); err != nil {
				t.Errorf("%s (%q): %v", e.ID, side, err)
			}
			for _, want := range []string{`role="img"`, "<title", "viewBox="} {
				if !strings.Contains(svg, want) {
					t.Errorf("%s: SVG lacks %s", e.ID, want)
				}
			}
			if e.Figure.End != nil && !strings.Contains(svg, "prefers-reduced-motion") {
				t.Errorf("%s: animated SVG must respect prefers-reduced-motion", e.ID)
			}
			if side == "left" && !strings.Contains(svg, "scale(-1 1)") {
				t.Errorf("%s: left side is not mirrored", e.ID)
			}
		}
	}
}

func wellFormed(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// Poses are sane: the body rests on the floor, not under it or floating.
func TestPosesRestOnTheFloor(t *testing.T) {
	for _, e := range Default().Exercises() {
		poses := []figure.Pose{e.Figure.Start}
		if e.Figure.End != nil {
			poses = append(poses, *e.Figure.End)
		}
		for i, p := range poses {
			if p.Prop == "ball" || p.Prop == "roller" {
				continue // the body rests on the prop
			}
			if low := figure.Lowest(p); low < -1 || low > 1 {
				t.Errorf("%s pose %d: lowest point %.1f units from the floor", e.ID, i, low)
			}
		}
	}
}

func TestExerciseJSON(t *testing.T) {
	e, _ := Default().Exercise("glute_bridge")
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "name", "summary", "kind", "steps", "dosage", "muscles", "regions", "cautions", "stop_if", "easier", "harder", "sources", "pregnancy_safe"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	if _, ok := m["Figure"]; ok {
		t.Error("the figure's poses should not be in the JSON")
	}
}

// TestMusclesHaveExercises checks that plans, which pick exercises by
// Exercise.Targets, have a choice for the muscles triage names most: the
// quadratus lumborum, and piriformis with gluteus medius together.
func TestMusclesHaveExercises(t *testing.T) {
	var ql, both int
	for _, e := range Default().Exercises() {
		if e.Targets(clinical.MuscleQuadratusLumborum) {
			ql++
		}
		if e.Targets(clinical.MusclePiriformis) && e.Targets(clinical.MuscleGluteusMedius) {
			both++
		}
	}
	if ql < 4 {
		t.Errorf("%d exercises target the quadratus lumborum; want at least 4", ql)
	}
	if both == 0 {
		t.Error("no exercise targets both piriformis and gluteus medius")
	}
}

func TestSearch(t *testing.T) {
	lib := Default()
	hits := lib.Search("Bridge")
	if len(hits) == 0 || !strings.Contains(strings.ToLower(hits[0].Title), "bridge") {
		t.Fatalf("Search(bridge) = %+v", hits)
	}
	if hits := lib.Search("lipoma"); len(hits) == 0 || hits[0].Type != "article" {
		t.Errorf("Search(lipoma) = %+v", hits)
	}
	if lib.Search("   ") != nil {
		t.Error("an empty query finds nothing")
	}
}

func TestRegionOf(t *testing.T) {
	for in, want := range map[string]string{"iliac_crest_right": "iliac_crest", "lumbar_center": "lumbar", "upper_buttock_left": "upper_buttock", "flank": "flank"} {
		if got := RegionOf(in); got != want {
			t.Errorf("RegionOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoadRejectsBadContent(t *testing.T) {
	good := "id: a\nname: A\nsummary: S.\nkind: stretch\nsteps: [x]\ndosage: {reps: 1}\nmuscles: [piriformis]\nregions: [lumbar]\ncautions: [c]\nstop_if: [s]\neasier: {text: e}\nharder: {text: h}\nsources: [src]\nfigure: {start: {base: stand}}\n"
	art := "---\nid: x\ntitle: X\nsummary: S\nsources: [s]\n---\nBody.\n"
	cases := map[string]struct {
		ex, art string
		want    string
	}{
		"duplicate id":                     {good, art, "used twice"},
		"unknown muscle":                   {strings.Replace(good, "piriformis", "biceps", 1), art, "unknown muscle"},
		"no steps":                         {strings.Replace(good, "steps: [x]", "steps: []", 1), art, "steps"},
		"bad variant":                      {strings.Replace(good, "easier: {text: e}", "easier: {id: nope}", 1), art, "does not exist"},
		"bad region":                       {strings.Replace(good, "[lumbar]", "[lumbar_left]", 1), art, "unknown region"},
		"no front":                         {good, "Body only.\n", "front matter"},
		"no sources":                       {good, strings.Replace(art, "sources: [s]\n", "", 1), "sources"},
		"unknown field":                    {good + "colour: red\n", art, "colour"},
		"unknown pose":                     {strings.Replace(good, "base: stand", "base: handstand", 1), art, "handstand"},
		"unknown avoid":                    {good + "avoid_with: [sciatica]\n", art, "unknown avoid_with reason"},
		"blood thinners without a caution": {good + "avoid_with: [blood_thinners]\n", art, "names blood thinners"},
		"pregnancy disagrees":              {good + "avoid_with: [pregnancy]\npregnancy_safe: true\n", art, "disagrees"},
	}
	for name, c := range cases {
		ex := fstest.MapFS{"a.yaml": {Data: []byte(c.ex)}}
		if name == "duplicate id" {
			ex["b.yaml"] = &fstest.MapFile{Data: []byte(c.ex)}
		}
		_, err := Load(ex, fstest.MapFS{"x.md": {Data: []byte(c.art)}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to mention %q", name, err, c.want)
		}
	}
	ex := fstest.MapFS{"a.yaml": {Data: []byte(good)}}
	if _, err := Load(ex, fstest.MapFS{"x.md": {Data: []byte(art)}}); err != nil {
		t.Errorf("good content: %v", err)
	}
	// The older pregnancy_safe: false still reads as avoid_with: [pregnancy].
	ex = fstest.MapFS{"a.yaml": {Data: []byte(good + "pregnancy_safe: false\n")}}
	lib, err := Load(ex, fstest.MapFS{"x.md": {Data: []byte(art)}})
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := lib.Exercise("a"); e.PregnancySafe || !e.Avoids(AvoidPregnancy) {
		t.Errorf("pregnancy_safe: false gave %+v", e.AvoidWith)
	}
}
