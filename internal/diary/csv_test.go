package diary

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCSV(t *testing.T) {
	rec := time.Date(2026, 11, 2, 21, 15, 0, 0, time.FixedZone("CET", 3600))
	es := []Entry{
		{Date: "2026-11-02", PainNow: 3, PainWorst: 5, Stiffness: 2, Activity: 1, Done: []string{"exercise", "heat"},
			RecordedAt: rec},
		{Date: "2026-11-01", PainNow: 4, PainWorst: 6, SleepDisturbed: true, RedFlags: []string{"numbness"},
			Backfilled: true},
		// Words that passed no validation: the export must still be safe.
		{Date: "=HYPERLINK(\"http://x\")", Done: []string{"-2+3", "a,b", "say \"hi\"\nthere"}, RedFlags: []string{"@SUM(A1)"}},
	}
	out := CSV(es)
	if !bytes.HasSuffix(out, []byte("\r\n")) || !bytes.Contains(out, []byte("\r\n")) {
		t.Errorf("rows must end in CRLF (RFC 4180): %q", out)
	}
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"date", "pain_now", "pain_worst", "stiffness", "activity", "sleep_disturbed", "done", "red_flags", "backfilled", "recorded_at"},
		{"2026-11-01", "4", "6", "0", "0", "true", "", "numbness", "true", ""},
		{"2026-11-02", "3", "5", "2", "1", "false", "exercise heat", "", "false", "2026-11-02T20:15:00Z"},
		{"'=HYPERLINK(\"http://x\")", "0", "0", "0", "0", "false", "'-2+3 a,b say \"hi\"\nthere", "'@SUM(A1)", "false", ""},
	}
	if d := cmp.Diff(want, rows); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	if es[0].Date != "2026-11-02" {
		t.Error("CSV reordered the caller's entries")
	}
	for _, row := range rows {
		for _, c := range row {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %q could run as a formula", c)
			}
		}
	}
	if got := string(CSV(nil)); got != strings.Join(want[0], ",")+"\r\n" {
		t.Errorf("empty export %q", got)
	}
}
