package web

// A clinic's own protocol, in the JSON API: its versions, an upload
// (checked; refused naming each finding), one version's difference from
// the active one with its test results, and activation (restoring an
// older version is activating it).

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"unknot/internal/app"
	"unknot/internal/domain"
)

// Protocols is what the HTTP layer needs of app.Protocols.
type Protocols interface {
	Upload(ctx context.Context, actor domain.Actor, clinicID string, body, cases []byte) (*app.ProtocolVersion, error)
	Version(ctx context.Context, actor domain.Actor, clinicID, version string) (*app.ProtocolVersion, error)
	List(ctx context.Context, actor domain.Actor, clinicID string) (*app.ProtocolsView, error)
	Activate(ctx context.Context, actor domain.Actor, clinicID, version string) error
}

type protocolRowJSON struct {
	Version     string     `json:"version"`
	UploadedBy  string     `json:"uploaded_by"`
	UploadedAt  time.Time  `json:"uploaded_at"`
	Active      bool       `json:"active"`
	ActivatedBy string     `json:"activated_by,omitempty"`
	ActivatedAt *time.Time `json:"activated_at"`
}

func protocolRow(cp domain.ClinicProtocol) protocolRowJSON {
	return protocolRowJSON{Version: cp.Version, UploadedBy: cp.UploadedBy, UploadedAt: cp.UploadedAt, Active: cp.Active,
		ActivatedBy: cp.ActivatedBy, ActivatedAt: cp.ActivatedAt}
}

func protocolVersionJSON(v *app.ProtocolVersion) map[string]any {
	return map[string]any{"version": protocolRow(v.ClinicProtocol), "id": v.ID, "title": v.Title,
		"changes": nonNil(v.Changes), "results": nonNil(v.Results), "passed": v.Passed}
}

// apiProtocols is GET /api/v1/clinics/{clinic}/protocols.
func (s *Server) apiProtocols(w http.ResponseWriter, r *http.Request) {
	v, err := s.Protocols.List(r.Context(), actorOf(r), r.PathValue("clinic"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rows := make([]protocolRowJSON, 0, len(v.Versions))
	for _, cp := range v.Versions {
		rows = append(rows, protocolRow(cp))
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"active_version": v.ActiveVersion, "default": v.Default, "versions": rows})
}

// apiUploadProtocol is POST /api/v1/clinics/{clinic}/protocols: {"protocol":
// the file's text, "cases": the clinic's test cases (a JSON list)}.
func (s *Server) apiUploadProtocol(w http.ResponseWriter, r *http.Request) {
	// The protocol is a file, longer than other text: it is taken raw and
	// checked here (valid UTF-8 by decodeJSON, no NUL, at most 512 KiB).
	var req struct {
		Protocol json.RawMessage `json:"protocol"`
		Cases    json.RawMessage `json:"cases"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	var text string
	if len(req.Protocol) > 0 && json.Unmarshal(req.Protocol, &text) != nil || strings.IndexByte(text, 0) >= 0 {
		s.writeError(w, r, &domain.Error{Code: domain.EInvalid, Message: "Some fields could not be accepted.",
			Problems: []domain.Problem{{Field: "protocol", Problem: "must be the protocol file as text, without NUL characters"}}})
		return
	}
	if string(req.Cases) == "null" {
		req.Cases = nil
	}
	v, err := s.Protocols.Upload(r.Context(), actorOf(r), r.PathValue("clinic"), []byte(text), req.Cases)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusCreated, protocolVersionJSON(v))
}

// apiProtocolVersion is GET /api/v1/clinics/{clinic}/protocols/{version}.
func (s *Server) apiProtocolVersion(w http.ResponseWriter, r *http.Request) {
	v, err := s.Protocols.Version(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("version"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, protocolVersionJSON(v))
}

// apiActivateProtocol is POST /api/v1/clinics/{clinic}/protocols/{version}/activate.
func (s *Server) apiActivateProtocol(w http.ResponseWriter, r *http.Request) {
	if err := s.Protocols.Activate(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("version")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
