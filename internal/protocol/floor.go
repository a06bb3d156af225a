package protocol

import (
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"unknot/internal/clinical"
)

// The clinical floor: for each row of REFERENCE §1 and §1b, the lowest
// disposition any protocol may give it. A clinic may adapt wording, add
// rules, raise dispositions and tune thresholds (so floor cases use clear
// values, at or beyond REFERENCE's own thresholds), but a protocol that
// would send, say, saddle numbness to anything below emergency does not
// load. This is the control for the hazard "a protocol edit lowers a
// disposition" in docs/safety/HAZARDS.md; the cases are in floorcases.go.

// FloorCase is one combination of answers from a row of REFERENCE §1 or
// §1b and the lowest disposition a protocol may give it.
type FloorCase struct {
	Name string               // plain words, as in a finding: "saddle numbness"
	Row  string               // the REFERENCE row it comes from
	Min  clinical.Disposition // the lowest disposition allowed
	edit func(in *clinical.Input)
}

// Input is the case's answers: a person of 30 with plain low back pain,
// assessed at a fixed time, with the case's answers added.
func (c FloorCase) Input() clinical.Input {
	in := floorBase()
	c.edit(&in)
	return in
}

// FloorCases returns every case of the clinical floor, in REFERENCE order.
func FloorCases() []FloorCase {
	return append([]FloorCase(nil), floorCases...)
}

// floorTime is the fixed time floor cases are assessed at.
var floorTime = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func floorBase() clinical.Input {
	at := floorTime
	return clinical.Input{At: &at, Age: intp(30), Regions: []string{"lumbar_center"}}
}

// floor checks a compiled protocol against the clinical floor.
func (l *loader) floor(p *Protocol) {
	base := floorBase()
	f := NewFacts(&base, floorTime)
	if d := p.Disposition(p.Match(&f, nil)); d != clinical.SelfCareOnly {
		l.add(0, "", "floor", "a person of 30 with plain low back pain and no other answer gets %s, not self_care", d)
	}
	for _, c := range floorCases {
		in := c.Input()
		f := NewFacts(&in, floorTime)
		if d := p.Disposition(p.Match(&f, nil)); d.Rank() < c.Min.Rank() {
			l.add(0, "", "floor", "%s must lead to %s or higher; this protocol gives %s", c.Name, c.Min, d)
		}
	}
}

// LowerFor returns the protocol file data with every rule that gives c's
// answers c.Min or higher moved one step below c.Min: the edit the floor
// exists to refuse. Reviews and tests use it to show, case by case, that
// such a protocol does not load. data must itself load.
func LowerFor(data []byte, c FloorCase) ([]byte, error) {
	p, err := Load(data)
	if err != nil {
		return nil, err
	}
	lower := map[clinical.Disposition]clinical.Disposition{
		clinical.Emergency: clinical.Urgent, clinical.Urgent: clinical.SeeClinician,
		clinical.SeeClinician: clinical.SelfCareOnly, clinical.SelfCareOnly: clinical.SelfCareOnly,
	}[c.Min]
	in := c.Input()
	f := NewFacts(&in, floorTime)
	ids := map[string]bool{}
	for _, i := range p.Match(&f, nil) {
		if p.Rules[i].Disposition.Rank() >= c.Min.Rank() {
			ids[p.Rules[i].ID] = true
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "rules" {
			continue
		}
		for _, r := range root.Content[i+1].Content {
			setDisposition(resolve(r), ids, lower)
		}
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		return nil, fmt.Errorf("protocol.LowerFor(%s): %w", c.Name, err)
	}
	return out, nil
}

// setDisposition sets a rule mapping's disposition to d when its id is in
// ids.
func setDisposition(rule *yaml.Node, ids map[string]bool, d clinical.Disposition) {
	var id string
	for j := 0; j+1 < len(rule.Content); j += 2 {
		if rule.Content[j].Value == "id" {
			id = rule.Content[j+1].Value
		}
	}
	if !ids[id] {
		return
	}
	for j := 0; j+1 < len(rule.Content); j += 2 {
		if rule.Content[j].Value == "disposition" {
			rule.Content[j+1].Value = string(d)
		}
	}
}
