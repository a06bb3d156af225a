package clinical

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// numSpec is the range of one numeric field, shared by the decoder (for
// values of the wrong type) and Validate (for values out of range), so that
// both say the same thing.
type numSpec struct {
	field    string
	min, max float64
	whole    bool
}

func (s numSpec) problem() string {
	kind := "a number"
	if s.whole {
		kind = "a whole number"
	}
	return "must be " + kind + " from " + strconv.FormatFloat(s.min, 'g', -1, 64) +
		" to " + strconv.FormatFloat(s.max, 'g', -1, 64)
}

func (s numSpec) ok(v float64) bool {
	return v >= s.min && v <= s.max && (!s.whole || v == math.Trunc(v))
}

var (
	specAge            = numSpec{"age", 0, 120, true}
	specPainNow        = numSpec{"pain.now", 0, 10, true}
	specPainWorst      = numSpec{"pain.worst_24h", 0, 10, true}
	specLumpSize       = numSpec{"lump.size_cm", 0, 30, false}
	specLumpWeeks      = numSpec{"lump.weeks_present", 0, 520, false}
	specActivity       = numSpec{"interference.activity", 0, 10, true}
	specSelfCareWeeks  = numSpec{"self_care.weeks", 0, 520, false}
	specSittingHours   = numSpec{"lifestyle.sitting_hours", 0, 24, false}
	specActiveDays     = numSpec{"lifestyle.active_days_per_week", 0, 7, true}
	specStress         = numSpec{"lifestyle.stress", 0, 10, true}
	specWaterLitres    = numSpec{"lifestyle.water_litres", 0, 10, false}
	specSleepHours     = numSpec{"lifestyle.sleep_hours", 0, 24, false}
	problemOnsetAfter  = "must not be after the time of the assessment (at)"
	problemNoRegion    = "must list at least one region"
	problemAgeRequired = "is required"
)

// problems collects Problems; the zero value is ready to use.
type problems struct {
	list  []Problem
	total int
}

// maxProblems bounds the problems kept of one input: a body of a hundred
// thousand unknown fields is refused as surely with the first hundred.
const maxProblems = 100

func (p *problems) add(field, problem string) {
	p.total++
	if len(p.list) < maxProblems {
		p.list = append(p.list, Problem{Field: field, Problem: problem})
	}
}

// has reports whether a problem names field or a part of it, such as
// "regions[0]" for "regions".
func (p *problems) has(field string) bool {
	for _, q := range p.list {
		if q.Field == field || strings.HasPrefix(q.Field, field+"[") || strings.HasPrefix(q.Field, field+".") {
			return true
		}
	}
	return false
}

func (p *problems) err(malformed bool) error {
	if len(p.list) == 0 && !malformed {
		return nil
	}
	return &InputError{Malformed: malformed, Problems: p.list, Total: max(p.total, len(p.list))}
}

// Validate checks an Input built in Go (the web wizard builds them) by the
// same rules the decoder applies: ranges, vocabulary, a required age, at
// least one region, a known time zone, and onset not after at. It reports
// every problem as an *InputError.
func Validate(in Input) error {
	var p problems
	validate(&in, &p)
	return p.err(false)
}

// ValidateAt is Validate for an input assessed at now when it gives no at of
// its own: then onset must not be after now.
func ValidateAt(in Input, now time.Time) error {
	var p problems
	validate(&in, &p)
	if in.At == nil && in.Onset != nil && in.Onset.After(now) {
		p.add("onset", problemOnsetAfter)
	}
	return p.err(false)
}

func validate(in *Input, p *problems) {
	if in.TZ != "" {
		if _, err := LoadLocation(in.TZ); err != nil {
			p.add("tz", "unknown time zone "+strconv.Quote(in.TZ)+"; use an IANA name like Europe/London")
		}
	}
	if in.Age == nil {
		p.add("age", problemAgeRequired)
	} else {
		checkNum(p, specAge, float64(*in.Age))
	}
	checkWord(p, ListSex, in.Sex)
	if in.At != nil && in.Onset != nil && in.Onset.After(*in.At) {
		p.add("onset", problemOnsetAfter)
	}
	if len(in.Regions) == 0 {
		p.add("regions", problemNoRegion)
	}
	checkWords(p, ListRegions, in.Regions)
	checkWords(p, ListRadiation, in.Radiation)
	checkIntPtr(p, specPainNow, in.Pain.Now)
	checkIntPtr(p, specPainWorst, in.Pain.Worst24h)
	if l := in.Lump; l != nil {
		checkFloatPtr(p, specLumpSize, l.SizeCM)
		checkFloatPtr(p, specLumpWeeks, l.WeeksPresent)
	}
	checkWords(p, ListSymptoms, in.Symptoms)
	checkWords(p, ListHistory, in.History)
	checkIntPtr(p, specActivity, in.Interference.Activity)
	checkWords(p, ListTried, in.SelfCare.Tried)
	checkNum(p, specSelfCareWeeks, in.SelfCare.Weeks)
	checkWord(p, ListTrend, in.SelfCare.Trend)
	checkWords(p, ListTriggers, in.Triggers)
	if l := in.Lifestyle; l != nil {
		checkFloatPtr(p, specSittingHours, l.SittingHours)
		checkIntPtr(p, specActiveDays, l.ActiveDaysPerWeek)
		checkIntPtr(p, specStress, l.Stress)
		checkFloatPtr(p, specWaterLitres, l.WaterLitres)
		checkFloatPtr(p, specSleepHours, l.SleepHours)
	}
}

func checkNum(p *problems, s numSpec, v float64) {
	if !s.ok(v) {
		p.add(s.field, s.problem())
	}
}

func checkIntPtr(p *problems, s numSpec, v *int) {
	if v != nil {
		checkNum(p, s, float64(*v))
	}
}

func checkFloatPtr(p *problems, s numSpec, v *float64) {
	if v != nil {
		checkNum(p, s, *v)
	}
}

// checkWord checks a single optional word such as sex or trend.
func checkWord(p *problems, l List, w string) {
	if w != "" && !l.Has(w) {
		p.add(l.Field(), unknownWord(l, w))
	}
}

func checkWords(p *problems, l List, words []string) {
	for i, w := range words {
		if !l.Has(w) {
			p.add(l.Field()+"["+strconv.Itoa(i)+"]", unknownWord(l, w))
		}
	}
}

// unknownWord says a word is not in list l, suggesting the nearest word when
// it is probably a misspelling.
func unknownWord(l List, w string) string {
	msg := "unknown word " + strconv.Quote(w)
	if s := l.Suggest(w); s != "" {
		return msg + ` (did you mean "` + s + `"?)`
	}
	return msg + "; see the " + l.Field() + " words in the assessment contract"
}

// Suggest returns the word of list l nearest to w when w is probably a
// misspelling of it (at most two edits away), or "".
func (l List) Suggest(w string) string {
	if len(w) > 64 || l < 0 || l >= numLists {
		return ""
	}
	best, bestD := "", 3
	for _, c := range listWords[l] {
		if d := editDistance(c, w); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
