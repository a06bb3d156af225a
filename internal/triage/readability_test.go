package triage

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"unknot/internal/clinical"
	"unknot/internal/protocol"
	"unknot/internal/readability"
)

// maxGrade is REFERENCE §7's ceiling for patient-facing text.
const maxGrade = 8.0

// patientTexts gathers every text triage can show a person.
func patientTexts() map[string]string {
	texts := map[string]string{"disclaimer": Disclaimer}
	p := protocol.Default()
	for _, r := range append(slices.Clone(p.Rules), p.Default) {
		texts["rule "+r.ID] = r.Text
		if r.Sign != "" {
			texts["sign "+r.ID] = r.Sign
		}
	}
	for i, a := range actions {
		texts["action "+strconv.Itoa(i)] = a
	}
	for _, s := range safetyNetTexts() {
		texts["safety net: "+s] = s
	}
	for _, m := range muscleTable {
		texts["muscle "+m.id] = m.refers
	}
	for _, ps := range []map[string]pointer{regionPointers, radiationPointers} {
		for w, pt := range ps {
			texts["because "+w] = pt.because
		}
	}
	for _, s := range lumpTexts() {
		texts["lump: "+s] = s
	}
	for _, s := range contributorTextsShown() {
		texts["contributor: "+s] = s
	}
	for _, l := range clinical.Lists() {
		for _, w := range l.Words() {
			texts["label "+w] = clinical.Label(w)
		}
	}
	return texts
}

// shortText is the length below which the Flesch–Kincaid grade means
// little: one two-syllable word alone scores 8.4. Short texts (labels,
// mostly) are scored together, one sentence each.
const shortText = 6

// TestReadability checks every patient-facing text of triage, the default
// protocol and the vocabulary labels against grade 8.
func TestReadability(t *testing.T) {
	var short []string
	for name, text := range patientTexts() {
		if len(strings.Fields(text)) < shortText {
			short = append(short, strings.TrimSuffix(text, ".")+".")
			continue
		}
		if g := readability.Grade(text); g > maxGrade {
			t.Errorf("%s: grade %.1f > %.0f: %q", name, g, maxGrade, text)
		}
	}
	sort.Strings(short)
	if g := readability.Grade(strings.Join(short, " ")); g > maxGrade {
		t.Errorf("short texts together: grade %.1f > %.0f", g, maxGrade)
	}
}

// safetyNetTexts returns every safety-net line that may be shown, so that each
// is checked.
func safetyNetTexts() []string {
	out := make([]string, len(safetyLines))
	for i, l := range safetyLines {
		out[i] = l.Text
	}
	return out
}

// contributorTextsShown returns every contributor text and because line that
// may be shown, so that each is checked.
func contributorTextsShown() []string {
	var out []string
	for _, t := range contributorTexts {
		out = append(out, t)
	}
	for _, t := range triggerBecause {
		out = append(out, t)
	}
	return append(out, "You sit about 9 hours a day.", "You rate your stress 7 out of 10.",
		"You drink about 1.2 litres of water a day.", "You sleep about 6 hours a night.",
		"You are active on 1 day a week.", "You have been resting to ease it.")
}

// lumpTexts returns every lump note text and action, so that each is
// checked.
func lumpTexts() []string {
	var out []string
	for _, t := range []lumpText{noteWarmRed, noteConcerning, noteMobileNerve, noteLipoma, noteKnot, noteOther} {
		out = append(out, t.text, t.action)
	}
	return out
}
