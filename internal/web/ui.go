package web

import (
	"html/template"
	"io/fs"
	"net/http"

	"unknot/internal/library"
)

// ui is the person's web app: server-rendered pages over the same use cases
// as the API. Templates and assets are parsed and hashed once, when the
// handler is built.
type ui struct {
	s      *Server
	assets *assets
	pages  map[string]*template.Template
	svgs   svgCache
}

// newUI parses the embedded templates and hashes the embedded assets.
func newUI(s *Server) (*ui, error) {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	a, err := loadAssets(sub)
	if err != nil {
		return nil, err
	}
	pages, err := parseTemplates(templateFuncs(a))
	if err != nil {
		return nil, err
	}
	return &ui{s: s, assets: a, pages: pages}, nil
}

// routesUI registers the HTML pages: the person's web app.
func (s *Server) routesUI(mux *router) {
	u, err := newUI(s)
	if err != nil {
		// The templates and assets are embedded and parsed by this
		// package's tests: failing here is a build that skipped them.
		panic(err)
	}
	mux.HandleFunc("GET /{$}", u.home)
	mux.HandleFunc("GET /check", u.checkForm)
	mux.HandleFunc("POST /check", s.limited("assess", func(l Limits) Rate { return l.Assess }, anonymous, u.checkSubmit)) // cross-site posts are refused by the handler's CSRF check
	mux.HandleFunc("POST /check/stop", s.limited("assess", func(l Limits) Rate { return l.Assess }, anonymous, u.checkStop))
	mux.HandleFunc("GET /r/{id}", u.result)
	mux.HandleFunc("GET /exercises", u.exercises)
	mux.HandleFunc("GET /exercises/{id}", u.exercise)
	mux.HandleFunc("GET /articles", u.articles)
	mux.HandleFunc("GET /articles/{id}", u.article)
	mux.HandleFunc("GET /static/{file}", u.assets.serve)
	mux.HandleFunc("GET /favicon.ico", u.favicon)
	// Accounts and clinics (ui_account.go, ui_clinic.go). Every change is
	// a POST, which the CSRF check guards; no GET uses a token or link.
	mux.HandleFunc("GET /signup", u.signupForm)
	mux.HandleFunc("POST /signup", s.limited("signup", func(l Limits) Rate { return l.SignUp }, nil, u.signupSubmit))
	mux.HandleFunc("GET /login", u.loginForm)
	mux.HandleFunc("POST /login", s.limited("signin", func(l Limits) Rate { return l.SignIn }, noDeviceCookie, u.loginSubmit))
	mux.HandleFunc("POST /logout", u.logout)
	mux.HandleFunc("POST /logout/everywhere", u.logoutEverywhere)
	mux.HandleFunc("GET /login/link", u.linkForm)
	mux.HandleFunc("POST /login/link", s.limited("links", linksRate, nil, u.linkSubmit))
	mux.HandleFunc("GET /login/link/{token}", u.linkPage)
	mux.HandleFunc("POST /login/link/{token}", u.linkUse)
	mux.HandleFunc("GET /reset", u.resetForm)
	mux.HandleFunc("POST /reset", s.limited("links", linksRate, nil, u.resetSubmit))
	mux.HandleFunc("GET /reset/{token}", u.resetPage)
	mux.HandleFunc("POST /reset/{token}", u.resetUse)
	mux.HandleFunc("GET /setup", u.setupForm)
	mux.HandleFunc("POST /setup", u.setupSubmit)
	mux.HandleFunc("GET /account", u.account)
	u.routesReminders(mux) // ui_reminders.go
	mux.HandleFunc("POST /account/delete", u.accountDelete)
	mux.HandleFunc("POST /r/{id}/claim", u.claim)
	mux.HandleFunc("POST /r/{id}/share", u.share)
	mux.HandleFunc("GET /clinic/{clinic}", u.clinic)
	mux.HandleFunc("POST /clinic/{clinic}/members", u.addMember)
	mux.HandleFunc("POST /clinic/{clinic}/tokens", u.createToken)
	mux.HandleFunc("POST /clinic/{clinic}/tokens/{token}/revoke", u.revokeToken)
	mux.HandleFunc("POST /clinic/{clinic}/flags/{flag}/resolve", u.resolveFlag)
	mux.HandleFunc("GET /r/{id}/diary", u.diaryPage)
	mux.HandleFunc("POST /r/{id}/diary", u.diaryCheckIn)
	mux.HandleFunc("POST /r/{id}/diary/stop", u.diaryStop)
	mux.HandleFunc("GET /r/{id}/outcomes", u.outcomesPage)
	mux.HandleFunc("POST /r/{id}/outcomes", u.outcomesRecord)
	// The therapist's workspace (ui_caseload.go, ui_program.go, ui_notes.go).
	mux.HandleFunc("GET /clinic/{clinic}/patients", u.caseloadPage)
	mux.HandleFunc("GET /clinic/{clinic}/patients/{patient}", u.chartPage)
	mux.HandleFunc("POST /clinic/{clinic}/patients/{patient}/questionnaires", u.assignQuestionnaire)
	mux.HandleFunc("GET /clinic/{clinic}/patients/{patient}/program", u.programBuilder)
	mux.HandleFunc("POST /clinic/{clinic}/patients/{patient}/program", u.programSubmit)
	mux.HandleFunc("POST /clinic/{clinic}/patients/{patient}/notes", u.noteCreate)
	mux.HandleFunc("GET /clinic/{clinic}/notes/{note}", u.notePage)
	mux.HandleFunc("POST /clinic/{clinic}/notes/{note}", u.noteSave)
	mux.HandleFunc("POST /clinic/{clinic}/notes/{note}/sign", u.noteSign)
	mux.HandleFunc("POST /clinic/{clinic}/notes/{note}/addenda", u.noteAddendum)
	mux.HandleFunc("POST /program/sessions", u.logProgramSession)
	mux.HandleFunc("POST /program/articles/{article}/read", u.markArticleRead)
	mux.HandleFunc("POST /messages/{clinic}", u.patientSend)
	mux.HandleFunc("POST /clinic/{clinic}/patients/{patient}/messages", u.staffSend)
	mux.HandleFunc("POST /r/{id}/visit", u.requestVisit)
	mux.HandleFunc("POST /clinic/{clinic}/visits/{visit}/answer", u.answerVisit)
	mux.HandleFunc("POST /clinic/{clinic}/patients/{patient}/articles", u.assignArticles)
	mux.HandleFunc("GET /join/{token}", u.joinPage)
	mux.HandleFunc("POST /join/{token}", u.joinAnswer)
	mux.HandleFunc("POST /account/invitations/{invitation}", u.accountInvitation)
	mux.HandleFunc("POST /account/clinics/{clinic}/leave", u.accountLeave)
	mux.HandleFunc("POST /clinic/{clinic}/intakes/{patient}", u.intakeAnswer)
	mux.HandleFunc("GET /clinic/{clinic}/protocol", u.protocolPage)
	mux.HandleFunc("POST /clinic/{clinic}/protocol", u.protocolUpload)
	mux.HandleFunc("POST /clinic/{clinic}/protocol/{version}/activate", u.protocolActivate)
	mux.HandleFunc("/", u.notFound)
}

// library is the server's content, or the one built into the binary.
func (u *ui) library() *library.Library {
	if u.s.Library != nil {
		return u.s.Library
	}
	return library.Default()
}

// emergencyNumber is the number to call, with the README's default when
// the server was built without one.
func (u *ui) emergencyNumber() string {
	if u.s.EmergencyNumber != "" {
		return u.s.EmergencyNumber
	}
	return "999"
}

func (u *ui) home(w http.ResponseWriter, r *http.Request) {
	u.render(w, r, http.StatusOK, "home", page{Title: "Care for a knot or lump in your lower back", Section: "home"})
}

func (u *ui) favicon(w http.ResponseWriter, r *http.Request) {
	u.assets.write(w, r, u.assets.byName["favicon.svg"], "public, max-age=86400")
}
