package web

// The clinic and its patients talking, in the JSON API: the thread
// between a patient and their clinic (the patient's side under /me, the
// staff's under the clinic's patient), unread counts on both sides, and
// visit requests with their answers.

import (
	"context"
	"net/http"
	"time"

	"unknot/internal/app"
	"unknot/internal/domain"
)

// Messages is what the HTTP layer needs of app.Messages.
type Messages interface {
	Send(ctx context.Context, actor domain.Actor, clinicID, patientID string, in app.MessageInput) (*domain.Message, error)
	Thread(ctx context.Context, actor domain.Actor, clinicID, patientID string) (*app.Thread, error)
	UnreadForStaff(ctx context.Context, actor domain.Actor, clinicID string) (map[string]int, error)
	UnreadForMe(ctx context.Context, actor domain.Actor) (map[string]int, error)
}

// Visits is what the HTTP layer needs of app.Visits.
type Visits interface {
	Request(ctx context.Context, actor domain.Actor, assessmentID string, in app.VisitRequest) (*domain.Visit, error)
	Answer(ctx context.Context, actor domain.Actor, clinicID, visitID string, in app.VisitAnswer) (*domain.Visit, error)
	Mine(ctx context.Context, actor domain.Actor) ([]domain.Visit, error)
	OfClinic(ctx context.Context, actor domain.Actor, clinicID, patientID string) ([]domain.Visit, error)
	ForRecord(ctx context.Context, actor domain.Actor, assessmentID string) ([]domain.Visit, error)
}

type messageJSON struct {
	ID        string     `json:"id"`
	ClinicID  string     `json:"clinic_id"`
	PatientID string     `json:"patient_id"`
	AuthorID  string     `json:"author_id"`
	FromStaff bool       `json:"from_staff"`
	Text      string     `json:"text"`
	RefKind   string     `json:"ref_kind,omitempty"`
	RefID     string     `json:"ref_id,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

func messageOut(m domain.Message) messageJSON {
	return messageJSON{ID: m.ID, ClinicID: m.ClinicID, PatientID: m.UserID, AuthorID: m.AuthorID, FromStaff: m.FromStaff,
		Text: m.Text, RefKind: m.RefKind, RefID: m.RefID, CreatedAt: m.CreatedAt, ReadAt: m.ReadAt}
}

type visitJSON struct {
	ID           string     `json:"id"`
	ClinicID     string     `json:"clinic_id"`
	PatientID    string     `json:"patient_id"`
	AssessmentID string     `json:"assessment_id,omitempty"`
	Status       string     `json:"status"`
	Times        string     `json:"times"`
	Note         string     `json:"note"`
	At           *time.Time `json:"at"`
	Minutes      int        `json:"minutes"`
	Reply        string     `json:"reply"`
	CreatedAt    time.Time  `json:"created_at"`
	AnsweredAt   *time.Time `json:"answered_at"`
}

func visitOut(v domain.Visit) visitJSON {
	return visitJSON{ID: v.ID, ClinicID: v.ClinicID, PatientID: v.UserID, AssessmentID: v.AssessmentID, Status: v.Status,
		Times: v.Times, Note: v.Note, At: v.At, Minutes: v.Minutes, Reply: v.Reply, CreatedAt: v.CreatedAt, AnsweredAt: v.AnsweredAt}
}

func visitsOut(list []domain.Visit) []visitJSON {
	out := make([]visitJSON, 0, len(list))
	for _, v := range list {
		out = append(out, visitOut(v))
	}
	return out
}

type messageRequest struct {
	Text    string `json:"text"`
	RefKind string `json:"ref_kind"`
	RefID   string `json:"ref_id"`
}

func (s *Server) writeThread(w http.ResponseWriter, r *http.Request, th *app.Thread, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]messageJSON, 0, len(th.Messages))
	for _, m := range th.Messages {
		out = append(out, messageOut(m))
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"clinic_id": th.ClinicID, "patient_id": th.UserID, "unread": th.Unread, "messages": out})
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request, clinicID, patientID string) {
	var req messageRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	m, err := s.Messages.Send(r.Context(), actorOf(r), clinicID, patientID, app.MessageInput{Text: req.Text, RefKind: req.RefKind, RefID: req.RefID})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusCreated, messageOut(*m))
}

// apiMyThread is GET /api/v1/me/clinics/{clinic}/messages.
func (s *Server) apiMyThread(w http.ResponseWriter, r *http.Request) {
	th, err := s.Messages.Thread(r.Context(), actorOf(r), r.PathValue("clinic"), actorOf(r).UserID)
	s.writeThread(w, r, th, err)
}

// apiMySend is POST /api/v1/me/clinics/{clinic}/messages.
func (s *Server) apiMySend(w http.ResponseWriter, r *http.Request) {
	s.sendMessage(w, r, r.PathValue("clinic"), actorOf(r).UserID)
}

// apiPatientThread is GET /api/v1/clinics/{clinic}/patients/{patient}/messages.
func (s *Server) apiPatientThread(w http.ResponseWriter, r *http.Request) {
	th, err := s.Messages.Thread(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("patient"))
	s.writeThread(w, r, th, err)
}

// apiPatientSend is POST /api/v1/clinics/{clinic}/patients/{patient}/messages.
func (s *Server) apiPatientSend(w http.ResponseWriter, r *http.Request) {
	s.sendMessage(w, r, r.PathValue("clinic"), r.PathValue("patient"))
}

func writeUnread(s *Server, w http.ResponseWriter, r *http.Request, key string, by map[string]int, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	total := 0
	for _, n := range by {
		total += n
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{key: by, "total": total})
}

// apiMyUnread is GET /api/v1/me/messages/unread: per clinic.
func (s *Server) apiMyUnread(w http.ResponseWriter, r *http.Request) {
	by, err := s.Messages.UnreadForMe(r.Context(), actorOf(r))
	writeUnread(s, w, r, "by_clinic", by, err)
}

// apiClinicUnread is GET /api/v1/clinics/{clinic}/messages/unread: per patient.
func (s *Server) apiClinicUnread(w http.ResponseWriter, r *http.Request) {
	by, err := s.Messages.UnreadForStaff(r.Context(), actorOf(r), r.PathValue("clinic"))
	writeUnread(s, w, r, "by_patient", by, err)
}

// apiRequestVisit is POST /api/v1/assessments/{id}/visits.
func (s *Server) apiRequestVisit(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Times string `json:"times"`
		Note  string `json:"note"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.Visits.Request(r.Context(), actorOf(r), r.PathValue("id"), app.VisitRequest{Times: req.Times, Note: req.Note})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusCreated, visitOut(*v))
}

// apiMyVisits is GET /api/v1/me/visits.
func (s *Server) apiMyVisits(w http.ResponseWriter, r *http.Request) {
	list, err := s.Visits.Mine(r.Context(), actorOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"visits": visitsOut(list)})
}

// apiClinicVisits is GET /api/v1/clinics/{clinic}/visits.
func (s *Server) apiClinicVisits(w http.ResponseWriter, r *http.Request) {
	list, err := s.Visits.OfClinic(r.Context(), actorOf(r), r.PathValue("clinic"), "")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"visits": visitsOut(list)})
}

// apiAnswerVisit is POST /api/v1/clinics/{clinic}/visits/{visit}/answer.
func (s *Server) apiAnswerVisit(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Decision string     `json:"decision"`
		At       *time.Time `json:"at"`
		Minutes  int        `json:"minutes"`
		Reply    string     `json:"reply"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	accept, err := acceptOrDecline(req.Decision)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	in := app.VisitAnswer{Accept: accept, Minutes: req.Minutes, Reply: req.Reply}
	if req.At != nil {
		in.At = *req.At
	}
	v, err := s.Visits.Answer(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("visit"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, visitOut(*v))
}
