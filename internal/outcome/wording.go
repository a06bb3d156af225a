package outcome

import (
	"errors"
	"fmt"
	"slices"
)

// Wording is the file a clinic supplies with the text of an instrument it is
// licensed to use:
//
//	{"instrument": "startback", "licence": "Used under Keele University's non-commercial terms by Example Clinic",
//	 "items": [{"linkId": "1", "text": "…", "answerOption": [{"value": 0, "text": "…"}, {"value": 1, "text": "…"}]}, …]}
//
// Title and Instruction, when given, replace the instrument's own.
type Wording struct {
	Instrument  string        `json:"instrument"`
	Licence     string        `json:"licence"`
	Title       string        `json:"title,omitempty"`
	Instruction string        `json:"instruction,omitempty"`
	Items       []WordingItem `json:"items"`
}

// WordingItem is one item's text and its answers' texts, by value.
type WordingItem struct {
	LinkID  string          `json:"linkId"`
	Text    string          `json:"text"`
	Options []WordingOption `json:"answerOption,omitempty"`
}

// WordingOption is the text of one answer.
type WordingOption struct {
	Value int    `json:"value"`
	Text  string `json:"text"`
}

// LoadWording merges a clinic's wording file into def by linkId and answer
// value, and returns the result; def itself is not changed. It refuses a
// file for another instrument, without a licence statement, naming an item
// or answer the instrument does not have, giving one twice, or leaving any
// item or answer of def without text. The structure and scoring stay def's:
// wording cannot change a score.
func LoadWording(def Instrument, wordingFile []byte) (Instrument, error) {
	in, err := loadWording(def, wordingFile)
	if err != nil {
		return Instrument{}, fmt.Errorf("outcome.LoadWording(%q): %w", def.ID, err)
	}
	return in, nil
}

func loadWording(def Instrument, data []byte) (Instrument, error) {
	var w Wording
	if err := decodeStrict(data, &w); err != nil {
		return Instrument{}, err
	}
	if w.Instrument != def.ID {
		return Instrument{}, fmt.Errorf("the file is for instrument %q", w.Instrument)
	}
	if w.Licence == "" {
		return Instrument{}, errors.New("the file must say under what licence the clinic uses this wording (licence)")
	}
	in := def.clone()
	in.Licence = w.Licence
	if w.Title != "" {
		in.Title = w.Title
	}
	if w.Instruction != "" {
		in.Instruction = w.Instruction
	}
	index := make(map[string]int, len(in.Items))
	for i, it := range in.Items {
		index[it.LinkID] = i
	}
	var errs []error
	done := map[string]bool{}
	for _, wi := range w.Items {
		i, ok := index[wi.LinkID]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("item %q is not in the instrument", wi.LinkID))
			continue
		case done[wi.LinkID]:
			errs = append(errs, fmt.Errorf("item %q given twice", wi.LinkID))
			continue
		case in.Items[i].OwnWords:
			errs = append(errs, fmt.Errorf("item %q is in the person's own words", wi.LinkID))
			continue
		}
		done[wi.LinkID] = true
		it := &in.Items[i]
		it.Text = wi.Text
		given := map[int]bool{}
		for _, wo := range wi.Options {
			j := slices.IndexFunc(it.Options, func(o Option) bool { return o.Value == wo.Value })
			switch {
			case j < 0:
				errs = append(errs, fmt.Errorf("item %q has no answer %d", wi.LinkID, wo.Value))
			case given[wo.Value]:
				errs = append(errs, fmt.Errorf("item %q answer %d given twice", wi.LinkID, wo.Value))
			default:
				given[wo.Value] = true
				it.Options[j].Text = wo.Text
			}
		}
	}
	if err := Ready(in); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return Instrument{}, err
	}
	return in, nil
}
