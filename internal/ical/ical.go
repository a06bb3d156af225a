// Package ical writes iCalendar (RFC 5545) by hand: CRLF line endings,
// lines folded at 75 octets, TEXT values escaped, times in UTC. Output is
// deterministic: the same calendar gives the same bytes.
package ical

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is a VCALENDAR.
type Calendar struct {
	ProdID string // e.g. "-//unknot//plan//EN"
	Name   string // shown by calendar apps (X-WR-CALNAME)
	Events []Event
}

// Event is a VEVENT.
type Event struct {
	UID         string
	Stamp       time.Time // DTSTAMP: when the data was made; pass a fixed time
	Start       time.Time
	Duration    time.Duration // zero for an instant
	Summary     string
	Description string
	// Alarm, if set, adds a DISPLAY VALARM this long before Start (zero
	// means at the start).
	Alarm *Alarm
}

// Alarm is a DISPLAY VALARM.
type Alarm struct {
	Before      time.Duration
	Description string
}

const utcFormat = "20060102T150405Z"

// Bytes renders the calendar.
func (c Calendar) Bytes() []byte {
	var w writer
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.line("PRODID", c.ProdID)
	w.line("CALSCALE", "GREGORIAN")
	w.line("METHOD", "PUBLISH")
	if c.Name != "" {
		w.line("X-WR-CALNAME", Escape(c.Name))
	}
	for _, e := range c.Events {
		w.line("BEGIN", "VEVENT")
		w.line("UID", e.UID)
		w.line("DTSTAMP", e.Stamp.UTC().Format(utcFormat))
		w.line("DTSTART", e.Start.UTC().Format(utcFormat))
		w.line("DURATION", Duration(e.Duration))
		w.line("SUMMARY", Escape(e.Summary))
		if e.Description != "" {
			w.line("DESCRIPTION", Escape(e.Description))
		}
		if a := e.Alarm; a != nil {
			w.line("BEGIN", "VALARM")
			w.line("ACTION", "DISPLAY")
			w.line("TRIGGER", "-"+Duration(a.Before))
			w.line("DESCRIPTION", Escape(a.Description))
			w.line("END", "VALARM")
		}
		w.line("END", "VEVENT")
	}
	w.line("END", "VCALENDAR")
	return w.Bytes()
}

// Escape escapes a TEXT value: backslash, semicolon, comma and newline.
func Escape(s string) string {
	if !strings.ContainsAny(s, "\\;,\n\r") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			// dropped: a CRLF in the text is one newline
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Duration formats a non-negative duration as an RFC 5545 DURATION, e.g.
// "PT15M", "PT1H30M", "PT0S".
func Duration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d == 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteString("P")
	if days := d / (24 * time.Hour); days > 0 {
		b.WriteString(itoa(int(days)) + "D")
		d -= days * 24 * time.Hour
	}
	if d > 0 {
		b.WriteString("T")
		if h := d / time.Hour; h > 0 {
			b.WriteString(itoa(int(h)) + "H")
			d -= h * time.Hour
		}
		if m := d / time.Minute; m > 0 {
			b.WriteString(itoa(int(m)) + "M")
			d -= m * time.Minute
		}
		if s := d / time.Second; s > 0 {
			b.WriteString(itoa(int(s)) + "S")
		}
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}

// writer writes content lines, folded at 75 octets, ended by CRLF.
type writer struct{ bytes.Buffer }

const maxOctets = 75

func (w *writer) line(name, value string) {
	s := name + ":" + value
	first := true
	for len(s) > 0 {
		limit := maxOctets
		if !first {
			limit-- // the leading space counts
			w.WriteByte(' ')
		}
		n := min(len(s), limit)
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n-- // never split a UTF-8 sequence
		}
		w.WriteString(s[:n])
		w.WriteString("\r\n")
		s = s[n:]
		first = false
	}
}
