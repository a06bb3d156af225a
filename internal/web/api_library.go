package web

import (
	"net/http"

	"unknot/internal/domain"
	"unknot/internal/library"
)

// listExercises is GET /api/v1/exercises[?q=search].
func (s *Server) listExercises(w http.ResponseWriter, r *http.Request) {
	list := s.Library.Exercises()
	if q := r.URL.Query().Get("q"); q != "" {
		list = s.Library.SearchExercises(q)
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"exercises": list})
}

// getExercise is GET /api/v1/exercises/{id}.
func (s *Server) getExercise(w http.ResponseWriter, r *http.Request) {
	e, ok := s.Library.Exercise(r.PathValue("id"))
	if !ok {
		s.writeError(w, r, domain.Errorf(domain.ENotFound, "No exercise with id %q.", r.PathValue("id")))
		return
	}
	s.writeJSON(w, r, http.StatusOK, e)
}

// listArticles is GET /api/v1/articles[?q=search].
func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) {
	list := s.Library.Articles()
	if q := r.URL.Query().Get("q"); q != "" {
		list = s.Library.SearchArticles(q)
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"articles": list})
}

// getArticle is GET /api/v1/articles/{id}: the article with its HTML body.
func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) {
	a, ok := s.Library.Article(r.PathValue("id"))
	if !ok {
		s.writeError(w, r, domain.Errorf(domain.ENotFound, "No article with id %q.", r.PathValue("id")))
		return
	}
	s.writeJSON(w, r, http.StatusOK, struct {
		library.Article
		HTML string `json:"html"`
	}{a, a.HTML()})
}
