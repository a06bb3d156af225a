// Package web is unknot's HTTP layer: the JSON API, the operational
// endpoints and (later) the HTML pages. It decodes requests, hands them to the
// use cases in app, and maps the domain's errors to statuses in one place
// (errors.go). Nothing below it knows about HTTP.
package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"

	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/library"
	"unknot/internal/metrics"
	"unknot/internal/plan"
)

// Assessments is what the HTTP layer needs of the assessment use cases.
type Assessments interface {
	CreateAssessment(ctx context.Context, actor domain.Actor, body []byte) (clinical.Result, error)
	FindAssessment(ctx context.Context, actor domain.Actor, id string) (clinical.Result, error)
}

// Plans is what the HTTP layer needs of the plan use case.
type Plans interface {
	PlanForAssessment(ctx context.Context, actor domain.Actor, id, tz string) (plan.Plan, error)
}

// Health is what the readiness check needs of the database.
type Health interface {
	Ping(ctx context.Context) error
	CheckSchema(ctx context.Context) error
}

// Server holds the HTTP layer's dependencies.
type Server struct {
	Assessments Assessments
	Health      Health
	Plans       Plans
	Library     *library.Library
	Metrics     *metrics.Metrics
	Logger      *slog.Logger
	// EmergencyNumber is the phone number shown on emergency results.
	EmergencyNumber string
	// MaxBodyBytes caps request bodies; larger ones get 413.
	MaxBodyBytes int64
}

// Handler returns the whole HTTP handler, middleware included.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.Metrics.Handler())
	mux.HandleFunc("POST /api/v1/assessments", s.createAssessment)
	mux.HandleFunc("GET /api/v1/assessments/{id}", s.getAssessment)
	mux.HandleFunc("GET /api/v1/assessments/{id}/plan", s.getPlan)
	mux.HandleFunc("GET /api/v1/assessments/{id}/plan.ics", s.getPlanICS)
	mux.HandleFunc("GET /api/v1/exercises", s.listExercises)
	mux.HandleFunc("GET /api/v1/exercises/{id}", s.getExercise)
	mux.HandleFunc("GET /api/v1/articles", s.listArticles)
	mux.HandleFunc("GET /api/v1/articles/{id}", s.getArticle)
	mux.HandleFunc("/api/", s.apiNotFound)
	s.routesUI(mux)
	return s.middleware(mux)
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, domain.Errorf(domain.ENotFound, "There is no API route %s %s.", r.Method, r.URL.Path))
}

// writeJSON writes v as JSON with the given status.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.Logger.WarnContext(r.Context(), "writing response", "err", err)
	}
}
