// Package web is unknot's HTTP layer: the JSON API, the HTML pages and the
// operational endpoints. It decodes requests, hands typed values to the
// services in app (one interface here per service), draws charts and
// calendars, and maps the domain's errors to statuses in one place
// (errors.go). Nothing below it knows about HTTP.
package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/library"
	"unknot/internal/metrics"
	"unknot/internal/plan"
)

// Assessments is what the HTTP layer needs of app.Assessments.
type Assessments interface {
	Create(ctx context.Context, actor domain.Actor, in clinical.Input) (clinical.Result, error)
	// CreateEncoded is Create that also returns the result's JSON as
	// stored (app.Assessments.CreateEncoded), which the API writes as is.
	CreateEncoded(ctx context.Context, actor domain.Actor, in clinical.Input) (clinical.Result, []byte, error)
	Find(ctx context.Context, actor domain.Actor, id string) (clinical.Result, error)
	Plan(ctx context.Context, actor domain.Actor, id, tz string) (plan.Plan, error)
	// Result is one read of a stored assessment with its input and plan,
	// for the result page.
	Result(ctx context.Context, actor domain.Actor, id string) (*app.ResultView, error)
	Claim(ctx context.Context, actor domain.Actor, id string) error
	Share(ctx context.Context, actor domain.Actor, id, inviteCode string) (*domain.Clinic, error)
	// Stop triages the answers so far and stores them when they already
	// make an emergency (the wizard's stop at the first emergency answer).
	Stop(ctx context.Context, actor domain.Actor, in clinical.Input) (app.Stopped, error)
	// MyClinics and ShareWithClinic: a clinic's patient shares a result
	// with it in one tap.
	MyClinics(ctx context.Context, actor domain.Actor) ([]domain.Clinic, error)
	ShareWithClinic(ctx context.Context, actor domain.Actor, id, clinicID string) error
}

// Health is what the readiness check needs of the database.
type Health interface {
	Ping(ctx context.Context) error
	CheckSchema(ctx context.Context) error
}

// Server holds the HTTP layer's dependencies.
type Server struct {
	Assessments Assessments
	Accounts    Accounts
	Clinics     Clinics
	Diary       Diaries
	Outcomes    Outcomes
	Patients    Patients
	Programs    Programs
	Notes       Notes
	Interop     Interop
	Messages    Messages
	Visits      Visits
	Joins       Joins
	Protocols   Protocols
	Reminders   Reminders
	Health      Health
	Library     *library.Library
	Metrics     *metrics.Metrics
	Logger      *slog.Logger
	// EmergencyNumber is the phone number shown on emergency results.
	EmergencyNumber string
	// Now is the clock for pages that show "today": the one Main
	// injects, and a fixed one in tests. Required.
	Now func() time.Time
	// DefaultTZ is the deployment's zone, for a wizard sent without
	// JavaScript (which would otherwise tell the person's zone).
	DefaultTZ string
	// TrustProxy takes the client's address from X-Forwarded-For, for
	// sign-in throttling and the audit log: set it only behind a proxy
	// that sets that header.
	TrustProxy bool
	// SecureCookies marks cookies Secure and sends HSTS: set when unknot
	// serves TLS.
	SecureCookies bool
	// MaxBodyBytes caps request bodies; larger ones get 413.
	MaxBodyBytes int64
	// RetainUnclaimed is how long an anonymous result nobody keeps is
	// stored, told to people in the privacy text; 30 days when zero.
	RetainUnclaimed time.Duration
	// Limits are the per-address rates of anonymous writes, sign-up, links
	// and sign-in; the zero Limits sets none (DefaultLimits in serve).
	Limits Limits

	limits limiter
	// draining is set when shutdown begins: answers then say
	// Connection: close, so keep-alive clients leave cleanly.
	draining atomic.Bool

	build  sync.Once
	built  http.Handler
	routes *router
}

// router registers handlers on a ServeMux and remembers every pattern, so
// that tests can prove each route is in the authorisation matrix.
type router struct {
	mux      *http.ServeMux
	patterns []string
}

// HandleFunc registers h for pattern.
func (rt *router) HandleFunc(pattern string, h http.HandlerFunc) { rt.Handle(pattern, h) }

// Handle registers h for pattern.
func (rt *router) Handle(pattern string, h http.Handler) {
	rt.patterns = append(rt.patterns, pattern)
	rt.mux.Handle(pattern, h)
}

// Handler returns the whole HTTP handler, middleware included. It is
// built once, on first need: templates and assets are parsed then.
func (s *Server) Handler() http.Handler {
	s.build.Do(func() { s.built, s.routes = s.handler() })
	return s.built
}

// Routes lists every registered route pattern, from the one handler.
func (s *Server) Routes() []string {
	s.Handler()
	return s.routes.patterns
}

func (s *Server) handler() (http.Handler, *router) {
	rt := &router{mux: http.NewServeMux()}
	rt.HandleFunc("GET /healthz", s.healthz)
	rt.HandleFunc("GET /readyz", s.readyz)

	rt.HandleFunc("POST /api/v1/assessments", s.limited("assess", func(l Limits) Rate { return l.Assess }, anonymous, s.createAssessment))
	rt.HandleFunc("GET /api/v1/assessments/{id}", s.getAssessment)
	rt.HandleFunc("GET /api/v1/assessments/{id}/plan", s.getPlan)
	rt.HandleFunc("GET /api/v1/assessments/{id}/plan.ics", s.getPlanICS)
	rt.HandleFunc("POST /api/v1/assessments/{id}/claim", s.apiClaim)
	rt.HandleFunc("POST /api/v1/assessments/{id}/share", s.apiShare)
	rt.HandleFunc("GET /api/v1/exercises", s.listExercises)
	rt.HandleFunc("GET /api/v1/exercises/{id}", s.getExercise)
	rt.HandleFunc("GET /api/v1/articles", s.listArticles)
	rt.HandleFunc("GET /api/v1/articles/{id}", s.getArticle)

	rt.HandleFunc("POST /api/v1/setup", s.apiSetup)
	rt.HandleFunc("POST /api/v1/signup", s.limited("signup", func(l Limits) Rate { return l.SignUp }, nil, s.apiSignUp))
	rt.HandleFunc("POST /api/v1/login", s.limited("signin", func(l Limits) Rate { return l.SignIn }, noDeviceCookie, s.apiLogin))
	rt.HandleFunc("POST /api/v1/logout", s.apiLogout)
	rt.HandleFunc("POST /api/v1/logout/everywhere", s.apiLogoutEverywhere)
	rt.HandleFunc("POST /api/v1/password-reset", s.limited("links", linksRate, nil, s.apiSendLink(func(r *http.Request, email string) error {
		return s.Accounts.SendResetLink(r.Context(), email)
	})))
	rt.HandleFunc("POST /api/v1/password-reset/{token}", s.apiResetPassword)
	rt.HandleFunc("POST /api/v1/login-link", s.limited("links", linksRate, nil, s.apiSendLink(func(r *http.Request, email string) error {
		return s.Accounts.SendMagicLink(r.Context(), email)
	})))
	rt.HandleFunc("POST /api/v1/login-link/{token}", s.apiLoginWithLink)
	rt.HandleFunc("GET /api/v1/me", s.apiMe)
	rt.HandleFunc("GET /api/v1/me/export", s.apiExport)
	rt.HandleFunc("DELETE /api/v1/me", s.apiDeleteMe)

	rt.HandleFunc("POST /api/v1/clinics", s.apiCreateClinic)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}", s.apiClinic)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/members", s.apiAddMember)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/caseload", s.apiCaseload)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/audit", s.apiAudit)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/tokens", s.apiListTokens)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/tokens", s.apiCreateToken)
	rt.HandleFunc("DELETE /api/v1/clinics/{clinic}/tokens/{token}", s.apiRevokeToken)

	rt.HandleFunc("POST /api/v1/checkins", s.apiCheckIn)
	rt.HandleFunc("GET /api/v1/assessments/{id}/diary", s.apiDiary)
	rt.HandleFunc("GET /api/v1/assessments/{id}/diary.csv", s.apiDiaryCSV)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/flags", s.apiClinicFlags)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/flags/{flag}/resolve", s.apiResolveFlag)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/worsening", s.apiWorsening)

	rt.HandleFunc("GET /api/v1/instruments", s.apiInstruments)
	rt.HandleFunc("GET /api/v1/instruments/{id}", s.apiInstrument)
	rt.HandleFunc("GET /api/v1/assessments/{id}/outcomes", s.apiOutcomes)
	rt.HandleFunc("POST /api/v1/assessments/{id}/outcomes", s.apiRecordOutcome)
	rt.HandleFunc("GET /api/v1/openapi.json", s.openAPI)

	// The therapist's workspace (api_patients.go, api_programs.go, api_notes.go).
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/patients", s.apiPatients)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/patients/{patient}", s.apiChart)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/patients/{patient}/questionnaires", s.apiAssignQuestionnaire)
	rt.HandleFunc("PUT /api/v1/clinics/{clinic}/settings", s.apiClinicSettings)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/patients/{patient}/programs", s.apiProgramVersions)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/patients/{patient}/programs", s.apiAssignProgram)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/patients/{patient}/programs/draft", s.apiProgramDraft)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/patients/{patient}/programs/preview", s.apiProgramPreview)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/program-templates", s.apiProgramTemplates)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/program-templates", s.apiSaveProgramTemplate)
	rt.HandleFunc("GET /api/v1/me/program", s.apiMyProgram)
	rt.HandleFunc("POST /api/v1/me/program/sessions", s.apiLogProgramSession)
	rt.HandleFunc("POST /api/v1/me/program/articles/{article}/read", s.apiMarkArticleRead)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/patients/{patient}/session-notes", s.apiListNotes)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/patients/{patient}/session-notes", s.apiCreateNote)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/session-notes/{note}", s.apiGetNote)
	rt.HandleFunc("PUT /api/v1/clinics/{clinic}/session-notes/{note}", s.apiUpdateNote)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/session-notes/{note}/sign", s.apiSignNote)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/session-notes/{note}/addenda", s.apiAddAddendum)

	rt.HandleFunc("GET /api/v1/me/fhir", s.apiMyFHIR)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/patients/{patient}/fhir", s.apiPatientFHIR)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/fhir/import", s.apiImportFHIR)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/imported-patients", s.apiImportedPatients)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/research/{dataset}", s.apiResearch)
	rt.HandleFunc("GET /api/v1/docs", s.apiDocs)

	// The clinic and its patients talking (api_talk.go).
	rt.HandleFunc("GET /api/v1/me/clinics/{clinic}/messages", s.apiMyThread)
	rt.HandleFunc("POST /api/v1/me/clinics/{clinic}/messages", s.apiMySend)
	rt.HandleFunc("GET /api/v1/me/messages/unread", s.apiMyUnread)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/patients/{patient}/messages", s.apiPatientThread)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/patients/{patient}/messages", s.apiPatientSend)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/messages/unread", s.apiClinicUnread)
	rt.HandleFunc("POST /api/v1/assessments/{id}/visits", s.apiRequestVisit)
	rt.HandleFunc("GET /api/v1/me/visits", s.apiMyVisits)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/visits", s.apiClinicVisits)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/visits/{visit}/answer", s.apiAnswerVisit)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/patients/{patient}/articles", s.apiAssignArticles)
	rt.HandleFunc("GET /api/v1/me/reading", s.apiMyReading)
	rt.HandleFunc("GET /api/v1/me/invitations", s.apiMyInvitations)
	rt.HandleFunc("POST /api/v1/me/invitations/{invitation}/accept", s.apiAcceptInvitation)
	rt.HandleFunc("POST /api/v1/me/invitations/{invitation}/decline", s.apiDeclineInvitation)
	rt.HandleFunc("POST /api/v1/invitations/{token}/accept", s.apiAcceptInvitationLink)
	rt.HandleFunc("POST /api/v1/me/clinics/{clinic}/leave", s.apiLeaveClinic)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/intakes", s.apiIntakes)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/intakes/{patient}/answer", s.apiAnswerIntake)
	rt.HandleFunc("GET /api/v1/me/intakes", s.apiMyIntakes)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/protocols", s.apiProtocols)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/protocols", s.apiUploadProtocol)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/protocols/{version}", s.apiProtocolVersion)
	rt.HandleFunc("POST /api/v1/clinics/{clinic}/protocols/{version}/activate", s.apiActivateProtocol)

	s.routesReminders(rt) // api_reminders.go, ui_reminders.go
	rt.HandleFunc("/api/", s.apiNotFound)
	s.routesUI(rt)
	// Outermost first: ids, metrics and logs; the security headers; then
	// cross-origin state changes refused (CSRF); then who is asking.
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(s.crossOriginRefused))
	// A mail client's one-click unsubscribe (RFC 8058) is a POST from
	// elsewhere by design; it changes only which mail the link's owner gets.
	csrf.AddInsecureBypassPattern("POST /unsubscribe/{token}/{kind}")
	return s.middleware(s.securityHeaders(s.edge(csrf.Handler(s.authenticate(recordRoute(rt.mux)))))), rt
}

// BeginDrain marks every answer from now on "Connection: close": a client
// on a kept-alive connection reads its answer and goes, instead of sending
// its next request into a socket about to close.
func (s *Server) BeginDrain() { s.draining.Store(true) }

// keepDays is RetainUnclaimed in whole days, for people to read.
func (s *Server) keepDays() int {
	if s.RetainUnclaimed <= 0 {
		return 30
	}
	return max(1, int(s.RetainUnclaimed.Hours()/24))
}

func linksRate(l Limits) Rate { return l.Links }

// crossOriginRefused answers a state-changing request from another site:
// the API's JSON error for API calls, a short page for the rest.
func (s *Server) crossOriginRefused(w http.ResponseWriter, r *http.Request) {
	err := domain.Errorf(domain.EForbidden, "Requests from other sites may not change anything here.")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	_, _ = w.Write([]byte(err.Message + " Go back to the page and try again.\n"))
}

func (s *Server) now() time.Time { return s.Now() }

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	if allow := s.allowedMethods(r, "/api/"); allow != "" {
		w.Header().Set("Allow", allow)
		s.writeError(w, r, domain.Errorf(domain.EMethodNotAllowed, "This route does not take %s; it takes %s.", r.Method, allow))
		return
	}
	s.writeError(w, r, domain.Errorf(domain.ENotFound, "There is no API route %s %s.", r.Method, r.URL.Path))
}

// allowedMethods lists the methods another route takes for r's path, ""
// when none does: the catch-all pattern would otherwise hide them behind
// a 404.
func (s *Server) allowedMethods(r *http.Request, catchAll string) string {
	if r.Pattern != catchAll {
		return "" // a handler's own "not found", for a record it hides
	}
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := s.routes.mux.Handler(probe); pattern != "" && pattern != catchAll {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead)
			}
		}
	}
	return strings.Join(allow, ", ")
}

// writeJSON writes v as JSON with the given status.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	s.writeBody(w, r, status, "application/json", v)
}

// writeBody answers with v as JSON under the media type given
// (application/json, application/problem+json, application/fhir+json).
func (s *Server) writeBody(w http.ResponseWriter, r *http.Request, status int, mediaType string, v any) {
	// Encoded whole into a pooled buffer first, then written at once with
	// its length: an answer over net/http's 2 KB buffer was otherwise sent
	// chunked, in two writes (docs/PERFORMANCE.md, profiles).
	buf := jsonBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			jsonBuffers.Put(buf)
		}
	}()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.Logger.ErrorContext(r.Context(), "encoding response", "err", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	s.writeBytes(w, r, status, mediaType, buf.Bytes())
}

// writeBytes writes an answer whole, its parts one after the other, with
// its length.
func (s *Server) writeBytes(w http.ResponseWriter, r *http.Request, status int, mediaType string, parts ...[]byte) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	w.Header().Set("Content-Type", mediaType+"; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(status)
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			s.Logger.DebugContext(r.Context(), "writing response", "err", err)
			return
		}
	}
}

var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeEncoded writes JSON encoded already (as encoding/json's Encoder
// with SetEscapeHTML(false) writes it, less its final newline), as
// writeBody would.
func (s *Server) writeEncoded(w http.ResponseWriter, r *http.Request, status int, mediaType string, body []byte) {
	s.writeBytes(w, r, status, mediaType, body, newline)
}

var newline = []byte("\n")
