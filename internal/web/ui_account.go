package web

// The account pages: make an account, sign in (by password or by a link
// sent by email), choose a new password, sign out, see and delete one's
// account. They call the same use cases as the JSON API (api_account.go)
// and behave the same way; a refusal is shown beside the field it is about,
// with the other answers kept (never a password).

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/domain"
)

// pageNote is a short message shown at the top of a page after an action.
type pageNote struct {
	Text string
	// Problem marks a note that says something went wrong.
	Problem bool
}

// pageNotes are the notes a page may show, by the word in its ?note=
// parameter: a fixed list, so that a link cannot put its own words on a page.
var pageNotes = map[string]pageNote{
	"reminders-saved":        {Text: "Your reminder settings are saved."},
	"kept":                   {Text: "Your result is now kept in your account."},
	"not-kept":               {Text: "We could not keep this result in your account. It may be kept by someone else already.", Problem: true},
	"shared":                 {Text: "Your result is now shared with your clinic. Your physical therapist can see it."},
	"code-unknown":           {Text: "We could not find a clinic with that code. Check the code and try again.", Problem: true},
	"link-sent":              {Text: "If that email has an account, we have sent it a link to sign in. The link works once, for 15 minutes."},
	"signup-sent":            {Text: "Check your email. We have sent a link to that address. Open it to go on."},
	"reset-sent":             {Text: "If that email has an account, we have sent it a link to choose a new password. The link works for one hour."},
	"password-changed":       {Text: "Your password is changed. Please sign in with your new password."},
	"signed-out":             {Text: "You are signed out."},
	"deleted":                {Text: "Your account and your data are gone for good."},
	"setup-done":             {Text: "unknot is ready. Give your clinic's invite code to your staff and patients."},
	"member-added":           {Text: "We have sent an invitation to that email. The person joins your clinic when they accept it."},
	"token-revoked":          {Text: "The token is stopped. It no longer works."},
	"flag-resolved":          {Text: "The flag is marked as dealt with."},
	"checked-in":             {Text: "Thank you. Your check-in for today is saved."},
	"article-read":           {Text: "Thank you. Your physical therapist can see you read it."},
	"program-logged":         {Text: "Well done. Today's exercises are saved."},
	"program-assigned":       {Text: "The program is assigned. The patient sees it in their plan and calendar now."},
	"questionnaire-assigned": {Text: "The questionnaire is assigned."},
	"note-saved":             {Text: "The draft note is saved."},
	"note-signed":            {Text: "The note is signed. It can no longer change; add an addendum to correct it."},
	"addendum-added":         {Text: "The addendum is added to the note."},
	"message-sent":           {Text: "Your message is sent. It is saved, and your clinic will see it."},
	"reply-sent":             {Text: "The message is sent to the patient."},
	"visit-requested":        {Text: "Your request is sent to your clinic. They will answer here."},
	"visit-answered":         {Text: "The answer is sent to the patient."},
	"joined":                 {Text: "You have joined the clinic."},
	"invitation-declined":    {Text: "You said no. You have not joined the clinic."},
	"left-clinic":            {Text: "You have left the clinic. It keeps only its signed notes of your visits, as the law asks."},
	"intake-accepted":        {Text: "The person is now a patient of the clinic."},
	"intake-declined":        {Text: "The person is told, with your message."},
	"protocol-uploaded":      {Text: "The protocol passed its checks and is kept as a new version. Review it below, then put it in force."},
	"protocol-activated":     {Text: "The protocol is in force. New results of the clinic's patients use it."},
	"articles-assigned":      {Text: "The articles are assigned. The patient sees them in their plan today."},
}

// fieldLabels begin the messages made from a use case's problems:
// "password" and "must be at least 10 characters" read "Your password must
// be at least 10 characters."
var fieldLabels = map[string]string{
	"email":       "This email",
	"name":        "Your name",
	"password":    "Your password",
	"invite_code": "This code",
	"clinic_name": "The clinic name",
}

// authView is the data of the sign-up, sign-in, link and reset pages.
type authView struct {
	Form *form
	// Keeping: the person is signing in (or up) to keep a result.
	Keeping bool
	// Next is where to go after signing in, when not the account page.
	Next string
	// Token is the secret of the emailed link a page's form will use.
	Token string
	// MinPassword is the shortest password allowed, for the rule shown.
	MinPassword int
}

// accountView is the account page's data.
type accountView struct {
	Form    *form // the delete form's answers and problems
	User    *domain.User
	Clinics []clinicRole
	Results []savedResult
	// Joins are invitations to answer and shared results' intakes (ui_joins.go).
	Joins joinParts
}

// clinicRole is one clinic the person belongs to.
type clinicRole struct {
	ID, Name, Role string
	Admin          bool // works there (admin or therapist): the name links to the clinic's page
	// Unread is how many of the clinic's messages the person has not read.
	Unread int
}

// savedResult is one result kept in the account.
type savedResult struct {
	ID, Made, Heading string
	Shared            bool
}

// roleWords are the clinic roles as a person reads them.
var roleWords = map[domain.Role]string{
	domain.RolePatient:   "Patient",
	domain.RoleTherapist: "Physical therapist",
	domain.RoleAdmin:     "Admin",
}

func (u *ui) signupForm(w http.ResponseWriter, r *http.Request) {
	f := newForm(url.Values{"invite_code": {r.URL.Query().Get("code")}})
	next := safeNext(r.URL.Query().Get("next"), "")
	_, keeping := keepTarget(next)
	u.renderAuth(w, r, http.StatusOK, "signup", "Make an account", authView{Form: f, Next: next, Keeping: keeping})
}

// signupSubmit is POST /signup: the account is made and signed in.
func (u *ui) signupSubmit(w http.ResponseWriter, r *http.Request) {
	f, ok := u.readForm(w, r)
	if !ok {
		return
	}
	pw := takePassword(f, "password")
	next := safeNext(f.Get("next"), "")
	err := u.s.Accounts.SignUp(r.Context(), actorOf(r), app.SignUpRequest{
		Email: f.Get("email"), Name: f.Get("name"), Password: pw, InviteCode: f.Get("invite_code"), Next: next})
	if err != nil {
		if !showProblems(f, err, fieldLabels) {
			u.fail(w, r, err)
			return
		}
		u.renderAuth(w, r, ErrorStatus(err), "signup", "Make an account", authView{Form: f, Next: next})
		return
	}
	// The same page for a new address and a used one: the mail says which.
	http.Redirect(w, r, "/signup?note=signup-sent", http.StatusSeeOther)
}

func (u *ui) loginForm(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"), "")
	_, keeping := keepTarget(next)
	u.renderAuth(w, r, http.StatusOK, "login", "Sign in", authView{Next: next, Keeping: keeping})
}

// loginSubmit is POST /login. Sign-in makes a new session every time, so
// a session id planted in the browser beforehand is never the one used.
func (u *ui) loginSubmit(w http.ResponseWriter, r *http.Request) {
	f, ok := u.readForm(w, r)
	if !ok {
		return
	}
	next := safeNext(f.Get("next"), "")
	need(f, [2]string{"email", "Enter your email."}, [2]string{"password", "Enter your password."})
	pw := takePassword(f, "password")
	if f.HasErrors() {
		u.renderAuth(w, r, http.StatusUnprocessableEntity, "login", "Sign in", authView{Form: f, Next: next})
		return
	}
	_, secret, device, err := u.s.Accounts.SignIn(r.Context(), clientAddress(r), f.Get("email"), pw, deviceSecret(r))
	if err != nil {
		switch domain.ErrorCode(err) {
		case domain.EUnauthorized:
			f.fail("password", domain.ErrorMessage(err))
		case domain.ETooManyRequests:
			f.fail("form", domain.ErrorMessage(err))
		default:
			if !showProblems(f, err, fieldLabels) {
				u.fail(w, r, err)
				return
			}
		}
		u.renderAuth(w, r, ErrorStatus(err), "login", "Sign in", authView{Form: f, Next: next})
		return
	}
	u.s.setSessionCookie(w, secret)
	u.s.setDeviceCookie(w, device)
	http.Redirect(w, r, u.afterSignIn(r, secret, next), http.StatusSeeOther)
}

// logout is POST /logout: this browser only.
func (u *ui) logout(w http.ResponseWriter, r *http.Request) {
	if err := u.s.Accounts.SignOut(r.Context(), sessionSecret(r)); err != nil {
		u.fail(w, r, err)
		return
	}
	u.s.clearSessionCookie(w)
	http.Redirect(w, r, "/?note=signed-out", http.StatusSeeOther)
}

// logoutEverywhere is POST /logout/everywhere: every session of the person.
func (u *ui) logoutEverywhere(w http.ResponseWriter, r *http.Request) {
	if actorOf(r).Anonymous() {
		toSignIn(w, r, "/account")
		return
	}
	if err := u.s.Accounts.SignOutEverywhere(r.Context(), actorOf(r)); err != nil {
		u.failOrSignIn(w, r, err, "/account")
		return
	}
	u.s.clearSessionCookie(w)
	http.Redirect(w, r, "/?note=signed-out", http.StatusSeeOther)
}

func (u *ui) linkForm(w http.ResponseWriter, r *http.Request) {
	u.renderAuth(w, r, http.StatusOK, "login-link", "Get a link to sign in", authView{})
}

// linkSubmit is POST /login/link. The answer is the same whether or not
// the email has an account.
func (u *ui) linkSubmit(w http.ResponseWriter, r *http.Request) {
	u.sendLink(w, r, "login-link", "Get a link to sign in", "/login/link?note=link-sent", u.s.Accounts.SendMagicLink)
}

// linkPage is GET /login/link/{token}. It only shows a button: the link is
// used by the POST, so that a mail scanner opening it does not spend it.
func (u *ui) linkPage(w http.ResponseWriter, r *http.Request) {
	u.renderAuth(w, r, http.StatusOK, "login-link", "Sign in", authView{Token: r.PathValue("token"),
		Next: safeNext(r.URL.Query().Get("next"), "")})
}

// linkUse is POST /login/link/{token}: the link is spent and the person
// signed in.
func (u *ui) linkUse(w http.ResponseWriter, r *http.Request) {
	secret, device, err := u.s.Accounts.SignInWithLink(r.Context(), clientAddress(r), r.PathValue("token"), deviceSecret(r))
	if err != nil {
		if domain.ErrorCode(err) != domain.ENotFound {
			u.fail(w, r, err)
			return
		}
		f := newForm(nil)
		f.fail("form", domain.ErrorMessage(err))
		u.renderAuth(w, r, http.StatusNotFound, "login-link", "Get a link to sign in", authView{Form: f})
		return
	}
	u.s.setSessionCookie(w, secret)
	u.s.setDeviceCookie(w, device)
	http.Redirect(w, r, u.afterSignIn(r, secret, safeNext(r.PostFormValue("next"), "")), http.StatusSeeOther)
}

func (u *ui) resetForm(w http.ResponseWriter, r *http.Request) {
	u.renderAuth(w, r, http.StatusOK, "reset-request", "Forgot your password?", authView{})
}

// resetSubmit is POST /reset: like linkSubmit, the same answer either way.
func (u *ui) resetSubmit(w http.ResponseWriter, r *http.Request) {
	u.sendLink(w, r, "reset-request", "Forgot your password?", "/reset?note=reset-sent", u.s.Accounts.SendResetLink)
}

// sendLink asks a use case to email a link, then shows done (a page with a
// note) whatever the email, so the answer does not tell who has an account.
func (u *ui) sendLink(w http.ResponseWriter, r *http.Request, name, title, done string, send func(ctx context.Context, email string) error) {
	f, ok := u.readForm(w, r)
	if !ok {
		return
	}
	need(f, [2]string{"email", "Enter your email."})
	if f.HasErrors() {
		u.renderAuth(w, r, http.StatusUnprocessableEntity, name, title, authView{Form: f})
		return
	}
	if err := send(r.Context(), f.Get("email")); err != nil {
		if !showProblems(f, err, fieldLabels) {
			u.fail(w, r, err)
			return
		}
		u.renderAuth(w, r, ErrorStatus(err), name, title, authView{Form: f})
		return
	}
	http.Redirect(w, r, done, http.StatusSeeOther)
}

// resetPage is GET /reset/{token}: the form for a new password. Like
// linkPage, it does not use the link.
func (u *ui) resetPage(w http.ResponseWriter, r *http.Request) {
	u.renderAuth(w, r, http.StatusOK, "reset", "Choose a new password", authView{Token: r.PathValue("token")})
}

// resetUse is POST /reset/{token}. Every session of the account ends, this
// browser's too: the person signs in again with the new password.
func (u *ui) resetUse(w http.ResponseWriter, r *http.Request) {
	f, ok := u.readForm(w, r)
	if !ok {
		return
	}
	token := r.PathValue("token")
	pw := takePassword(f, "password")
	// The use case spends the link before it checks the password: check
	// first what can be checked without the email, so that a short or
	// common password does not cost the person their link.
	if err := app.CheckPassword(pw, ""); err != nil {
		showProblems(f, err, fieldLabels)
		u.renderAuth(w, r, http.StatusUnprocessableEntity, "reset", "Choose a new password", authView{Form: f, Token: token})
		return
	}
	if err := u.s.Accounts.ResetPassword(r.Context(), clientAddress(r), token, pw); err != nil {
		var de *domain.Error
		if !errors.As(err, &de) || (de.Code != domain.ENotFound && de.Code != domain.EInvalid) {
			u.fail(w, r, err)
			return
		}
		msg := de.Message
		if de.Code == domain.EInvalid && len(de.Problems) > 0 {
			msg = "Your password " + de.Problems[0].Problem + ". The link is now used up, so please ask for a new one."
		}
		f := newForm(nil)
		f.fail("form", msg)
		u.renderAuth(w, r, ErrorStatus(err), "reset-request", "Forgot your password?", authView{Form: f})
		return
	}
	u.s.clearSessionCookie(w)
	http.Redirect(w, r, "/login?note=password-changed", http.StatusSeeOther)
}

// account is GET /account: the person's own page.
func (u *ui) account(w http.ResponseWriter, r *http.Request) {
	u.renderAccount(w, r, http.StatusOK, newForm(nil))
}

func (u *ui) renderAccount(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, a := r.Context(), actorOf(r)
	if a.Anonymous() {
		toSignIn(w, r, "/account")
		return
	}
	acct, err := u.s.Accounts.Account(ctx, a)
	if err != nil {
		u.failOrSignIn(w, r, err, "/account")
		return
	}
	v := accountView{Form: f, User: &acct.User}
	var unread map[string]int
	if u.s.Messages != nil {
		unread, _ = u.s.Messages.UnreadForMe(ctx, a) // a count: the page shows without it
	}
	for _, m := range acct.Memberships {
		v.Clinics = append(v.Clinics, clinicRole{ID: m.ClinicID, Name: acct.ClinicNames[m.ClinicID], Role: roleWords[m.Role],
			Admin: m.Role == domain.RoleAdmin || m.Role == domain.RoleTherapist, Unread: unread[m.ClinicID]})
	}
	for _, r := range acct.Assessments {
		v.Results = append(v.Results, savedResult{ID: r.ID, Made: r.CreatedAt.Format("2 January 2006"),
			Heading: dispositionTitle(clinical.Disposition(r.Disposition)), Shared: r.ClinicID != ""})
	}
	v.Joins = u.accountJoins(r, acct.ClinicNames)
	title := "Your account"
	if f.HasErrors() {
		title = "Error: " + title
	}
	u.render(w, r, status, "account", page{Title: title, Section: "account", Private: true, Data: v})
}

// accountDelete is POST /account/delete: the account and its health data,
// for good, once the person has ticked that they understand.
func (u *ui) accountDelete(w http.ResponseWriter, r *http.Request) {
	f, ok := u.signedInForm(w, r, "/account")
	if !ok {
		return
	}
	if f.Get("confirm") != "yes" {
		f.fail("confirm", "Tick the box to show you understand. Then press the button again.")
		u.renderAccount(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err := u.s.Accounts.DeleteMyAccount(r.Context(), actorOf(r)); err != nil {
		u.failOrSignIn(w, r, err, "/account")
		return
	}
	u.s.clearSessionCookie(w)
	http.Redirect(w, r, "/?note=deleted", http.StatusSeeOther)
}
