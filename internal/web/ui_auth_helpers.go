package web

// What the account pages share: the form's boxes, where to go after
// signing in, and a use case's problems shown beside their fields.

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"unknot/internal/app"
	"unknot/internal/domain"
)

// inputView is one text, email or password box, for the "acct-input"
// partial.
type inputView struct {
	F                             *form
	Name, Label, Hint, Type, Auto string
}

// Input describes a box of this form for the "acct-input" partial: its
// name, label, hint, input type and autocomplete word.
func (f *form) Input(name, label, hint, typ, auto string) inputView {
	return inputView{F: f, Name: name, Label: label, Hint: hint, Type: typ, Auto: auto}
}

// safeNext returns next when it is a path on this site, fallback otherwise:
// signing in must never send a person to another site.
func safeNext(next, fallback string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\x00\r\n\t") {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return fallback
	}
	return next
}

// toSignIn sends an anonymous visitor to the sign-in page, to come back to
// next afterwards.
func toSignIn(w http.ResponseWriter, r *http.Request, next string) {
	http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
}

// failOrSignIn answers a use case's error: "please sign in" becomes the
// sign-in page, the rest a friendly error page.
func (u *ui) failOrSignIn(w http.ResponseWriter, r *http.Request, err error, next string) {
	if domain.ErrorCode(err) == domain.EUnauthorized {
		toSignIn(w, r, next)
		return
	}
	u.fail(w, r, err)
}

// readForm parses a posted form. When it cannot, it answers with an error
// page itself and returns false.
func (u *ui) readForm(w http.ResponseWriter, r *http.Request) (*form, bool) {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			u.errorPage(w, r, http.StatusRequestEntityTooLarge, "Too much was sent", "The form was too long to read. Please go back and try again.")
			return nil, false
		}
		u.errorPage(w, r, http.StatusBadRequest, "We could not read the form", "Please go back and send it again.")
		return nil, false
	}
	return newForm(r.PostForm), true
}

// takePassword returns a password as typed and drops it from the kept
// answers, so that it is never written back into a page.
func takePassword(f *form, name string) string {
	pw := f.values.Get(name)
	f.values.Del(name)
	return pw
}

// showProblems puts a use case's refusal of the answers beside the fields
// it names, and reports whether it was such a refusal. Any other error is
// left to the caller.
func showProblems(f *form, err error, labels map[string]string) bool {
	var de *domain.Error
	if !errors.As(err, &de) {
		return false
	}
	switch de.Code {
	case domain.EInvalid, domain.EConflict, domain.EMalformed:
	default:
		return false
	}
	for _, p := range de.Problems {
		if label, ok := labels[p.Field]; ok {
			f.fail(p.Field, label+" "+p.Problem+".")
		} else {
			f.fail("form", de.Message)
		}
	}
	if !f.HasErrors() {
		f.fail("form", de.Message)
	}
	return true
}

// need records "Enter your …" for each empty answer, before a use case is
// asked: an empty sign-in is not a failed try.
func need(f *form, fields ...[2]string) {
	for _, fl := range fields {
		if f.Get(fl[0]) == "" {
			f.fail(fl[0], fl[1])
		}
	}
}

// renderAuth shows one of the sign-in pages. They are never stored by
// caches: they carry emails and one-time links.
func (u *ui) renderAuth(w http.ResponseWriter, r *http.Request, status int, name, title string, v authView) {
	if v.Form == nil {
		v.Form = newForm(nil)
	}
	if v.Form.HasErrors() {
		title = "Error: " + title
	}
	v.MinPassword = app.MinPasswordLength
	u.render(w, r, status, name, page{Title: title, Section: "account", Private: true, Data: v})
}

// signedInForm is readForm for a signed-in person: anyone else is sent to
// sign in, coming back to back afterwards, and it returns false.
func (u *ui) signedInForm(w http.ResponseWriter, r *http.Request, back string) (*form, bool) {
	if actorOf(r).Anonymous() {
		toSignIn(w, r, back)
		return nil, false
	}
	return u.readForm(w, r)
}

// keepQuery marks a sign-in's next page as a result to keep: after signing
// in (with a password, or the link a sign-up mails), the result is claimed
// for the new session and the person lands on it.
const keepQuery = "?keep=1"

// keepTarget returns the result id when next asks to keep a result.
func keepTarget(next string) (string, bool) {
	rest, ok := strings.CutPrefix(next, "/r/")
	if !ok {
		return "", false
	}
	id, ok := strings.CutSuffix(rest, keepQuery)
	if !ok || id == "" || strings.ContainsAny(id, "/?#") {
		return "", false
	}
	return id, true
}

// afterSignIn is where a browser goes once signed in with session: next,
// or the account page; a result to keep is kept first (a failure to keep it
// is said on the result, not a dead end).
func (u *ui) afterSignIn(r *http.Request, session, next string) string {
	id, ok := keepTarget(next)
	if !ok {
		return safeNext(next, "/account")
	}
	back := "/r/" + id
	actor, err := u.s.Accounts.ActorForSession(r.Context(), session, clientAddress(r))
	if err == nil {
		err = u.s.Assessments.Claim(r.Context(), actor, id)
	}
	if err != nil {
		u.s.Logger.WarnContext(r.Context(), "keeping a result after sign-in", "code", string(domain.ErrorCode(err)))
		return back + "?note=not-kept"
	}
	return back + "?note=kept"
}
