package web

// The clinic pages: the first admin's setup, a clinic's page for its admin
// (members, API tokens, caseload, audit log), and keeping or sharing a
// result from its page. Authorisation is the use cases'; these handlers
// only send anonymous visitors to sign in first.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/domain"
)

// auditLimit caps the audit entries shown on a clinic's page; the filter
// narrows them down, the API gives more.
const auditLimit = 200

var (
	setupLabels  = map[string]string{"email": "This email", "name": "Your name", "password": "Your password", "clinic_name": "The clinic name"}
	memberLabels = map[string]string{"email": "This email", "role": "The role"}
	tokenLabels  = map[string]string{"name": "The name", "scope": "The access"}
)

type flagView struct{ ID, At, Text, AssessmentID string }

type worseView struct{ AssessmentID, Text string }

// clinicView is a clinic's page for its admin.
type clinicView struct {
	// Admin shows the admin's parts: invite code, members, tokens, audit.
	Admin    bool
	Clinic   domain.Clinic
	Members  []memberView
	Tokens   []tokenView
	Caseload []caseView
	// Flags are the clinic's open flags from diaries: a new warning sign,
	// pain worse, or no better after two weeks. Worse lists whose pain is
	// meaningfully worse now. Both come first on the page: they need action.
	Flags  []flagView
	Worse  []worseView
	Audit  []auditView
	Filter app.AuditQuery
	// AuditFull says the log was cut at auditLimit entries.
	AuditFull bool
	Roles     []roleOption
	Member    *form // the add-member form
	Token     *form // the new-token form
	// NewToken is a token's secret, shown on the page that made it only.
	NewToken, NewTokenName string
}

// roleOption is one choice of the add-member form's role list.
type roleOption struct{ Value, Label string }

var roleOptions = []roleOption{
	{string(domain.RoleTherapist), roleWords[domain.RoleTherapist]},
	{string(domain.RoleAdmin), roleWords[domain.RoleAdmin]},
	{string(domain.RolePatient), roleWords[domain.RolePatient]},
}

type memberView struct {
	UserID, Role string
	Name, Email  string
	You          bool
}

type tokenView struct {
	ID, Name, Scope, Created, LastUsed, Revoked string
}

type caseView struct {
	ID, Date, Disposition string
}

type auditView struct {
	At, Actor, Action, Record, Address string
}

// clinicForms are the clinic page's forms when it is shown again after a
// post: answers and problems, or a new token's secret.
type clinicForms struct {
	Member, Token          *form
	NewToken, NewTokenName string
}

func stamp(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 UTC") }

func stampPtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return stamp(*t)
}

func (u *ui) setupForm(w http.ResponseWriter, r *http.Request) {
	needs, err := u.s.Clinics.NeedsSetup(r.Context())
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if !needs {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	u.renderAuth(w, r, http.StatusOK, "setup", "Set up unknot", authView{})
}

// setupSubmit is POST /setup: the first admin and their clinic, only while
// no account exists. Afterwards the use case refuses (403): a later visitor
// cannot use it to take over.
func (u *ui) setupSubmit(w http.ResponseWriter, r *http.Request) {
	f, ok := u.readForm(w, r)
	if !ok {
		return
	}
	pw := takePassword(f, "password")
	_, c, secret, err := u.s.Clinics.Setup(r.Context(), clientAddress(r), app.SetupRequest{
		Email: f.Get("email"), Name: f.Get("name"), Password: pw, ClinicName: f.Get("clinic_name")})
	if err != nil {
		if !showProblems(f, err, setupLabels) {
			u.fail(w, r, err)
			return
		}
		u.renderAuth(w, r, ErrorStatus(err), "setup", "Set up unknot", authView{Form: f})
		return
	}
	u.s.setSessionCookie(w, secret)
	http.Redirect(w, r, "/clinic/"+url.PathEscape(c.ID)+"?note=setup-done", http.StatusSeeOther)
}

func clinicPath(r *http.Request) string { return "/clinic/" + url.PathEscape(r.PathValue("clinic")) }

// clinic is GET /clinic/{clinic}, the admin's page; its audit log is
// filtered by the query's actor, record and action.
func (u *ui) clinic(w http.ResponseWriter, r *http.Request) {
	u.renderClinic(w, r, http.StatusOK, clinicForms{})
}

func (u *ui) renderClinic(w http.ResponseWriter, r *http.Request, status int, forms clinicForms) {
	ctx, a, id := r.Context(), actorOf(r), r.PathValue("clinic")
	if a.Anonymous() {
		toSignIn(w, r, clinicPath(r))
		return
	}
	if a.RoleIn(id) == domain.RoleTherapist {
		u.renderTherapist(w, r, status, id)
		return
	}
	cv, err := u.s.Clinics.Clinic(ctx, a, id)
	if err != nil {
		u.failOrSignIn(w, r, err, clinicPath(r))
		return
	}
	tokens, err := u.s.Clinics.ListAPITokens(ctx, a, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	filter := app.AuditQuery{Actor: q.Get("actor"), Record: q.Get("record"), Action: q.Get("action"), Limit: auditLimit}
	entries, err := u.s.Clinics.ClinicAudit(ctx, a, id, filter)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	v := clinicView{Clinic: cv.Clinic, Admin: true, Filter: filter, AuditFull: len(entries) >= auditLimit,
		Roles:  roleOptions,
		Member: forms.Member, Token: forms.Token, NewToken: forms.NewToken, NewTokenName: forms.NewTokenName}
	if v.Member == nil {
		v.Member = newForm(url.Values{"role": {string(domain.RoleTherapist)}})
	}
	if v.Token == nil {
		v.Token = newForm(url.Values{"scope": {string(domain.ScopeRead)}})
	}
	for _, m := range cv.Members {
		v.Members = append(v.Members, memberView{UserID: m.UserID, Role: roleWords[m.Role], You: m.UserID == a.UserID,
			Name: m.Name, Email: m.Email})
	}
	for _, t := range tokens {
		v.Tokens = append(v.Tokens, tokenView{ID: t.ID, Name: t.Name, Scope: string(t.Scope), Created: stamp(t.CreatedAt),
			LastUsed: stampPtr(t.LastUsedAt), Revoked: stampPtr(t.RevokedAt)})
	}
	if err := u.addCaseload(ctx, a, id, &v); err != nil {
		u.fail(w, r, err)
		return
	}
	for _, e := range entries {
		v.Audit = append(v.Audit, auditView{At: stamp(e.At), Actor: e.Actor, Action: e.Action, Record: e.Record, Address: e.Address})
	}
	title := cv.Clinic.Name
	if v.Member.HasErrors() || v.Token.HasErrors() {
		title = "Error: " + title
	}
	u.render(w, r, status, "clinic", page{Title: title, Section: "account", Private: true, Data: v})
}

// renderTherapist is a therapist's view of the clinic page: what needs
// attention and the shared results, without the admin's parts.
func (u *ui) renderTherapist(w http.ResponseWriter, r *http.Request, status int, id string) {
	ctx, a := r.Context(), actorOf(r)
	acct, err := u.s.Accounts.Account(ctx, a)
	if err != nil {
		u.failOrSignIn(w, r, err, clinicPath(r))
		return
	}
	v := clinicView{Clinic: domain.Clinic{ID: id, Name: acct.ClinicNames[id]}}
	if err := u.addCaseload(ctx, a, id, &v); err != nil {
		u.fail(w, r, err)
		return
	}
	u.render(w, r, status, "clinic", page{Title: v.Clinic.Name, Section: "account", Private: true, Data: v})
}

// addCaseload fills what a clinic's staff act on: open flags, who is
// getting worse, and the results shared with the clinic.
func (u *ui) addCaseload(ctx context.Context, a domain.Actor, id string, v *clinicView) error {
	cases, err := u.s.Clinics.Caseload(ctx, a, id)
	if err != nil {
		return err
	}
	flags, err := u.s.Clinics.ClinicFlags(ctx, a, id)
	if err != nil {
		return err
	}
	worse, err := u.s.Clinics.Worsening(ctx, a, id)
	if err != nil {
		return err
	}
	for _, c := range cases {
		v.Caseload = append(v.Caseload, caseView{ID: c.ID, Date: stamp(c.CreatedAt),
			Disposition: dispositionTitle(clinical.Disposition(c.Disposition))})
	}
	for _, f := range flags {
		if f.ResolvedAt == nil {
			v.Flags = append(v.Flags, flagView{ID: f.ID, At: stamp(f.At), Text: f.Text, AssessmentID: f.AssessmentID})
		}
	}
	for _, w := range worse {
		v.Worse = append(v.Worse, worseView{AssessmentID: w.AssessmentID,
			Text: fmt.Sprintf("Pain %.1f of 10 over the last %d days, from %.1f at the start", w.Recent, w.RecentDays, w.Baseline)})
	}
	return nil
}

// addMember is POST /clinic/{clinic}/members: a person with an account
// gets a role in the clinic.
func (u *ui) addMember(w http.ResponseWriter, r *http.Request) {
	f, ok := u.signedInForm(w, r, clinicPath(r))
	if !ok {
		return
	}
	err := u.s.Clinics.AddMember(r.Context(), actorOf(r), r.PathValue("clinic"), f.Get("email"), domain.Role(f.Get("role")))
	if err != nil {
		if !showProblems(f, err, memberLabels) {
			u.failOrSignIn(w, r, err, clinicPath(r))
			return
		}
		u.renderClinic(w, r, ErrorStatus(err), clinicForms{Member: f})
		return
	}
	http.Redirect(w, r, clinicPath(r)+"?note=member-added", http.StatusSeeOther)
}

// createToken is POST /clinic/{clinic}/tokens. The answer is the clinic's
// page with the new secret, which is shown this once and never stored by a
// cache; it is not put in a redirect's URL.
func (u *ui) createToken(w http.ResponseWriter, r *http.Request) {
	f, ok := u.signedInForm(w, r, clinicPath(r))
	if !ok {
		return
	}
	t, secret, err := u.s.Clinics.CreateAPIToken(r.Context(), actorOf(r), r.PathValue("clinic"), f.Get("name"), domain.TokenScope(f.Get("scope")))
	if err != nil {
		if !showProblems(f, err, tokenLabels) {
			u.failOrSignIn(w, r, err, clinicPath(r))
			return
		}
		u.renderClinic(w, r, ErrorStatus(err), clinicForms{Token: f})
		return
	}
	u.renderClinic(w, r, http.StatusOK, clinicForms{NewToken: secret, NewTokenName: t.Name})
}

// revokeToken is POST /clinic/{clinic}/tokens/{token}/revoke.
func (u *ui) revokeToken(w http.ResponseWriter, r *http.Request) {
	u.signedInAction(w, r, clinicPath(r), func() error {
		return u.s.Clinics.RevokeAPIToken(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("token"))
	}, "token-revoked")
}

func resultPath(r *http.Request) string { return "/r/" + url.PathEscape(r.PathValue("id")) }

// claim is POST /r/{id}/claim: keep a result in one's account.
func (u *ui) claim(w http.ResponseWriter, r *http.Request) {
	if actorOf(r).Anonymous() {
		// Sign in or up, and the result is kept straight after.
		toSignIn(w, r, resultPath(r)+keepQuery)
		return
	}
	u.signedInAction(w, r, resultPath(r), func() error {
		return u.s.Assessments.Claim(r.Context(), actorOf(r), r.PathValue("id"))
	}, "kept")
}

// share is POST /r/{id}/share (invite_code): share a result with a clinic.
// A code no clinic gave out comes back to the result with a note saying so.
func (u *ui) share(w http.ResponseWriter, r *http.Request) {
	f, ok := u.signedInForm(w, r, resultPath(r))
	if !ok {
		return
	}
	if clinic := f.Get("clinic"); clinic != "" {
		if err := u.s.Assessments.ShareWithClinic(r.Context(), actorOf(r), r.PathValue("id"), clinic); err != nil {
			u.failOrSignIn(w, r, err, resultPath(r))
			return
		}
		http.Redirect(w, r, resultPath(r)+"?note=shared", http.StatusSeeOther)
		return
	}
	if _, err := u.s.Assessments.Share(r.Context(), actorOf(r), r.PathValue("id"), f.Get("invite_code")); err != nil {
		if domain.ErrorCode(err) == domain.EInvalid {
			http.Redirect(w, r, resultPath(r)+"?note=code-unknown", http.StatusSeeOther)
			return
		}
		u.failOrSignIn(w, r, err, resultPath(r))
		return
	}
	http.Redirect(w, r, resultPath(r)+"?note=shared", http.StatusSeeOther)
}

// resolveFlag is POST /clinic/{clinic}/flags/{flag}/resolve: the flag has
// been dealt with and leaves "Needs attention".
func (u *ui) resolveFlag(w http.ResponseWriter, r *http.Request) {
	u.signedInAction(w, r, clinicPath(r), func() error {
		return u.s.Clinics.ResolveFlag(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("flag"))
	}, "flag-resolved")
}

// signedInAction is a button's POST for signed-in people: anonymous
// visitors are sent to sign in and back; otherwise act runs, and the answer
// is a redirect to back with the note, or the error's page.
func (u *ui) signedInAction(w http.ResponseWriter, r *http.Request, back string, act func() error, note string) {
	if actorOf(r).Anonymous() {
		toSignIn(w, r, back)
		return
	}
	if err := act(); err != nil {
		u.failOrSignIn(w, r, err, back)
		return
	}
	http.Redirect(w, r, back+"?note="+note, http.StatusSeeOther)
}
