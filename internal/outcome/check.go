package outcome

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// Check reports every problem with an instrument's definition: required
// fields, unique linkIds, well-formed items, a known scoring method whose
// structure matches the scoring code, and the text rule: an instrument that
// requires licensed text and has no licence carries no wording at all (so
// that none can be shipped by mistake); any other has text on every item
// and option except the person's own words.
func Check(in Instrument) error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("instrument %q: %s", in.ID, fmt.Sprintf(format, args...)))
	}
	if in.ID == "" || in.Title == "" || in.Version == "" || in.Terms == "" {
		bad("id, title, version and terms are required")
	}
	if in.Scoring.Text == "" || len(in.Scoring.Sources) == 0 {
		bad("scoring needs a text and sources")
	}
	switch in.EveryWeeks {
	case 0, 2, 3, 4:
	default:
		bad("every_weeks must be 0 (baseline only), 2, 3 or 4, not %d", in.EveryWeeks)
	}
	if len(in.Items) == 0 {
		bad("no items")
	}
	shipped := in.RequiresLicensedText && in.Licence == ""
	seen := map[string]bool{}
	for _, it := range in.Items {
		if it.LinkID == "" || seen[it.LinkID] {
			bad("item linkId %q is empty or repeated", it.LinkID)
		}
		seen[it.LinkID] = true
		switch it.Type {
		case TypeInteger:
			if it.Min == nil || it.Max == nil || *it.Min >= *it.Max || len(it.Options) > 0 {
				bad("integer item %q needs min < max and no answer options", it.LinkID)
			}
		case TypeChoice:
			if len(it.Options) < 2 {
				bad("choice item %q needs at least two answer options", it.LinkID)
			}
			values := map[int]bool{}
			for _, o := range it.Options {
				if values[o.Value] {
					bad("item %q: answer value %d repeated", it.LinkID, o.Value)
				}
				values[o.Value] = true
			}
		default:
			bad("item %q: unknown type %q", it.LinkID, it.Type)
		}
		if shipped && !it.OwnWords && (it.Text != "" || slices.ContainsFunc(it.Options, func(o Option) bool { return o.Text != "" })) {
			bad("item %q has wording, but the instrument requires licensed text: ship its structure only", it.LinkID)
		}
	}
	if !shipped {
		if err := Ready(in); err != nil {
			errs = append(errs, err)
		}
	}
	for i, b := range in.Scoring.Bands {
		if b.Label == "" || i > 0 && b.Max <= in.Scoring.Bands[i-1].Max {
			bad("bands need labels and rising maxima")
		}
	}
	if n := len(in.Scoring.Bands); n > 0 && in.Scoring.Bands[n-1].Max != in.Scoring.Max {
		bad("the last band must end at the scoring max")
	}
	if err := checkMethod(in); err != nil {
		bad("%v", err)
	}
	return errors.Join(errs...)
}

// checkMethod checks that the items fit the scoring code of the method.
func checkMethod(in Instrument) error {
	s := in.Scoring
	switch s.Method {
	case MethodSingle:
		if len(in.Items) != 1 || in.Items[0].Type != TypeInteger {
			return errors.New(`method "single" needs exactly one integer item`)
		}
	case MethodMean:
		for _, it := range in.Items {
			if it.Type != TypeInteger {
				return errors.New(`method "mean" needs integer items`)
			}
		}
		if s.MinAnswered < 1 || s.MinAnswered > len(in.Items) {
			return errors.New(`method "mean" needs min_answered from 1 to the number of items`)
		}
	case MethodStartBack:
		if len(in.Items) != 9 {
			return errors.New("STarT Back has 9 items")
		}
		for i, it := range in.Items {
			want := []Option{{Value: 0}, {Value: 1, Score: 1}}
			if i == 8 {
				// Item 9 counts for its two highest answers only.
				want = []Option{{Value: 0}, {Value: 1}, {Value: 2}, {Value: 3, Score: 1}, {Value: 4, Score: 1}}
			}
			if it.LinkID != strconv.Itoa(i+1) || !sameOptions(it.Options, want) {
				return fmt.Errorf("STarT Back item %d must be linkId %q with answers %v", i+1, strconv.Itoa(i+1), want)
			}
		}
		if !slices.Equal(s.Subscale, []string{"5", "6", "7", "8", "9"}) {
			return errors.New("STarT Back's psychosocial subscale is items 5 to 9")
		}
	case MethodODI:
		if len(in.Items) != 10 {
			return errors.New("the Oswestry Disability Index has 10 sections")
		}
		want := []Option{{0, "", 0}, {1, "", 1}, {2, "", 2}, {3, "", 3}, {4, "", 4}, {5, "", 5}}
		for i, it := range in.Items {
			if it.LinkID != strconv.Itoa(i+1) || !sameOptions(it.Options, want) || it.Required {
				return fmt.Errorf("ODI section %d must be linkId %q, optional, with answers 0 to 5 scoring their value", i+1, strconv.Itoa(i+1))
			}
		}
		if !slices.Equal(s.Bands, ODIBands()) || s.MinAnswered != ODIMinAnswered {
			return fmt.Errorf("ODI bands must be %v and min_answered %d", ODIBands(), ODIMinAnswered)
		}
	default:
		return fmt.Errorf("unknown scoring method %q", s.Method)
	}
	return nil
}

// sameOptions compares values and scores, not texts.
func sameOptions(got, want []Option) bool {
	return slices.EqualFunc(got, want, func(a, b Option) bool { return a.Value == b.Value && a.Score == b.Score })
}

// Ready reports whether an instrument can be shown: every item and answer
// option has its text, except items in the person's own words.
func Ready(in Instrument) error {
	var missing []string
	for _, it := range in.Items {
		if it.OwnWords {
			continue
		}
		if it.Text == "" {
			missing = append(missing, it.LinkID)
			continue
		}
		for _, o := range it.Options {
			if o.Text == "" {
				missing = append(missing, it.LinkID+" answer "+strconv.Itoa(o.Value))
			}
		}
	}
	if len(missing) > 0 {
		what := "has no text"
		if in.RequiresLicensedText && in.Licence == "" {
			what = "has no text: load the wording the clinic is licensed to use (LoadWording)"
		}
		return fmt.Errorf("instrument %q: items %v %s", in.ID, missing, what)
	}
	return nil
}
