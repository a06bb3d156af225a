package protocol

import (
	"time"

	"unknot/internal/clinical"
)

// Facts are one assessment's answers in the form rules read them: each word
// list as a bit set, each number as a float64 (-1 when not answered), each
// yes/no as a bool. Build them once with NewFacts; they are a plain value,
// so building and reading them does not allocate.
type Facts struct {
	lists [clinical.NumLists]uint64
	nums  [numNums]float64
	bools [numBools]bool
	strs  [numStrs]string
}

// kind is the type of a rule variable.
type kind int

const (
	kindList kind = iota
	kindString
	kindNum
	kindBool
)

// variable is one name a rule may use.
type variable struct {
	name  string
	kind  kind
	slot  int           // index into the Facts array of its kind
	list  clinical.List // vocabulary, for lists and words
	whole bool          // an integer in CEL (else a double), for numbers
	doc   string
}

// Number slots.
const (
	nAge = iota
	nPainNow
	nPainWorst
	nLumpSize
	nLumpWeeks
	nActivity
	nSelfCareWeeks
	nSitting
	nActiveDays
	nStress
	nWater
	nSleep
	nOnsetHours
	nOnsetWeeks
	numNums
)

// Yes/no slots.
const (
	bLumpPresent = iota
	bLumpHard
	bLumpMobile
	bLumpGrowing
	bLumpTender
	bLumpWarmRed
	bSleep
	bOnsetKnown
	numBools
)

// Word slots.
const (
	sSex = iota
	sTrend
	numStrs
)

// variables is every name a rule may use; the protocol file's header and
// docs/safety/HAZARDS.md describe them for clinicians.
var variables = []variable{
	{name: "age", kind: kindNum, slot: nAge, whole: true, doc: "age in years"},
	{name: "sex", kind: kindString, slot: sSex, list: clinical.ListSex, doc: `female, male, other, or "" when not answered`},
	{name: "regions", kind: kindList, list: clinical.ListRegions, doc: "where the pain or knot is"},
	{name: "radiation", kind: kindList, list: clinical.ListRadiation, doc: "where the pain spreads"},
	{name: "symptoms", kind: kindList, list: clinical.ListSymptoms, doc: "symptoms now"},
	{name: "history", kind: kindList, list: clinical.ListHistory, doc: "history"},
	{name: "triggers", kind: kindList, list: clinical.ListTriggers, doc: "what set it off"},
	{name: "self_care.tried", kind: kindList, list: clinical.ListTried, doc: "home care tried"},
	{name: "self_care.weeks", kind: kindNum, slot: nSelfCareWeeks, doc: "weeks of home care (0 when not answered)"},
	{name: "self_care.trend", kind: kindString, slot: sTrend, list: clinical.ListTrend, doc: `better, same, worse, or "" when not answered`},
	{name: "pain.now", kind: kindNum, slot: nPainNow, whole: true, doc: "pain now 0-10, -1 when not answered"},
	{name: "pain.worst_24h", kind: kindNum, slot: nPainWorst, whole: true, doc: "worst pain in 24 hours 0-10, -1 when not answered"},
	{name: "lump.present", kind: kindBool, slot: bLumpPresent, doc: "a lump is felt; every other lump fact is false or -1 without one"},
	{name: "lump.hard", kind: kindBool, slot: bLumpHard, doc: "the lump is hard"},
	{name: "lump.mobile", kind: kindBool, slot: bLumpMobile, doc: "the lump moves under the skin"},
	{name: "lump.growing", kind: kindBool, slot: bLumpGrowing, doc: "the lump is growing"},
	{name: "lump.tender", kind: kindBool, slot: bLumpTender, doc: "the lump is sore to press"},
	{name: "lump.warm_red", kind: kindBool, slot: bLumpWarmRed, doc: "the lump is warm and red"},
	{name: "lump.size_cm", kind: kindNum, slot: nLumpSize, doc: "lump size in cm, -1 when not answered"},
	{name: "lump.weeks_present", kind: kindNum, slot: nLumpWeeks, doc: "weeks the lump has been there, -1 when not answered"},
	{name: "interference.sleep", kind: kindBool, slot: bSleep, doc: "pain wakes them or stops sleep"},
	{name: "interference.activity", kind: kindNum, slot: nActivity, whole: true, doc: "how much it stops activity 0-10, -1 when not answered"},
	{name: "lifestyle.sitting_hours", kind: kindNum, slot: nSitting, doc: "hours sitting a day, -1 when not answered"},
	{name: "lifestyle.active_days_per_week", kind: kindNum, slot: nActiveDays, whole: true, doc: "active days a week, -1 when not answered"},
	{name: "lifestyle.stress", kind: kindNum, slot: nStress, whole: true, doc: "stress 0-10, -1 when not answered"},
	{name: "lifestyle.water_litres", kind: kindNum, slot: nWater, doc: "litres of water a day, -1 when not answered"},
	{name: "lifestyle.sleep_hours", kind: kindNum, slot: nSleep, doc: "hours of sleep a night, -1 when not answered"},
	{name: "onset.known", kind: kindBool, slot: bOnsetKnown, doc: "the onset time was given"},
	{name: "onset.hours_ago", kind: kindNum, slot: nOnsetHours, doc: "hours from onset to the assessment, -1 when onset is not known"},
	{name: "onset.weeks_ago", kind: kindNum, slot: nOnsetWeeks, doc: "weeks from onset to the assessment, -1 when onset is not known"},
}

// variablesByName indexes variables.
var variablesByName = func() map[string]*variable {
	m := make(map[string]*variable, len(variables))
	for i := range variables {
		m[variables[i].name] = &variables[i]
	}
	return m
}()

// NewFacts turns an input into facts, at the time of the assessment. An
// input that was not validated still gives facts: unknown words are left
// out and nothing panics.
func NewFacts(in *clinical.Input, at time.Time) Facts {
	var f Facts
	for i := range f.nums {
		f.nums[i] = -1
	}
	f.lists[clinical.ListRegions] = wordBits(clinical.ListRegions, in.Regions)
	f.lists[clinical.ListRadiation] = wordBits(clinical.ListRadiation, in.Radiation)
	f.lists[clinical.ListSymptoms] = wordBits(clinical.ListSymptoms, in.Symptoms)
	f.lists[clinical.ListHistory] = wordBits(clinical.ListHistory, in.History)
	f.lists[clinical.ListTriggers] = wordBits(clinical.ListTriggers, in.Triggers)
	f.lists[clinical.ListTried] = wordBits(clinical.ListTried, in.SelfCare.Tried)
	f.strs[sSex] = in.Sex
	f.strs[sTrend] = in.SelfCare.Trend

	setInt(&f, nAge, in.Age)
	setInt(&f, nPainNow, in.Pain.Now)
	setInt(&f, nPainWorst, in.Pain.Worst24h)
	setInt(&f, nActivity, in.Interference.Activity)
	f.bools[bSleep] = in.Interference.Sleep
	f.nums[nSelfCareWeeks] = in.SelfCare.Weeks

	// "present false or absent means no lump felt": the other lump answers
	// count only with a lump.
	if l := in.Lump; l != nil && l.Present {
		f.bools[bLumpPresent] = true
		f.bools[bLumpHard] = l.Hard
		f.bools[bLumpMobile] = l.Mobile
		f.bools[bLumpGrowing] = l.Growing
		f.bools[bLumpTender] = l.Tender
		f.bools[bLumpWarmRed] = l.WarmRed
		setFloat(&f, nLumpSize, l.SizeCM)
		setFloat(&f, nLumpWeeks, l.WeeksPresent)
	}
	if l := in.Lifestyle; l != nil {
		setFloat(&f, nSitting, l.SittingHours)
		setInt(&f, nActiveDays, l.ActiveDaysPerWeek)
		setInt(&f, nStress, l.Stress)
		setFloat(&f, nWater, l.WaterLitres)
		setFloat(&f, nSleep, l.SleepHours)
	}
	if in.Onset != nil {
		h := HoursSince(*in.Onset, at)
		f.bools[bOnsetKnown] = true
		f.nums[nOnsetHours] = h
		f.nums[nOnsetWeeks] = h / (24 * 7)
	}
	return f
}

// HoursSince is the exact number of hours from onset to at, and 0 when onset
// is after at (a clock that runs ahead must not make the pain older).
func HoursSince(onset, at time.Time) float64 {
	h := at.Sub(onset).Hours()
	if h < 0 {
		return 0
	}
	return h
}

func wordBits(l clinical.List, words []string) uint64 {
	var b uint64
	for _, w := range words {
		if i := l.Index(w); i >= 0 {
			b |= 1 << uint(i)
		}
	}
	return b
}

func setInt(f *Facts, slot int, v *int) {
	if v != nil {
		f.nums[slot] = float64(*v)
	}
}

func setFloat(f *Facts, slot int, v *float64) {
	if v != nil {
		f.nums[slot] = *v
	}
}

// Has reports whether list l of the facts holds word; plans and explanations
// use it so that they read the same facts the rules read.
func (f *Facts) Has(l clinical.List, word string) bool {
	i := l.Index(word)
	return i >= 0 && int(l) < len(f.lists) && f.lists[l]&(1<<uint(i)) != 0
}

// LumpPresent reports whether a lump is felt.
func (f *Facts) LumpPresent() bool { return f.bools[bLumpPresent] }

// List returns list l of the facts as a bit set: bit i is the list's i-th
// word in contract order.
func (f *Facts) List(l clinical.List) uint64 {
	if l < 0 || int(l) >= len(f.lists) {
		return 0
	}
	return f.lists[l]
}
