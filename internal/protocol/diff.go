package protocol

// The readable difference between two versions of a protocol: the rules
// added, removed and changed, each with its texts, so that a clinic's
// admin sees what an upload would change before activating it.

import "unknot/internal/clinical"

// RuleChange is one rule's difference between two versions.
type RuleChange struct {
	// Kind is added, removed or changed.
	Kind string `json:"kind"`
	ID   string `json:"id"`
	// Old and New are the rule before and after (nil when added or removed).
	Old *RuleText `json:"old,omitempty"`
	New *RuleText `json:"new,omitempty"`
	// Fields names what changed: when, disposition, text, sign, sources.
	Fields []string `json:"fields,omitempty"`
}

// RuleText is what a person reviewing a rule reads of it.
type RuleText struct {
	When        string               `json:"when"`
	Disposition clinical.Disposition `json:"disposition"`
	Text        string               `json:"text"`
	Sign        string               `json:"sign,omitempty"`
	Sources     []string             `json:"sources"`
}

func textOf(r Rule) *RuleText {
	return &RuleText{When: r.When, Disposition: r.Disposition, Text: r.Text, Sign: r.Sign, Sources: r.Sources}
}

// Diff lists the rules of next that old lacks (added), those of old that
// next lacks (removed) and those in both that differ (changed), in file
// order, the default reason included.
func Diff(old, next *Protocol) []RuleChange {
	before := map[string]Rule{old.Default.ID: old.Default}
	for _, r := range old.Rules {
		before[r.ID] = r
	}
	after := map[string]bool{next.Default.ID: true}
	var out []RuleChange
	for _, r := range append([]Rule{next.Default}, next.Rules...) {
		after[r.ID] = true
		o, ok := before[r.ID]
		if !ok {
			out = append(out, RuleChange{Kind: "added", ID: r.ID, New: textOf(r)})
			continue
		}
		var fields []string
		if o.When != r.When {
			fields = append(fields, "when")
		}
		if o.Disposition != r.Disposition {
			fields = append(fields, "disposition")
		}
		if o.Text != r.Text {
			fields = append(fields, "text")
		}
		if o.Sign != r.Sign {
			fields = append(fields, "sign")
		}
		if !equalStrings(o.Sources, r.Sources) {
			fields = append(fields, "sources")
		}
		if len(fields) > 0 {
			out = append(out, RuleChange{Kind: "changed", ID: r.ID, Old: textOf(o), New: textOf(r), Fields: fields})
		}
	}
	for _, r := range append([]Rule{old.Default}, old.Rules...) {
		if !after[r.ID] {
			out = append(out, RuleChange{Kind: "removed", ID: r.ID, Old: textOf(r)})
		}
	}
	return out
}

// Lowered lists the rules of old that data (a protocol file, loaded or
// not) gives a less urgent disposition, or drops, each as a finding that
// names the rule: why a protocol the floor refuses is refused, in the
// terms of the rules the admin edited.
func Lowered(old *Protocol, data []byte) []Finding {
	next, _ := load(data)
	if next == nil {
		return nil
	}
	now := map[string]Rule{}
	for _, r := range next.Rules {
		now[r.ID] = r
	}
	var out []Finding
	for _, r := range old.Rules {
		n, ok := now[r.ID]
		switch {
		case !ok && r.Disposition.Rank() > clinical.SelfCareOnly.Rank():
			out = append(out, Finding{Rule: r.ID, Field: "disposition", Problem: "this rule (" + string(r.Disposition) + ") is removed"})
		case ok && n.Disposition.Rank() < r.Disposition.Rank():
			out = append(out, Finding{Line: n.Line, Rule: r.ID, Field: "disposition",
				Problem: "lowered from " + string(r.Disposition) + " to " + string(n.Disposition)})
		}
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
