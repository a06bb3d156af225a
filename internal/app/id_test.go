package app

import (
	"sort"
	"testing"
	"time"
)

// Record ids sort by the time they were made, each is a valid id, and two
// made in one millisecond differ.
func TestRecordIDsSortByTime(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC)
	var ids []string
	seen := map[string]bool{}
	for i := range 2000 {
		id := NewRecordID(t0.Add(time.Duration(i/4) * time.Millisecond))
		if len(id) != 26 || !validID(id) {
			t.Fatalf("id %q: want 26 characters of a-z and 0-9", id)
		}
		if seen[id] {
			t.Fatalf("id %q made twice", id)
		}
		seen[id] = true
		ids = append(ids, id)
	}
	for i := 4; i < len(ids); i += 4 {
		if ids[i-4] >= ids[i] {
			t.Fatalf("id made at +%d ms (%s) does not sort after one made 1 ms before (%s)", i/4, ids[i], ids[i-4])
		}
	}
	// A later year sorts later too (the prefix is the whole millisecond).
	if a, b := NewRecordID(t0), NewRecordID(t0.AddDate(30, 0, 0)); a >= b {
		t.Fatalf("%s made in 2026 sorts after %s made in 2056", a, b)
	}
	if !sort.StringsAreSorted([]string{NewRecordID(t0), NewRecordID(t0.Add(time.Second))}) {
		t.Fatal("not sorted")
	}
}
