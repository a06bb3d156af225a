package triage

// Test cases a protocol is run against before a clinic may use it: the
// default vignettes (testdata/vignettes, the stories from REFERENCE.md
// the default protocol is tested with) and the clinic's own cases. A
// clinic may raise a disposition, never lower one: a vignette passes when
// the protocol gives its disposition or a more urgent one. A clinic's own
// case names the exact disposition it expects.

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/protocol"
)

//go:embed testdata/vignettes/*.json
var vignetteFiles embed.FS

// Case is one story and the disposition it must get.
type Case struct {
	Name        string          `json:"name"`
	Disposition string          `json:"disposition"`
	Input       json.RawMessage `json:"input"`
	// AtLeast passes a more urgent disposition too (the default
	// vignettes); a clinic's own case wants exactly Disposition.
	AtLeast bool `json:"-"`
}

// CaseResult is how a protocol did on one case.
type CaseResult struct {
	Case   string               `json:"case"`
	Want   string               `json:"want"`
	Got    clinical.Disposition `json:"got"`
	Passed bool                 `json:"passed"`
	// Default says the case is one of the default vignettes.
	Default bool   `json:"default"`
	Problem string `json:"problem,omitempty"`
}

// CaseNow is the clock for cases that give no "at".
var CaseNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// DefaultCases returns the default vignettes, each to be met or exceeded.
func DefaultCases() ([]Case, error) {
	names, err := vignetteFiles.ReadDir("testdata/vignettes")
	if err != nil {
		return nil, err
	}
	var out []Case
	for _, n := range names {
		b, err := vignetteFiles.ReadFile(path.Join("testdata/vignettes", n.Name()))
		if err != nil {
			return nil, err
		}
		var cs []Case
		if err := json.Unmarshal(b, &cs); err != nil {
			return nil, fmt.Errorf("%s: %w", n.Name(), err)
		}
		for i := range cs {
			cs[i].AtLeast = true
			cs[i].Name = n.Name() + ": " + cs[i].Name
		}
		out = append(out, cs...)
	}
	return out, nil
}

// ParseCases reads a clinic's own cases: a JSON list of {name,
// disposition, input}, the input as the assessment contract has it.
func ParseCases(data []byte) ([]Case, error) {
	var cs []Case
	if err := json.Unmarshal(data, &cs); err != nil {
		return nil, fmt.Errorf("the test cases must be a JSON list of {name, disposition, input}: %v", err)
	}
	for i, c := range cs {
		if c.Name == "" {
			return nil, fmt.Errorf("test case %d has no name", i+1)
		}
		if !slices.Contains([]string{"emergency", "urgent", "see_clinician", "self_care"}, c.Disposition) {
			return nil, fmt.Errorf("test case %q: disposition must be emergency, urgent, see_clinician or self_care", c.Name)
		}
		if _, err := clinical.Decode(c.Input); err != nil {
			return nil, fmt.Errorf("test case %q: %v", c.Name, err)
		}
	}
	return cs, nil
}

// RunCases runs every case against p.
func RunCases(p *protocol.Protocol, cases []Case) []CaseResult {
	out := make([]CaseResult, 0, len(cases))
	for _, c := range cases {
		r := CaseResult{Case: c.Name, Want: c.Disposition, Default: c.AtLeast}
		in, err := clinical.Decode(c.Input)
		if err == nil && in.At == nil {
			err = clinical.ValidateAt(in, CaseNow)
		}
		if err != nil {
			r.Problem = err.Error()
			out = append(out, r)
			continue
		}
		r.Got = Assess(in, p, Options{Now: CaseNow}).Disposition
		want := clinical.Disposition(c.Disposition)
		if c.AtLeast {
			r.Passed = r.Got.Rank() >= want.Rank()
		} else {
			r.Passed = r.Got == want
		}
		if c.AtLeast && r.Passed {
			r.Want = "at least " + c.Disposition
		}
		out = append(out, r)
	}
	return out
}
