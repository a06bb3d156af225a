package ical

import (
	"strings"
	"testing"
	"time"
)

func TestFoldingAndEscaping(t *testing.T) {
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	long := strings.Repeat("Bend, then stretch; é ", 10) + "\nnext line \\ done"
	c := Calendar{ProdID: "-//unknot//test//EN", Name: "Test", Events: []Event{{
		UID: "a@unknot", Stamp: at, Start: at, Duration: 20 * time.Minute,
		Summary: "Ice", Description: long, Alarm: &Alarm{Description: "Ice now"},
	}}}
	out := string(c.Bytes())
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Errorf("no CRLF end: %q", out[len(out)-20:])
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("bare newline in %q", l)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	want := "DESCRIPTION:" + strings.Repeat(`Bend\, then stretch\; é `, 10) + `\nnext line \\ done`
	if !strings.Contains(unfolded, want+"\r\n") {
		t.Errorf("description not escaped and folded right:\n%s", unfolded)
	}
	for _, w := range []string{"DTSTART:20261124T090000Z", "DURATION:PT20M", "TRIGGER:-PT0S", "ACTION:DISPLAY"} {
		if !strings.Contains(out, w+"\r\n") {
			t.Errorf("missing %s", w)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "PT0S", 15 * time.Minute: "PT15M",
		90 * time.Minute: "PT1H30M", 49 * time.Hour: "P2DT1H", 24 * time.Hour: "P1D", -10 * time.Minute: "PT10M"} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}
