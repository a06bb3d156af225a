package web

// Joining a clinic by consent and leaving it, and intakes, in the JSON
// API: the person's invitations and their answers (by id from the account,
// or by the mailed link), leaving a clinic, and the clinic's intakes with
// their answers.

import (
	"context"
	"net/http"
	"time"

	"unknot/internal/app"
	"unknot/internal/domain"
)

// Joins is what the HTTP layer needs of app.Joins.
type Joins interface {
	Invitations(ctx context.Context, actor domain.Actor) ([]app.InvitationView, error)
	InvitationByLink(ctx context.Context, secret string) (*app.InvitationView, error)
	Answer(ctx context.Context, actor domain.Actor, id, secret string, accept bool) (*domain.Invitation, error)
	Leave(ctx context.Context, actor domain.Actor, clinicID string) error
	Intakes(ctx context.Context, actor domain.Actor, clinicID string) ([]app.IntakeView, error)
	AnswerIntake(ctx context.Context, actor domain.Actor, clinicID, patientID string, accept bool, message string) (*domain.Intake, error)
	MyIntakes(ctx context.Context, actor domain.Actor) ([]domain.Intake, error)
}

type invitationJSON struct {
	ID         string    `json:"id"`
	ClinicID   string    `json:"clinic_id"`
	ClinicName string    `json:"clinic_name"`
	Role       string    `json:"role"`
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at"`
}

type intakeJSON struct {
	ClinicID     string     `json:"clinic_id"`
	PatientID    string     `json:"patient_id"`
	AssessmentID string     `json:"assessment_id"`
	Status       string     `json:"status"`
	Message      string     `json:"message"`
	CreatedAt    time.Time  `json:"created_at"`
	DecidedAt    *time.Time `json:"decided_at"`
}

func intakesOut(list []domain.Intake) []intakeJSON {
	out := make([]intakeJSON, 0, len(list))
	for _, in := range list {
		out = append(out, intakeJSON{ClinicID: in.ClinicID, PatientID: in.UserID, AssessmentID: in.AssessmentID, Status: in.Status,
			Message: in.Message, CreatedAt: in.CreatedAt, DecidedAt: in.DecidedAt})
	}
	return out
}

// apiMyInvitations is GET /api/v1/me/invitations.
func (s *Server) apiMyInvitations(w http.ResponseWriter, r *http.Request) {
	list, err := s.Joins.Invitations(r.Context(), actorOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]invitationJSON, 0, len(list))
	for _, in := range list {
		out = append(out, invitationJSON{ID: in.ID, ClinicID: in.ClinicID, ClinicName: in.ClinicName, Role: string(in.Role),
			CreatedAt: in.CreatedAt, ExpiresAt: in.ExpiresAt})
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"invitations": out})
}

func (s *Server) answerInvitation(w http.ResponseWriter, r *http.Request, id, secret string, accept bool) {
	in, err := s.Joins.Answer(r.Context(), actorOf(r), id, secret, accept)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	status := "declined"
	if accept {
		status = "accepted"
	}
	s.writeJSON(w, r, http.StatusOK, map[string]string{"clinic_id": in.ClinicID, "role": string(in.Role), "status": status})
}

// apiAcceptInvitation is POST /api/v1/me/invitations/{invitation}/accept.
func (s *Server) apiAcceptInvitation(w http.ResponseWriter, r *http.Request) {
	s.answerInvitation(w, r, r.PathValue("invitation"), "", true)
}

// apiDeclineInvitation is POST /api/v1/me/invitations/{invitation}/decline.
func (s *Server) apiDeclineInvitation(w http.ResponseWriter, r *http.Request) {
	s.answerInvitation(w, r, r.PathValue("invitation"), "", false)
}

// apiAcceptInvitationLink is POST /api/v1/invitations/{token}/accept: the
// mailed link, for the account it was sent to.
func (s *Server) apiAcceptInvitationLink(w http.ResponseWriter, r *http.Request) {
	s.answerInvitation(w, r, "", r.PathValue("token"), true)
}

// apiLeaveClinic is POST /api/v1/me/clinics/{clinic}/leave.
func (s *Server) apiLeaveClinic(w http.ResponseWriter, r *http.Request) {
	if err := s.Joins.Leave(r.Context(), actorOf(r), r.PathValue("clinic")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiIntakes is GET /api/v1/clinics/{clinic}/intakes.
func (s *Server) apiIntakes(w http.ResponseWriter, r *http.Request) {
	list, err := s.Joins.Intakes(r.Context(), actorOf(r), r.PathValue("clinic"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]map[string]any, 0, len(list))
	for i, in := range intakesOut(plainIntakes(list)) {
		out = append(out, map[string]any{"clinic_id": in.ClinicID, "patient_id": in.PatientID, "assessment_id": in.AssessmentID,
			"status": in.Status, "message": in.Message, "created_at": in.CreatedAt, "decided_at": in.DecidedAt,
			"name": list[i].Name, "email": list[i].Email})
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"intakes": out})
}

func plainIntakes(list []app.IntakeView) []domain.Intake {
	out := make([]domain.Intake, len(list))
	for i, v := range list {
		out[i] = v.Intake
	}
	return out
}

// apiAnswerIntake is POST /api/v1/clinics/{clinic}/intakes/{patient}/answer.
func (s *Server) apiAnswerIntake(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Decision string `json:"decision"`
		Message  string `json:"message"`
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
	in, err := s.Joins.AnswerIntake(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("patient"), accept, req.Message)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, intakesOut([]domain.Intake{*in})[0])
}

// apiMyIntakes is GET /api/v1/me/intakes.
func (s *Server) apiMyIntakes(w http.ResponseWriter, r *http.Request) {
	list, err := s.Joins.MyIntakes(r.Context(), actorOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"intakes": intakesOut(list)})
}

// acceptOrDecline reads an answer's "decision": true for accept.
func acceptOrDecline(decision string) (bool, error) {
	switch decision {
	case "accept":
		return true, nil
	case "decline":
		return false, nil
	}
	return false, &domain.Error{Code: domain.EInvalid, Message: "Please check the answer.",
		Problems: []domain.Problem{{Field: "decision", Problem: "must be accept or decline"}}}
}
