// Package reminder works out when a person is nudged: program sessions at
// the times they pick, movement breaks in their sitting hours, water, the
// switch from ice to heat, the daily check-in, re-check days, accepted
// visits and questionnaires due. Every time is a wall-clock time in the
// person's own zone, made with time.Date in that zone for each day, so
// 07:30 stays 07:30 on both sides of a daylight-saving change. Quiet hours
// hold nudges back. It is pure: no clock, no database.
package reminder

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind is a kind of reminder.
type Kind string

// The kinds of reminder.
const (
	Session       Kind = "session"       // a program's exercise session
	Movement      Kind = "movement"      // a break from sitting
	Water         Kind = "water"         // a drink of water
	Switch        Kind = "switch"        // ice to heat at onset + 48 h
	Checkin       Kind = "checkin"       // the daily check-in
	Recheck       Kind = "recheck"       // a plan's re-check day
	Visit         Kind = "visit"         // an accepted visit
	Questionnaire Kind = "questionnaire" // an outcome questionnaire due
)

// Kinds are all the kinds, in the order settings show them.
var Kinds = []Kind{Session, Movement, Water, Switch, Checkin, Recheck, Visit, Questionnaire}

// Label names a kind in plain words.
func (k Kind) Label() string {
	switch k {
	case Session:
		return "Exercise sessions"
	case Movement:
		return "Breaks from sitting"
	case Water:
		return "Drink water"
	case Switch:
		return "Switch from ice to heat"
	case Checkin:
		return "Daily check-in"
	case Recheck:
		return "Re-check days"
	case Visit:
		return "Visits with your clinic"
	case Questionnaire:
		return "Questionnaires due"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Settings are what a person (or their clinic, as a default) chose.
type Settings struct {
	// TZ is the IANA zone every time below is in.
	TZ string `json:"tz"`
	// Off are the kinds the person does not want.
	Off []Kind `json:"off"`
	// Email are the kinds also sent by e-mail; every kind that is on is
	// in the in-app list.
	Email []Kind `json:"email"`
	// SessionTimes are when to do the program's sessions, "HH:MM".
	SessionTimes []string `json:"session_times"`
	// CheckinTime is when to ask for the day's check-in.
	CheckinTime string `json:"checkin_time"`
	// SittingStart and SittingEnd are the sitting hours; a break is due
	// every BreakMinutes inside them.
	SittingStart string `json:"sitting_start"`
	SittingEnd   string `json:"sitting_end"`
	BreakMinutes int    `json:"break_minutes"`
	// WaterTimes are when to drink.
	WaterTimes []string `json:"water_times"`
	// QuietStart and QuietEnd bound the quiet hours (they may wrap past
	// midnight); equal means none.
	QuietStart string `json:"quiet_start"`
	QuietEnd   string `json:"quiet_end"`
}

// Default is what a person gets before they or their clinic choose.
func Default(tz string) Settings {
	return Settings{TZ: tz, Off: []Kind{}, Email: []Kind{Visit},
		SessionTimes: []string{"08:00", "18:00"}, CheckinTime: "20:00",
		SittingStart: "09:00", SittingEnd: "17:00", BreakMinutes: 60,
		WaterTimes: []string{"10:00", "14:00", "17:00"}, QuietStart: "22:00", QuietEnd: "07:00"}
}

// On reports whether kind k is wanted.
func (s Settings) On(k Kind) bool { return !slices.Contains(s.Off, k) }

// Emailed reports whether kind k also goes by e-mail.
func (s Settings) Emailed(k Kind) bool { return s.On(k) && slices.Contains(s.Email, k) }

// Problem is one thing wrong with settings, by field.
type Problem struct{ Field, Problem string }

// Check returns what is wrong with s; nil when it is fine.
func (s Settings) Check() []Problem {
	var ps []Problem
	bad := func(f, p string) { ps = append(ps, Problem{f, p}) }
	if _, err := time.LoadLocation(s.TZ); err != nil || s.TZ == "" || strings.EqualFold(s.TZ, "local") {
		bad("tz", "is not a known time zone")
	}
	for _, k := range append(slices.Clone(s.Off), s.Email...) {
		if !k.Valid() {
			bad("kinds", fmt.Sprintf("%q is not a kind of reminder", k))
		}
	}
	times := func(f string, ts []string, most int) {
		if len(ts) > most {
			bad(f, fmt.Sprintf("has more than %d times", most))
		}
		for _, t := range ts {
			if _, ok := clock(t); !ok {
				bad(f, fmt.Sprintf("%q is not a time like 07:30", t))
			}
		}
	}
	times("session_times", s.SessionTimes, 6)
	times("water_times", s.WaterTimes, 12)
	for f, t := range map[string]string{"checkin_time": s.CheckinTime, "sitting_start": s.SittingStart,
		"sitting_end": s.SittingEnd, "quiet_start": s.QuietStart, "quiet_end": s.QuietEnd} {
		times(f, []string{t}, 1)
	}
	if a, _ := clock(s.SittingStart); a >= func() int { b, _ := clock(s.SittingEnd); return b }() {
		bad("sitting_end", "must be after sitting_start")
	}
	if s.BreakMinutes < 20 || s.BreakMinutes > 240 {
		bad("break_minutes", "must be from 20 to 240")
	}
	slices.SortFunc(ps, func(a, b Problem) int { return strings.Compare(a.Field, b.Field) })
	return ps
}

// clock parses "HH:MM" into minutes after midnight.
func clock(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, false
	}
	return hh*60 + mm, true
}

// At is the instant of wall-clock time hhmm on the local date of day in
// loc. A time that does not exist that day (in a spring-forward gap) is
// the same distance past the gap, as time.Date does.
func At(day time.Time, hhmm string, loc *time.Location) time.Time {
	m, _ := clock(hhmm)
	y, mo, d := day.In(loc).Date()
	return time.Date(y, mo, d, m/60, m%60, 0, 0, loc)
}
