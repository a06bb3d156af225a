package clinical

import "slices"

// The contract's word lists, in contract order. The arrays are the package's
// own copy; the exported slices below are clones that callers may read (and,
// harmlessly, change).
var (
	regionWords = [...]string{
		"lumbar_left", "lumbar_center", "lumbar_right",
		"flank_left", "flank_right",
		"iliac_crest_left", "iliac_crest_right",
		"sacroiliac_left", "sacroiliac_right",
		"upper_buttock_left", "upper_buttock_right",
	}
	radiationWords = [...]string{
		"buttock", "hip", "groin", "thigh_back", "thigh_front", "leg_below_knee", "abdomen",
	}
	symptomWords = [...]string{
		// local
		"tight_band", "tender_spot", "muscle_spasm", "stiffness", "reduced_range_of_motion",
		// nerve
		"numbness", "tingling", "leg_weakness", "progressive_weakness", "bilateral_leg_symptoms",
		"saddle_numbness", "bladder_dysfunction", "bowel_incontinence", "sexual_dysfunction_new",
		// body-wide
		"fever", "unexplained_weight_loss", "night_pain", "night_sweats", "swollen_lymph_nodes",
		"feeling_unwell", "urinary_burning", "pulsating_abdomen",
		// pattern
		"morning_stiffness_over_30min", "improves_with_exercise", "constant_non_mechanical_pain",
		"chest_pain",
	}
	historyWords = [...]string{
		"cancer", "osteoporosis", "long_term_steroids", "iv_drug_use", "immunosuppression",
		"major_trauma", "minor_strain", "recent_spinal_procedure", "recent_infection",
		"previous_episodes", "pregnant",
	}
	triedWords = [...]string{
		"stretching", "ice", "heat", "massage", "foam_rolling", "rest", "pain_relievers", "exercise",
	}
	triggerWords = [...]string{
		"prolonged_sitting", "lifting", "repetitive_motion", "sport", "sudden_movement",
		"stress", "poor_sleep", "dehydration", "poor_posture", "new_activity",
	}
	trendWords = [...]string{"better", "same", "worse"}
	sexWords   = [...]string{"female", "male", "other"}
)

// The contract's vocabularies, in contract order, for forms and docs to
// render from. Validation uses the package's own copy, so changing these
// slices changes nothing else.
var (
	Regions   = slices.Clone(regionWords[:])
	Radiation = slices.Clone(radiationWords[:])
	Symptoms  = slices.Clone(symptomWords[:])
	History   = slices.Clone(historyWords[:])
	Tried     = slices.Clone(triedWords[:]) // self_care.tried
	Triggers  = slices.Clone(triggerWords[:])
	Trends    = slices.Clone(trendWords[:]) // self_care.trend
	Sexes     = slices.Clone(sexWords[:])
)

// List names one of the contract's word lists.
type List int

// The word lists of the contract. Sex and Trend hold one word, not a list,
// but share the mechanism.
const (
	ListRegions List = iota
	ListRadiation
	ListSymptoms
	ListHistory
	ListTried
	ListTriggers
	ListTrend
	ListSex
	numLists
)

// NumLists is how many word lists there are; List values run from 0 to
// NumLists-1.
const NumLists = int(numLists)

var listWords = [numLists][]string{
	ListRegions:   regionWords[:],
	ListRadiation: radiationWords[:],
	ListSymptoms:  symptomWords[:],
	ListHistory:   historyWords[:],
	ListTried:     triedWords[:],
	ListTriggers:  triggerWords[:],
	ListTrend:     trendWords[:],
	ListSex:       sexWords[:],
}

var listFields = [numLists]string{
	ListRegions:   "regions",
	ListRadiation: "radiation",
	ListSymptoms:  "symptoms",
	ListHistory:   "history",
	ListTried:     "self_care.tried",
	ListTriggers:  "triggers",
	ListTrend:     "self_care.trend",
	ListSex:       "sex",
}

// wordIndex maps each list's words to their position in the list. Every
// list has fewer than 64 words, so a position fits a bit in a uint64.
var wordIndex = func() [numLists]map[string]int {
	var idx [numLists]map[string]int
	for l, words := range listWords {
		idx[l] = make(map[string]int, len(words))
		for i, w := range words {
			idx[l][w] = i
		}
	}
	return idx
}()

// intern maps every vocabulary word to its canonical string, so that the
// decoder stores known words without allocating.
var intern = func() map[string]string {
	m := make(map[string]string)
	for _, words := range listWords {
		for _, w := range words {
			m[w] = w
		}
	}
	return m
}()

// Words returns a copy of list l's words in contract order.
func (l List) Words() []string {
	if l < 0 || l >= numLists {
		return nil
	}
	return slices.Clone(listWords[l])
}

// Field is the input field (a dotted path) that holds list l.
func (l List) Field() string {
	if l < 0 || l >= numLists {
		return ""
	}
	return listFields[l]
}

// Index reports word's position in list l, or -1 when l does not hold it.
func (l List) Index(word string) int {
	if l < 0 || l >= numLists {
		return -1
	}
	if i, ok := wordIndex[l][word]; ok {
		return i
	}
	return -1
}

// Has reports whether list l holds word.
func (l List) Has(word string) bool { return l.Index(word) >= 0 }

// Lists returns every word list, in a fixed order.
func Lists() []List {
	return []List{ListRegions, ListRadiation, ListSymptoms, ListHistory, ListTried, ListTriggers, ListTrend, ListSex}
}
