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

// problemBody is an RFC 9457 problem details object. Type, Title, Status,
// Detail and Instance are the RFC's members; Error, Code, Problems and
// Request are extensions kept from the API's first error shape, so that
// clients written against it (and the assessment contract's list of
// {field, problem}) keep working.
type problemBody struct {
	Type     string           `json:"type"`
	Title    string           `json:"title"`
	Status   int              `json:"status"`
	Detail   string           `json:"detail"`
	Instance string           `json:"instance,omitempty"`
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

// ProblemTypeBase is where each error code's problem type is described: the
// API page's section for it, served by the binary itself.
const ProblemTypeBase = "/api/v1/docs#problem-"

// writeError answers with err's status and a problem details body
// (application/problem+json). Unexpected errors are logged with the
// request id and shown only as a generic message.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := domain.ErrorCode(err)
	status := ErrorStatus(err)
	if status >= 500 {
		s.Logger.ErrorContext(r.Context(), "request failed", "err", err, "status", status)
	}
	msg := domain.ErrorMessage(err)
	if code == domain.EInternal {
		msg = domain.ErrorMessage(nil)
	}
	body := problemBody{Type: ProblemTypeBase + string(code), Title: http.StatusText(status), Status: status,
		Detail: msg, Instance: instanceOf(r), Error: msg, Code: code, Request: RequestID(r.Context())}
	var de *domain.Error
	if errors.As(err, &de) {
		body.Problems = de.Problems
		if total := max(de.TotalProblems, len(de.Problems)); total > maxProblemsShown {
			body.Problems, body.ProblemsTotal = de.Problems[:min(len(de.Problems), maxProblemsShown)], total
		}
	}
	s.writeBody(w, r, status, "application/problem+json", body)
}

// instanceOf names this occurrence by its request id, not its path: result
// links are private, and a problem body is often logged by clients.
func instanceOf(r *http.Request) string {
	if id := RequestID(r.Context()); id != "" {
		return "urn:unknot:request:" + id
	}
	return ""
}
