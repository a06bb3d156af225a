package web

import (
	"net/http"

	"unknot/internal/domain"
	"unknot/internal/plan"
)

// getPlan is GET /api/v1/assessments/{id}/plan[?tz=Zone].
func (s *Server) getPlan(w http.ResponseWriter, r *http.Request) {
	p, err := s.plan(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, p)
}

// getPlanICS is GET /api/v1/assessments/{id}/plan.ics: the plan's sessions,
// the ice-to-heat switch and the re-checks as an RFC 5545 calendar.
func (s *Server) getPlanICS(w http.ResponseWriter, r *http.Request) {
	p, err := s.plan(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var visits []domain.Visit
	if s.Visits != nil {
		if visits, err = s.Visits.ForRecord(r.Context(), actorOf(r), r.PathValue("id")); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="unknot-plan.ics"`)
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(planCalendar(p, visits...))
}

func (s *Server) plan(r *http.Request) (plan.Plan, error) {
	return s.Assessments.Plan(r.Context(), actorOf(r), r.PathValue("id"), r.URL.Query().Get("tz"))
}
