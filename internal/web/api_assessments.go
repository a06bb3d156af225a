package web

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strings"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/domain"
)

// createAssessment is POST /api/v1/assessments: the contract's API surface.
func (s *Server) createAssessment(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	in, err := clinical.Decode(body)
	if err != nil {
		s.writeError(w, r, app.InputError(err))
		return
	}
	res, stored, err := s.Assessments.CreateEncoded(r.Context(), actorOf(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/assessments/"+res.ID)
	// The result as stored is the answer writeJSON would encode again.
	s.writeEncoded(w, r, http.StatusCreated, "application/json", stored)
}

// getAssessment is GET /api/v1/assessments/{id}: the stored result.
func (s *Server) getAssessment(w http.ResponseWriter, r *http.Request) {
	res, err := s.Assessments.Find(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, res)
}

// apiClaim is POST /api/v1/assessments/{id}/claim.
func (s *Server) apiClaim(w http.ResponseWriter, r *http.Request) {
	if err := s.Assessments.Claim(r.Context(), actorOf(r), r.PathValue("id")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiShare is POST /api/v1/assessments/{id}/share {"invite_code": "…"}.
func (s *Server) apiShare(w http.ResponseWriter, r *http.Request) {
	var req struct {
		InviteCode string `json:"invite_code"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.Assessments.Share(r.Context(), actorOf(r), r.PathValue("id"), req.InviteCode)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]string{"clinic_id": c.ID, "clinic_name": c.Name})
}

// readBody reads the whole request body, turning an over-limit body into 413.
func readBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, domain.Errorf(domain.ETooLarge, "The request body is larger than %d bytes.", tooBig.Limit)
	}
	if err != nil {
		return nil, &domain.Error{Code: domain.EMalformed, Message: "The request body could not be read.", Err: err}
	}
	return body, nil
}

// clientAddress is the address the request came from, as the middleware
// worked it out (see Server.TrustProxy).
func clientAddress(r *http.Request) string {
	if a, ok := r.Context().Value(addressKey).(string); ok {
		return a
	}
	return hostOf(r.RemoteAddr)
}

// hostOf drops the port from an address.
func hostOf(addr string) string {
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr
}

// remoteAddress is the client's address: the peer, or, behind a trusted
// proxy, the last address the proxy appended to X-Forwarded-For (earlier
// ones are whatever the client sent, and can be forged).
func (s *Server) remoteAddress(r *http.Request) string {
	if s.TrustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if last := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(last) != nil {
				return last
			}
		}
	}
	return hostOf(r.RemoteAddr)
}
