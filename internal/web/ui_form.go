package web

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/domain"
)

// The wizard asks about symptoms and history in groups. The local symptoms
// and the everyday history are boxes to tick; every warning sign is its own
// Yes/No question, so that a warning sign is never denied by a box left
// empty. Together the groups hold every word of the contract's lists (a
// test checks it).
var (
	localSymptoms   = []string{"tight_band", "tender_spot", "muscle_spasm", "stiffness", "reduced_range_of_motion"}
	nerveSymptoms   = []string{"numbness", "tingling", "leg_weakness", "progressive_weakness", "bilateral_leg_symptoms", "saddle_numbness", "bladder_dysfunction", "bowel_incontinence", "sexual_dysfunction_new"}
	bodySymptoms    = []string{"fever", "unexplained_weight_loss", "night_pain", "night_sweats", "swollen_lymph_nodes", "feeling_unwell", "urinary_burning", "pulsating_abdomen"}
	patternSymptoms = []string{"morning_stiffness_over_30min", "improves_with_exercise", "constant_non_mechanical_pain", "chest_pain"}
	seriousHistory  = []string{"cancer", "osteoporosis", "long_term_steroids", "iv_drug_use", "immunosuppression", "major_trauma", "recent_spinal_procedure", "recent_infection", "pregnant"}
	otherHistory    = []string{"minor_strain", "previous_episodes"}
	lumpQuestions   = []string{"hard", "mobile", "growing", "tender", "warm_red"}
)

// warningSymptoms are the symptoms asked as Yes/No questions.
var warningSymptoms = slices.Concat(nerveSymptoms, bodySymptoms, patternSymptoms)

// form is the wizard's answers as sent, and what is wrong with them. It
// re-renders the wizard with every answer kept.
type form struct {
	values url.Values
	errs   map[string]string
	order  []string // fields with errors, in the order they were found
	// defaultTZ is the deployment's zone, for dates typed without a zone.
	defaultTZ string
}

func newForm(v url.Values) *form {
	if v == nil {
		v = url.Values{}
	}
	return &form{values: v, errs: map[string]string{}}
}

// Get returns the answer to a single-valued question.
func (f *form) Get(name string) string { return strings.TrimSpace(f.values.Get(name)) }

// Has reports whether value is among the answers to name (a checkbox or
// radio button is ticked).
func (f *form) Has(name, value string) bool { return slices.Contains(f.values[name], value) }

// Err returns the problem with a field, or "".
func (f *form) Err(name string) string { return f.errs[name] }

// Errors lists the problems in the order found, for the summary at the top.
func (f *form) Errors() []fieldError {
	out := make([]fieldError, len(f.order))
	for i, name := range f.order {
		out[i] = fieldError{Field: name, Question: questionName(name), Message: f.errs[name]}
	}
	return out
}

// questionNames are short names of the wizard's questions, for the error
// summary; a warning sign is named by its own label.
var questionNames = map[string]string{
	"age": "Your age", "sex": "Your sex", "onset": "When it started", "onset_ago": "When it started",
	"onset_date": "When it started", "regions": "Where it hurts", "radiation": "Where the pain spreads",
	"pain.now": "Pain right now", "pain.worst_24h": "Worst pain in the last 24 hours",
	"lump.present": "A lump", "symptoms": "What you feel in the sore place", "history": "Your health",
	"interference.sleep": "Sleep", "interference.activity": "Your normal things",
	"self_care.tried": "What you have tried", "self_care.weeks": "Weeks of home care", "self_care.trend": "How it is going",
	"triggers": "What set it off", "lifestyle.sitting_hours": "Hours you sit",
	"lifestyle.active_days_per_week": "Active days", "lifestyle.stress": "Stress",
	"lifestyle.water_litres": "Water", "lifestyle.sleep_hours": "Hours of sleep",
}

func questionName(field string) string {
	if n, ok := questionNames[field]; ok {
		return n
	}
	for _, prefix := range []string{"symptom.", "history."} {
		if w, ok := strings.CutPrefix(field, prefix); ok {
			return clinical.Label(w)
		}
	}
	if strings.HasPrefix(field, "lump.") {
		return "The lump"
	}
	return ""
}

// HasErrors reports whether any answer was refused.
func (f *form) HasErrors() bool { return len(f.order) > 0 }

// fail records the first problem with a field.
func (f *form) fail(name, msg string) {
	if _, ok := f.errs[name]; ok {
		return
	}
	f.errs[name] = msg
	f.order = append(f.order, name)
}

// fieldError is one problem: the field, its question in short, and what
// is wrong.
type fieldError struct{ Field, Question, Message string }

// Messages shared by the parser and the problem mapper.
const (
	msgAnswer   = "Please answer Yes or No."
	msgScale    = "Choose a number from 0 to 10."
	msgRegions  = "Choose at least one area where it hurts."
	msgUnknown  = "One of these answers was not one we know. Please choose again."
	msgAge      = "Type your age in whole years, like 34."
	msgOnsetFut = "This is in the future. Enter when it started."
)

// parseCheck turns the wizard's answers into the contract's Input. It checks
// what only the form knows (a Yes/No left unanswered, text where a number
// goes, a mode without its date); ranges and vocabulary are checked by
// clinical, through the same path as the API. now is the time of the
// assessment, for "how long ago".
func parseCheck(f *form, now time.Time) clinical.Input {
	var in clinical.Input

	if tz := f.Get("tz"); tz != "" {
		if _, err := clinical.LoadLocation(tz); err == nil {
			in.TZ = tz
		}
		// A zone the browser names but the zone database lacks is left
		// out: the deployment's zone is the better guess than an error.
	}
	if s := f.Get("age"); s == "" {
		f.fail("age", "Enter your age in years.")
	} else if n, ok := f.int("age", msgAge); ok {
		in.Age = &n
	}
	in.Sex = f.Get("sex")
	zone := in.TZ
	if zone == "" {
		// Without JavaScript the browser names no zone: a typed date is
		// read in the deployment's zone, as the assessment will be.
		zone = f.defaultTZ
	}
	in.Onset = f.onset(now, zone)

	in.Regions = f.list("regions")
	if len(in.Regions) == 0 {
		f.fail("regions", msgRegions)
	}
	in.Radiation = f.list("radiation")
	in.Pain.Now = f.scale("pain.now", true)
	in.Pain.Worst24h = f.scale("pain.worst_24h", true)

	if present, ok := f.yesNo("lump.present"); ok {
		in.Lump = &clinical.Lump{Present: present}
		if present {
			l := in.Lump
			for i, b := range []*bool{&l.Hard, &l.Mobile, &l.Growing, &l.Tender, &l.WarmRed} {
				*b, _ = f.yesNo("lump." + lumpQuestions[i])
			}
			l.SizeCM = f.float("lump.size_cm")
			l.WeeksPresent = f.float("lump.weeks_present")
		}
	}

	in.Symptoms = f.list("symptoms")
	for _, w := range warningSymptoms {
		if yes, _ := f.yesNo("symptom." + w); yes && !slices.Contains(in.Symptoms, w) {
			in.Symptoms = append(in.Symptoms, w)
		}
	}
	in.History = f.list("history")
	for _, w := range seriousHistory {
		if yes, _ := f.yesNo("history." + w); yes && !slices.Contains(in.History, w) {
			in.History = append(in.History, w)
		}
	}

	in.Interference.Sleep, _ = f.yesNo("interference.sleep")
	in.Interference.Activity = f.scale("interference.activity", false)

	in.SelfCare.Tried = f.list("self_care.tried")
	if w := f.float("self_care.weeks"); w != nil {
		in.SelfCare.Weeks = *w
	}
	in.SelfCare.Trend = f.Get("self_care.trend")
	in.Triggers = f.list("triggers")

	ls := clinical.Lifestyle{
		SittingHours:      f.float("lifestyle.sitting_hours"),
		ActiveDaysPerWeek: f.optInt("lifestyle.active_days_per_week"),
		Stress:            f.scale("lifestyle.stress", false),
		WaterLitres:       f.float("lifestyle.water_litres"),
		SleepHours:        f.float("lifestyle.sleep_hours"),
	}
	if ls != (clinical.Lifestyle{}) {
		in.Lifestyle = &ls
	}
	return in
}

// list returns the ticked boxes of a question, without repeats.
func (f *form) list(name string) []string {
	var out []string
	for _, v := range f.values[name] {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// yesNo reads a required Yes/No question; ok is false when it is not
// answered (and the problem is recorded).
func (f *form) yesNo(name string) (yes, ok bool) {
	switch f.Get(name) {
	case "yes":
		return true, true
	case "no":
		return false, true
	}
	f.fail(name, msgAnswer)
	return false, false
}

// scale reads a 0–10 rating. The range is clinical's to check, so that a
// tampered 99 is refused by the same rule as in the API.
func (f *form) scale(name string, required bool) *int {
	if f.Get(name) == "" {
		if required {
			f.fail(name, msgScale)
		}
		return nil
	}
	n, ok := f.int(name, msgScale)
	if !ok {
		return nil
	}
	return &n
}

func (f *form) optInt(name string) *int {
	if f.Get(name) == "" {
		return nil
	}
	n, ok := f.int(name, "Enter a whole number.")
	if !ok {
		return nil
	}
	return &n
}

func (f *form) int(name, msg string) (int, bool) {
	n, err := strconv.Atoi(f.Get(name))
	if err != nil || n < -1e6 || n > 1e6 {
		f.fail(name, msg)
		return 0, false
	}
	return n, true
}

// float reads an optional number; a comma is taken as the decimal mark.
func (f *form) float(name string) *float64 {
	s := strings.ReplaceAll(f.Get(name), ",", ".")
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e6 {
		f.fail(name, "Enter a number, like 2 or 1.5.")
		return nil
	}
	return &v
}

// onset reads when it began: a date (and time) in the person's zone, a
// number of hours, days or weeks ago, or not known.
func (f *form) onset(now time.Time, tz string) *time.Time {
	switch f.Get("onset_mode") {
	case "ago":
		n := f.float("onset_ago")
		if n == nil {
			f.fail("onset_ago", "Enter how long ago it started, as a number.")
			return nil
		}
		unit := map[string]time.Duration{"hours": time.Hour, "days": 24 * time.Hour, "weeks": 7 * 24 * time.Hour}[f.Get("onset_unit")]
		if unit == 0 && f.Get("onset_unit") == "" && *n < 48 {
			// "20" with no unit: a knot is far more often hours old than
			// 20 days at a first check, and reading hours keeps the ice
			// advice of the first 48 hours. The page shows the date back.
			unit = time.Hour
		}
		if unit == 0 {
			f.fail("onset_ago", "Choose hours, days or weeks.")
			return nil
		}
		if *n < 0 || *n*float64(unit) > float64(10*365*24*time.Hour) {
			f.fail("onset_ago", "Enter a number from 0 up to 10 years ago.")
			return nil
		}
		t := now.Add(-time.Duration(*n * float64(unit))).Truncate(time.Minute)
		return &t
	case "date":
		loc, _ := clinical.LoadLocation(tz)
		day, err := time.ParseInLocation("2006-01-02", f.Get("onset_date"), loc)
		if err != nil {
			f.fail("onset_date", "Enter the date it started, like 2026-11-22.")
			return nil
		}
		t := day.Add(12 * time.Hour) // midday when no time is given
		if s := f.Get("onset_time"); s != "" {
			clock, err := time.Parse("15:04", s)
			if err != nil {
				f.fail("onset_date", "Enter the time like 18:30, or leave it empty.")
				return nil
			}
			t = time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc)
		}
		if t.After(now.Add(time.Minute)) {
			f.fail("onset_date", msgOnsetFut)
			return nil
		}
		return &t
	case "", "unknown":
		return nil
	}
	f.fail("onset", msgUnknown)
	return nil
}

// addProblems puts the problems clinical found with an Input beside the
// wizard's fields, in words for a person. in is the Input the problems are
// about, to tell which question a list word came from.
func (f *form) addProblems(problems []domain.Problem, in clinical.Input) {
	for _, p := range problems {
		field, msg := formField(p, in)
		f.fail(field, msg)
	}
}

// formField maps a contract field such as "pain.now" or "symptoms[3]" to
// the wizard's question and a message for a person.
func formField(p domain.Problem, in clinical.Input) (field, msg string) {
	field, idx := p.Field, -1
	if i := strings.IndexByte(field, '['); i >= 0 {
		idx, _ = strconv.Atoi(strings.TrimSuffix(field[i+1:], "]"))
		field = field[:i]
	}
	word := func(list []string) string {
		if idx >= 0 && idx < len(list) {
			return list[idx]
		}
		return ""
	}
	switch field {
	case "age":
		return "age", msgAge
	case "regions":
		if idx < 0 {
			return "regions", msgRegions
		}
		return "regions", msgUnknown
	case "onset":
		if strings.Contains(p.Problem, "after") {
			return "onset_date", msgOnsetFut
		}
		return "onset", p.Problem
	case "pain.now", "pain.worst_24h", "interference.activity", "lifestyle.stress":
		return field, msgScale
	case "symptoms":
		if w := word(in.Symptoms); slices.Contains(warningSymptoms, w) {
			return "symptom." + w, msgUnknown
		}
		return "symptoms", msgUnknown
	case "history":
		if w := word(in.History); slices.Contains(seriousHistory, w) {
			return "history." + w, msgUnknown
		}
		return "history", msgUnknown
	case "radiation", "self_care.tried", "triggers", "sex", "self_care.trend":
		return field, msgUnknown
	case "":
		return "form", "Some answers could not be read. Please check them and send again."
	}
	// Numbers: clinical says "must be a number from 0 to 24".
	if rest, ok := strings.CutPrefix(p.Problem, "must be "); ok {
		return field, "Enter " + rest + "."
	}
	return field, p.Problem
}
