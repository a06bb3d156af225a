package outcome

import (
	"testing"
	"time"

	"unknot/internal/clinical"
)

func TestSchedule(t *testing.T) {
	london, err := clinical.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	// Two weeks across the clock change of 29 March 2026: the time of day
	// stays 09:00 local.
	base := time.Date(2026, 3, 20, 9, 0, 0, 0, london)
	due, err := Schedule(base, 14*day, time.Date(2026, 5, 1, 9, 0, 0, 0, london))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-03-20 09:00 GMT", "2026-04-03 09:00 BST", "2026-04-17 09:00 BST", "2026-05-01 09:00 BST"}
	if len(due) != len(want) {
		t.Fatalf("due %v", due)
	}
	for i, d := range due {
		if got := d.Format("2006-01-02 15:04 MST"); got != want[i] {
			t.Errorf("due[%d] = %s, want %s", i, got, want[i])
		}
	}
	// Four weeks; until before the second date.
	due, _ = Schedule(base, 28*day, base.AddDate(0, 0, 27))
	if len(due) != 1 || !due[0].Equal(base) {
		t.Errorf("4 weeks: %v", due)
	}
	// until before baseline: nothing is due.
	if due, _ := Schedule(base, 14*day, base.Add(-time.Hour)); len(due) != 0 {
		t.Errorf("until before baseline: %v", due)
	}
	for _, every := range []time.Duration{7 * day, 13 * day, 29 * day, 14*day + time.Hour, 0, -14 * day} {
		if _, err := Schedule(base, every, base.AddDate(1, 0, 0)); err == nil {
			t.Errorf("every %v: no error", every)
		}
	}
	if _, err := Schedule(base, 21*day, base.AddDate(1, 0, 0)); err != nil {
		t.Errorf("3 weeks: %v", err)
	}
}

func TestDue(t *testing.T) {
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	until := base.AddDate(0, 0, 56)
	for id, n := range map[string]int{"nprs": 5, "psfs": 5, "odi": 3, "startback": 3} {
		in, _ := Default().Get(id)
		if got := in.Due(base, until); len(got) != n || !got[0].Equal(base) {
			t.Errorf("%s due %v, want %d dates from baseline", id, got, n)
		}
	}
	once := Instrument{}
	if got := once.Due(base, until); len(got) != 1 {
		t.Errorf("baseline only: %v", got)
	}
}
