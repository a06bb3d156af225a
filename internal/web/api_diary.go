package web

import (
	"context"
	"net/http"
	"time"

	"unknot/internal/app"
	"unknot/internal/chart"
	"unknot/internal/clinical"
	"unknot/internal/diary"
	"unknot/internal/domain"
)

// Diaries is what the HTTP layer needs of the diary use cases.
type Diaries interface {
	CheckIn(ctx context.Context, actor domain.Actor, assessmentID string, e diary.Entry) (app.CheckinResult, error)
	View(ctx context.Context, actor domain.Actor, assessmentID string) (*app.DiaryView, error)
	CSV(ctx context.Context, actor domain.Actor, assessmentID string) ([]byte, error)
	// StopCheckIn is the check-in's stop at the first emergency answer.
	StopCheckIn(ctx context.Context, actor domain.Actor, assessmentID string, redFlags []string) (app.Stopped, error)
}

// apiResolveFlag is POST /api/v1/clinics/{clinic}/flags/{flag}/resolve:
// the clinic's therapist or admin has dealt with it.
func (s *Server) apiResolveFlag(w http.ResponseWriter, r *http.Request) {
	if err := s.Clinics.ResolveFlag(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("flag")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// checkinRequest is the body of POST /api/v1/checkins. The four ratings
// are required; date defaults to the person's today.
type checkinRequest struct {
	AssessmentID   string   `json:"assessment_id"`
	Date           string   `json:"date"`
	PainNow        *int     `json:"pain_now"`
	PainWorst      *int     `json:"pain_worst"`
	Stiffness      *int     `json:"stiffness"`
	Activity       *int     `json:"activity"`
	SleepDisturbed bool     `json:"sleep_disturbed"`
	Done           []string `json:"done"`
	RedFlags       []string `json:"red_flags"`
}

func (req checkinRequest) entry() (diary.Entry, error) {
	var missing []domain.Problem
	rating := func(field string, v *int) int {
		if v == nil {
			missing = append(missing, domain.Problem{Field: field, Problem: "is needed: a whole number from 0 to 10"})
			return 0
		}
		return *v
	}
	e := diary.Entry{Date: req.Date, PainNow: rating("pain_now", req.PainNow), PainWorst: rating("pain_worst", req.PainWorst),
		Stiffness: rating("stiffness", req.Stiffness), Activity: rating("activity", req.Activity),
		SleepDisturbed: req.SleepDisturbed, Done: req.Done, RedFlags: req.RedFlags}
	if req.AssessmentID == "" {
		missing = append([]domain.Problem{{Field: "assessment_id", Problem: "is needed: the assessment whose plan this check-in is for"}}, missing...)
	}
	if len(missing) > 0 {
		return e, &domain.Error{Code: domain.EInvalid, Message: "Some answers are missing.", Problems: missing}
	}
	return e, nil
}

type trendJSON struct {
	Status        diary.Status `json:"status"`
	Text          string       `json:"text"`
	ChangePoints  float64      `json:"change_points"`
	ChangePercent *float64     `json:"change_percent,omitempty"`
	Baseline      float64      `json:"baseline"`
	BaselineFrom  string       `json:"baseline_from"`
	Recent        float64      `json:"recent"`
	RecentDays    int          `json:"recent_days"`
	Days          int          `json:"days"`
	Adherence     float64      `json:"adherence"`
}

func toTrendJSON(t diary.Trend) trendJSON {
	return trendJSON{Status: t.Status, Text: t.Text, ChangePoints: t.Change, ChangePercent: t.ChangePercent,
		Baseline: t.Baseline, BaselineFrom: t.BaselineFrom, Recent: t.Recent, RecentDays: t.RecentDays, Days: t.Days,
		Adherence: t.Adherence}
}

type escalationJSON struct {
	Step diary.Step `json:"step"`
	// Disposition is the advice now (after any re-triage); "" to carry on.
	Disposition clinical.Disposition `json:"disposition,omitempty"`
	Advice      string               `json:"advice"`
	Because     []string             `json:"because"`
	Sources     []string             `json:"sources"`
	NewRedFlags []string             `json:"new_red_flags,omitempty"`
	Adjust      any                  `json:"adjust,omitempty"`
}

type flagJSON struct {
	ID           string     `json:"id"`
	PatientID    string     `json:"patient_id"`
	AssessmentID string     `json:"assessment_id"`
	Reason       string     `json:"reason"`
	Text         string     `json:"text"`
	At           time.Time  `json:"at"`
	ResolvedAt   *time.Time `json:"resolved_at,omitempty"`
}

func toFlagsJSON(list []domain.ClinicFlag) []flagJSON {
	out := make([]flagJSON, len(list))
	for i, f := range list {
		out[i] = flagJSON{ID: f.ID, PatientID: f.UserID, AssessmentID: f.AssessmentID, Reason: f.Reason, Text: f.Text,
			At: f.At, ResolvedAt: f.ResolvedAt}
	}
	return out
}

// apiCheckIn is POST /api/v1/checkins: the signed-in person's check-in for
// the plan of one of their assessments, or a clinic's write token's for
// one of its patients. 201 for a new day, 200 when the day's check-in was
// changed.
func (s *Server) apiCheckIn(w http.ResponseWriter, r *http.Request) {
	var req checkinRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := req.entry()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.Diary.CheckIn(r.Context(), actorOf(r), req.AssessmentID, e)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	esc := escalationJSON{Step: res.Escalation.Step, Disposition: res.Disposition, Advice: res.Escalation.Advice,
		Because: res.Escalation.Because, Sources: res.Escalation.Sources, NewRedFlags: res.Escalation.Retriage}
	if res.Escalation.Adjust != nil {
		esc.Adjust = res.Escalation.Adjust
	}
	if res.Retriage != nil {
		esc.Advice = res.Retriage.Action
	}
	body := map[string]any{"entry": res.Entry, "trend": toTrendJSON(res.Trend), "escalation": esc,
		"flags": toFlagsJSON(res.Flags)}
	if res.Retriage != nil {
		body["retriage"] = res.Retriage
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	s.writeJSON(w, r, status, body)
}

type chartJSON struct {
	ID      string        `json:"id"`
	Title   string        `json:"title"`
	YLabel  string        `json:"y_label"`
	YMax    float64       `json:"y_max,omitempty"`
	YUnit   string        `json:"y_unit,omitempty"`
	From    string        `json:"from"`
	To      string        `json:"to"`
	Series  []seriesJSON  `json:"series"`
	Markers []chartMarker `json:"markers"`
}

type seriesJSON struct {
	Name   string      `json:"name"`
	Points []pointJSON `json:"points"`
}

type pointJSON struct {
	Date  string  `json:"date"`
	Value float64 `json:"value"`
	Note  string  `json:"note,omitempty"`
}

type chartMarker struct {
	Date  string           `json:"date"`
	Label string           `json:"label"`
	Kind  chart.MarkerKind `json:"kind"`
}

func toChartJSON(c chart.LineChart) chartJSON {
	out := chartJSON{ID: c.ID, Title: c.Title, YLabel: c.YLabel, YMax: c.YMax, YUnit: c.YUnit, From: c.From, To: c.To,
		Series: make([]seriesJSON, len(c.Series)), Markers: make([]chartMarker, len(c.Markers))}
	for i, s := range c.Series {
		ps := make([]pointJSON, len(s.Points))
		for j, p := range s.Points {
			ps[j] = pointJSON{Date: p.Date, Value: p.Value, Note: p.Note}
		}
		out.Series[i] = seriesJSON{Name: s.Name, Points: ps}
	}
	for i, m := range c.Markers {
		out.Markers[i] = chartMarker{Date: m.Date, Label: m.Label, Kind: m.Kind}
	}
	return out
}

// apiDiary is GET /api/v1/assessments/{id}/diary: the entries, the trend
// and the charts' data.
func (s *Server) apiDiary(w http.ResponseWriter, r *http.Request) {
	v, err := s.Diary.View(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	charts := make([]chartJSON, len(v.Charts))
	for i, c := range v.Charts {
		charts[i] = toChartJSON(c)
	}
	entries := v.Entries
	if entries == nil {
		entries = []diary.Entry{}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.writeJSON(w, r, http.StatusOK, map[string]any{"assessment_id": v.AssessmentID, "today": v.Today, "start": v.Start,
		"entries": entries, "trend": v.Trend, "charts": charts, "questions": v.Questions})
}

// apiDiaryCSV is GET /api/v1/assessments/{id}/diary.csv.
func (s *Server) apiDiaryCSV(w http.ResponseWriter, r *http.Request) {
	b, err := s.Diary.CSV(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="unknot-diary.csv"`)
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(b)
}

// apiClinicFlags is GET /api/v1/clinics/{clinic}/flags.
func (s *Server) apiClinicFlags(w http.ResponseWriter, r *http.Request) {
	list, err := s.Clinics.ClinicFlags(r.Context(), actorOf(r), r.PathValue("clinic"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"flags": toFlagsJSON(list)})
}

// apiWorsening is GET /api/v1/clinics/{clinic}/worsening: the clinic's
// patients whose pain is getting worse.
func (s *Server) apiWorsening(w http.ResponseWriter, r *http.Request) {
	list, err := s.Clinics.Worsening(r.Context(), actorOf(r), r.PathValue("clinic"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type item struct {
		PatientID    string  `json:"patient_id"`
		AssessmentID string  `json:"assessment_id"`
		Today        string  `json:"today"`
		Baseline     float64 `json:"baseline"`
		BaselineFrom string  `json:"baseline_from"`
		Recent       float64 `json:"recent"`
		RecentDays   int     `json:"recent_days"`
		ChangePoints float64 `json:"change_points"`
	}
	out := make([]item, len(list))
	for i, it := range list {
		out[i] = item{PatientID: it.UserID, AssessmentID: it.AssessmentID, Today: it.Today, Baseline: it.Baseline,
			BaselineFrom: it.BaselineFrom, Recent: it.Recent, RecentDays: it.RecentDays, ChangePoints: it.Change}
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"patients": out})
}
