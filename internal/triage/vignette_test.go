package triage

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/protocol"
)

// A vignette is one clinical story from REFERENCE.md with the result it
// must get. The vignettes live in testdata/vignettes as data, so that a
// clinician can read and extend them without reading Go.
type vignette struct {
	Name        string          `json:"name"`
	Note        string          `json:"note"`
	Disposition string          `json:"disposition"`
	Rules       []string        `json:"rules"`  // must all be among the reasons
	Absent      []string        `json:"absent"` // must not be among the reasons
	First       string          `json:"first"`  // the first reason, when given
	Hours       *float64        `json:"hours_since_onset"`
	NoHours     bool            `json:"no_hours"`
	Muscles     []string        `json:"muscles"`
	Contributor []string        `json:"contributors"`
	LumpHas     string          `json:"lump_contains"`
	NoLump      bool            `json:"no_lump"`
	SafetyHas   string          `json:"safety_contains"`
	SafetyLacks string          `json:"safety_lacks"`
	Input       json.RawMessage `json:"input"`

	file string
}

// vignetteNow is the clock for vignettes that give no at.
var vignetteNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func loadVignettes(t testing.TB) []vignette {
	t.Helper()
	files, err := filepath.Glob("testdata/vignettes/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no vignettes: %v", err)
	}
	var all []vignette
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var vs []vignette
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&vs); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i := range vs {
			vs[i].file = filepath.Base(name)
		}
		all = append(all, vs...)
	}
	return all
}

func reasonIDs(r clinical.Result) []string {
	ids := make([]string, len(r.Reasons))
	for i, x := range r.Reasons {
		ids[i] = x.Rule
	}
	return ids
}

func TestVignettes(t *testing.T) {
	p := protocol.Default()
	vs := loadVignettes(t)
	if len(vs) < 80 {
		t.Errorf("only %d vignettes; want at least 80", len(vs))
	}
	for _, v := range vs {
		t.Run(v.file+"/"+v.Name, func(t *testing.T) {
			r, err := evaluate(v.Input, p, Options{Now: vignetteNow})
			if err != nil {
				t.Fatalf("evaluate: %v", err)
			}
			ids := reasonIDs(r)
			if string(r.Disposition) != v.Disposition {
				t.Errorf("disposition = %s, want %s (reasons %q)", r.Disposition, v.Disposition, ids)
			}
			for _, id := range v.Rules {
				if !slices.Contains(ids, id) {
					t.Errorf("reasons %q lack %s", ids, id)
				}
			}
			for _, id := range v.Absent {
				if slices.Contains(ids, id) {
					t.Errorf("reasons %q hold %s, which must not match", ids, id)
				}
			}
			if v.First != "" && (len(ids) == 0 || ids[0] != v.First) {
				t.Errorf("first reason = %q, want %s", ids, v.First)
			}
			checkResultShape(t, r)
			switch {
			case v.Hours != nil && (r.HoursSinceOnset == nil || *r.HoursSinceOnset != *v.Hours):
				t.Errorf("hours_since_onset = %v, want exactly %v", deref(r.HoursSinceOnset), *v.Hours)
			case v.NoHours && r.HoursSinceOnset != nil:
				t.Errorf("hours_since_onset = %v, want none", *r.HoursSinceOnset)
			}
			var muscles, contributors []string
			for _, m := range r.Muscles {
				muscles = append(muscles, m.ID)
			}
			for _, c := range r.Contributors {
				contributors = append(contributors, c.ID)
			}
			for _, m := range v.Muscles {
				if !slices.Contains(muscles, m) {
					t.Errorf("muscles %q lack %s", muscles, m)
				}
			}
			for _, c := range v.Contributor {
				if !slices.Contains(contributors, c) {
					t.Errorf("contributors %q lack %s", contributors, c)
				}
			}
			if v.LumpHas != "" && (r.Lump == nil || !strings.Contains(r.Lump.Text, v.LumpHas)) {
				t.Errorf("lump note %+v does not say %q", r.Lump, v.LumpHas)
			}
			if v.NoLump && r.Lump != nil {
				t.Errorf("lump note %+v for no lump", r.Lump)
			}
			if v.SafetyHas != "" && !strings.Contains(strings.Join(r.SafetyNet, " "), v.SafetyHas) {
				t.Errorf("safety net %q does not say %q", r.SafetyNet, v.SafetyHas)
			}
			if v.SafetyLacks != "" && strings.Contains(strings.Join(r.SafetyNet, " "), v.SafetyLacks) {
				t.Errorf("safety net %q says %q", r.SafetyNet, v.SafetyLacks)
			}
		})
	}
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// checkResultShape checks what the contract promises of every result.
func checkResultShape(t *testing.T, r clinical.Result) {
	t.Helper()
	if len(r.Reasons) == 0 {
		t.Fatal("no reasons")
	}
	if r.Reasons[0].Disposition != r.Disposition {
		t.Errorf("first reason %s is %s, result is %s", r.Reasons[0].Rule, r.Reasons[0].Disposition, r.Disposition)
	}
	for i, x := range r.Reasons {
		if x.Disposition.Rank() > r.Disposition.Rank() {
			t.Errorf("reason %s (%s) is above the result (%s)", x.Rule, x.Disposition, r.Disposition)
		}
		if i > 0 && x.Disposition.Rank() > r.Reasons[i-1].Disposition.Rank() {
			t.Errorf("reasons are not most urgent first: %s after %s", x.Rule, r.Reasons[i-1].Rule)
		}
		if x.Rule == "" || x.Text == "" || len(x.Sources) == 0 {
			t.Errorf("reason %+v lacks a rule, text or source", x)
		}
	}
	for _, x := range r.Reasons {
		if r.Disposition != clinical.SelfCareOnly && x.Disposition == clinical.SelfCareOnly {
			t.Errorf("%s result holds the self_care reason %s", r.Disposition, x.Rule)
		}
	}
	if r.Disposition == clinical.SelfCareOnly && !slices.Contains(reasonIDs(r), "seed.self-care") {
		t.Errorf("self_care result without the self-care reason")
	}
	if r.Action == "" || r.Disclaimer == "" || len(r.SafetyNet) == 0 || r.Protocol.ID == "" || r.Protocol.Version == "" || r.TZ == "" {
		t.Errorf("result lacks action, disclaimer, safety net, protocol or tz: %+v", r)
	}
	if r.Disposition == clinical.Emergency && !strings.HasPrefix(r.Action, "Call emergency services") {
		t.Errorf("emergency action does not lead with the call: %q", r.Action)
	}
	if !strings.Contains(r.Disclaimer, "does not diagnose") {
		t.Errorf("disclaimer %q", r.Disclaimer)
	}
	for _, m := range r.Muscles {
		if len(m.Because) == 0 || len(m.Sources) == 0 {
			t.Errorf("muscle %s lacks because or sources", m.ID)
		}
	}
}

// TestVignettesCoverEveryRule checks that every rule of the default
// protocol, and every disposition, is shown to fire by some vignette.
func TestVignettesCoverEveryRule(t *testing.T) {
	p := protocol.Default()
	fired := map[string]bool{}
	dispositions := map[clinical.Disposition]bool{}
	for _, v := range loadVignettes(t) {
		r, err := evaluate(v.Input, p, Options{Now: vignetteNow})
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		dispositions[r.Disposition] = true
		for _, id := range reasonIDs(r) {
			fired[id] = true
		}
	}
	for _, r := range append(slices.Clone(p.Rules), p.Default) {
		if !fired[r.ID] {
			t.Errorf("no vignette fires rule %s", r.ID)
		}
	}
	for _, d := range []clinical.Disposition{clinical.Emergency, clinical.Urgent, clinical.SeeClinician, clinical.SelfCareOnly} {
		if !dispositions[d] {
			t.Errorf("no vignette ends in %s", d)
		}
	}
}

// TestAddingAWordNeverLowers is the monotonicity property: adding any
// symptom, history, radiation, region, trigger or home-care word to any
// vignette never lowers its disposition.
func TestAddingAWordNeverLowers(t *testing.T) {
	p := protocol.Default()
	lists := []struct {
		list clinical.List
		add  func(in *clinical.Input, w string)
	}{
		{clinical.ListSymptoms, func(in *clinical.Input, w string) { in.Symptoms = append(slices.Clip(in.Symptoms), w) }},
		{clinical.ListHistory, func(in *clinical.Input, w string) { in.History = append(slices.Clip(in.History), w) }},
		{clinical.ListRadiation, func(in *clinical.Input, w string) { in.Radiation = append(slices.Clip(in.Radiation), w) }},
		{clinical.ListRegions, func(in *clinical.Input, w string) { in.Regions = append(slices.Clip(in.Regions), w) }},
		{clinical.ListTriggers, func(in *clinical.Input, w string) { in.Triggers = append(slices.Clip(in.Triggers), w) }},
		{clinical.ListTried, func(in *clinical.Input, w string) {
			in.SelfCare.Tried = append(slices.Clip(in.SelfCare.Tried), w)
		}},
	}
	checked := 0
	for _, v := range loadVignettes(t) {
		in, err := clinical.Decode(v.Input)
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		opt := Options{Now: vignetteNow}
		before := Assess(in, p, opt).Disposition
		for _, l := range lists {
			for _, w := range l.list.Words() {
				changed := in
				l.add(&changed, w)
				after := Assess(changed, p, opt).Disposition
				checked++
				if after.Rank() < before.Rank() {
					t.Errorf("%s: adding %s %q lowers %s to %s", v.Name, l.list.Field(), w, before, after)
				}
			}
		}
	}
	t.Logf("%d vignette × word pairs checked", checked)
}

// TestRedFlagWordsRaise checks, for every symptom and history word that some
// rule maps above self_care, that adding it to a vignette that does not hold
// it gives at least that rule's disposition.
func TestRedFlagWordsRaise(t *testing.T) {
	p := protocol.Default()
	for _, v := range loadVignettes(t) {
		in, err := clinical.Decode(v.Input)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range clinical.ListSymptoms.Words() {
			if slices.Contains(in.Symptoms, w) {
				continue
			}
			alone := clinical.Input{Age: in.Age, Regions: in.Regions, Symptoms: []string{w}}
			floor := Assess(alone, p, Options{Now: vignetteNow}).Disposition
			changed := in
			changed.Symptoms = append(slices.Clip(in.Symptoms), w)
			if got := Assess(changed, p, Options{Now: vignetteNow}).Disposition; got.Rank() < floor.Rank() {
				t.Errorf("%s + %s = %s, below %s for the word alone", v.Name, w, got, floor)
			}
		}
	}
}
