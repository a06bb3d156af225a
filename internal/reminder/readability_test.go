package reminder

import (
	"testing"
	"time"

	"unknot/internal/readability"
)

// What a reminder says to a person reads at grade 8 or below.
func TestReminderWordsReadable(t *testing.T) {
	s := Default("Europe/London")
	at := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	f := Facts{Program: true, Plan: true, SwitchAt: at.Add(5 * time.Hour), Rechecks: []time.Time{at.Add(6 * time.Hour)},
		Visits: []VisitAt{{ID: "v", At: at.Add(30 * time.Hour), Minutes: 30}}, Questionnaires: []string{"2026-06-01"}}
	occ, err := Due(s, f, at.Add(-12*time.Hour), at.Add(36*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[Kind]bool{}
	var all string
	for _, o := range occ {
		seen[o.Kind] = true
		for _, text := range []string{o.Title, o.Body, o.Kind.Label()} {
			all += text + ".\n\n"
			// Short labels are judged with the rest, as the pages' are.
			if st := readability.Count(text); st.Words >= 8 && st.Grade() > 8 {
				t.Errorf("%s: grade %.1f: %q", o.Kind, st.Grade(), text)
			}
		}
	}
	if g := readability.Grade(all); g > 8 {
		t.Errorf("grade %.1f as a whole", g)
	}
	if len(seen) != len(Kinds) {
		t.Fatalf("only %d kinds seen", len(seen))
	}
}
