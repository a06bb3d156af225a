package reminder

import (
	"testing"
	"time"
)

// A 07:30 session stays at 07:30 local time on both sides of the
// daylight-saving change, in London and New York, in spring and autumn:
// the UTC instant moves by the hour instead.
func TestSevenThirtyAcrossDaylightSaving(t *testing.T) {
	for _, c := range []struct {
		tz         string
		from, to   string // a week around the change
		offsetDays map[string]int
	}{
		{"Europe/London", "2026-03-26", "2026-04-02", nil},
		{"Europe/London", "2026-10-22", "2026-10-29", nil},
		{"America/New_York", "2026-03-05", "2026-03-12", nil},
		{"America/New_York", "2026-10-29", "2026-11-05", nil},
	} {
		loc, _ := time.LoadLocation(c.tz)
		s := Default(c.tz)
		s.SessionTimes = []string{"07:30"}
		s.Off = []Kind{Movement, Water, Checkin}
		from, _ := time.ParseInLocation(time.DateOnly, c.from, loc)
		to, _ := time.ParseInLocation(time.DateOnly, c.to, loc)
		occ, err := Due(s, Facts{Program: true, Plan: true}, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if len(occ) != 7 {
			t.Fatalf("%s %s: %d sessions in a week, want 7", c.tz, c.from, len(occ))
		}
		offsets := map[int]bool{}
		for _, o := range occ {
			l := o.At.In(loc)
			if l.Hour() != 7 || l.Minute() != 30 {
				t.Errorf("%s: %s is %s local, want 07:30", c.tz, o.Key, l.Format("15:04 MST"))
			}
			_, off := l.Zone()
			offsets[off] = true
		}
		if len(offsets) != 2 {
			t.Errorf("%s %s: the week did not cross a change (offsets %v): the test is not testing", c.tz, c.from, offsets)
		}
	}
}

// Quiet hours move a one-off to their end and drop breaks and water.
func TestQuietHours(t *testing.T) {
	s := Default("Europe/London")
	s.QuietStart, s.QuietEnd = "21:00", "08:30"
	s.SessionTimes = []string{"07:00"}
	s.WaterTimes = []string{"06:00", "10:00"}
	loc, _ := time.LoadLocation("Europe/London")
	from := time.Date(2026, 6, 1, 0, 0, 0, 0, loc)
	occ, err := Due(s, Facts{Program: true, Plan: true}, from, from.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var session, water int
	for _, o := range occ {
		switch o.Kind {
		case Session:
			session++
			if got := o.At.In(loc).Format("15:04"); got != "08:30" {
				t.Errorf("a 07:00 session in quiet hours came at %s, want 08:30", got)
			}
		case Water:
			water++
		}
		if o.Kind != Session && s.quiet(o.At, loc) {
			t.Errorf("%s due in quiet hours", o.Key)
		}
	}
	if session != 1 || water != 1 {
		t.Fatalf("sessions %d water %d, want 1 and 1 (06:00 water dropped)", session, water)
	}
}

// Keys are stable: the same window twice gives the same keys, and a
// window split in two gives the same occurrences as the whole.
func TestKeysStable(t *testing.T) {
	s := Default("America/New_York")
	f := Facts{Program: true, Plan: true, SwitchAt: time.Date(2026, 3, 8, 15, 0, 0, 0, time.UTC),
		Visits:   []VisitAt{{ID: "v1", At: time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC), Minutes: 30}},
		Rechecks: []time.Time{time.Date(2026, 3, 9, 13, 0, 0, 0, time.UTC)}, Questionnaires: []string{"2026-03-09"}}
	from := time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC)
	whole, _ := Due(s, f, from, from.Add(96*time.Hour))
	a, _ := Due(s, f, from, from.Add(40*time.Hour))
	b, _ := Due(s, f, from.Add(40*time.Hour), from.Add(96*time.Hour))
	if len(whole) != len(a)+len(b) {
		t.Fatalf("whole %d, halves %d+%d", len(whole), len(a), len(b))
	}
	kinds := map[Kind]int{}
	for i, o := range append(a, b...) {
		if whole[i].Key != o.Key || !whole[i].At.Equal(o.At) {
			t.Fatalf("occurrence %d differs: %v vs %v", i, whole[i], o)
		}
		kinds[o.Kind]++
	}
	for _, k := range Kinds {
		if kinds[k] == 0 {
			t.Errorf("no %s reminder in four days", k)
		}
	}
	if p := (Settings{TZ: "Mars/Base"}).Check(); len(p) == 0 {
		t.Fatal("bad settings passed")
	}
	if p := Default("UTC").Check(); len(p) != 0 {
		t.Fatalf("default settings: %v", p)
	}
}
