package diary

import (
	"slices"
	"testing"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/protocol"
	"unknot/internal/readability"
	"unknot/internal/triage"
)

func plainBackPain() clinical.Input {
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	age, pain := 38, 4
	return clinical.Input{At: &at, TZ: "Europe/London", Age: &age, Regions: []string{"lumbar_left"},
		Pain: clinical.Pain{Now: &pain}}
}

func TestRedFlagQuestions(t *testing.T) {
	qs := RedFlagQuestions()
	if len(qs) < 12 {
		t.Fatalf("%d questions", len(qs))
	}
	if g := readability.Grade(RedFlagIntro); g > 8 {
		t.Errorf("intro grade %.1f", g)
	}
	seen := map[string]bool{}
	for _, q := range qs {
		if seen[q.Word] {
			t.Errorf("%s asked twice", q.Word)
		}
		seen[q.Word] = true
		if !clinical.ListSymptoms.Has(q.Word) && !clinical.ListHistory.Has(q.Word) {
			t.Errorf("%s is not a contract word", q.Word)
		}
		if g := readability.Grade(q.Text); g > 8 {
			t.Errorf("%s: grade %.1f: %q", q.Word, g, q.Text)
		}
		if q.Text[len(q.Text)-1] != '?' {
			t.Errorf("%s: not a question: %q", q.Word, q.Text)
		}
		// The disposition is what the default protocol gives the word alone.
		in := WithRedFlags(plainBackPain(), []string{q.Word}, *plainBackPain().At)
		if err := clinical.Validate(in); err != nil {
			t.Fatal(err)
		}
		if got := triage.Assess(in, protocol.Default(), triage.Options{}).Disposition; got != q.Disposition {
			t.Errorf("%s: the default protocol gives %s, the question says %s", q.Word, got, q.Disposition)
		}
	}
	// Every emergency and urgent word of REFERENCE §1 that a person can
	// notice day to day is asked.
	for _, w := range []string{"saddle_numbness", "bladder_dysfunction", "bowel_incontinence",
		"bilateral_leg_symptoms", "sexual_dysfunction_new", "progressive_weakness", "leg_weakness",
		"fever", "chest_pain", "pulsating_abdomen", "feeling_unwell", "numbness", "tingling", "major_trauma"} {
		if !seen[w] {
			t.Errorf("%s is not asked", w)
		}
	}
	// The caller's copy is its own.
	qs[0].Word = "changed"
	if RedFlagQuestions()[0].Word == "changed" {
		t.Error("RedFlagQuestions shares its slice")
	}
	if !slices.IsSortedFunc(qs[1:7], func(a, b Question) int { return b.Disposition.Rank() - a.Disposition.Rank() }) {
		t.Error("the nerve signs should come most urgent first")
	}
}
