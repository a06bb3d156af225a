package web

// The caseload and chart routes of the JSON API: the clinic's patients
// ordered by need, one patient's chart, questionnaires assigned from it,
// and the clinic's "no check-in for N days".

import (
	"context"
	"net/http"
	"time"

	"unknot/internal/app"
	"unknot/internal/caseload"
	"unknot/internal/domain"
	"unknot/internal/program"
)

// Patients is what the HTTP layer needs of app.Patients.
type Patients interface {
	Caseload(ctx context.Context, actor domain.Actor, clinicID string, q app.CaseloadQuery) (*app.CaseloadView, error)
	PatientChart(ctx context.Context, actor domain.Actor, clinicID, patientID string) (*app.Chart, error)
	AssignQuestionnaire(ctx context.Context, actor domain.Actor, clinicID, patientID, instrument string, everyDays int, startsOn string) (*domain.QuestionnaireAssignment, error)
	SetCheckinGap(ctx context.Context, actor domain.Actor, clinicID string, days int) error
	AssignArticles(ctx context.Context, actor domain.Actor, clinicID, patientID string, ids []string) ([]domain.ArticleAssignment, error)
}

// private marks an answer with health data: never kept by any cache.
func private(w http.ResponseWriter) { w.Header().Set("Cache-Control", "private, no-store") }

type caseRowJSON struct {
	PatientID   string             `json:"patient_id"`
	Name        string             `json:"name"`
	Email       string             `json:"email"`
	TherapistID string             `json:"therapist_id,omitempty"`
	Today       string             `json:"today"`
	Reasons     []caseload.Item    `json:"reasons"`
	LastCheckin string             `json:"last_checkin,omitempty"`
	Adherence   *program.Adherence `json:"adherence,omitempty"`
	Program     int                `json:"program_version,omitempty"`
	Assessment  string             `json:"latest_assessment_id,omitempty"`
}

func caseRows(rows []caseload.Row) []caseRowJSON {
	out := make([]caseRowJSON, 0, len(rows))
	for _, r := range rows {
		j := caseRowJSON{PatientID: r.PatientID, Name: r.Name, Email: r.Email, TherapistID: r.TherapistID, Today: r.Today,
			Reasons: r.Items, LastCheckin: r.LastCheckin, Adherence: r.Adherence, Assessment: r.LatestAssessment}
		if j.Reasons == nil {
			j.Reasons = []caseload.Item{}
		}
		if r.Program != nil {
			j.Program = r.Program.Version
		}
		out = append(out, j)
	}
	return out
}

func caseloadQuery(r *http.Request) app.CaseloadQuery {
	q := r.URL.Query()
	return app.CaseloadQuery{Mine: q.Get("mine") == "true" || q.Get("mine") == "1", Reason: caseload.Reason(q.Get("reason")), Query: q.Get("q")}
}

// apiPatients is GET /api/v1/clinics/{clinic}/patients[?mine=true&reason=&q=]:
// the caseload ordered by need.
func (s *Server) apiPatients(w http.ResponseWriter, r *http.Request) {
	v, err := s.Patients.Caseload(r.Context(), actorOf(r), r.PathValue("clinic"), caseloadQuery(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"patients": caseRows(v.Rows), "total": v.Total, "checkin_gap_days": v.GapDays})
}

// apiChart is GET /api/v1/clinics/{clinic}/patients/{patient}: the chart.
func (s *Server) apiChart(w http.ResponseWriter, r *http.Request) {
	c, err := s.Patients.PatientChart(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("patient"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type assessmentJSON struct {
		ID              string    `json:"id"`
		CreatedAt       time.Time `json:"created_at"`
		Disposition     string    `json:"disposition"`
		ProtocolID      string    `json:"protocol_id"`
		ProtocolVersion string    `json:"protocol_version"`
	}
	type assignedJSON struct {
		Instrument string `json:"instrument"`
		EveryDays  int    `json:"every_days"`
		StartsOn   string `json:"starts_on"`
	}
	type auditJSON struct {
		At     time.Time `json:"at"`
		Actor  string    `json:"actor"`
		Action string    `json:"action"`
		Record string    `json:"record"`
	}
	out := map[string]any{
		"patient":   map[string]string{"id": c.Patient.ID, "name": c.Patient.Name, "email": c.Patient.Email},
		"programs":  nonNil(c.Programs),
		"sessions":  nonNil(c.Sessions),
		"notes":     nonNil(c.Notes),
		"adherence": c.Adherence,
	}
	as := []assessmentJSON{}
	for _, a := range c.Assessments {
		as = append(as, assessmentJSON{ID: a.ID, CreatedAt: a.CreatedAt, Disposition: a.Disposition, ProtocolID: a.ProtocolID, ProtocolVersion: a.ProtocolVersion})
	}
	out["assessments"] = as
	qs := []assignedJSON{}
	for _, a := range c.Assigned {
		qs = append(qs, assignedJSON{Instrument: a.Instrument, EveryDays: a.EveryDays, StartsOn: a.StartsOn})
	}
	out["questionnaires"] = qs
	au := []auditJSON{}
	for _, e := range c.Audit {
		au = append(au, auditJSON{At: e.At, Actor: e.Actor, Action: e.Action, Record: e.Record})
	}
	out["audit"] = au
	diary := []map[string]any{}
	if c.Diary != nil {
		for _, e := range c.Diary.Entries {
			diary = append(diary, map[string]any{"date": e.Date, "pain_now": e.PainNow, "pain_worst": e.PainWorst})
		}
	}
	out["diary"] = diary
	outcomes := []map[string]any{}
	for _, o := range c.Outcomes {
		outcomes = append(outcomes, map[string]any{"instrument": o.Instrument, "date": o.Date, "score": o.Score, "band": o.Band})
	}
	out["outcomes"] = outcomes
	read := map[string]time.Time{}
	for id, at := range c.Read {
		read[id] = at
	}
	out["education_read"] = read
	private(w)
	s.writeJSON(w, r, http.StatusOK, out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// apiAssignQuestionnaire is POST /api/v1/clinics/{clinic}/patients/{patient}/questionnaires.
func (s *Server) apiAssignQuestionnaire(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Instrument string `json:"instrument"`
		EveryDays  int    `json:"every_days"`
		StartsOn   string `json:"starts_on"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.Patients.AssignQuestionnaire(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("patient"), req.Instrument, req.EveryDays, req.StartsOn)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusCreated, map[string]any{"instrument": a.Instrument, "every_days": a.EveryDays, "starts_on": a.StartsOn})
}

// apiClinicSettings is PUT /api/v1/clinics/{clinic}/settings.
func (s *Server) apiClinicSettings(w http.ResponseWriter, r *http.Request) {
	var req struct {
		CheckinGapDays int `json:"checkin_gap_days"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Patients.SetCheckinGap(r.Context(), actorOf(r), r.PathValue("clinic"), req.CheckinGapDays); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"checkin_gap_days": req.CheckinGapDays})
}
