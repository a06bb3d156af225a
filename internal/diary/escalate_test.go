package diary

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"unknot/internal/clinical"
	"unknot/internal/plan"
	"unknot/internal/protocol"
	"unknot/internal/readability"
	"unknot/internal/triage"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testPlan carries only what plan.Adjust reads.
var testPlan = &plan.Plan{
	Progression: plan.Rule{MaxPain: 3, Sources: []string{"test: progression source"}},
	Regression:  plan.Rule{Rise: 2, Sources: []string{"test: regression source"}},
}

type escalationCase struct {
	name    string
	entries []Entry // the last one is the check-in just saved
	today   string
	base    Baseline
	known   []string
	clinic  bool
	noPlan  bool
}

func escalationCases() []escalationCase {
	const start = "2026-11-01"
	withFlags := func(es []Entry, words ...string) []Entry {
		es[len(es)-1].RedFlags = words
		return es
	}
	notDone := func(es []Entry) []Entry {
		for i := range es {
			es[i].Done = nil
		}
		return es
	}
	backfill := func(es []Entry, today string) []Entry {
		last := &es[len(es)-1]
		last.Backfilled, last.RecordedAt = true, mustDate(today).Add(8*time.Hour)
		// Saved last: it goes at the end of the slice, out of date order.
		return append(es[:len(es)-1:len(es)-1], append(days(today, 5), *last)...)
	}
	return []escalationCase{
		{name: "better_progress", entries: days(start, 5, 4, 4, 3, 3, 3, 2, 2, 2), today: "2026-11-09",
			base: Baseline{Pain: ptr(5), Start: start}},
		{name: "same_hold", entries: days(start, 5, 5, 5, 4, 5, 5, 4), today: "2026-11-07",
			base: Baseline{Pain: ptr(5), Start: start}},
		{name: "better_not_done_hold", entries: notDone(days(start, 6, 5, 4, 3, 3, 2, 2)), today: "2026-11-07",
			base: Baseline{Pain: ptr(6), Start: start}},
		{name: "bad_day_regress_not_worse", entries: days(start, 4, 4, 4, 4, 4, 4, 7), today: "2026-11-07",
			base: Baseline{Pain: ptr(4), Start: start}},
		{name: "worse_clinic_flag", entries: days(start, 4, 5, 5, 6, 6, 7, 7), today: "2026-11-07",
			base: Baseline{Pain: ptr(4), Start: start}, clinic: true},
		{name: "worse_no_clinic", entries: days(start, 4, 5, 5, 6, 6, 7, 7), today: "2026-11-07",
			base: Baseline{Pain: ptr(4), Start: start}},
		{name: "worse_exactly_2_points", entries: days(start, 6, 6, 6, 8, 8, 8, 8, 8, 8, 8), today: "2026-11-10",
			base: Baseline{Start: start}, clinic: true},
		{name: "worse_exactly_30_percent", entries: days(start, 5, 5, 5, 5, 5, 5, 5, 6, 7, skip, 6, 7, 6, 7), today: "2026-11-14",
			base: Baseline{Pain: ptr(5), Start: start}, clinic: true},
		{name: "same_day_13_continue", entries: days(start, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5), today: "2026-11-14",
			base: Baseline{Pain: ptr(5), Start: start}, clinic: true},
		{name: "no_better_day_14_clinic_flag", entries: days(start, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4), today: "2026-11-15",
			base: Baseline{Pain: ptr(5), Start: start}, clinic: true},
		{name: "better_day_14_continue", entries: days(start, 6, 6, 5, 5, 4, 4, 4, 3, 3, 3, 2, 2, 2, 2, 2), today: "2026-11-15",
			base: Baseline{Pain: ptr(6), Start: start}, clinic: true},
		{name: "day_14_too_few_check_ins", entries: days(start, 5, skip, skip, skip, skip, skip, skip, 5,
			skip, skip, skip, skip, skip, skip, 4), today: "2026-11-15", base: Baseline{Start: start}, clinic: true},
		{name: "day_20_after_a_gap", entries: append(days(start, 5, 5, 5), days("2026-11-21", 3)...), today: "2026-11-21",
			base: Baseline{Start: start}, clinic: true},
		{name: "too_early_first_days", entries: days(start, 5, 6), today: "2026-11-02",
			base: Baseline{Start: start}},
		{name: "new_red_flag_retriage", entries: withFlags(days(start, 4, 4, 3), "saddle_numbness"), today: "2026-11-03",
			base: Baseline{Pain: ptr(4), Start: start}, clinic: true},
		{name: "known_red_flag_is_not_new", entries: withFlags(days(start, 4, 4, 3), "numbness"), today: "2026-11-03",
			base: Baseline{Pain: ptr(4), Start: start}, known: []string{"tight_band", "numbness"}},
		{name: "known_and_new_red_flags", entries: withFlags(days(start, 4, 4, 3), "numbness", "fever", "fever", "feeling_unwell"),
			today: "2026-11-03", base: Baseline{Pain: ptr(4), Start: start}, known: []string{"numbness"}},
		{name: "red_flag_and_worse", entries: withFlags(days(start, 3, 5, 6, 6, 7), "leg_weakness"), today: "2026-11-05",
			base: Baseline{Pain: ptr(3), Start: start}, clinic: true},
		{name: "backfilled_red_flag", entries: backfill(withFlags(days(start, 4, 4, 4), "major_trauma"), "2026-11-04"),
			today: "2026-11-04", base: Baseline{Pain: ptr(4), Start: start}, clinic: true},
		{name: "worse_without_a_plan", entries: days(start, 2, 3, 4, 4), today: "2026-11-04",
			base: Baseline{Pain: ptr(2), Start: start}, noPlan: true},
	}
}

func (c escalationCase) input() EscalationInput {
	tr := TrendOf(c.entries, c.today, c.base)
	in := EscalationInput{Entry: c.entries[len(c.entries)-1], Known: c.known, Trend: tr, Plan: testPlan,
		Clinic: c.clinic, Now: mustDate(c.today).Add(19*time.Hour + 30*time.Minute)}
	if c.noPlan {
		in.Plan = nil
	}
	return in
}

// goldenView is what a golden file holds: the diary in one line a day, the
// trend without its series, and the escalation.
func goldenView(c escalationCase, e Escalation) ([]byte, error) {
	in := c.input()
	tr := in.Trend
	tr.Series = nil
	var diary []string
	for _, en := range c.entries {
		line := fmt.Sprintf("%s pain %d done %d", en.Date, en.PainNow, len(en.Done))
		if en.Backfilled {
			line += " backfilled"
		}
		if len(en.RedFlags) > 0 {
			line += fmt.Sprintf(" red flags %v", en.RedFlags)
		}
		diary = append(diary, line)
	}
	b, err := json.MarshalIndent(struct {
		Today      string     `json:"today"`
		Baseline   Baseline   `json:"baseline"`
		Known      []string   `json:"known,omitempty"`
		Clinic     bool       `json:"clinic"`
		Plan       bool       `json:"plan"`
		Diary      []string   `json:"diary"`
		Trend      Trend      `json:"trend"`
		Escalation Escalation `json:"escalation"`
	}{c.today, c.base, c.known, c.clinic, !c.noPlan, diary, tr, e}, "", "  ")
	return append(b, '\n'), err
}

func TestEscalateGolden(t *testing.T) {
	for _, c := range escalationCases() {
		t.Run(c.name, func(t *testing.T) {
			e := Escalate(c.input())
			got, err := goldenView(c, e)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "escalate", c.name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := cmp.Diff(string(want), string(got)); d != "" {
				t.Errorf("escalation changed (-want +got); run go test -update if this is intended\n%s", d)
			}
			checkEscalation(t, c, e)
		})
	}
}

// checkEscalation states the rules the golden files must keep.
func checkEscalation(t *testing.T, c escalationCase, e Escalation) {
	t.Helper()
	in := c.input()
	tr := in.Trend
	newFlags := newRedFlags(in.Entry.RedFlags, c.known)
	switch {
	case len(newFlags) > 0:
		if e.Step != Retriage || !slices.Equal(e.Retriage, newFlags) || e.Adjust != nil {
			t.Errorf("new red flags %v: step %s, retriage %v", newFlags, e.Step, e.Retriage)
		}
	case tr.Status == Worse || tr.DaysSinceStart >= NoBetterDays && tr.Status != Better:
		if e.Step != SeeClinician {
			t.Errorf("status %s on day %d: step %s", tr.Status, tr.DaysSinceStart, e.Step)
		}
	default:
		if e.Step != Continue || e.Disposition != "" || len(e.Flags) > 0 {
			t.Errorf("step %s, disposition %q, flags %v", e.Step, e.Disposition, e.Flags)
		}
	}
	if (tr.Status == Worse || tr.DaysSinceStart >= NoBetterDays && tr.Status != Better) != (e.Disposition == clinical.SeeClinician) {
		t.Errorf("disposition %q for status %s on day %d", e.Disposition, tr.Status, tr.DaysSinceStart)
	}
	if !c.clinic && len(e.Flags) > 0 {
		t.Errorf("flags for a person with no clinic: %v", e.Flags)
	}
	if c.clinic && e.Step != Continue && len(e.Flags) == 0 {
		t.Errorf("no flag for the clinic on %s", e.Step)
	}
	for _, f := range e.Flags {
		if f.Text == "" || f.Key == "" || !f.At.Equal(in.Now) {
			t.Errorf("flag %+v", f)
		}
	}
	if len(e.Because) == 0 || len(e.Sources) == 0 {
		t.Errorf("no because or sources: %+v", e)
	}
	for _, s := range append(slices.Clone(e.Because), e.Advice) {
		if g := readability.Grade(s); g > 8 {
			t.Errorf("grade %.1f: %s", g, s)
		}
	}
	if e.Step != Retriage && !c.noPlan && e.Adjust == nil {
		t.Error("no plan decision")
	}
}

func TestFinal(t *testing.T) {
	e := Escalation{Disposition: clinical.SeeClinician}
	for retriaged, want := range map[clinical.Disposition]clinical.Disposition{
		clinical.SelfCareOnly: clinical.SeeClinician, clinical.SeeClinician: clinical.SeeClinician,
		clinical.Urgent: clinical.Urgent, clinical.Emergency: clinical.Emergency} {
		if got := e.Final(retriaged); got != want {
			t.Errorf("Final(%s) = %s", retriaged, got)
		}
	}
	if got := (Escalation{}).Final(clinical.SelfCareOnly); got != clinical.SelfCareOnly {
		t.Errorf("Final with no floor = %s", got)
	}
}

func TestWithRedFlags(t *testing.T) {
	in := plainBackPain()
	in.Symptoms = []string{"tight_band", "numbness"}
	symptoms := in.Symptoms
	at := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	got := WithRedFlags(in, []string{"numbness", "saddle_numbness", "major_trauma", "not_a_word", "saddle_numbness"}, at)
	if d := cmp.Diff([]string{"tight_band", "numbness", "saddle_numbness"}, got.Symptoms); d != "" {
		t.Errorf("symptoms (-want +got)\n%s", d)
	}
	if d := cmp.Diff([]string{"major_trauma"}, got.History); d != "" {
		t.Errorf("history (-want +got)\n%s", d)
	}
	if !got.At.Equal(at) || !in.At.Before(at) {
		t.Errorf("at %v (the input's %v)", got.At, in.At)
	}
	if len(symptoms) != 2 || cap(in.Symptoms) != cap(symptoms) {
		t.Error("the caller's symptoms changed")
	}
	if err := clinical.Validate(got); err != nil {
		t.Error(err)
	}
}

// Re-triage end to end: a check-in with a new red flag, run through the
// real triage with the default protocol, gives the new disposition; the
// trend it carries can raise it further.
func TestRetriageWithTriage(t *testing.T) {
	const start = "2026-11-01"
	tests := []struct {
		name  string
		pains []int
		words []string
		want  clinical.Disposition
	}{
		{"saddle numbness", []int{4, 4, 3}, []string{"saddle_numbness"}, clinical.Emergency},
		{"weak leg, pain better", []int{6, 5, 4, 3}, []string{"leg_weakness"}, clinical.Urgent},
		{"weak leg, pain worse", []int{3, 5, 6, 6, 7}, []string{"leg_weakness"}, clinical.Emergency},
		{"tingling", []int{4, 4, 4}, []string{"tingling"}, clinical.SeeClinician},
		{"fever and unwell", []int{4, 4, 4}, []string{"fever", "feeling_unwell"}, clinical.Urgent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := days(start, tt.pains...)
			es[len(es)-1].RedFlags = tt.words
			today := es[len(es)-1].Date
			tr := TrendOf(es, today, Baseline{Pain: ptr(tt.pains[0]), Start: start})
			now := mustDate(today).Add(18 * time.Hour)
			e := Escalate(EscalationInput{Entry: es[len(es)-1], Known: plainBackPain().Symptoms, Trend: tr, Plan: testPlan, Now: now})
			if e.Step != Retriage {
				t.Fatalf("step %s", e.Step)
			}
			in := ForRetriage(plainBackPain(), es[len(es)-1], tr, now)
			if err := clinical.Validate(in); err != nil {
				t.Fatal(err)
			}
			res := triage.Assess(in, protocol.Default(), triage.Options{})
			if got := e.Final(res.Disposition); got != tt.want {
				t.Errorf("final disposition %s, want %s (trend %s, reasons %v)", got, tt.want, tr.Status, res.Reasons)
			}
		})
	}
}

func TestForRetriage(t *testing.T) {
	in := plainBackPain()
	in.SelfCare = clinical.SelfCare{Tried: []string{"heat"}, Weeks: 1, Trend: "same"}
	e := Entry{Date: "2026-11-15", PainNow: 6, PainWorst: 8, Activity: 5, SleepDisturbed: true, RedFlags: []string{"fever"}}
	tr := Trend{Status: Worse, DaysSinceStart: 14}
	got := ForRetriage(in, e, tr, time.Date(2026, 11, 15, 18, 0, 0, 0, time.UTC))
	if *got.Pain.Now != 6 || *got.Pain.Worst24h != 8 || !got.Interference.Sleep || *got.Interference.Activity != 5 {
		t.Errorf("pain and interference not from the entry: %+v %+v", got.Pain, got.Interference)
	}
	if got.SelfCare.Trend != "worse" || got.SelfCare.Weeks != 3 {
		t.Errorf("self care %+v", got.SelfCare)
	}
	if !slices.Contains(got.Symptoms, "fever") || *in.Pain.Now != 4 || in.SelfCare.Trend != "same" {
		t.Error("red flags not added, or the caller's input changed")
	}
	// Not enough data keeps the person's own answer.
	if got := ForRetriage(in, e, Trend{Status: NotEnoughData}, time.Date(2026, 11, 15, 18, 0, 0, 0, time.UTC)); got.SelfCare.Trend != "same" || got.SelfCare.Weeks != 1 {
		t.Errorf("self care %+v", got.SelfCare)
	}
}
