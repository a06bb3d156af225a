package web

// The session-note routes of the JSON API: a patient's notes, a new draft,
// one note, changing a draft, signing it, and addenda to a signed note.

import (
	"context"
	"net/http"

	"unknot/internal/app"
	"unknot/internal/domain"
	"unknot/internal/notes"
)

// Notes is what the HTTP layer needs of app.Notes.
type Notes interface {
	Create(ctx context.Context, actor domain.Actor, clinicID, patientID string, in app.NoteInput) (*notes.Note, error)
	Get(ctx context.Context, actor domain.Actor, clinicID, id string) (*notes.Note, error)
	List(ctx context.Context, actor domain.Actor, clinicID, patientID string) ([]notes.Note, error)
	Update(ctx context.Context, actor domain.Actor, clinicID, id string, in app.NoteInput) (*notes.Note, error)
	Sign(ctx context.Context, actor domain.Actor, clinicID, id string) (*notes.Note, error)
	AddAddendum(ctx context.Context, actor domain.Actor, clinicID, id, text string) (*notes.Addendum, error)
}

// noteRequest is a note as the API takes it.
type noteRequest struct {
	Date            string     `json:"date"`
	DurationMinutes int        `json:"duration_minutes"`
	Template        string     `json:"template"`
	Body            notes.Body `json:"body"`
}

func (n noteRequest) input() app.NoteInput {
	return app.NoteInput{Date: n.Date, DurationMinutes: n.DurationMinutes, Body: n.Body, Template: n.Template}
}

// apiListNotes is GET /api/v1/clinics/{clinic}/patients/{patient}/session-notes.
func (s *Server) apiListNotes(w http.ResponseWriter, r *http.Request) {
	list, err := s.Notes.List(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("patient"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"notes": nonNil(list)})
}

// apiCreateNote is POST /api/v1/clinics/{clinic}/patients/{patient}/session-notes: a draft.
func (s *Server) apiCreateNote(w http.ResponseWriter, r *http.Request) {
	var req noteRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.Notes.Create(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("patient"), req.input())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusCreated, n)
}

// apiGetNote is GET /api/v1/clinics/{clinic}/session-notes/{note}.
func (s *Server) apiGetNote(w http.ResponseWriter, r *http.Request) {
	n, err := s.Notes.Get(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("note"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, n)
}

// apiUpdateNote is PUT /api/v1/clinics/{clinic}/session-notes/{note}: a
// draft changes; a signed note answers 409.
func (s *Server) apiUpdateNote(w http.ResponseWriter, r *http.Request) {
	var req noteRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.Notes.Update(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("note"), req.input())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, n)
}

// apiSignNote is POST /api/v1/clinics/{clinic}/session-notes/{note}/sign.
func (s *Server) apiSignNote(w http.ResponseWriter, r *http.Request) {
	n, err := s.Notes.Sign(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("note"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, n)
}

// apiAddAddendum is POST /api/v1/clinics/{clinic}/session-notes/{note}/addenda.
func (s *Server) apiAddAddendum(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Text string `json:"text"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.Notes.AddAddendum(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("note"), req.Text)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusCreated, a)
}
