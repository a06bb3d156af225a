package outcome

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// Unanswered marks an ODI section the person left out.
const Unanswered = -1

// ODIMinAnswered is the fewest Oswestry sections that give a score. The
// published scoring instructions show how to score with one section missed;
// with more left out the index says too little, so there is no score.
const ODIMinAnswered = 9

// Risk is a STarT Back risk group.
type Risk string

// The STarT Back risk groups.
const (
	RiskLow    Risk = "low"
	RiskMedium Risk = "medium"
	RiskHigh   Risk = "high"
)

// odiBands are REFERENCE §3's bands. Every index a 10-section form can give
// is a whole multiple of 20/n for n sections answered, so no score falls
// between one band's end and the next band's start (between 20 and 21).
var odiBands = [...]Band{{20, "minimal"}, {40, "moderate"}, {60, "severe"}, {80, "crippled"}, {100, "bed-bound"}}

// ODIBands returns the Oswestry bands, each up to and including its Max.
func ODIBands() []Band { return slices.Clone(odiBands[:]) }

// ScoreStartBack scores STarT Back from its 9 answers: items 1–8 are 0
// (disagree) or 1 (agree); item 9 (answers[8]) is 0–4, from "not at all" to
// "extremely", and counts 1 for "very much" (3) or "extremely" (4). The
// total is 0–9 and the psychosocial subscale (items 5–9) 0–5. A total of 3
// or less is low risk; otherwise a subscale of 3 or less is medium and 4 or
// more is high.
func ScoreStartBack(answers [9]int) (total, psychosocial int, risk Risk, err error) {
	for i, a := range answers {
		limit := 1
		if i == 8 {
			limit = 4
		}
		if a < 0 || a > limit {
			return 0, 0, "", fmt.Errorf("STarT Back item %d: answer %d must be 0 to %d", i+1, a, limit)
		}
		score := a
		if i == 8 {
			score = 0
			if a >= 3 {
				score = 1
			}
		}
		total += score
		if i >= 4 {
			psychosocial += score
		}
	}
	switch {
	case total <= 3:
		risk = RiskLow
	case psychosocial <= 3:
		risk = RiskMedium
	default:
		risk = RiskHigh
	}
	return total, psychosocial, risk, nil
}

// ScoreODI scores the Oswestry Disability Index from its 10 sections, each
// 0–5 or Unanswered: the sum divided by 5 × the sections answered, × 100,
// and the band it falls in. At least ODIMinAnswered sections must be
// answered.
func ScoreODI(sections [10]int) (percent float64, band string, err error) {
	sum, answered := 0, 0
	for i, s := range sections {
		if s == Unanswered {
			continue
		}
		if s < 0 || s > 5 {
			return 0, "", fmt.Errorf("ODI section %d: answer %d must be 0 to 5", i+1, s)
		}
		sum += s
		answered++
	}
	if answered < ODIMinAnswered {
		return 0, "", fmt.Errorf("ODI: %d sections answered; at least %d are needed for a score", answered, ODIMinAnswered)
	}
	percent = float64(sum) * 100 / float64(5*answered)
	return percent, ODIBand(percent), nil
}

// ODIBand names the band of an Oswestry index (0–100).
func ODIBand(percent float64) string {
	for _, b := range odiBands {
		if percent <= b.Max {
			return b.Label
		}
	}
	return odiBands[len(odiBands)-1].Label
}

// Answer is the answer to one item, as in a FHIR QuestionnaireResponse.
type Answer struct {
	LinkID string `json:"linkId"`
	// Text is the person's own words for an own-words item (a PSFS
	// activity), and empty otherwise.
	Text string `json:"text,omitempty"`
	// Value is the answer: the number, or the chosen option's value. Nil
	// is not answered.
	Value *int `json:"value"`
}

// Score is an instrument's score for one set of answers.
type Score struct {
	Instrument string  `json:"instrument"`
	Value      float64 `json:"value"`
	Unit       string  `json:"unit"`
	// Subscale is STarT Back's psychosocial subscale.
	Subscale *int `json:"subscale,omitempty"`
	// Band is the ODI band or the STarT Back risk group.
	Band     string `json:"band,omitempty"`
	Answered int    `json:"answered"`
}

// Score checks answers against the instrument and scores them by its
// method: every linkId known and given once, values in range or among the
// options, own-words items named, required items answered, enough items
// answered.
func (in Instrument) Score(answers []Answer) (Score, error) {
	values, err := in.values(answers)
	if err != nil {
		return Score{}, fmt.Errorf("outcome: %s: %w", in.ID, err)
	}
	sc := Score{Instrument: in.ID, Unit: in.Scoring.Unit}
	for _, v := range values {
		if v != Unanswered {
			sc.Answered++
		}
	}
	switch in.Scoring.Method {
	case MethodSingle:
		if values[0] == Unanswered {
			err = errors.New("no answer")
			break
		}
		sc.Value = float64(values[0])
	case MethodMean:
		var rated []int
		for _, v := range values {
			if v != Unanswered {
				rated = append(rated, v)
			}
		}
		if len(rated) < in.Scoring.MinAnswered {
			err = fmt.Errorf("%d answered; at least %d are needed", len(rated), in.Scoring.MinAnswered)
			break
		}
		sum := 0
		for _, v := range rated {
			sum += v
		}
		sc.Value = float64(sum) / float64(len(rated))
	case MethodStartBack:
		var a [9]int
		copy(a[:], values)
		var total, psy int
		var risk Risk
		total, psy, risk, err = ScoreStartBack(a)
		sc.Value, sc.Subscale, sc.Band = float64(total), &psy, string(risk)
	case MethodODI:
		var s [10]int
		copy(s[:], values)
		sc.Value, sc.Band, err = ScoreODI(s)
	default:
		err = fmt.Errorf("unknown scoring method %q", in.Scoring.Method)
	}
	if err != nil {
		return Score{}, fmt.Errorf("outcome: %s: %w", in.ID, err)
	}
	return sc, nil
}

// values returns the answers in item order, Unanswered where there is none.
func (in Instrument) values(answers []Answer) ([]int, error) {
	values := make([]int, len(in.Items))
	for i := range values {
		values[i] = Unanswered
	}
	var errs []error
	given := map[string]bool{}
	for _, a := range answers {
		i := slices.IndexFunc(in.Items, func(it Item) bool { return it.LinkID == a.LinkID })
		if i < 0 {
			errs = append(errs, fmt.Errorf("no item %q", a.LinkID))
			continue
		}
		if given[a.LinkID] {
			errs = append(errs, fmt.Errorf("item %q answered twice", a.LinkID))
			continue
		}
		given[a.LinkID] = true
		if a.Value == nil {
			continue
		}
		it, v := in.Items[i], *a.Value
		switch it.Type {
		case TypeInteger:
			if v < *it.Min || v > *it.Max {
				errs = append(errs, fmt.Errorf("item %q: %d must be %d to %d", it.LinkID, v, *it.Min, *it.Max))
				continue
			}
		case TypeChoice:
			if !slices.ContainsFunc(it.Options, func(o Option) bool { return o.Value == v }) {
				errs = append(errs, fmt.Errorf("item %q: %d is not one of its answers", it.LinkID, v))
				continue
			}
		}
		if it.OwnWords && a.Text == "" {
			errs = append(errs, fmt.Errorf("item %q: name the activity", it.LinkID))
			continue
		}
		values[i] = v
	}
	for i, it := range in.Items {
		if it.Required && values[i] == Unanswered {
			errs = append(errs, fmt.Errorf("item %q is required", it.LinkID))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return values, nil
}

// Status is how a score has moved from its baseline.
type Status string

// The statuses: the words of the assessment contract's trend.
const (
	Better Status = "better"
	Same   Status = "same"
	Worse  Status = "worse"
)

// Change is a score's move from a baseline, judged by the instrument's
// meaningful change.
type Change struct {
	Points  float64  `json:"points"` // now − baseline
	Percent *float64 `json:"percent,omitempty"`
	// Status is empty for an instrument with no change rule (STarT Back
	// sorts people into groups; it does not measure change).
	Status Status `json:"status,omitempty"`
}

// tolerance absorbs float rounding at exact boundaries (30% of 20 is 6).
const tolerance = 1e-9

// Compare judges the change from baseline to now: meaningful at MCID
// points, or at MCIDPercent of the baseline when that is also at least
// PercentFloor points; for an instrument with only a detectable change, at
// MDC points. Whether a rise is better or worse follows HigherIsWorse.
func (in Instrument) Compare(baseline, now float64) Change {
	c := Change{Points: now - baseline}
	if baseline != 0 {
		p := 100 * c.Points / baseline
		c.Percent = &p
	}
	s := in.Scoring
	meaningful := func(d float64) bool {
		switch {
		case s.MCID > 0:
			return d >= s.MCID-tolerance ||
				s.MCIDPercent > 0 && d >= s.PercentFloor-tolerance && d >= baseline*s.MCIDPercent/100-tolerance
		case s.MDC > 0:
			return d >= s.MDC-tolerance
		}
		return false
	}
	if s.MCID <= 0 && s.MDC <= 0 {
		return c
	}
	up, down := meaningful(c.Points), meaningful(-c.Points)
	switch {
	case up && s.HigherIsWorse, down && !s.HigherIsWorse:
		c.Status = Worse
	case up, down:
		c.Status = Better
	default:
		c.Status = Same
	}
	return c
}

// Label is a score in a few words for tables and charts: "34% (moderate)",
// "5 (medium risk)", "6.3".
func (sc Score) Label() string {
	v := strconv.FormatFloat(sc.Value, 'f', 1, 64)
	if sc.Value == float64(int(sc.Value)) {
		v = strconv.Itoa(int(sc.Value))
	}
	if sc.Unit == "%" {
		v += "%"
	}
	switch {
	case sc.Instrument == "startback" && sc.Band != "":
		return v + " (" + sc.Band + " risk)"
	case sc.Band != "":
		return v + " (" + sc.Band + ")"
	}
	return v
}
