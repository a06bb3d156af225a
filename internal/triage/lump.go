package triage

import (
	"unknot/internal/clinical"
	"unknot/internal/protocol"
)

// Sources for lump notes.
var (
	lumpSeedSources  = []string{"The clinic's seed: when to see a professional"}
	lipomaSources    = []string{"The clinic's seed: when to see a professional", "Episacral lipoma ('back mice'): REFERENCE §4, confirmed and treated by a clinician"}
	triggerPtSources = []string{"Fernández-de-las-Peñas & Dommerholt 2018: Delphi consensus on trigger points"}
	infectionSources = []string{"Chou et al. 2011 / ACP-APS 2007 (low back pain guideline)", "NHS local pathways: back pain with fever or infection"}
)

// The lump notes, from the most to the least concerning.
var (
	noteWarmRed = lumpText{
		"A warm, red lump can be a sign of infection.",
		"See a doctor soon. Go today if you have a fever or feel unwell.",
		infectionSources,
	}
	noteConcerning = lumpText{
		"A lump that is hard, growing, or there for 2 weeks or more needs a check. Most lumps in the back are harmless, but a clinician should look at this one.",
		"Book a visit with a doctor in the next one to two weeks.",
		lumpSeedSources,
	}
	noteMobileNerve = lumpText{
		"A lump that moves under the skin, with numbness or tingling, should be checked by a clinician.",
		"Book a visit with a doctor in the next one to two weeks.",
		lumpSeedSources,
	}
	noteLipoma = lumpText{
		"A lump that moves under the skin of the low back, with no numbness or tingling, may be a lump of fat called a back mouse (episacral lipoma). These are not dangerous. Only a clinician can tell for sure.",
		"Show it to a doctor or physical therapist to find out what it is.",
		lipomaSources,
	}
	noteKnot = lumpText{
		"A sore lump in a tight band of muscle is most often a muscle knot (a trigger point). Knots usually ease with stretching, heat and gentle massage.",
		"Follow your plan. See a clinician if the lump gets hard, grows, or is still there after 2 weeks.",
		triggerPtSources,
	}
	noteOther = lumpText{
		"A lump that is not sore and does not move is less like a muscle knot.",
		"Show it to a clinician if it is still there after 2 weeks, or sooner if it changes.",
		lumpSeedSources,
	}
)

type lumpText struct {
	text, action string
	sources      []string
}

// nerveSigns are the symptoms that argue against a simple lipoma.
var nerveSigns = []string{"numbness", "tingling", "leg_weakness", "progressive_weakness", "bilateral_leg_symptoms", "saddle_numbness"}

// lumpNote says what a lump's features suggest; nil without a lump.
func lumpNote(in *clinical.Input, f *protocol.Facts) *clinical.LumpNote {
	l := in.Lump
	if l == nil || !l.Present {
		return nil
	}
	var t lumpText
	switch {
	case l.WarmRed:
		t = noteWarmRed
	case l.Hard || l.Growing || (l.WeeksPresent != nil && *l.WeeksPresent >= 2):
		t = noteConcerning
	case l.Mobile && hasAny(f, symptomList, nerveSigns):
		t = noteMobileNerve
	case l.Mobile:
		t = noteLipoma
	case l.Tender || f.Has(symptomList, "tight_band") || f.Has(symptomList, "tender_spot"):
		t = noteKnot
	default:
		t = noteOther
	}
	return &clinical.LumpNote{
		Text:    t.text,
		Action:  t.action,
		Sources: append([]string(nil), t.sources...),
	}
}

func hasAny(f *protocol.Facts, l clinical.List, words []string) bool {
	for _, w := range words {
		if f.Has(l, w) {
			return true
		}
	}
	return false
}
