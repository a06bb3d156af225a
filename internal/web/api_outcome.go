package web

import (
	"context"
	"math"
	"net/http"
	"time"

	"unknot/internal/app"
	"unknot/internal/domain"
	"unknot/internal/outcome"
)

// Outcomes is what the HTTP layer needs of the outcome instrument use
// cases.
type Outcomes interface {
	Instruments(ctx context.Context) []app.InstrumentInfo
	Instrument(ctx context.Context, id string) (app.InstrumentInfo, error)
	View(ctx context.Context, actor domain.Actor, assessmentID string) (*app.OutcomesView, error)
	Record(ctx context.Context, actor domain.Actor, assessmentID, instrumentID string, answers []outcome.Answer) (app.OutcomeTaken, error)
}

// instrumentJSON is an instrument's definition and whether it can be used.
type instrumentJSON struct {
	outcome.Instrument
	Ready    bool   `json:"ready"`
	NotReady string `json:"not_ready,omitempty"`
}

func toInstrumentJSON(i app.InstrumentInfo) instrumentJSON {
	return instrumentJSON{Instrument: i.Instrument, Ready: i.Ready, NotReady: i.NotReady}
}

// answerJSON is one answer as the API takes and gives it. Value is read
// as a number so that 2.5 is named as a wrong answer, not a broken body.
type answerJSON struct {
	LinkID string   `json:"link_id"`
	Text   string   `json:"text,omitempty"`
	Value  *float64 `json:"value"`
}

// outcomeRequest is the body of POST /api/v1/assessments/{id}/outcomes.
type outcomeRequest struct {
	Instrument string       `json:"instrument"`
	Answers    []answerJSON `json:"answers"`
}

func (req outcomeRequest) answers() ([]outcome.Answer, error) {
	var probs []domain.Problem
	if req.Instrument == "" {
		probs = append(probs, domain.Problem{Field: "instrument", Problem: "is needed: the id of the instrument answered"})
	}
	out := make([]outcome.Answer, 0, len(req.Answers))
	for _, a := range req.Answers {
		ans := outcome.Answer{LinkID: a.LinkID, Text: a.Text}
		if a.Value != nil {
			v := *a.Value
			if v != math.Trunc(v) || math.Abs(v) > 1e6 {
				probs = append(probs, domain.Problem{Field: "answers[" + a.LinkID + "]", Problem: "must be a whole number"})
				continue
			}
			n := int(v)
			ans.Value = &n
		}
		out = append(out, ans)
	}
	if len(probs) > 0 {
		return nil, &domain.Error{Code: domain.EInvalid, Message: "Some answers could not be accepted.", Problems: probs}
	}
	return out, nil
}

type takenJSON struct {
	ID      string        `json:"id"`
	Date    string        `json:"date"`
	TakenAt time.Time     `json:"taken_at"`
	Score   outcome.Score `json:"score"`
	Label   string        `json:"label"`
	Answers []answerJSON  `json:"answers"`
	Licence string        `json:"licence,omitempty"`
}

func toTakenJSON(t app.OutcomeTaken) takenJSON {
	out := takenJSON{ID: t.ID, Date: t.Date, TakenAt: t.TakenAt, Score: t.Score, Label: t.Score.Label(),
		Answers: make([]answerJSON, len(t.Answers)), Licence: t.Licence}
	for i, a := range t.Answers {
		out.Answers[i] = answerJSON{LinkID: a.LinkID, Text: a.Text}
		if a.Value != nil {
			v := float64(*a.Value)
			out.Answers[i].Value = &v
		}
	}
	return out
}

// apiInstruments is GET /api/v1/instruments: every instrument, and which
// are ready to use.
func (s *Server) apiInstruments(w http.ResponseWriter, r *http.Request) {
	list := s.Outcomes.Instruments(r.Context())
	out := make([]instrumentJSON, len(list))
	for i, in := range list {
		out[i] = toInstrumentJSON(in)
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"instruments": out})
}

// apiInstrument is GET /api/v1/instruments/{id}.
func (s *Server) apiInstrument(w http.ResponseWriter, r *http.Request) {
	in, err := s.Outcomes.Instrument(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, toInstrumentJSON(in))
}

// apiOutcomes is GET /api/v1/assessments/{id}/outcomes: for each
// instrument, when it is due, its history, its change from the baseline
// and its chart's data.
func (s *Server) apiOutcomes(w http.ResponseWriter, r *http.Request) {
	v, err := s.Outcomes.View(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type item struct {
		ID         string          `json:"id"`
		Title      string          `json:"title"`
		Ready      bool            `json:"ready"`
		NotReady   string          `json:"not_ready,omitempty"`
		EveryWeeks int             `json:"every_weeks"`
		Due        []string        `json:"due"`
		DueNow     bool            `json:"due_now"`
		DueDate    string          `json:"due_date,omitempty"`
		History    []takenJSON     `json:"history"`
		Change     *outcome.Change `json:"change"`
		Chart      chartJSON       `json:"chart"`
	}
	out := make([]item, len(v.Instruments))
	for i, in := range v.Instruments {
		it := item{ID: in.Instrument.ID, Title: in.Instrument.Title, Ready: in.Instrument.Ready,
			NotReady: in.Instrument.NotReady, EveryWeeks: in.Instrument.EveryWeeks, Due: in.Due, DueNow: in.DueNow,
			DueDate: in.DueDate, History: make([]takenJSON, len(in.History)), Change: in.Change,
			Chart: toChartJSON(in.Chart)}
		if it.Due == nil {
			it.Due = []string{}
		}
		for j, h := range in.History {
			it.History[j] = toTakenJSON(h)
		}
		out[i] = it
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.writeJSON(w, r, http.StatusOK, map[string]any{"assessment_id": v.AssessmentID, "today": v.Today, "start": v.Start,
		"instruments": out})
}

// apiRecordOutcome is POST /api/v1/assessments/{id}/outcomes: one
// completed instrument, scored and stored. 201 with the score.
func (s *Server) apiRecordOutcome(w http.ResponseWriter, r *http.Request) {
	var req outcomeRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	answers, err := req.answers()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	t, err := s.Outcomes.Record(r.Context(), actorOf(r), r.PathValue("id"), req.Instrument, answers)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusCreated, map[string]any{"instrument": req.Instrument, "response": toTakenJSON(t)})
}
