package clinical

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func readExample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/example.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeContractExample(t *testing.T) {
	data := readExample(t)
	got, err := Decode(data)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	// encoding/json is the reference reading of the same bytes.
	var want Input
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Decode differs from encoding/json (-want +got):\n%s", diff)
	}
	if *got.Age != 38 || got.Lump == nil || !got.Lump.Tender || *got.Lifestyle.Stress != 7 {
		t.Errorf("unexpected values: %+v", got)
	}
}

// TestDecodeBad checks that each bad input is refused with the right kind
// of error and names the right fields.
func TestDecodeBad(t *testing.T) {
	const base = `"age": 38, "regions": ["lumbar_left"]`
	tests := []struct {
		name      string
		body      string
		malformed bool
		fields    []string // every field that must be named
	}{
		{"misspelt red flag", `{` + base + `, "symptoms": ["tight_band", "stiffness", "sadle_numbness"]}`, false, []string{"symptoms[2]"}},
		{"pain 11", `{` + base + `, "pain": {"now": 11}}`, false, []string{"pain.now"}},
		{"pain fraction", `{` + base + `, "pain": {"now": 4.5}}`, false, []string{"pain.now"}},
		{"pain negative", `{` + base + `, "pain": {"worst_24h": -1}}`, false, []string{"pain.worst_24h"}},
		{"missing age", `{"regions": ["lumbar_left"]}`, false, []string{"age"}},
		{"null age", `{"age": null, "regions": ["lumbar_left"]}`, false, []string{"age"}},
		{"age 121", `{"age": 121, "regions": ["lumbar_left"]}`, false, []string{"age"}},
		{"onset after at", `{` + base + `, "at": "2026-11-24T09:00:00Z", "onset": "2026-11-24T09:00:01Z"}`, false, []string{"onset"}},
		{"no region", `{"age": 38, "regions": []}`, false, []string{"regions"}},
		{"regions missing", `{"age": 38}`, false, []string{"regions"}},
		{"unknown region", `{"age": 38, "regions": ["lumbar_middle"]}`, false, []string{"regions[0]"}},
		{"unknown field top", `{` + base + `, "colour": "red"}`, false, []string{"colour"}},
		{"unknown field nested", `{` + base + `, "lump": {"present": true, "colour": "red"}}`, false, []string{"lump.colour"}},
		{"unknown field lifestyle", `{` + base + `, "lifestyle": {"coffee": 3}}`, false, []string{"lifestyle.coffee"}},
		{"broken JSON", `{` + base + `, "symptoms": ["fever"`, true, nil},
		{"trailing comma", `{` + base + `,}`, true, nil},
		{"not an object", `["fever"]`, true, nil},
		{"empty body", ``, true, nil},
		{"trailing data", `{` + base + `} {}`, true, nil},
		{"wrong type age", `{"age": "38", "regions": ["lumbar_left"]}`, false, []string{"age"}},
		{"wrong type list", `{` + base + `, "symptoms": "fever"}`, false, []string{"symptoms"}},
		{"wrong type in list", `{` + base + `, "symptoms": ["fever", 3]}`, false, []string{"symptoms[1]"}},
		{"wrong type bool", `{` + base + `, "interference": {"sleep": "yes"}}`, false, []string{"interference.sleep"}},
		{"wrong type object", `{` + base + `, "pain": 5}`, false, []string{"pain"}},
		{"unknown tz", `{` + base + `, "tz": "Europe/Londn"}`, false, []string{"tz"}},
		{"local tz", `{` + base + `, "tz": "Local"}`, false, []string{"tz"}},
		{"bad time", `{` + base + `, "at": "24/11/2026"}`, false, []string{"at"}},
		{"lump size 31", `{` + base + `, "lump": {"present": true, "size_cm": 31}}`, false, []string{"lump.size_cm"}},
		{"weeks 521", `{` + base + `, "self_care": {"weeks": 521}}`, false, []string{"self_care.weeks"}},
		{"unknown trend", `{` + base + `, "self_care": {"trend": "worst"}}`, false, []string{"self_care.trend"}},
		{"unknown sex", `{` + base + `, "sex": "f"}`, false, []string{"sex"}},
		{"unknown tried", `{` + base + `, "self_care": {"tried": ["yoga"]}}`, false, []string{"self_care.tried[0]"}},
		{"field twice", `{` + base + `, "symptoms": ["saddle_numbness"], "symptoms": []}`, false, []string{"symptoms"}},
		{"nested field twice", `{` + base + `, "pain": {"now": 9, "now": 1}}`, false, []string{"pain.now"}},
		{"several problems", `{"age": 200, "regions": ["x"], "pain": {"now": 11}, "lifestyle": {"stress": 12}}`, false,
			[]string{"age", "regions[0]", "pain.now", "lifestyle.stress"}},
		{"huge number", `{"age": 1e999, "regions": ["lumbar_left"]}`, false, []string{"age"}},
		{"deep nesting", `{` + base + `, "x": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.body))
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Decode(%s) error = %v, want *InputError", tt.body, err)
			}
			if ie.Malformed != tt.malformed {
				t.Errorf("Malformed = %v, want %v (%v)", ie.Malformed, tt.malformed, err)
			}
			var fields []string
			for _, p := range ie.Problems {
				fields = append(fields, p.Field)
				if p.Problem == "" {
					t.Errorf("problem for %q has no text", p.Field)
				}
			}
			for _, f := range tt.fields {
				if !slices.Contains(fields, f) {
					t.Errorf("problems %q do not name %q", fields, f)
				}
			}
			if !tt.malformed && len(ie.Problems) != len(tt.fields) {
				t.Errorf("problems = %+v, want exactly fields %q", ie.Problems, tt.fields)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\n\r") {
				t.Errorf("Error() is not one line: %q", msg)
			}
			for _, f := range tt.fields {
				if !strings.Contains(msg, f) {
					t.Errorf("Error() %q does not name %q", msg, f)
				}
			}
		})
	}
}

func TestDecodeSuggestsWord(t *testing.T) {
	_, err := Decode([]byte(`{"age": 38, "regions": ["lumbar_left"], "symptoms": ["sadle_numbness"]}`))
	if err == nil || !strings.Contains(err.Error(), `did you mean "saddle_numbness"`) {
		t.Errorf("error %v does not suggest saddle_numbness", err)
	}
	want := `symptoms[0]: unknown word "sadle_numbness" (did you mean "saddle_numbness"?)`
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestDecodeAccepts(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, in Input)
	}{
		{"minimal", `{"age": 0, "regions": ["lumbar_center"]}`, func(t *testing.T, in Input) {
			if *in.Age != 0 || in.At != nil || in.Lump != nil || in.Lifestyle != nil {
				t.Errorf("got %+v", in)
			}
		}},
		{"nulls are not answered", `{"age": 40, "regions": ["flank_left"], "tz": null, "lump": null, "symptoms": null, "pain": {"now": null}}`,
			func(t *testing.T, in Input) {
				if in.TZ != "" || in.Lump != nil || in.Symptoms != nil || in.Pain.Now != nil {
					t.Errorf("got %+v", in)
				}
			}},
		{"duplicate words kept once", `{"age": 40, "regions": ["flank_left", "flank_left"], "symptoms": ["fever", "fever"]}`,
			func(t *testing.T, in Input) {
				if len(in.Symptoms) != 1 || len(in.Regions) != 1 {
					t.Errorf("symptoms = %q", in.Symptoms)
				}
			}},
		{"escapes", `{"age": 40, "regions": ["flank\u005fleft"], "tz": "America\/New_York"}`, func(t *testing.T, in Input) {
			if in.Regions[0] != "flank_left" || in.TZ != "America/New_York" {
				t.Errorf("got %+v", in)
			}
		}},
		{"whole float for int", `{"age": 40.0, "regions": ["flank_left"], "pain": {"now": 1e1}}`, func(t *testing.T, in Input) {
			if *in.Age != 40 || *in.Pain.Now != 10 {
				t.Errorf("got %+v", in)
			}
		}},
		{"onset equal to at", `{"age": 40, "regions": ["flank_left"], "at": "2026-11-24T09:00:00+01:00", "onset": "2026-11-24T08:00:00Z"}`,
			func(t *testing.T, in Input) {
				if !in.At.Equal(*in.Onset) {
					t.Errorf("got %v %v", in.At, in.Onset)
				}
			}},
		{"lists do not share room", `{"age": 40, "regions": ["flank_left"], "symptoms": ["fever"], "history": ["cancer"]}`,
			func(t *testing.T, in Input) {
				in.Regions = append(in.Regions, "lumbar_left")
				if in.Symptoms[0] != "fever" {
					t.Errorf("appending to regions changed symptoms: %q", in.Symptoms)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := Decode([]byte(tt.body))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			tt.check(t, in)
		})
	}
}

func TestValidateAt(t *testing.T) {
	age := 30
	onset := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	in := Input{Age: &age, Regions: []string{"lumbar_left"}, Onset: &onset}
	if err := Validate(in); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if err := ValidateAt(in, onset.Add(-time.Second)); err == nil || !strings.HasPrefix(err.Error(), "onset:") {
		t.Errorf("ValidateAt before onset = %v, want onset problem", err)
	}
	if err := ValidateAt(in, onset); err != nil {
		t.Errorf("ValidateAt at onset = %v", err)
	}
}

func TestValidateGoInput(t *testing.T) {
	age, now := 30, 12
	size := 31.0
	in := Input{Age: &age, Regions: []string{"lumbar_left", "nowhere"}, Pain: Pain{Now: &now},
		Lump: &Lump{Present: true, SizeCM: &size}, SelfCare: SelfCare{Trend: "up"}, TZ: "Mars/Olympus"}
	err := Validate(in)
	var ie *InputError
	if !errors.As(err, &ie) || ie.Malformed {
		t.Fatalf("Validate = %v", err)
	}
	var fields []string
	for _, p := range ie.Problems {
		fields = append(fields, p.Field)
	}
	slices.Sort(fields)
	want := []string{"lump.size_cm", "pain.now", "regions[1]", "self_care.trend", "tz"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

func TestLabels(t *testing.T) {
	for _, l := range Lists() {
		for _, w := range l.Words() {
			if Label(w) == w {
				t.Errorf("%s word %q has no label", l.Field(), w)
			}
		}
	}
	if Label("nope") != "nope" {
		t.Error("Label of an unknown word should be the word")
	}
}

func TestExportedListsMatchContract(t *testing.T) {
	if len(Symptoms) != 26 || len(Regions) != 11 || len(History) != 11 || len(Triggers) != 10 ||
		len(Radiation) != 7 || len(Tried) != 8 || len(Trends) != 3 || len(Sexes) != 3 {
		t.Errorf("vocabulary sizes differ from the contract")
	}
	Symptoms[0] = "changed"
	if !ListSymptoms.Has("tight_band") {
		t.Error("changing the exported slice changed validation")
	}
	Symptoms[0] = "tight_band"
}
