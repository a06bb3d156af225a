package web

import (
	"errors"
	"net/http"

	"unknot/internal/domain"
)

// statusByCode is the one place domain error codes become HTTP statuses.
var statusByCode = map[domain.Code]int{
	domain.ENotFound:         http.StatusNotFound,
	domain.EConflict:         http.StatusConflict,
	domain.EInvalid:          http.StatusUnprocessableEntity,
	domain.EMalformed:        http.StatusBadRequest,
	domain.EUnauthorized:     http.StatusUnauthorized,
	domain.EForbidden:        http.StatusForbidden,
	domain.ETooLarge:         http.StatusRequestEntityTooLarge,
	domain.EUnsupportedMedia: http.StatusUnsupportedMediaType,
	domain.EMethodNotAllowed: http.StatusMethodNotAllowed,
	domain.ETooManyRequests:  http.StatusTooManyRequests,
	domain.EUnavailable:      http.StatusServiceUnavailable,
	domain.EInternal:         http.StatusInternalServerError,
}

// ErrorStatus returns the HTTP status for err.
func ErrorStatus(err error) int {
	if s, ok := statusByCode[domain.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

type errorBody struct {
	Error    string           `json:"error"`
	Code     domain.Code      `json:"code"`
	Problems []domain.Problem `json:"problems,omitempty"`
	// ProblemsTotal is how many problems were found, when Problems shows
	// only the first maxProblemsShown of them.
	ProblemsTotal int    `json:"problems_total,omitempty"`
	Request       string `json:"request_id,omitempty"`
}

// maxProblemsShown caps the problems an answer lists: an error must never
// be much larger than the request that caused it.
const maxProblemsShown = 20

// writeError answers with err's status and a JSON body. Unexpected errors
// are logged with the request id and shown only as a generic message.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := domain.ErrorCode(err)
	status := ErrorStatus(err)
	if status >= 500 {
		s.Logger.ErrorContext(r.Context(), "request failed", "err", err, "status", status)
	}
	body := errorBody{Error: domain.ErrorMessage(err), Code: code, Request: RequestID(r.Context())}
	var de *domain.Error
	if errors.As(err, &de) {
		body.Problems = de.Problems
		if total := max(de.TotalProblems, len(de.Problems)); total > maxProblemsShown {
			body.Problems, body.ProblemsTotal = de.Problems[:min(len(de.Problems), maxProblemsShown)], total
		}
	}
	if code == domain.EInternal {
		body.Error = domain.ErrorMessage(nil)
	}
	s.writeJSON(w, r, status, body)
}
