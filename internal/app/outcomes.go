package app

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"unknot/internal/authz"
	"unknot/internal/chart"
	"unknot/internal/domain"
	"unknot/internal/outcome"
)

// OutcomeStore is what the outcome use cases need of a database.
type OutcomeStore interface {
	assessmentReader
	PutOutcome(ctx context.Context, o *outcome.Response) error
	ListOutcomes(ctx context.Context, f domain.OutcomeFilter) ([]outcome.Response, error)
}

// Outcomes are the use cases of outcome questionnaires. Who may answer
// one is authz's KindReport: the person, or a write token of the clinic
// their plan is shared with; the clinic's staff read the answers.
type Outcomes struct {
	unit[OutcomeStore]
	instruments *outcome.Set
	days        days
}

// NotReadyText is what a licensed instrument without its wording says.
const NotReadyText = "needs your clinic's licensed wording"

// InstrumentInfo is an instrument and whether it can be shown: STarT Back
// and the Oswestry index are listed but not ready until the clinic loads
// the wording it is licensed to use.
type InstrumentInfo struct {
	outcome.Instrument
	Ready bool
	// NotReady says why the instrument cannot be shown; "" when it can.
	NotReady string
}

func info(in outcome.Instrument) InstrumentInfo {
	i := InstrumentInfo{Instrument: in, Ready: true}
	if err := outcome.Ready(in); err != nil {
		i.Ready, i.NotReady = false, NotReadyText
	}
	return i
}

// Instruments lists the outcome instruments and which are ready. Their
// definitions are public: no health data, no authorisation.
func (s *Outcomes) Instruments(ctx context.Context) []InstrumentInfo {
	all := s.instruments.All()
	out := make([]InstrumentInfo, len(all))
	for i, in := range all {
		out[i] = info(in)
	}
	return out
}

// Instrument returns one instrument, or ENotFound.
func (s *Outcomes) Instrument(ctx context.Context, id string) (InstrumentInfo, error) {
	in, ok := s.instruments.Get(id)
	if !ok {
		return InstrumentInfo{}, domain.Errorf(domain.ENotFound, "No instrument %q.", id)
	}
	return info(in), nil
}

// OutcomeTaken is one completed instrument, as stored.
type OutcomeTaken struct {
	ID      string
	Date    string
	TakenAt time.Time
	Score   outcome.Score
	Answers []outcome.Answer
	Licence string
}

// InstrumentOutcomes is one instrument's part of a plan's outcomes.
type InstrumentOutcomes struct {
	Instrument InstrumentInfo
	// Due are the dates it was due from the plan's start up to today, then
	// the next one (YYYY-MM-DD in the person's zone).
	Due []string
	// DueNow is set when the latest due date has passed with no answer
	// on or after it.
	DueNow bool
	// DueDate is the date it is due now, or next when it is not.
	DueDate string
	History []OutcomeTaken
	// Change is the latest score against the first, when there are two.
	Change *outcome.Change
	Chart  chart.LineChart
}

// OutcomesView is a plan's outcome instruments: when each is due, its
// history and its change from the baseline.
type OutcomesView struct {
	AssessmentID string
	// OwnerID is whose answers they are: pages show the forms to them only.
	OwnerID     string
	Today       string
	Start       string
	Instruments []InstrumentOutcomes
}

// Outcomes returns the outcome instruments of an assessment's plan, for
// the person and their clinic: when each is due (at the plan's start and
// then every 2 or 4 weeks, as the instrument says), what is due now, the
// history with scores and the change from the baseline. Each read is
// audited.
func (s *Outcomes) View(ctx context.Context, actor domain.Actor, assessmentID string) (v *OutcomesView, err error) {
	defer domain.Wrap(&err, "Outcomes")
	var d *diaryContext
	var list []outcome.Response
	var owner string
	err = s.audited(ctx, func(tx OutcomeStore) error {
		rec, err := access(ctx, tx, actor, authz.Read, authz.KindReport, "read", "outcomes", assessmentID)
		if err != nil {
			return err
		}
		if d, err = s.days.load(rec, tx.Now()); err != nil {
			return err
		}
		owner = rec.OwnerID
		list, err = tx.ListOutcomes(ctx, domain.OutcomeFilter{AssessmentID: rec.ID})
		return err
	})
	if err != nil {
		return nil, err
	}
	v = &OutcomesView{AssessmentID: assessmentID, OwnerID: owner, Today: d.today, Start: d.start}
	start, _ := time.ParseInLocation(time.DateOnly, d.start, d.loc)
	today, _ := time.ParseInLocation(time.DateOnly, d.today, d.loc)
	for _, in := range s.instruments.All() {
		row := InstrumentOutcomes{Instrument: info(in)}
		for _, o := range list {
			if o.Instrument == in.ID {
				row.History = append(row.History, taken(in, o))
			}
		}
		// The dates up to today and the next one after it.
		weeks := max(in.EveryWeeks, 1)
		for _, t := range in.Due(start, today.AddDate(0, 0, 7*weeks)) {
			row.Due = append(row.Due, t.Format(time.DateOnly))
		}
		row.DueNow, row.DueDate = dueNow(row.Due, d.today, row.History)
		if n := len(row.History); n >= 2 {
			c := in.Compare(row.History[0].Score.Value, row.History[n-1].Score.Value)
			row.Change = &c
		}
		row.Chart = instrumentChart(in, row.History, []chart.Marker{planStarted(d.start)})
		v.Instruments = append(v.Instruments, row)
	}
	return v, nil
}

// dueNow finds the latest due date on or before today: the instrument is
// due now when nothing was answered on or after it. Otherwise DueDate is
// the next date after today.
func dueNow(due []string, today string, history []OutcomeTaken) (bool, string) {
	i := len(due) - 1
	for i >= 0 && due[i] > today {
		i--
	}
	next := ""
	if i+1 < len(due) {
		next = due[i+1]
	}
	if i < 0 {
		return false, next
	}
	for _, h := range history {
		if h.Date >= due[i] {
			return false, next
		}
	}
	return true, due[i]
}

func taken(in outcome.Instrument, o outcome.Response) OutcomeTaken {
	answered := 0
	for _, a := range o.Answers {
		if a.Value != nil {
			answered++
		}
	}
	return OutcomeTaken{ID: o.ID, Date: o.Date, TakenAt: o.TakenAt, Answers: o.Answers, Licence: o.Licence,
		Score: outcome.Score{Instrument: in.ID, Value: o.Score, Unit: in.Scoring.Unit, Subscale: o.Subscale, Band: o.Band,
			Answered: answered}}
}

// RecordOutcome checks answers against an instrument, scores them and
// stores them for the plan of an assessment, dated the person's today.
// Each problem names its field as answers[linkId]. A licensed instrument
// whose wording the clinic has not loaded is refused (EConflict).
func (s *Outcomes) Record(ctx context.Context, actor domain.Actor, assessmentID, instrumentID string, answers []outcome.Answer) (t OutcomeTaken, err error) {
	defer domain.Wrap(&err, "RecordOutcome")
	err = s.inTx(ctx, func(tx OutcomeStore) error {
		rec, err := access(ctx, tx, actor, authz.Write, authz.KindReport, "write", "outcomes", assessmentID)
		if err != nil {
			return err
		}
		if rec.OwnerID == "" {
			return domain.Errorf(domain.EConflict,
				"These questions need an account: keep this result in your account first, then answer them.")
		}
		in, ok := s.instruments.Get(instrumentID)
		if !ok {
			return invalid("instrument", "is not one we know")
		}
		if err := outcome.Ready(in); err != nil {
			return &domain.Error{Code: domain.EConflict,
				Message:  in.Title + " " + NotReadyText + " before it can be used.",
				Problems: []domain.Problem{{Field: "instrument", Problem: NotReadyText}}}
		}
		if probs := checkAnswers(in, answers); len(probs) > 0 {
			return &domain.Error{Code: domain.EInvalid, Message: "Some answers could not be accepted.", Problems: probs}
		}
		sc, err := in.Score(answers)
		if err != nil {
			return &domain.Error{Code: domain.EInvalid, Message: "Some answers could not be accepted.",
				Problems: []domain.Problem{{Field: "answers", Problem: "are not enough to give a score: " + scoreProblem(err)}}, Err: err}
		}
		d, err := s.days.load(rec, tx.Now())
		if err != nil {
			return err
		}
		o := outcome.Response{ID: NewID(), UserID: rec.OwnerID, AssessmentID: rec.ID, Instrument: in.ID,
			Answers: answers, Score: sc.Value, Subscale: sc.Subscale, Band: sc.Band, Licence: in.Licence,
			Date: d.today, TakenAt: tx.Now()}
		if err := tx.PutOutcome(ctx, &o); err != nil {
			return err
		}
		t = taken(in, o)
		t.Score = sc
		return nil
	})
	return t, err
}

// scoreProblem is the scoring error without the package's prefix.
func scoreProblem(err error) string {
	var last error = err
	for u := errors.Unwrap(last); u != nil; u = errors.Unwrap(last) {
		last = u
	}
	return last.Error()
}

// checkAnswers checks answers item by item, as outcome's scoring does, so
// that each problem names its field: answers[linkId].
func checkAnswers(in outcome.Instrument, answers []outcome.Answer) []domain.Problem {
	var probs []domain.Problem
	bad := func(id, problem string) {
		probs = append(probs, domain.Problem{Field: "answers[" + id + "]", Problem: problem})
	}
	given := map[string]bool{}
	for _, ans := range answers {
		i := slices.IndexFunc(in.Items, func(it outcome.Item) bool { return it.LinkID == ans.LinkID })
		if i < 0 {
			bad(ans.LinkID, "is not a question of "+in.Title)
			continue
		}
		if given[ans.LinkID] {
			bad(ans.LinkID, "is answered twice")
			continue
		}
		given[ans.LinkID] = true
		it := in.Items[i]
		if ans.Value == nil {
			continue
		}
		v := *ans.Value
		switch it.Type {
		case outcome.TypeInteger:
			if v < *it.Min || v > *it.Max {
				bad(it.LinkID, "must be a whole number from "+strconv.Itoa(*it.Min)+" to "+strconv.Itoa(*it.Max))
				continue
			}
		case outcome.TypeChoice:
			if !slices.ContainsFunc(it.Options, func(o outcome.Option) bool { return o.Value == v }) {
				bad(it.LinkID, "is not one of the answers to choose from")
				continue
			}
		}
		if it.OwnWords && ans.Text == "" {
			bad(it.LinkID, "needs the activity named in your own words")
		}
	}
	for _, it := range in.Items {
		if !it.Required {
			continue
		}
		i := slices.IndexFunc(answers, func(ans outcome.Answer) bool { return ans.LinkID == it.LinkID })
		if i < 0 || answers[i].Value == nil {
			bad(it.LinkID, "is needed")
		}
	}
	return probs
}
