package web

// The program routes of the JSON API: the builder's starting point, the
// preview, assigning a new version, the clinic's templates, and the
// patient's own program and its log.

import (
	"context"
	"net/http"

	"unknot/internal/domain"
	"unknot/internal/plan"
	"unknot/internal/program"

	"unknot/internal/app"
)

// Programs is what the HTTP layer needs of app.Programs.
type Programs interface {
	Draft(ctx context.Context, actor domain.Actor, clinicID, patientID, template string) (program.Program, error)
	Preview(ctx context.Context, actor domain.Actor, clinicID, patientID string, p program.Program) (plan.Plan, error)
	Assign(ctx context.Context, actor domain.Actor, clinicID, patientID string, p program.Program) (*program.Version, error)
	Versions(ctx context.Context, actor domain.Actor, clinicID, patientID string) ([]program.Version, error)
	Templates(ctx context.Context, actor domain.Actor, clinicID string) ([]program.Template, error)
	SaveTemplate(ctx context.Context, actor domain.Actor, clinicID, name string, p program.Program) (*program.Template, error)
	Mine(ctx context.Context, actor domain.Actor) (*app.MyProgram, error)
	LogSession(ctx context.Context, actor domain.Actor, date string, done []string) (*program.Session, error)
	MarkRead(ctx context.Context, actor domain.Actor, articleID string) error
	MyReading(ctx context.Context, actor domain.Actor) ([]app.Reading, error)
}

// apiMarkArticleRead is POST /api/v1/me/program/articles/{article}/read:
// the patient read an article their program assigns.
func (s *Server) apiMarkArticleRead(w http.ResponseWriter, r *http.Request) {
	if err := s.Programs.MarkRead(r.Context(), actorOf(r), r.PathValue("article")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiProgramVersions is GET /api/v1/clinics/{clinic}/patients/{patient}/programs.
func (s *Server) apiProgramVersions(w http.ResponseWriter, r *http.Request) {
	list, err := s.Programs.Versions(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("patient"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"versions": nonNil(list)})
}

// apiAssignProgram is POST /api/v1/clinics/{clinic}/patients/{patient}/programs:
// a new version, current from today.
func (s *Server) apiAssignProgram(w http.ResponseWriter, r *http.Request) {
	var p program.Program
	if err := decodeJSON(r, &p); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.Programs.Assign(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("patient"), p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusCreated, v)
}

// apiProgramDraft is GET /api/v1/clinics/{clinic}/patients/{patient}/programs/draft[?template=plan|ID]:
// where the builder starts.
func (s *Server) apiProgramDraft(w http.ResponseWriter, r *http.Request) {
	p, err := s.Programs.Draft(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("patient"), r.URL.Query().Get("template"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, p)
}

// apiProgramPreview is POST /api/v1/clinics/{clinic}/patients/{patient}/programs/preview:
// the patient's plan with the program laid over it, not assigned.
func (s *Server) apiProgramPreview(w http.ResponseWriter, r *http.Request) {
	var p program.Program
	if err := decodeJSON(r, &p); err != nil {
		s.writeError(w, r, err)
		return
	}
	pl, err := s.Programs.Preview(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("patient"), p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, pl)
}

// apiProgramTemplates is GET /api/v1/clinics/{clinic}/program-templates.
func (s *Server) apiProgramTemplates(w http.ResponseWriter, r *http.Request) {
	list, err := s.Programs.Templates(r.Context(), actorOf(r), r.PathValue("clinic"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"templates": nonNil(list)})
}

// apiSaveProgramTemplate is POST /api/v1/clinics/{clinic}/program-templates.
func (s *Server) apiSaveProgramTemplate(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name    string          `json:"name"`
		Program program.Program `json:"program"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	t, err := s.Programs.SaveTemplate(r.Context(), actorOf(r), r.PathValue("clinic"), req.Name, req.Program)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusCreated, t)
}

// apiMyProgram is GET /api/v1/me/program: the patient's current program.
func (s *Server) apiMyProgram(w http.ResponseWriter, r *http.Request) {
	v, err := s.Programs.Mine(r.Context(), actorOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"program": v.Version, "today": v.Today, "sessions": nonNil(v.Sessions),
		"adherence": v.Adherence})
}

// apiLogProgramSession is POST /api/v1/me/program/sessions: the patient did
// their program on a day.
func (s *Server) apiLogProgramSession(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Date string   `json:"date"`
		Done []string `json:"done"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	ss, err := s.Programs.LogSession(r.Context(), actorOf(r), req.Date, req.Done)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusCreated, ss)
}
