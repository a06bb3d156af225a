// Package triage turns one assessment input into its result: the
// disposition and the reasons for it from a protocol, the one thing to do
// now, the muscles likely involved, what a lump's features suggest, the
// contributors in the person's day, the signs that change the advice, and
// the statement that unknot does not diagnose. It is pure: it takes facts
// and a time and returns a result, with no HTTP, storage or clock of its
// own.
package triage

import (
	"time"

	"unknot/internal/clinical"
	"unknot/internal/protocol"
)

// Options are what the caller supplies beyond the input.
type Options struct {
	// Now is the time of the assessment when the input gives no at.
	Now time.Time
	// DefaultTZ is the deployment's zone, used when the input gives no tz;
	// "UTC" when empty.
	DefaultTZ string
}

// Assess evaluates an input against protocol p (the default protocol when
// p is nil) and explains the result. It expects an input that passed
// clinical.Decode or clinical.Validate; given one that did not, it still
// returns a result and never panics, ignoring words it does not know.
//
// The disposition is the most urgent of the matched rules, and self_care
// when none matched; reasons come most urgent first, in protocol order
// within a disposition. A self_care result carries the protocol's default
// reason, and never a reason above self_care.
func Assess(in clinical.Input, p *protocol.Protocol, opt Options) clinical.Result {
	if p == nil {
		p = protocol.Default()
	}
	at := opt.Now
	if in.At != nil {
		at = *in.At
	}
	tz := in.TZ
	if tz == "" {
		tz = opt.DefaultTZ
	}
	if tz == "" {
		tz = "UTC"
	}
	f := protocol.NewFacts(&in, at)
	var buf [64]int
	matched := p.Match(&f, buf[:0])
	d := p.Disposition(matched)

	r := clinical.Result{
		Disposition:  d,
		Reasons:      reasons(p, matched, d),
		Protocol:     p.Ref(),
		At:           at.UTC(),
		TZ:           tz,
		Action:       Action(d),
		Muscles:      muscles(&f),
		Lump:         lumpNote(&in, &f),
		Contributors: contributors(&in, &f),
		SafetyNet:    safetyTexts(&f, d),
		Disclaimer:   Disclaimer,
	}
	if in.Onset != nil {
		h := protocol.HoursSince(*in.Onset, at)
		r.HoursSinceOnset = &h
	}
	return r
}

// reasons lists the matched rules most urgent first, stable in protocol
// order, adding the default reason to a self_care result. A result above
// self_care leaves out self_care reasons: their words ("self-care is
// fine") would contradict the result. The reasons get their own copy of
// the sources (one allocation for all), so that a caller changing a result
// cannot change the protocol.
func reasons(p *protocol.Protocol, matched []int, d clinical.Disposition) []clinical.Reason {
	lowest := 0
	if d != clinical.SelfCareOnly {
		lowest = clinical.SeeClinician.Rank()
	}
	n, nsrc := 0, 0
	for _, i := range matched {
		if p.Rules[i].Disposition.Rank() >= lowest {
			n++
			nsrc += len(p.Rules[i].Sources)
		}
	}
	withDefault := d == clinical.SelfCareOnly
	if withDefault {
		n++
		nsrc += len(p.Default.Sources)
	}
	out := make([]clinical.Reason, 0, n)
	sources := make([]string, 0, nsrc)
	add := func(rule *protocol.Rule) {
		start := len(sources)
		sources = append(sources, rule.Sources...)
		out = append(out, clinical.Reason{
			Rule:        rule.ID,
			Disposition: rule.Disposition,
			Text:        rule.Text,
			Sources:     sources[start:len(sources):len(sources)],
		})
	}
	for rank := clinical.Emergency.Rank(); rank >= lowest; rank-- {
		for _, i := range matched {
			if rule := &p.Rules[i]; rule.Disposition.Rank() == rank {
				add(rule)
			}
		}
	}
	if withDefault {
		add(&p.Default)
	}
	return out
}
