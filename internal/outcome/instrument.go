// Package outcome holds the outcome instruments as data and their scoring:
// the numeric pain rating, the Patient-Specific Functional Scale, STarT Back
// and the Oswestry Disability Index (REFERENCE §3; docs/INSTRUMENTS.md).
//
// An instrument is a FHIR-Questionnaire-like JSON file: items with a linkId,
// text, type and answer options, and a scoring section. Licensed
// instruments ship with their structure and scoring only, every text empty
// and requires_licensed_text set; LoadWording merges the wording a clinic is
// licensed to use. The package is pure: no HTTP, no storage, no clock.
package outcome

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sync"

	"unknot/content"
)

// Instrument is one questionnaire.
type Instrument struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Version string `json:"version"`
	// Terms says under what terms the instrument is used (REFERENCE §3).
	Terms string `json:"terms"`
	// RequiresLicensedText marks an instrument whose wording unknot does
	// not ship: its texts are empty until LoadWording fills them.
	RequiresLicensedText bool `json:"requires_licensed_text"`
	// Licence is the clinic's statement of its licence, from the wording
	// file; empty for instruments unknot ships whole.
	Licence     string  `json:"licence,omitempty"`
	Code        *Coding `json:"code,omitempty"` // e.g. LOINC, for FHIR export
	Instruction string  `json:"instruction,omitempty"`
	// EveryWeeks is how often the instrument is due after the baseline.
	EveryWeeks int     `json:"every_weeks"`
	Items      []Item  `json:"items"`
	Scoring    Scoring `json:"scoring"`
}

// Coding names a code in a code system, as FHIR does.
type Coding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display"`
}

// Item is one question.
type Item struct {
	LinkID string `json:"linkId"`
	Text   string `json:"text"`
	// OwnWords marks an item whose text is the person's own (a PSFS
	// activity): it comes with the answer, not the instrument.
	OwnWords bool     `json:"own_words,omitempty"`
	Type     string   `json:"type"` // "integer" or "choice"
	Required bool     `json:"required"`
	Min      *int     `json:"min,omitempty"` // integer items
	Max      *int     `json:"max,omitempty"`
	Options  []Option `json:"answerOption,omitempty"` // choice items
}

// Option is one answer to a choice item: the value stored, its text, and
// what it adds to the score.
type Option struct {
	Value int    `json:"value"`
	Text  string `json:"text"`
	Score int    `json:"score"`
}

// Scoring is how answers become a score, and how to read a change in it.
type Scoring struct {
	// Method is "single" (the one answer), "mean" (of the answered items),
	// "startback" or "odi".
	Method        string  `json:"method"`
	Min           float64 `json:"min"`
	Max           float64 `json:"max"`
	Unit          string  `json:"unit"`
	HigherIsWorse bool    `json:"higher_is_worse"`
	// MinAnswered is the fewest answered items that give a score; 0 means
	// every required item.
	MinAnswered int `json:"min_answered,omitempty"`
	// A change is meaningful at MCID points, or at MCIDPercent of the
	// baseline when that is at least PercentFloor points; or, for an
	// instrument with only a detectable change, at MDC points.
	MCID         float64 `json:"mcid,omitempty"`
	MCIDPercent  float64 `json:"mcid_percent,omitempty"`
	PercentFloor float64 `json:"percent_floor,omitempty"`
	MDC          float64 `json:"mdc,omitempty"`
	// Subscale lists the linkIds of a subscale (STarT Back's
	// psychosocial items).
	Subscale []string `json:"subscale,omitempty"`
	// Bands name ranges of the score, each up to and including Max.
	Bands   []Band   `json:"bands,omitempty"`
	Text    string   `json:"text"`
	Sources []string `json:"sources"`
}

// Band names the scores up to and including Max (and above the band
// before).
type Band struct {
	Max   float64 `json:"max"`
	Label string  `json:"label"`
}

// The scoring methods.
const (
	MethodSingle    = "single"
	MethodMean      = "mean"
	MethodStartBack = "startback"
	MethodODI       = "odi"
)

// Item types.
const (
	TypeInteger = "integer"
	TypeChoice  = "choice"
)

// Set is a checked set of instruments, read-only after Load.
type Set struct {
	list []Instrument
	byID map[string]int
}

// Load reads every *.json file in fsys, one instrument each, and checks
// them (see Check); all problems are reported together.
func Load(fsys fs.FS) (s *Set, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("outcome.Load: %w", err)
		}
	}()
	s = &Set{byID: map[string]int{}}
	var errs []error
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".json" {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		var in Instrument
		if err := decodeStrict(data, &in); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
			return nil
		}
		if err := Check(in); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
			return nil
		}
		if _, dup := s.byID[in.ID]; dup {
			errs = append(errs, fmt.Errorf("%s: instrument %q defined twice", p, in.ID))
			return nil
		}
		s.byID[in.ID] = len(s.list)
		s.list = append(s.list, in)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

// Get returns the instrument with the id, a copy the caller may change.
func (s *Set) Get(id string) (Instrument, bool) {
	i, ok := s.byID[id]
	if !ok {
		return Instrument{}, false
	}
	return s.list[i].clone(), true
}

// All returns every instrument, in file name order.
func (s *Set) All() []Instrument {
	out := make([]Instrument, len(s.list))
	for i, in := range s.list {
		out[i] = in.clone()
	}
	return out
}

// clone copies the instrument deeply enough that changing the copy's
// texts or lists cannot change the set.
func (in Instrument) clone() Instrument {
	in.Items = slices.Clone(in.Items)
	for i := range in.Items {
		in.Items[i].Options = slices.Clone(in.Items[i].Options)
	}
	if in.Code != nil {
		c := *in.Code
		in.Code = &c
	}
	in.Scoring.Subscale = slices.Clone(in.Scoring.Subscale)
	in.Scoring.Bands = slices.Clone(in.Scoring.Bands)
	in.Scoring.Sources = slices.Clone(in.Scoring.Sources)
	return in
}

var defaultSet = sync.OnceValue(func() *Set {
	sub, err := fs.Sub(content.Instruments, "instruments")
	if err != nil {
		panic(err)
	}
	s, err := Load(sub)
	if err != nil {
		// The embedded instruments are checked by this package's tests.
		panic(err)
	}
	return s
})

// Default returns the instruments built into the binary
// (content/instruments), loaded once.
func Default() *Set { return defaultSet() }

// With returns a copy of the set with each given instrument in place of
// the one with its id (a clinic's licensed wording merged in). Every
// replacement is checked; an id the set lacks is refused.
func (s *Set) With(replacements ...Instrument) (*Set, error) {
	out := &Set{list: make([]Instrument, len(s.list)), byID: make(map[string]int, len(s.byID))}
	for i, in := range s.list {
		out.list[i] = in.clone()
		out.byID[in.ID] = i
	}
	for _, in := range replacements {
		i, ok := out.byID[in.ID]
		if !ok {
			return nil, fmt.Errorf("outcome: no instrument %q to replace", in.ID)
		}
		if err := Check(in); err != nil {
			return nil, fmt.Errorf("outcome: %s: %w", in.ID, err)
		}
		out.list[i] = in.clone()
	}
	return out, nil
}
