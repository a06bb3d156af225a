package protocol

import (
	"math/rand/v2"
	"testing"
	"time"

	"unknot/internal/clinical"
)

// activation gives the CEL interpreter the same facts the compiled
// functions read.
func activation(f *Facts) map[string]any {
	act := make(map[string]any, len(variables))
	for _, v := range variables {
		switch v.kind {
		case kindList:
			var words []string
			for _, w := range v.list.Words() {
				if f.Has(v.list, w) {
					words = append(words, w)
				}
			}
			act[v.name] = words
		case kindString:
			act[v.name] = f.strs[v.slot]
		case kindBool:
			act[v.name] = f.bools[v.slot]
		case kindNum:
			if v.whole {
				act[v.name] = int64(f.nums[v.slot])
			} else {
				act[v.name] = f.nums[v.slot]
			}
		}
	}
	return act
}

// randomInput answers every question at random, with words from the whole
// vocabulary and numbers around the rules' thresholds.
func randomInput(r *rand.Rand) clinical.Input {
	pick := func(l clinical.List) []string {
		var out []string
		for _, w := range l.Words() {
			if r.IntN(6) == 0 {
				out = append(out, w)
			}
		}
		return out
	}
	one := func(l clinical.List) string {
		words := append(l.Words(), "")
		return words[r.IntN(len(words))]
	}
	ip := func(hi int) *int {
		if r.IntN(5) == 0 {
			return nil
		}
		v := r.IntN(hi + 1)
		return &v
	}
	fp := func(hi float64) *float64 {
		if r.IntN(5) == 0 {
			return nil
		}
		v := float64(r.IntN(int(hi*4)+1)) / 4
		return &v
	}
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	age := r.IntN(100)
	in := clinical.Input{
		At: &at, Age: &age, Sex: one(clinical.ListSex),
		Regions: pick(clinical.ListRegions), Radiation: pick(clinical.ListRadiation),
		Symptoms: pick(clinical.ListSymptoms), History: pick(clinical.ListHistory),
		Triggers: pick(clinical.ListTriggers),
		Pain:     clinical.Pain{Now: ip(10), Worst24h: ip(10)},
		Interference: clinical.Interference{
			Sleep: r.IntN(2) == 0, Activity: ip(10),
		},
		SelfCare: clinical.SelfCare{Tried: pick(clinical.ListTried), Weeks: float64(r.IntN(13)) / 2, Trend: one(clinical.ListTrend)},
	}
	if r.IntN(2) == 0 {
		onset := at.Add(-time.Duration(r.IntN(24*7*30)) * time.Hour)
		in.Onset = &onset
	}
	if r.IntN(2) == 0 {
		in.Lump = &clinical.Lump{Present: r.IntN(4) > 0, Hard: r.IntN(3) == 0, Mobile: r.IntN(3) == 0,
			Growing: r.IntN(4) == 0, Tender: r.IntN(2) == 0, WarmRed: r.IntN(5) == 0,
			SizeCM: fp(10), WeeksPresent: fp(6)}
	}
	if r.IntN(2) == 0 {
		in.Lifestyle = &clinical.Lifestyle{SittingHours: fp(12), ActiveDaysPerWeek: ip(7), Stress: ip(10),
			WaterLitres: fp(3), SleepHours: fp(10)}
	}
	return in
}

// TestCompiledMatchesCEL checks every rule of the default protocol, compiled
// to Go, against the CEL interpreter on thousands of random inputs.
func TestCompiledMatchesCEL(t *testing.T) {
	p := Default()
	e, err := env()
	if err != nil {
		t.Fatal(err)
	}
	type prog struct {
		rule *Rule
		eval func(map[string]any) (bool, error)
	}
	var progs []prog
	for i := range p.Rules {
		r := &p.Rules[i]
		ast, iss := e.Compile(r.When)
		if iss.Err() != nil {
			t.Fatal(iss.Err())
		}
		pr, err := e.Program(ast)
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, prog{r, func(act map[string]any) (bool, error) {
			out, _, err := pr.Eval(act)
			if err != nil {
				return false, err
			}
			return out.Value().(bool), nil
		}})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	fired := map[string]int{}
	for n := 0; n < 3000; n++ {
		in := randomInput(rng)
		f := NewFacts(&in, *in.At)
		act := activation(&f)
		for _, pr := range progs {
			want, err := pr.eval(act)
			if err != nil {
				t.Fatalf("CEL %s: %v", pr.rule.ID, err)
			}
			if got := pr.rule.eval(&f); got != want {
				t.Fatalf("rule %s: compiled %v, CEL %v, for %+v", pr.rule.ID, got, want, act)
			}
			if want {
				fired[pr.rule.ID]++
			}
		}
	}
	for _, r := range p.Rules {
		if fired[r.ID] == 0 {
			t.Logf("rule %s never fired on random inputs", r.ID)
		}
	}
}

// TestCompileForms covers the forms of the rule language one by one.
func TestCompileForms(t *testing.T) {
	age := 70
	in := clinical.Input{Age: &age, Sex: "male", Symptoms: []string{"fever", "numbness"}, Regions: []string{"flank_left"}}
	f := NewFacts(&in, time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC))
	tests := map[string]bool{
		`"fever" in symptoms`:                               true,
		`!("fever" in symptoms)`:                            false,
		`sex in ["male", "other"]`:                          true,
		`sex == ""`:                                         false,
		`"" == sex || sex == "male"`:                        true,
		`has_any(symptoms, ["chest_pain", "numbness"])`:     true,
		`count_of(symptoms, ["fever", "numbness"]) == 2`:    true,
		`size(symptoms) >= 2 && size(history) == 0`:         true,
		`65 < age && age <= 70.0`:                           true,
		`pain.now == -1 && lump.size_cm < 0`:                true,
		`lump.present == false && !interference.sleep`:      true,
		`onset.known || onset.hours_ago >= 0.0`:             false,
		`true && (false || age > 69)`:                       true,
		`self_care.weeks >= 0 && self_care.trend != "same"`: true,
	}
	for when, want := range tests {
		fn, errs := compileWhen(when)
		if len(errs) > 0 {
			t.Errorf("%s: %v", when, errs)
			continue
		}
		if got := fn(&f); got != want {
			t.Errorf("%s = %v, want %v", when, got, want)
		}
	}
	for _, bad := range []string{
		`symptoms.exists(s, s == "fever")`,
		`"fever" in ["fever"]`,
		`sex in symptoms`,
		`has_any(symptoms, [])`,
		`has_any(symptoms, ["fever", "fever"])`,
		`count_of(symptoms, [sex]) > 0`,
		`sex == sex`,
		`size("abc") > 1`,
		`age / 2 > 1`,
		`{"a": 1}["a"] == 1`,
	} {
		if _, errs := compileWhen(bad); len(errs) == 0 {
			t.Errorf("%s compiled; want an error", bad)
		}
	}
}
