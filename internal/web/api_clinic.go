package web

// The clinic routes of the JSON API: set-up, clinics, members, the
// caseload, the audit log and API tokens.

import (
	"net/http"
	"strconv"
	"time"

	"unknot/internal/app"
	"unknot/internal/domain"
)

// apiSetup is POST /api/v1/setup: the first admin, only on a new install.
func (s *Server) apiSetup(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Email      string `json:"email"`
		Name       string `json:"name"`
		Password   string `json:"password"`
		ClinicName string `json:"clinic_name"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, c, secret, err := s.Clinics.Setup(r.Context(), clientAddress(r), app.SetupRequest{Email: req.Email, Name: req.Name,
		Password: req.Password, ClinicName: req.ClinicName})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.setSessionCookie(w, secret)
	s.writeJSON(w, r, http.StatusCreated, map[string]any{"account": toAccountJSON(u), "clinic": clinicJSON(c)})
}

// apiCreateClinic is POST /api/v1/clinics: the operator's.
func (s *Server) apiCreateClinic(w http.ResponseWriter, r *http.Request) {
	var req struct {
		AdminEmail    string `json:"admin_email"`
		AdminName     string `json:"admin_name"`
		AdminPassword string `json:"admin_password"`
		Name          string `json:"name"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, c, err := s.Clinics.CreateClinic(r.Context(), actorOf(r), app.SetupRequest{Email: req.AdminEmail, Name: req.AdminName,
		Password: req.AdminPassword, ClinicName: req.Name})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusCreated, map[string]any{"admin": toAccountJSON(u), "clinic": clinicJSON(c)})
}

// memberJSON is one member of a clinic. The user's id was first sent as
// "clinic_id", wrongly; that name is kept, with the same value, for one
// version so that integrations reading it can move to "user_id".
type memberJSON struct {
	UserID    string      `json:"user_id"`
	OldUserID string      `json:"clinic_id"`
	Role      domain.Role `json:"role"`
}

func clinicJSON(c *domain.Clinic) map[string]string {
	return map[string]string{"id": c.ID, "name": c.Name, "invite_code": c.InviteCode}
}

// apiClinic is GET /api/v1/clinics/{clinic}: the admin's view.
func (s *Server) apiClinic(w http.ResponseWriter, r *http.Request) {
	v, err := s.Clinics.Clinic(r.Context(), actorOf(r), r.PathValue("clinic"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	members := []memberJSON{}
	for _, m := range v.Members {
		members = append(members, memberJSON{UserID: m.UserID, OldUserID: m.UserID, Role: m.Role})
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"clinic": clinicJSON(&v.Clinic), "members": members})
}

// apiAddMember is POST /api/v1/clinics/{clinic}/members.
func (s *Server) apiAddMember(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Email string      `json:"email"`
		Role  domain.Role `json:"role"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Clinics.AddMember(r.Context(), actorOf(r), r.PathValue("clinic"), req.Email, req.Role); err != nil {
		s.writeError(w, r, err)
		return
	}
	// The same answer for every address: whether it has an account is
	// not told. The person joins when they accept.
	s.writeJSON(w, r, http.StatusAccepted, map[string]string{"message": "We have sent an invitation. The person joins the clinic when they accept it."})
}

// apiCaseload is GET /api/v1/clinics/{clinic}/caseload.
func (s *Server) apiCaseload(w http.ResponseWriter, r *http.Request) {
	list, err := s.Clinics.Caseload(r.Context(), actorOf(r), r.PathValue("clinic"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type item struct {
		ID          string    `json:"id"`
		CreatedAt   time.Time `json:"created_at"`
		Disposition string    `json:"disposition"`
		OwnerID     string    `json:"patient_id"`
	}
	out := []item{}
	for _, a := range list {
		out = append(out, item{ID: a.ID, CreatedAt: a.CreatedAt, Disposition: a.Disposition, OwnerID: a.OwnerID})
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"assessments": out})
}

// apiAudit is GET /api/v1/clinics/{clinic}/audit[?actor=&record=&action=&limit=].
func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	list, err := s.Clinics.ClinicAudit(r.Context(), actorOf(r), r.PathValue("clinic"),
		app.AuditQuery{Actor: q.Get("actor"), Record: q.Get("record"), Action: q.Get("action"), Limit: limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type entry struct {
		At      time.Time `json:"at"`
		Actor   string    `json:"actor"`
		Action  string    `json:"action"`
		Record  string    `json:"record"`
		Address string    `json:"address"`
		Subject string    `json:"subject,omitempty"`
	}
	out := []entry{}
	for _, e := range list {
		out = append(out, entry{At: e.At, Actor: e.Actor, Action: e.Action, Record: e.Record, Address: e.Address, Subject: e.Subject})
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"entries": out})
}

type tokenJSON struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Scope      domain.TokenScope `json:"scope"`
	CreatedAt  time.Time         `json:"created_at"`
	LastUsedAt *time.Time        `json:"last_used_at"`
	RevokedAt  *time.Time        `json:"revoked_at"`
	Token      string            `json:"token,omitempty"`
}

func toTokenJSON(t *domain.APIToken) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, Scope: t.Scope, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt}
}

// apiCreateToken is POST /api/v1/clinics/{clinic}/tokens: the secret is in
// this answer only.
func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name  string            `json:"name"`
		Scope domain.TokenScope `json:"scope"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	t, secret, err := s.Clinics.CreateAPIToken(r.Context(), actorOf(r), r.PathValue("clinic"), req.Name, req.Scope)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := toTokenJSON(t)
	out.Token = secret
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, r, http.StatusCreated, out)
}

// apiListTokens is GET /api/v1/clinics/{clinic}/tokens.
func (s *Server) apiListTokens(w http.ResponseWriter, r *http.Request) {
	list, err := s.Clinics.ListAPITokens(r.Context(), actorOf(r), r.PathValue("clinic"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := []tokenJSON{}
	for i := range list {
		out = append(out, toTokenJSON(&list[i]))
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"tokens": out})
}

// apiRevokeToken is DELETE /api/v1/clinics/{clinic}/tokens/{token}.
func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request) {
	if err := s.Clinics.RevokeAPIToken(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("token")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
