package triage

import (
	"encoding/json"
	"testing"

	"unknot/internal/protocol"
)

func TestDefaultCasesPassOnTheDefault(t *testing.T) {
	cs, err := DefaultCases()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 80 {
		t.Fatalf("only %d default cases", len(cs))
	}
	for _, r := range RunCases(protocol.Default(), cs) {
		if !r.Passed || !r.Default {
			t.Errorf("%s: got %s, want %s (%s)", r.Case, r.Got, r.Want, r.Problem)
		}
	}
}

func TestClinicCases(t *testing.T) {
	cs, err := ParseCases([]byte(`[{"name": "plain", "disposition": "self_care", "input": {"age": 30, "regions": ["lumbar_center"]}},
		{"name": "too low", "disposition": "self_care", "input": {"age": 30, "regions": ["lumbar_center"], "symptoms": ["saddle_numbness"]}}]`))
	if err != nil {
		t.Fatal(err)
	}
	res := RunCases(protocol.Default(), cs)
	if !res[0].Passed || res[1].Passed || res[1].Got != "emergency" || res[1].Default {
		t.Fatalf("RunCases = %+v; want the first passed, the second failed (emergency, not exactly self_care)", res)
	}
	for _, bad := range []string{`{}`, `[{"disposition": "self_care", "input": {}}]`, `[{"name": "x", "disposition": "maybe", "input": {}}]`,
		`[{"name": "x", "disposition": "urgent", "input": {"age": "old"}}]`} {
		if _, err := ParseCases([]byte(bad)); err == nil {
			t.Errorf("ParseCases(%s) accepted", bad)
		}
	}
	// A default vignette passes a more urgent answer, never a lower one.
	up := []Case{{Name: "up", Disposition: "self_care", AtLeast: true, Input: json.RawMessage(`{"age": 30, "regions": ["lumbar_center"], "symptoms": ["saddle_numbness"]}`)},
		{Name: "down", Disposition: "emergency", AtLeast: true, Input: json.RawMessage(`{"age": 30, "regions": ["lumbar_center"]}`)}}
	r := RunCases(protocol.Default(), up)
	if !r[0].Passed || r[1].Passed {
		t.Fatalf("at-least cases = %+v", r)
	}
}
