package diary

import (
	"fmt"
	"strconv"
	"time"

	"unknot/internal/clinical"
)

// Entry is one day's check-in. There is one per person per day; the person
// may change it on the day they record it, and may fill in a missed day
// later (Backfilled).
type Entry struct {
	// Date is the day the entry is about, YYYY-MM-DD in the person's zone.
	Date      string `json:"date"`
	PainNow   int    `json:"pain_now"`   // 0–10
	PainWorst int    `json:"pain_worst"` // 0–10, the worst of the day
	Stiffness int    `json:"stiffness"`  // 0–10
	// Activity is how much the pain stopped the person doing things, 0–10.
	Activity       int  `json:"activity"`
	SleepDisturbed bool `json:"sleep_disturbed"`
	// Done lists what of the plan was done: plan item kinds ("exercise",
	// "heat") or exercise ids ("bird_dog").
	Done []string `json:"done"`
	// RedFlags lists the re-screen's words answered yes: contract words
	// from the symptoms or history lists.
	RedFlags []string `json:"red_flags"`
	// Backfilled marks an entry recorded after its day.
	Backfilled bool      `json:"backfilled"`
	RecordedAt time.Time `json:"recorded_at"`
}

const (
	maxDone   = 64
	maxDoneID = 64
)

// Validate checks an entry against the person's date today (YYYY-MM-DD in
// their zone): ratings 0–10, a real date not after today, Backfilled set
// exactly when the date is before today, plan items named by lower-case
// ids, and red-flag words from the contract's symptoms or history lists.
// Every problem is reported, as a *clinical.InputError naming the field
// ("pain_now", "red_flags[1]"). An invalid today is the caller's mistake
// and comes back as a plain error.
func Validate(e Entry, today string) error {
	if !isDate(today) {
		return fmt.Errorf("diary.Validate: today %q is not a YYYY-MM-DD date", today)
	}
	var p []clinical.Problem
	add := func(field, problem string) { p = append(p, clinical.Problem{Field: field, Problem: problem}) }
	switch {
	case !isDate(e.Date):
		add("date", "must be a date written YYYY-MM-DD")
	case e.Date > today:
		add("date", "must not be after today ("+today+")")
	case e.Date < today && !e.Backfilled:
		add("backfilled", "must be true for a day before today")
	case e.Date == today && e.Backfilled:
		add("backfilled", "must be false for today")
	}
	for _, r := range [...]struct {
		field string
		v     int
	}{{"pain_now", e.PainNow}, {"pain_worst", e.PainWorst}, {"stiffness", e.Stiffness}, {"activity", e.Activity}} {
		if r.v < 0 || r.v > 10 {
			add(r.field, "must be a whole number from 0 to 10")
		}
	}
	if len(e.Done) > maxDone {
		add("done", "must list at most "+strconv.Itoa(maxDone)+" items")
	}
	for i, d := range e.Done {
		if !isID(d) {
			add("done["+strconv.Itoa(i)+"]", "must be a plan item kind or exercise id: 1 to 64 of a–z, 0–9, _ and -")
		}
	}
	for i, w := range e.RedFlags {
		if !clinical.ListSymptoms.Has(w) && !clinical.ListHistory.Has(w) {
			add("red_flags["+strconv.Itoa(i)+"]", unknownFlag(w))
		}
	}
	if len(p) == 0 {
		return nil
	}
	return &clinical.InputError{Problems: p}
}

func unknownFlag(w string) string {
	msg := "unknown word " + strconv.Quote(w)
	if s := clinical.ListSymptoms.Suggest(w); s != "" {
		return msg + ` (did you mean "` + s + `"?)`
	}
	if s := clinical.ListHistory.Suggest(w); s != "" {
		return msg + ` (did you mean "` + s + `"?)`
	}
	return msg + "; use a word from the symptoms or history lists of the assessment contract"
}

func isID(s string) bool {
	if s == "" || len(s) > maxDoneID {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// isDate reports whether s is a real calendar date written YYYY-MM-DD.
func isDate(s string) bool {
	if !dateShape(s) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// dateShape is the cheap check Trend makes on every entry: ten characters,
// digits and dashes in place. Trend expects entries that passed Validate;
// this only keeps a malformed date from being compared as text.
func dateShape(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i := 0; i < 10; i++ {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

// Editable reports whether the person may still change e: on the day they
// recorded it (RecordedAt in their zone loc), which for an ordinary entry
// is its own day, and for a back-filled one the day it was filled in.
func Editable(e Entry, today string, loc *time.Location) bool {
	if loc == nil {
		loc = time.UTC
	}
	return e.RecordedAt.In(loc).Format(time.DateOnly) == today
}

// AddDays returns the date n days after date (before, for negative n).
// date must be a valid YYYY-MM-DD.
func AddDays(date string, n int) string {
	d, ok := dayNumber(date)
	if !ok {
		return date
	}
	return time.Unix(int64(d+n)*86400, 0).UTC().Format(time.DateOnly)
}

// DaysBetween returns the number of calendar days from a to b (negative
// when b is before a); 0 when either is not a date.
func DaysBetween(a, b string) int {
	da, ok1 := dayNumber(a)
	db, ok2 := dayNumber(b)
	if !ok1 || !ok2 {
		return 0
	}
	return db - da
}

// dayNumber is a YYYY-MM-DD date as days since 1970-01-01, read without
// time.Parse: the caseload does this for every patient, several times.
func dayNumber(s string) (int, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	num := func(s string) (int, bool) {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(s[0:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31 April and the like
		return 0, false
	}
	return int(t.Unix() / 86400), true
}
