package triage

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/protocol"
)

func TestAssessDefaults(t *testing.T) {
	age := 40
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	in := clinical.Input{Age: &age, Regions: []string{"lumbar_left"}}

	r := Assess(in, nil, Options{Now: now})
	if r.Protocol != protocol.Default().Ref() {
		t.Errorf("nil protocol did not use the default: %+v", r.Protocol)
	}
	if !r.At.Equal(now) || r.At.Location() != time.UTC {
		t.Errorf("At = %v, want %v in UTC", r.At, now)
	}
	if r.TZ != "UTC" {
		t.Errorf("TZ = %q, want UTC", r.TZ)
	}
	if r.HoursSinceOnset != nil {
		t.Errorf("HoursSinceOnset = %v without an onset", *r.HoursSinceOnset)
	}
	if r := Assess(in, nil, Options{Now: now, DefaultTZ: "Europe/Paris"}); r.TZ != "Europe/Paris" {
		t.Errorf("TZ = %q, want the default zone", r.TZ)
	}
	in.TZ = "Asia/Tokyo"
	if r := Assess(in, nil, Options{Now: now, DefaultTZ: "Europe/Paris"}); r.TZ != "Asia/Tokyo" {
		t.Errorf("TZ = %q, want the input's zone", r.TZ)
	}
	onset := now.Add(-47 * time.Hour)
	in.Onset = &onset
	if r := Assess(in, nil, Options{Now: now}); r.HoursSinceOnset == nil || *r.HoursSinceOnset != 47 {
		t.Errorf("HoursSinceOnset = %v, want 47 from Now", r.HoursSinceOnset)
	}
}

// TestResultDoesNotShareProtocol checks that changing a result cannot
// change the protocol it came from.
func TestResultDoesNotShareProtocol(t *testing.T) {
	p := protocol.Default()
	age := 40
	in := clinical.Input{Age: &age, Regions: []string{"lumbar_left"}, Symptoms: []string{"saddle_numbness", "fever"}}
	r := Assess(in, p, Options{})
	want := p.Rules[0].Sources[0]
	for i := range r.Reasons {
		for j := range r.Reasons[i].Sources {
			r.Reasons[i].Sources[j] = "changed"
		}
		r.Reasons[i].Sources = append(r.Reasons[i].Sources, "more")
	}
	if p.Rules[0].Sources[0] != want {
		t.Fatal("changing a result's sources changed the protocol")
	}
	if r2 := Assess(in, p, Options{}); r2.Reasons[0].Sources[0] == "changed" || r2.Reasons[1].Sources[0] == "more" {
		t.Fatal("results share sources")
	}
}

// TestAssessUncheckedInput gives Assess inputs that never passed
// validation: it must still answer, and never panic.
func TestAssessUncheckedInput(t *testing.T) {
	nan, neg := math.NaN(), -5
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	future := now.Add(time.Hour)
	for _, in := range []clinical.Input{
		{},
		{Age: &neg, Regions: []string{"nowhere"}, Symptoms: []string{"sadle_numbness", "saddle_numbness"}},
		{Lump: &clinical.Lump{Present: true, SizeCM: &nan, WeeksPresent: &nan}, Lifestyle: &clinical.Lifestyle{SleepHours: &nan}},
		{Onset: &future},
	} {
		r := Assess(in, nil, Options{Now: now})
		if r.Disposition == "" || len(r.Reasons) == 0 {
			t.Errorf("no result for %+v", in)
		}
		if in.Onset != nil && (r.HoursSinceOnset == nil || *r.HoursSinceOnset != 0) {
			t.Errorf("onset in the future gave %v hours, want 0", r.HoursSinceOnset)
		}
	}
	// The known word still counts when an unknown one sits beside it.
	age := 30
	r := Assess(clinical.Input{Age: &age, Symptoms: []string{"sadle_numbness", "saddle_numbness"}}, nil, Options{})
	if r.Disposition != clinical.Emergency {
		t.Errorf("disposition = %s, want emergency", r.Disposition)
	}
}

// evaluate does with a body what app.Evaluate does: decode it, check its
// onset against the time of the assessment, and assess it. Tests that start
// from the contract's JSON go through it, so that they see inputs as the
// app does. Decode checks onset against an input's own at; only without
// one is there more to check (and ValidateAt repeats all of Decode's
// checks, a quarter again of what BenchmarkAssess measures).
func evaluate(data []byte, p *protocol.Protocol, opt Options) (clinical.Result, error) {
	in, err := clinical.Decode(data)
	if err == nil && in.At == nil {
		err = clinical.ValidateAt(in, opt.Now)
	}
	if err != nil {
		return clinical.Result{}, err
	}
	return Assess(in, p, opt), nil
}

// FuzzEvaluate checks that decoding and assessing never panic and that
// every result has the contract's shape.
func FuzzEvaluate(f *testing.F) {
	files, _ := filepath.Glob("testdata/vignettes/*.json")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if i := strings.Index(line, `"input": `); i >= 0 {
				f.Add([]byte(line[i+len(`"input": `):]))
			}
		}
	}
	p := protocol.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := evaluate(data, p, Options{Now: vignetteNow})
		if err != nil {
			return
		}
		checkResultShape(t, r)
	})
}
