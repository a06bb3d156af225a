package web

// The clinic's own protocol in the browser, for its admin: the version in
// force and every version kept; a text box to upload or edit one (checked
// on the spot, refused naming each rule at fault); a version's readable
// difference from the one in force, its test results, and the button that
// puts it in force (or restores an older one).

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"unknot/content"
	"unknot/internal/app"
	"unknot/internal/domain"
	"unknot/internal/protocol"
)

type protocolPageView struct {
	ClinicID string
	List     *app.ProtocolsView
	// Shown is the version reviewed (?version=, or the one just uploaded).
	Shown    *app.ProtocolVersion
	Form     *form
	Refusals []string
	Names    map[string]string
	Failed   int
}

func protocolPath(clinicID string) string { return "/clinic/" + url.PathEscape(clinicID) + "/protocol" }

// protocolPage is GET /clinic/{clinic}/protocol[?version=V].
func (u *ui) protocolPage(w http.ResponseWriter, r *http.Request) {
	f := newForm(nil)
	u.renderProtocol(w, r, http.StatusOK, f, nil, r.URL.Query().Get("version"))
}

func (u *ui) renderProtocol(w http.ResponseWriter, r *http.Request, status int, f *form, refusals []string, version string) {
	a, cid := actorOf(r), r.PathValue("clinic")
	if a.Anonymous() {
		toSignIn(w, r, protocolPath(cid))
		return
	}
	list, err := u.s.Protocols.List(r.Context(), a, cid)
	if err != nil {
		u.failOrSignIn(w, r, err, protocolPath(cid))
		return
	}
	v := protocolPageView{ClinicID: cid, List: list, Form: f, Refusals: refusals}
	if version != "" {
		if v.Shown, err = u.s.Protocols.Version(r.Context(), a, cid, version); err != nil {
			u.failOrSignIn(w, r, err, protocolPath(cid))
			return
		}
		for _, res := range v.Shown.Results {
			if !res.Passed {
				v.Failed++
			}
		}
	}
	if f.Get("protocol") == "" && len(refusals) == 0 {
		body := list.ActiveBody
		if len(body) == 0 {
			body = u.defaultProtocolFile()
		}
		f.values.Set("protocol", string(body))
	}
	title := "The clinic's protocol"
	if len(refusals) > 0 {
		title = "Error: " + title
	}
	u.render(w, r, status, "protocol", page{Title: title, Section: "account", Private: true, Wide: true, Data: v})
}

// protocolUpload is POST /clinic/{clinic}/protocol (protocol, cases).
func (u *ui) protocolUpload(w http.ResponseWriter, r *http.Request) {
	cid := r.PathValue("clinic")
	f, ok := u.signedInForm(w, r, protocolPath(cid))
	if !ok {
		return
	}
	v, err := u.s.Protocols.Upload(r.Context(), actorOf(r), cid, []byte(f.Get("protocol")), []byte(strings.TrimSpace(f.Get("cases"))))
	if err != nil {
		var de *domain.Error
		if domain.ErrorCode(err) != domain.EInvalid && domain.ErrorCode(err) != domain.EConflict || !asError(err, &de) {
			u.failOrSignIn(w, r, err, protocolPath(cid))
			return
		}
		refusals := []string{de.Message}
		for _, p := range de.Problems {
			refusals = append(refusals, p.Problem)
		}
		u.renderProtocol(w, r, ErrorStatus(err), f, refusals, "")
		return
	}
	http.Redirect(w, r, protocolPath(cid)+"?version="+url.QueryEscape(v.Version)+"&note=protocol-uploaded#review", http.StatusSeeOther)
}

// protocolActivate is POST /clinic/{clinic}/protocol/{version}/activate.
func (u *ui) protocolActivate(w http.ResponseWriter, r *http.Request) {
	cid, version := r.PathValue("clinic"), r.PathValue("version")
	u.signedInAction(w, r, protocolPath(cid), func() error {
		return u.s.Protocols.Activate(r.Context(), actorOf(r), cid, version)
	}, "protocol-activated")
}

func asError(err error, de **domain.Error) bool { return errors.As(err, de) }

// defaultProtocolFile is the deployment's default protocol file, to start
// an edit from.
func (u *ui) defaultProtocolFile() []byte {
	b, _ := content.Protocols.ReadFile(protocol.DefaultFile)
	return b
}
