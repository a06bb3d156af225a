package diary

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"unknot/internal/clinical"
)

func TestValidate(t *testing.T) {
	const today = "2026-11-24"
	ok := Entry{Date: today, PainNow: 4, PainWorst: 6, Stiffness: 3, Activity: 2,
		Done: []string{"exercise", "bird_dog", "d03-02-ice"}, RedFlags: []string{"numbness", "major_trauma"}}
	tests := []struct {
		name   string
		change func(e *Entry)
		want   []string // "field: problem" prefixes, in order
	}{
		{"ok", func(*Entry) {}, nil},
		{"all zero today", func(e *Entry) { *e = Entry{Date: today} }, nil},
		{"all ten", func(e *Entry) { e.PainNow, e.PainWorst, e.Stiffness, e.Activity = 10, 10, 10, 10 }, nil},
		{"backfilled yesterday", func(e *Entry) { e.Date, e.Backfilled = "2026-11-23", true }, nil},
		{"yesterday not marked", func(e *Entry) { e.Date = "2026-11-23" },
			[]string{"backfilled: must be true for a day before today"}},
		{"today marked backfilled", func(e *Entry) { e.Backfilled = true },
			[]string{"backfilled: must be false for today"}},
		{"tomorrow", func(e *Entry) { e.Date = "2026-11-25" },
			[]string{"date: must not be after today (2026-11-24)"}},
		{"next year, marked", func(e *Entry) { e.Date, e.Backfilled = "2027-01-01", true },
			[]string{"date: must not be after today"}},
		{"not a date", func(e *Entry) { e.Date = "24/11/2026" }, []string{"date: must be a date written YYYY-MM-DD"}},
		{"no such day", func(e *Entry) { e.Date, e.Backfilled = "2026-02-30", true }, []string{"date: must be a date"}},
		{"empty date", func(e *Entry) { e.Date = "" }, []string{"date: must be a date"}},
		{"ranges", func(e *Entry) { e.PainNow, e.PainWorst, e.Stiffness, e.Activity = -1, 11, 12, -5 },
			[]string{"pain_now: must be a whole number from 0 to 10", "pain_worst: ", "stiffness: ", "activity: "}},
		{"bad plan item", func(e *Entry) { e.Done = []string{"exercise", "", "Bird Dog", "=cmd()"} },
			[]string{"done[1]: must be a plan item", "done[2]: ", "done[3]: "}},
		{"misspelt red flag", func(e *Entry) { e.RedFlags = []string{"sadle_numbness"} },
			[]string{`red_flags[0]: unknown word "sadle_numbness" (did you mean "saddle_numbness"?)`}},
		{"red flag from another list", func(e *Entry) { e.RedFlags = []string{"fever", "lumbar_left"} },
			[]string{`red_flags[1]: unknown word "lumbar_left"`}},
		{"history word", func(e *Entry) { e.RedFlags = []string{"cancer"} }, nil},
		{"too many items", func(e *Entry) { e.Done = make([]string, 65); fill(e.Done, "walk") },
			[]string{"done: must list at most 64 items"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok
			tt.change(&e)
			err := Validate(e, today)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var ie *clinical.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Validate = %v, want *clinical.InputError", err)
			}
			if len(ie.Problems) != len(tt.want) {
				t.Fatalf("problems %v, want %d like %q", ie.Problems, len(tt.want), tt.want)
			}
			for i, p := range ie.Problems {
				if got := p.Field + ": " + p.Problem; len(got) < len(tt.want[i]) || got[:len(tt.want[i])] != tt.want[i] {
					t.Errorf("problem %d = %q, want it to start %q", i, got, tt.want[i])
				}
			}
		})
	}
}

func fill(s []string, v string) {
	for i := range s {
		s[i] = v
	}
}

func TestValidateBadToday(t *testing.T) {
	err := Validate(Entry{Date: "2026-11-24"}, "today")
	var ie *clinical.InputError
	if err == nil || errors.As(err, &ie) {
		t.Fatalf("Validate with a bad today = %v, want a plain error", err)
	}
}

func TestEditable(t *testing.T) {
	loc, _ := clinical.LoadLocation("Europe/Paris")
	rec := time.Date(2026, 11, 24, 22, 30, 0, 0, time.UTC) // 23:30 on the 24th in Paris
	tests := []struct {
		e     Entry
		today string
		want  bool
	}{
		{Entry{Date: "2026-11-24", RecordedAt: rec}, "2026-11-24", true},
		{Entry{Date: "2026-11-24", RecordedAt: rec}, "2026-11-25", false},
		// Back-filled on the 24th for the 20th: editable on the 24th only.
		{Entry{Date: "2026-11-20", Backfilled: true, RecordedAt: rec}, "2026-11-24", true},
		{Entry{Date: "2026-11-20", Backfilled: true, RecordedAt: rec}, "2026-11-20", false},
	}
	for _, tt := range tests {
		if got := Editable(tt.e, tt.today, loc); got != tt.want {
			t.Errorf("Editable(%s recorded %v, %s) = %v", tt.e.Date, tt.e.RecordedAt, tt.today, got)
		}
	}
	// In UTC the same instant is still the 24th.
	if !Editable(Entry{Date: "2026-11-24", RecordedAt: rec}, "2026-11-24", nil) {
		t.Error("Editable with a nil zone should read UTC")
	}
}

func TestDateHelpers(t *testing.T) {
	if got := AddDays("2026-03-01", -1); got != "2026-02-28" {
		t.Errorf("addDays = %s", got)
	}
	if got := DaysBetween("2026-03-28", "2026-04-11"); got != 14 {
		t.Errorf("daysBetween across a clock change = %d", got)
	}
	if d := cmp.Diff([]bool{true, false, false}, []bool{isDate("2024-02-29"), isDate("2026-02-29"), isDate("2026-1-01")}); d != "" {
		t.Error(d)
	}
}
