package web

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"unknot/internal/clinical"
	"unknot/internal/library"
	"unknot/internal/plan"
	"unknot/internal/protocol"
	"unknot/internal/triage"
)

// calendarPlans are plans to draw as calendars: an onset 20 hours ago
// (ice, then the switch to heat), an onset just before the clocks go back
// in London, and no onset at all.
func calendarPlans(t *testing.T) map[string]plan.Plan {
	t.Helper()
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]plan.Plan{}
	for name, c := range map[string]struct{ at, onset string }{
		"onset 20 h": {"2026-11-24T09:00:00Z", `"onset": "2026-11-23T13:00:00Z",`},
		"dst":        {"2026-10-24T18:00:00Z", `"onset": "2026-10-24T12:00:00Z",`},
		"no onset":   {"2026-11-24T09:00:00Z", ""},
	} {
		in, err := clinical.Decode([]byte(fmt.Sprintf(`{"age": 38, "sex": "female", "regions": ["flank_right", "iliac_crest_right"],
			%s "at": %q, "tz": "Europe/London", "pain": {"now": 4, "worst_24h": 6}}`, c.onset, c.at)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		at, _ := time.Parse(time.RFC3339, c.at)
		res := triage.Assess(in, protocol.Default(), triage.Options{Now: at})
		p, err := plan.Build(in, res, library.Default(), london)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p.AssessmentID = "a1"
		out[name] = p
	}
	return out
}

// A plan's calendar is RFC 5545 an outside parser reads: CRLF lines of at
// most 75 octets, stable unique UIDs, one alarm per event, the switch to
// heat at its instant and both re-checks; the same plan gives the same
// bytes.
func TestPlanCalendar(t *testing.T) {
	for name, p := range calendarPlans(t) {
		data := planCalendar(p)
		if !bytes.Equal(data, planCalendar(p)) {
			t.Errorf("%s: two renderings differ", name)
		}
		if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
			t.Fatalf("%s: a line ends without CR", name)
		}
		for _, l := range bytes.Split(data, []byte("\r\n")) {
			if len(l) > 75 {
				t.Errorf("%s: line of %d octets", name, len(l))
			}
		}
		cal, err := ics.ParseCalendar(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		events := cal.Events()
		uids := map[string]bool{}
		var switches, rechecks int
		for _, e := range events {
			if uids[e.Id()] {
				t.Errorf("%s: UID %s twice", name, e.Id())
			}
			uids[e.Id()] = true
			if len(e.Alarms()) != 1 {
				t.Errorf("%s: %s has %d alarms", name, e.Id(), len(e.Alarms()))
			} else if a := e.Alarms()[0].GetProperty(ics.ComponentPropertyAction); a == nil || a.Value != "DISPLAY" {
				t.Errorf("%s: %s alarm is not DISPLAY", name, e.Id())
			}
			start, err := e.GetStartAt()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if stamp, _ := e.GetDtStampTime(); !stamp.Equal(p.Start) {
				t.Errorf("%s: DTSTAMP %v, want the plan's start %v", name, stamp, p.Start)
			}
			switch {
			case strings.HasSuffix(e.Id(), "-switch@unknot"):
				switches++
				if !start.Equal(*p.ColdHeat.Switch) {
					t.Errorf("%s: switch event at %v, want %v", name, start, *p.ColdHeat.Switch)
				}
			case strings.HasSuffix(e.Id(), "-recheck@unknot"):
				rechecks++
			}
		}
		if rechecks != 2 {
			t.Errorf("%s: %d re-check events, want 2", name, rechecks)
		}
		wantSwitch := 0
		if p.IceUntil != nil {
			wantSwitch = 1
		}
		if switches != wantSwitch {
			t.Errorf("%s: %d switch events, want %d", name, switches, wantSwitch)
		}
		if len(events) < 30 {
			t.Errorf("%s: only %d events", name, len(events))
		}
	}
}
