package research

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestResearchDeidentifier: a person's dates all move by the same
// non-zero offset within bounds, different keys give different
// pseudonyms, and ages over 89 are grouped.
func TestResearchDeidentifier(t *testing.T) {
	d := NewDeidentifier([]byte("0123456789abcdef0123456789abcdef"))
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		s := d.ShiftDays(id)
		if s == 0 || s < -MaxShiftDays || s > MaxShiftDays {
			t.Errorf("shift of %s = %d", id, s)
		}
		a, b := d.Date(id, "2026-11-01"), d.Date(id, "2026-11-08")
		ta, _ := time.Parse("2006-01-02", a)
		tb, _ := time.Parse("2006-01-02", b)
		if tb.Sub(ta) != 7*24*time.Hour || a == "2026-11-01" {
			t.Errorf("%s: %s and %s are not a week apart, shifted", id, a, b)
		}
	}
	other := NewDeidentifier([]byte("another key, another export....."))
	if d.Pseudonym("person", "a") == other.Pseudonym("person", "a") || d.Pseudonym("person", "a") == d.Pseudonym("person", "b") {
		t.Error("pseudonyms link across exports or collide")
	}
	if Age(90, true) != "90+" || Age(89, true) != 89 || Age(95, false) != 95 {
		t.Error("ages over 89 are not grouped in the de-identified form only")
	}
}

// TestResearchCSV: a header line, values as written, and a cell that a
// spreadsheet would run as a formula is defused.
func TestResearchCSV(t *testing.T) {
	tb := Table{Columns: []string{"person", "score", "band"}, Rows: [][]any{{"p-1", 3.5, "=HYPERLINK(1)"}, {"p-2", nil, "low"}}}
	var b bytes.Buffer
	if err := tb.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if want := "person,score,band\np-1,3.5,'=HYPERLINK(1)\np-2,,low\n"; b.String() != want {
		t.Errorf("CSV = %q, want %q", b.String(), want)
	}
	b.Reset()
	if err := tb.WriteNDJSON(&b, "outcomes"); err != nil || strings.Count(b.String(), "\n") != 2 || !strings.Contains(b.String(), `"dataset":"outcomes"`) {
		t.Errorf("NDJSON = %q, %v", b.String(), err)
	}
}
