package clinical

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzDecode checks that Decode never panics, that every refusal other than
// a malformed body names at least one field, and that every accepted input
// validates again and survives a round trip through encoding/json.
func FuzzDecode(f *testing.F) {
	f.Add(readExample(f))
	seeds, _ := filepath.Glob("../triage/testdata/vignettes/*.json")
	for _, name := range seeds {
		if b, err := os.ReadFile(name); err == nil {
			// A vignette file holds cases; their inputs are good seeds, and
			// the whole file is a good malformed one.
			var cases []struct {
				Input json.RawMessage `json:"input"`
			}
			if json.Unmarshal(b, &cases) == nil {
				for _, c := range cases {
					f.Add([]byte(c.Input))
				}
			}
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"age": 38, "regions": ["lumbar_left"], "symptoms": ["sadle_numbness"]}`,
		`{"age": 38, "regions": ["lumbar_left"], "pain": {"now": 11}}`,
		`{"age": "38", "regions": "lumbar_left", "lump": {"x": [1, {"y": null}]}}`,
		`{"age": 38, "regions": ["lumbar_left"], "tz": "Europe\/London", "at": "2026-11-24T09:00:00+01:00"}`,
		`{"age": 38, "regions": ["\ud83d\ude00", "\ud83d"]}`,
		`{"age":-0.0e-0,"regions":["lumbar_left"]}`,
		`nul`, `{`, `"`, `{"age" 1}`, `[`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := Decode(data)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			if !ie.Malformed {
				if len(ie.Problems) == 0 {
					t.Fatalf("refusal without problems for %q", data)
				}
				for _, p := range ie.Problems {
					if p.Field == "" || p.Problem == "" {
						t.Fatalf("problem %+v lacks a field or text for %q", p, data)
					}
				}
			}
			_ = err.Error()
			return
		}
		if err := Validate(in); err != nil {
			t.Fatalf("accepted input does not validate: %v\n%q", err, data)
		}
		again, err := json.Marshal(in)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		in2, err := Decode(again)
		if err != nil {
			t.Fatalf("re-encoded input refused: %v\n%s", err, again)
		}
		if diff := cmp.Diff(in, in2); diff != "" {
			t.Fatalf("round trip differs (-first +second):\n%s", diff)
		}
	})
}
