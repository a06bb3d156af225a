package plan

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"unknot/internal/clinical"
	"unknot/internal/library"
)

// Plain names for the muscles and regions, for "because" text.
var (
	musclePlain = map[string]string{
		clinical.MuscleErectorSpinae:     "the long muscles beside the spine",
		clinical.MuscleQuadratusLumborum: "the muscle at the side of the low back",
		clinical.MuscleMultifidus:        "the small muscles next to the spine",
		clinical.MuscleGluteusMedius:     "the muscle on the upper, outer buttock",
		clinical.MuscleGluteusMinimus:    "the muscle on the outer hip",
		clinical.MusclePiriformis:        "the muscle deep in the buttock",
		clinical.MuscleIliopsoas:         "the hip muscle at the front",
		clinical.MuscleRectusAbdominis:   "the stomach muscle",
	}
	regionPlain = map[string]string{
		"lumbar":        "the low back",
		"flank":         "the side of the waist",
		"iliac_crest":   "the top of the hip bone",
		"sacroiliac":    "the base of the spine",
		"upper_buttock": "the top of the buttock",
	}
)

// scheduledApart are exercises the plan places on its own: walking every day
// and movement breaks while sitting.
var scheduledApart = []string{"walking", "movement_break"}

type candidate struct {
	e       *library.Exercise
	score   int
	matched []string // muscles of the result it targets, most likely first
	order   int
}

// chooseExercises picks 3 to 5 stretching, mobility and strength exercises
// for the muscles the result names and the regions the person marked.
func chooseExercises(f facts) []Planned { return plannedAll(f, pickExercises(f)) }

// chooseRelease picks up to two release exercises for the muscles involved.
// A reason that rules out pressure (a lump to be checked, fragile bones)
// rules out all of them; see avoid.go.
func chooseRelease(f facts) []Planned { return plannedAll(f, pickRelease(f)) }

func plannedAll(f facts, picked []candidate) []Planned {
	if len(picked) == 0 {
		return nil
	}
	out := make([]Planned, len(picked))
	for i, c := range picked {
		out[i] = planned(f, c)
	}
	return out
}

// pickExercises is chooseExercises' choice, before dosage and wording.
func pickExercises(f facts) []candidate {
	n := 4
	switch {
	case f.painNow() >= 7:
		n = 3 // a lot of pain: fewer, gentler things
	case len(f.res.Muscles) > 2:
		n = 5
	}
	cands := rank(f, func(e library.Exercise) bool {
		return e.Kind == library.Stretch || e.Kind == library.Mobility || e.Kind == library.Strength
	})
	var picked []candidate
	take := func(c candidate, limit int) {
		if len(picked) < limit && !contains(picked, c.e.ID) && !variantOfPicked(picked, *c.e) {
			picked = append(picked, c)
		}
	}
	isStrength := func(c candidate) bool { return c.e.Kind == library.Strength }
	// Start gentle: stretches and mobility first, then the one best
	// strength move, then more stretches if there is room. Only when too
	// few exercises match (e.g. in pregnancy) do gentle extras fill in.
	for _, c := range cands {
		if c.score > 0 && !isStrength(c) {
			take(c, n-1)
		}
	}
	for _, c := range cands {
		if c.score > 0 && isStrength(c) {
			take(c, n)
			break
		}
	}
	for _, c := range cands {
		if c.score > 0 && !isStrength(c) {
			take(c, n)
		}
	}
	for _, c := range cands {
		if !isStrength(c) {
			take(c, 3)
		}
	}
	return picked
}

// pickRelease is chooseRelease's choice, before dosage and wording.
func pickRelease(f facts) []candidate {
	cands := rank(f, func(e library.Exercise) bool { return e.Kind == library.Release })
	var picked []candidate
	for _, c := range cands {
		if len(picked) == 2 || c.score == 0 {
			break
		}
		picked = append(picked, c)
	}
	if len(picked) == 0 {
		return releaseOnly(f, "self_massage")
	}
	return picked
}

func releaseOnly(f facts, id string) []candidate {
	e, ok := f.lib.Exercise(id)
	if !ok || !allowed(e, f.avoid) {
		return nil
	}
	return []candidate{{e: &e, matched: targeted(f, e)}}
}

// rank scores the library's exercises of the wanted kinds: three points for
// each muscle of the result they target (more for the likelier muscles),
// one for each marked region they cover. Ties keep library order.
func rank(f facts, want func(library.Exercise) bool) []candidate {
	weight := map[string]int{}
	for i, m := range f.res.Muscles {
		weight[m.ID] = 3 * (len(f.res.Muscles) - i + 1)
	}
	regions := map[string]bool{}
	for _, r := range f.in.Regions {
		regions[library.RegionOf(r)] = true
	}
	var cands []candidate
	for i := range f.exercises {
		e := &f.exercises[i]
		if !want(*e) || slices.Contains(scheduledApart, e.ID) || !allowed(*e, f.avoid) {
			continue
		}
		c := candidate{e: e, order: i}
		for _, m := range e.Muscles {
			c.score += weight[m]
		}
		c.matched = targeted(f, *e)
		if len(f.res.Muscles) > 0 && len(c.matched) == 0 {
			c.score = 0 // the region alone is not enough when muscles are known
		} else {
			for _, r := range e.Regions {
				if regions[r] {
					c.score++
				}
			}
		}
		cands = append(cands, c)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	return cands
}

func targeted(f facts, e library.Exercise) []string {
	var out []string
	for _, m := range f.res.Muscles {
		if e.Targets(m.ID) {
			out = append(out, m.ID)
		}
	}
	return out
}

func contains(cs []candidate, id string) bool {
	for _, c := range cs {
		if c.e.ID == id {
			return true
		}
	}
	return false
}

// variantOfPicked reports whether e is an easier or harder version of an
// exercise already chosen, the other way round, or a sibling (both are
// versions of a third): the plan's progression already covers those.
func variantOfPicked(cs []candidate, e library.Exercise) bool {
	related := func(a, b library.Exercise) bool {
		return a.Easier.ID == b.ID || a.Harder.ID == b.ID
	}
	shared := func(a, b library.Exercise) bool { // two versions of a third
		for _, x := range []string{a.Easier.ID, a.Harder.ID} {
			if x != "" && (x == b.Easier.ID || x == b.Harder.ID) {
				return true
			}
		}
		return false
	}
	for _, c := range cs {
		if related(*c.e, e) || related(e, *c.e) || shared(*c.e, e) {
			return true
		}
	}
	return false
}

func planned(f facts, c candidate) Planned {
	e := *c.e
	p := Planned{
		ExerciseID: e.ID, Name: e.Name, Kind: e.Kind,
		Schedule: schedule(e, f.age()),
		Easier:   f.variant(e.Easier), Harder: f.variant(e.Harder),
		Because: because(f, e, c.matched),
		Sources: e.Sources,
	}
	switch {
	case e.Kind == library.Strength:
		// Strength work waits for the first step-up day, and then for
		// pain of 3 or less: the first days are for gentle moves.
		p.Schedule = p.Schedule[:min(len(p.Schedule), len(progressDays))]
		for i := range p.Schedule {
			p.Schedule[i].FromDay = progressDays[i]
			p.Schedule[i].Text = conditional(p.Schedule[i].Dosage)
		}
		p.Because += fmt.Sprintf(" Add it from day %d, if your pain is %d or less by then.", progressDays[0], maxPainToStep)
	case e.Avoids(library.AvoidFirst48Hours):
		day, known := f.firmPressureDay()
		for i := range p.Schedule {
			p.Schedule[i].FromDay = max(p.Schedule[i].FromDay, day)
		}
		p.Schedule = dedupeDays(p.Schedule)
		if day > 0 {
			p.Because += fmt.Sprintf(" It starts on day %d: no firm pressure in the first 48 hours after the pain starts.", day)
			if !known {
				p.Because += " We do not know when yours started, so we wait 2 days to be safe."
			}
		}
	}
	if e.Avoids(library.AvoidBloodThinners) {
		p.Because += " If you take a blood thinner, press gently only: you bruise more easily."
	}
	if e.Sided {
		p.Side = sideOf(f.in.Regions)
	}
	return p
}

func because(f facts, e library.Exercise, matched []string) string {
	var names []string
	for _, m := range matched {
		names = append(names, musclePlain[m])
	}
	var regions []string
	for _, r := range f.in.Regions {
		word := library.RegionOf(r)
		if e.Covers(word) && !slices.Contains(regions, regionPlain[word]) {
			regions = append(regions, regionPlain[word])
		}
	}
	var parts []string
	if len(names) > 0 {
		them := "it"
		if len(names) > 1 {
			them = "them"
		}
		parts = append(parts, fmt.Sprintf("It works on %s. The self-check points to %s.", joinAnd(names), them))
	}
	if len(regions) > 0 {
		parts = append(parts, fmt.Sprintf("You marked pain at %s.", joinAnd(regions)))
	}
	if f.pregnant {
		parts = append(parts, "Moves like this are usually fine in pregnancy, but check with your midwife.")
	}
	if len(parts) == 0 {
		return "It is a gentle, safe way to keep the low back moving."
	}
	return strings.Join(parts, " ")
}

// variant keeps an easier or harder version unless it is an exercise the
// plan has ruled out for this person.
func (f facts) variant(v library.Variant) library.Variant {
	if v.ID == "" {
		return v
	}
	if e, ok := f.lib.Exercise(v.ID); !ok || !allowed(e, f.avoid) {
		return library.Variant{}
	}
	return v
}

// sideOf says which side the person marked: left, right or both.
func sideOf(regions []string) string {
	left, right := false, false
	for _, r := range regions {
		left = left || strings.HasSuffix(r, "_left")
		right = right || strings.HasSuffix(r, "_right")
	}
	switch {
	case left && !right:
		return "left"
	case right && !left:
		return "right"
	}
	return "both"
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
