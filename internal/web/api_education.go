package web

// Education assigned from the chart, in the JSON API: the clinic assigns
// articles (in order) to a patient, and the patient lists theirs with when
// each was opened. Opening one is POST /api/v1/me/program/articles/{article}/read,
// the one record of reading a program's articles use too.

import (
	"net/http"
	"time"
)

type assignmentJSON struct {
	ArticleID  string    `json:"article_id"`
	Position   int       `json:"position"`
	AssignedBy string    `json:"assigned_by"`
	AssignedAt time.Time `json:"assigned_at"`
}

// apiAssignArticles is POST /api/v1/clinics/{clinic}/patients/{patient}/articles.
func (s *Server) apiAssignArticles(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Articles []string `json:"articles"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	list, err := s.Patients.AssignArticles(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("patient"), req.Articles)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]assignmentJSON, 0, len(list))
	for _, a := range list {
		out = append(out, assignmentJSON{ArticleID: a.ArticleID, Position: a.Position, AssignedBy: a.AssignedBy, AssignedAt: a.AssignedAt})
	}
	private(w)
	s.writeJSON(w, r, http.StatusCreated, map[string]any{"articles": out})
}

// apiMyReading is GET /api/v1/me/reading.
func (s *Server) apiMyReading(w http.ResponseWriter, r *http.Request) {
	list, err := s.Programs.MyReading(r.Context(), actorOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type readingJSON struct {
		ClinicID  string     `json:"clinic_id"`
		ArticleID string     `json:"article_id"`
		ReadAt    *time.Time `json:"read_at"`
	}
	out := make([]readingJSON, 0, len(list))
	for _, x := range list {
		out = append(out, readingJSON{ClinicID: x.ClinicID, ArticleID: x.ArticleID, ReadAt: x.ReadAt})
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"reading": out})
}
