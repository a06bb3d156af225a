package triage

import (
	"unknot/internal/clinical"
	"unknot/internal/protocol"
)

const (
	regionList    = clinical.ListRegions
	radiationList = clinical.ListRadiation
	symptomList   = clinical.ListSymptoms
	historyList   = clinical.ListHistory
	triggerList   = clinical.ListTriggers
	triedList     = clinical.ListTried
)

// muscleSource is where the referral patterns come from (REFERENCE §4).
const muscleSource = "Travell & Simons, Myofascial Pain and Dysfunction: trigger point referral patterns (via secondary sources)"

// muscleInfo describes one muscle for the person.
type muscleInfo struct {
	id, name, refers string
}

// muscleTable is in the order muscles are listed when equally likely.
var muscleTable = [...]muscleInfo{
	{clinical.MuscleQuadratusLumborum, "Quadratus lumborum",
		"A deep muscle between the lowest rib and the hip bone. Knots in it can send pain along the top of the hip bone, to the buttock and outer hip, and sometimes to the groin."},
	{clinical.MuscleErectorSpinae, "Erector spinae (iliocostalis and longissimus)",
		"The long muscles on each side of the spine. Knots in them can send pain to the buttock and to the low part of the back where it meets the pelvis."},
	{clinical.MuscleMultifidus, "Multifidus",
		"Small muscles right beside the spine. Knots in them send pain next to the spine, a little lower down."},
	{clinical.MuscleGluteusMedius, "Gluteus medius",
		"A muscle on the side of the buttock. Knots in it can send pain to the low back, the base of the spine and the outer buttock."},
	{clinical.MuscleGluteusMinimus, "Gluteus minimus",
		"A deep muscle under the buttock. Knots in it can send pain down the outside or back of the thigh and calf, a lot like sciatica."},
	{clinical.MusclePiriformis, "Piriformis",
		"A deep muscle in the buttock. Knots in it can send pain to the buttock, the low back near the pelvis, and the back of the hip and thigh."},
	{clinical.MuscleIliopsoas, "Iliopsoas",
		"A deep muscle from the spine to the top of the thigh. Knots in it can send pain in a band along the low back, to the groin and the front of the thigh."},
	{clinical.MuscleRectusAbdominis, "Rectus abdominis (lowest part)",
		"The long muscle down the front of the belly. Knots low in it can send pain across both sides of the low back."},
}

// Indexes into muscleTable.
const (
	mQL = iota
	mES
	mMF
	mGMed
	mGMin
	mPir
	mIlio
	mRA
)

// A pointer says which muscles a place of pain points to, and says so in
// plain words for the "because" list.
type pointer struct {
	because string
	muscles []int
}

// regionPointers follow REFERENCE §4: a muscle is likely when it lies
// under the place of pain or sends pain there.
var regionPointers = map[string]pointer{
	"lumbar_left":         {"Pain in the left side of the lower back", []int{mQL, mES, mMF, mIlio, mGMed}},
	"lumbar_center":       {"Pain in the middle of the lower back", []int{mMF, mES, mIlio, mRA}},
	"lumbar_right":        {"Pain in the right side of the lower back", []int{mQL, mES, mMF, mIlio, mGMed}},
	"flank_left":          {"Pain in the left side, below the ribs", []int{mQL, mES}},
	"flank_right":         {"Pain in the right side, below the ribs", []int{mQL, mES}},
	"iliac_crest_left":    {"Pain just above the left hip bone", []int{mQL, mGMed}},
	"iliac_crest_right":   {"Pain just above the right hip bone", []int{mQL, mGMed}},
	"sacroiliac_left":     {"Pain low on the left, where the back meets the pelvis", []int{mQL, mES, mPir, mGMed, mRA}},
	"sacroiliac_right":    {"Pain low on the right, where the back meets the pelvis", []int{mQL, mES, mPir, mGMed, mRA}},
	"upper_buttock_left":  {"Pain at the top of the left buttock", []int{mGMed, mGMin, mPir, mQL, mES}},
	"upper_buttock_right": {"Pain at the top of the right buttock", []int{mGMed, mGMin, mPir, mQL, mES}},
}

var radiationPointers = map[string]pointer{
	"buttock":        {"Pain that spreads into the buttock", []int{mQL, mES, mGMed, mPir}},
	"hip":            {"Pain that spreads to the hip", []int{mQL, mPir}},
	"groin":          {"Pain that spreads to the groin", []int{mQL, mIlio}},
	"thigh_back":     {"Pain that spreads down the back of the thigh", []int{mGMin, mPir}},
	"thigh_front":    {"Pain that spreads down the front of the thigh", []int{mIlio}},
	"leg_below_knee": {"Pain that spreads below the knee", []int{mGMin}},
}

// pointerTable lists, in contract order, each region and radiation word's
// pointer, so that muscles() walks bit sets without map lookups.
var (
	regionTable    = table(regionList, regionPointers)
	radiationTable = table(radiationList, radiationPointers)
)

func table(l clinical.List, m map[string]pointer) []pointer {
	words := l.Words()
	out := make([]pointer, len(words))
	for i, w := range words {
		out[i] = m[w]
	}
	return out
}

// muscles lists the muscles the places of pain point to, those with the
// most pointers first. Each names the answers that pointed to it.
func muscles(f *protocol.Facts) []clinical.Muscle {
	var count [len(muscleTable)]int
	total := 0
	tally := func(t []pointer, set uint64) {
		for i := range t {
			if set&(1<<uint(i)) != 0 {
				for _, m := range t[i].muscles {
					count[m]++
					total++
				}
			}
		}
	}
	regions, radiation := f.List(regionList), f.List(radiationList)
	tally(regionTable, regions)
	tally(radiationTable, radiation)
	if total == 0 {
		return []clinical.Muscle{}
	}

	n := 0
	for _, c := range count {
		if c > 0 {
			n++
		}
	}
	out := make([]clinical.Muscle, 0, n)
	// One backing array for every because list and source list.
	because := make([]string, 0, total)
	sources := make([]string, n)
	for i := range sources {
		sources[i] = muscleSource
	}
	for most := len(regionTable) + len(radiationTable); most > 0; most-- {
		for m, c := range count {
			if c != most {
				continue
			}
			start := len(because)
			collect := func(t []pointer, set uint64) {
				for i := range t {
					if set&(1<<uint(i)) != 0 && contains(t[i].muscles, m) {
						because = append(because, t[i].because)
					}
				}
			}
			collect(regionTable, regions)
			collect(radiationTable, radiation)
			info := muscleTable[m]
			k := len(out)
			out = append(out, clinical.Muscle{
				ID:      info.id,
				Name:    info.name,
				Refers:  info.refers,
				Because: because[start:len(because):len(because)],
				Sources: sources[k : k+1 : k+1],
			})
		}
	}
	return out
}

func contains(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
