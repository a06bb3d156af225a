package diary

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"time"
)

// csvHeader names the export's columns.
var csvHeader = []string{
	"date", "pain_now", "pain_worst", "stiffness", "activity", "sleep_disturbed",
	"done", "red_flags", "backfilled", "recorded_at",
}

// CSV exports entries as RFC 4180 CSV with a header row, one row per entry
// in date order. Lists are joined with spaces; recorded_at is RFC 3339 in
// UTC. Any cell that a spreadsheet would read as a formula (starting with
// =, +, -, @, a tab or a carriage return) is prefixed with ', so an export
// opened in a spreadsheet runs nothing.
func CSV(entries []Entry) []byte {
	sorted := slices.Clone(entries)
	slices.SortStableFunc(sorted, func(a, b Entry) int { return strings.Compare(a.Date, b.Date) })
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true // RFC 4180
	_ = w.Write(csvHeader)
	row := make([]string, len(csvHeader))
	for _, e := range sorted {
		row[0] = e.Date
		row[1] = strconv.Itoa(e.PainNow)
		row[2] = strconv.Itoa(e.PainWorst)
		row[3] = strconv.Itoa(e.Stiffness)
		row[4] = strconv.Itoa(e.Activity)
		row[5] = strconv.FormatBool(e.SleepDisturbed)
		row[6] = strings.Join(e.Done, " ")
		row[7] = strings.Join(e.RedFlags, " ")
		row[8] = strconv.FormatBool(e.Backfilled)
		row[9] = ""
		if !e.RecordedAt.IsZero() {
			row[9] = e.RecordedAt.UTC().Format(time.RFC3339)
		}
		for i, c := range row {
			row[i] = safeCell(c)
		}
		_ = w.Write(row)
	}
	// A bytes.Buffer does not fail to write.
	w.Flush()
	return buf.Bytes()
}

// safeCell defuses a cell a spreadsheet would run as a formula (OWASP: CSV
// injection).
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
