package protocol

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"

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

// skipGenerator names a rule whose input generator is switched off
// (UNKNOT_PARITY_SKIP=rule-id), to show that TestParity fails, naming the
// rule, when a rule cannot be made to fire.
const skipGenerator = "UNKNOT_PARITY_SKIP"

// Per rule and truth value: how many ways through the rule the solver may
// take, and how many facts are built from each.
const (
	maxPaths        = 24
	variantsPerPath = 4
	randomInputs    = 3000
)

// TestParity checks the compiled Go functions against the CEL interpreter
// for every rule of the default protocol: on inputs generated from each
// rule's own expression to make it true (it must fire on them) and to make
// it false, and on random inputs. The generator (solve_test.go) reads the
// rule's checked CEL tree, so a new rule needs no case here; a rule it
// cannot make fire fails the test by name.
func TestParity(t *testing.T) {
	p := Default()
	e, err := env()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	type ruleProg struct {
		rule *Rule
		prog cel.Program
	}
	progs := make([]ruleProg, len(p.Rules))
	counts := map[bool]map[string]int{true: {}, false: {}}
	for i := range p.Rules {
		r := &p.Rules[i]
		checked, iss := e.Compile(r.When)
		if iss.Err() != nil {
			t.Fatal(iss.Err())
		}
		prog, err := e.Program(checked)
		if err != nil {
			t.Fatal(err)
		}
		progs[i] = ruleProg{r, prog}
		if os.Getenv(skipGenerator) == r.ID {
			t.Logf("rule %s: its generator is switched off by %s", r.ID, skipGenerator)
		}
		for _, want := range []bool{true, false} {
			var made []Facts
			if os.Getenv(skipGenerator) != r.ID {
				made = generate(checked.NativeRep(), want, rng)
			}
			fired := 0
			for _, f := range made {
				got := parityCheck(t, r, prog, &f)
				if got != want {
					t.Errorf("rule %s: generated to be %v, it is %v on %v", r.ID, want, got, activation(&f))
				}
				if got {
					fired++
				}
			}
			counts[want][r.ID] = len(made)
			if !want && len(made) == 0 && os.Getenv(skipGenerator) != r.ID {
				t.Errorf("rule %s (line %d) can never be false: %q", r.ID, r.Line, r.When)
			}
			if want {
				if fired == 0 {
					t.Errorf("rule %s (line %d) cannot be made to fire: no generated input makes %q true", r.ID, r.Line, r.When)
				}
			}
		}
	}
	for n := 0; n < randomInputs; n++ {
		in := randomInput(rng)
		f := NewFacts(&in, *in.At)
		for _, rp := range progs {
			parityCheck(t, rp.rule, rp.prog, &f)
		}
	}
	for _, want := range []bool{true, false} {
		lo, hi, all := math.MaxInt, 0, 0
		for _, n := range counts[want] {
			lo, hi, all = min(lo, n), max(hi, n), all+n
		}
		t.Logf("%d rules: %d to %d generated inputs each to make the rule %v (%d in all)", len(p.Rules), lo, hi, want, all)
	}
	t.Logf("and %d random inputs, on which every rule was evaluated", randomInputs)
}

// TestGenerate checks the generator on the forms of the rule language:
// what it makes is true (or false) as asked, and a condition no facts can
// meet gets nothing.
func TestGenerate(t *testing.T) {
	e, err := env()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for when, satisfiable := range map[string]bool{
		`"fever" in symptoms && !("numbness" in symptoms)`:                                     true,
		`sex in ["male", "other"] || self_care.trend != "better"`:                              true,
		`has_any(symptoms, ["chest_pain", "numbness"]) && !interference.sleep`:                 true,
		`count_of(symptoms, ["fever", "numbness", "tingling"]) == 2 && !("fever" in symptoms)`: true,
		`size(symptoms) >= 2 && size(history) == 0`:                                            true,
		`65 < age && age <= 70.0 && lump.present == false`:                                     true,
		`pain.worst_24h > pain.now && pain.now >= 7`:                                           true,
		`lump.size_cm != 2.0 && lump.size_cm >= 2.0 && lump.size_cm < 2.5`:                     true,
		`age > 50 && age < 51`:                                 false,
		`"fever" in symptoms && !has_any(symptoms, ["fever"])`: false,
		`sex in ["male"] && sex == "female"`:                   false,
		`count_of(symptoms, ["fever", "numbness"]) > 2`:        false,
	} {
		checked, iss := e.Compile(when)
		if iss.Err() != nil {
			t.Fatalf("%s: %v", when, iss.Err())
		}
		prog, err := e.Program(checked)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []bool{true, false} {
			made := generate(checked.NativeRep(), want, rng)
			if want && satisfiable != (len(made) > 0) {
				t.Errorf("%s: %d inputs generated to make it true", when, len(made))
			}
			if !want && len(made) == 0 {
				t.Errorf("%s: no input generated to make it false", when)
			}
			for _, f := range made {
				out, _, err := prog.Eval(activation(&f))
				if err != nil || out.Value() != want {
					t.Errorf("%s: generated to be %v, CEL gives %v, %v", when, want, out, err)
				}
			}
		}
	}
}

// parityCheck evaluates rule r on f with CEL and with the compiled
// function, fails the test when they differ, and returns CEL's answer.
func parityCheck(t *testing.T, r *Rule, prog cel.Program, f *Facts) bool {
	t.Helper()
	act := activation(f)
	out, _, err := prog.Eval(act)
	if err != nil {
		t.Fatalf("rule %s: CEL: %v", r.ID, err)
	}
	want := out.Value().(bool)
	if got := r.eval(f); got != want {
		t.Fatalf("rule %s: compiled %v, CEL %v, for %v", r.ID, got, want, act)
	}
	return want
}

// generate builds facts on which the checked expression a is want: for
// each way the solver finds through it (up to maxPaths), variantsPerPath
// facts with numbers at either end of their ranges and between, and
// random answers for what the rule leaves open.
func generate(a *ast.AST, want bool, rng *rand.Rand) []Facts {
	c := &compiler{a: a}
	var out []Facts
	s := &solver{c: c, emit: func(cs constraints) bool {
		for v := range variantsPerPath {
			// A residual condition may need a few random tries.
			for range 50 {
				if f, ok := cs.facts(randomBase(rng), v); ok {
					out = append(out, f)
					break
				}
			}
		}
		return len(out) < maxPaths*variantsPerPath
	}}
	s.solve([]goal{{a.Expr(), want}}, constraints{})
	return out
}
