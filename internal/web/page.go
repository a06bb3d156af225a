package web

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/domain"
)

//go:embed templates
var templateFS embed.FS

// contentSecurityPolicy is sent with every HTML page: only this site's own
// scripts, styles and images; no framing; forms post only here.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// page is what every template gets: the layout's parts and the page's own
// data in Data.
type page struct {
	Title string
	// Section marks the current part of the site in the navigation.
	Section string
	// Bare drops the navigation and footer links: the emergency page shows
	// nothing that competes with "call now".
	Bare bool
	// Wide pages (the therapist's workspace) use more of a large screen.
	Wide bool
	// Private pages (the wizard, results) are never stored by caches.
	Private   bool
	Emergency string
	// KeepDays is how many days an anonymous result nobody keeps is
	// stored, for the privacy text.
	KeepDays int
	// SignedIn shows "Your account" in the header instead of "Sign in".
	SignedIn bool
	// Unread is how many of the person's reminders are unread (header).
	Unread int
	// Note is a short message after an action ("Your result is kept"),
	// chosen by the page's ?note= word from a fixed list (pageNotes).
	Note pageNote
	Data any
}

// parseTemplates parses the layout and partials once, then each page on a
// copy of them, so that every page can define "main" and "title".
func parseTemplates(funcs template.FuncMap) (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parsing layout: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := make(map[string]*template.Template, len(names))
	for _, name := range names {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, name); err != nil {
			return nil, fmt.Errorf("parsing %s: %w", name, err)
		}
		pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return pages, nil
}

// templateFuncs are the helpers templates may call.
func templateFuncs(a *assets) template.FuncMap {
	return template.FuncMap{
		"asset": a.URL,
		"label": clinical.Label,
		// fid turns a field name such as "pain.now" into an element id.
		"fid": func(name string) string {
			return "f-" + strings.NewReplacer(".", "-", "_", "-").Replace(name)
		},
		"seq": func(from, to int) []int {
			var out []int
			for i := from; i <= to; i++ {
				out = append(out, i)
			}
			return out
		},
		"field": func(f *form, name, label, hint string) fieldView {
			return fieldView{F: f, Name: name, Label: label, Hint: hint}
		},
		"need":      func(msg string, v fieldView) fieldView { v.Required = msg; return v },
		"words":     func(v fieldView, words []string) fieldView { v.Words = words; return v },
		"title":     dispositionTitle,
		"join":      strings.Join,
		"hasPrefix": strings.HasPrefix,
		"day":       dayWords,
		"spineY":    func(i int) int { return 16 + 22*i },
		"sources":   func(ss []string) string { return strings.Join(plainSources(ss), "; ") },
		"score":     scoreWords,
		"stamp": func(t any) string {
			switch t := t.(type) {
			case time.Time:
				return stamp(t)
			case *time.Time:
				return stampPtr(t)
			}
			return ""
		},
		"reason": reasonLabel,
		"muscle": muscleLabel,
	}
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes the named page with status. It renders into a buffer first
// so that a template error becomes a clean error page, not half a page.
func (u *ui) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.Emergency = u.emergencyNumber()
	p.KeepDays = u.s.keepDays()
	if a := actorOf(r); a.UserID != "" && a.Token == nil {
		p.SignedIn = true
		if u.s.Reminders != nil {
			p.Unread = u.s.Reminders.Unread(r.Context(), a)
		}
	}
	if p.Note.Text == "" {
		p.Note = pageNotes[r.URL.Query().Get("note")]
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	t, ok := u.pages[name]
	err := fmt.Errorf("no page template %q", name)
	if ok {
		err = t.ExecuteTemplate(buf, "layout", p)
	}
	if err != nil {
		if name == "error" { // the error page itself failed: plain text
			u.s.Logger.ErrorContext(r.Context(), "rendering the error page", "err", err)
			http.Error(w, "Something went wrong on our side. Please try again.", http.StatusInternalServerError)
			return
		}
		u.fail(w, r, fmt.Errorf("rendering page %s: %w", name, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if p.Private {
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	writeMaybeGzip(w, r, status, buf.Bytes())
}

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }}

// writeMaybeGzip writes body with status, gzipped when the client takes it.
func writeMaybeGzip(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r) || len(body) < 512 {
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			_, _ = w.Write(body)
		}
		return
	}
	h.Set("Content-Encoding", "gzip")
	h.Del("Content-Length")
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	zw := gzipPool.Get().(*gzip.Writer)
	defer gzipPool.Put(zw)
	zw.Reset(w)
	_, _ = zw.Write(body)
	_ = zw.Close()
}

// fieldView is one question of the wizard, for the partial templates.
type fieldView struct {
	F           *form
	Name, Label string
	Hint        string
	// Required is the message shown when it is left unanswered; "" when
	// it is optional.
	Required string
	Words    []string // the choices, for lists
}

// errorView is the error page's data.
type errorView struct {
	Status  int
	Heading string
	Message string
	Request string
}

// errorPage answers with a friendly HTML page: what happened and what to do.
func (u *ui) errorPage(w http.ResponseWriter, r *http.Request, status int, heading, message string) {
	u.render(w, r, status, "error", page{
		Title: heading,
		Data:  errorView{Status: status, Heading: heading, Message: message, Request: RequestID(r.Context())},
	})
}

// fail answers an error from a use case with an HTML page. Unexpected
// errors are logged; the person sees a generic message and the request id.
func (u *ui) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := ErrorStatus(err)
	switch {
	case status == http.StatusNotFound:
		u.notFound(w, r)
	case status >= 500:
		u.s.Logger.ErrorContext(r.Context(), "page failed", "err", err, "status", status)
		u.errorPage(w, r, status, "Something went wrong",
			"Something went wrong on our side. Please try again in a minute. If you feel very unwell, do not wait: call "+u.emergencyNumber()+".")
	default:
		u.errorPage(w, r, status, "We could not do that", domain.ErrorMessage(err))
	}
}

// notFound is the friendly 404 for HTML routes.
func (u *ui) notFound(w http.ResponseWriter, r *http.Request) {
	if allow := u.s.allowedMethods(r, "/"); allow != "" {
		w.Header().Set("Allow", allow)
		u.errorPage(w, r, http.StatusMethodNotAllowed, "Not here",
			"This page cannot do that. Go back to the page and try again.")
		return
	}
	u.errorPage(w, r, http.StatusNotFound, "Page not found",
		"We could not find that page. Check the link, or go back to the start.")
}
