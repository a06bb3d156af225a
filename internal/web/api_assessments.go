package web

import (
	"errors"
	"io"
	"net/http"

	"unknot/internal/domain"
)

// createAssessment is POST /api/v1/assessments: the contract's API surface.
func (s *Server) createAssessment(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.Assessments.CreateAssessment(r.Context(), actorOf(r), body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/assessments/"+res.ID)
	s.writeJSON(w, r, http.StatusCreated, res)
}

// getAssessment is GET /api/v1/assessments/{id}: the stored result.
func (s *Server) getAssessment(w http.ResponseWriter, r *http.Request) {
	res, err := s.Assessments.FindAssessment(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, res)
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

func clientAddress(r *http.Request) string {
	host := r.RemoteAddr
	for i := len(host) - 1; i >= 0; i-- {
		if host[i] == ':' {
			return host[:i]
		}
	}
	return host
}
