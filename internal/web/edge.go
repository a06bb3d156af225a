package web

// Checks every request meets at the edge, before any handler: the body's
// media type and encoding, text that is valid UTF-8 without NUL bytes, and
// the caching of private answers. They are here, once, so that both
// database engines see only text they can store, and no handler can forget.

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"unicode/utf8"

	"unknot/internal/domain"
)

// maxTextBytes bounds any one text value in a path, query or form; fields
// with a smaller limit (a name, an email) are checked again in app.
const maxTextBytes = 4096

// edge refuses requests whose text or body cannot be taken, and marks
// every API answer private: a shared cache must never keep a person's
// result, plan or account.
func (s *Server) edge(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api := strings.HasPrefix(r.URL.Path, "/api/")
		h := w.Header()
		if !strings.HasPrefix(r.URL.Path, "/static/") { // assets are the same for everyone
			h.Add("Vary", "Cookie, Authorization")
		}
		if api {
			h.Set("Cache-Control", "private, no-store")
		}
		if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
			s.refuse(w, r, api, domain.Errorf(domain.EUnsupportedMedia, "Request bodies must not be compressed."))
			return
		}
		if api && hasBody(r) && r.Method != http.MethodGet {
			mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || !jsonType(r.URL.Path, mt) {
				s.refuse(w, r, api, domain.Errorf(domain.EUnsupportedMedia, "Send the request body as application/json."))
				return
			}
		}
		if err := checkRequestText(r); err != nil {
			s.refuse(w, r, api, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// refuse answers an edge refusal: JSON for the API, plain text for pages.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, api bool, err error) {
	if api {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(ErrorStatus(err))
	_, _ = io.WriteString(w, domain.ErrorMessage(err)+"\n")
}

// hasBody reports whether the request says it carries a body.
func hasBody(r *http.Request) bool {
	return r.ContentLength > 0 || len(r.TransferEncoding) > 0
}

// checkRequestText checks the path, the query and, for a form, every form
// value. A form is parsed here (within the body limit) so that handlers
// read the values already checked.
func checkRequestText(r *http.Request) error {
	if p, err := url.PathUnescape(r.URL.EscapedPath()); err != nil || !goodText(p) {
		return domain.Errorf(domain.EMalformed, "The address holds characters that cannot be read.")
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return domain.Errorf(domain.EMalformed, "The query string cannot be read.")
	}
	if field, ok := goodValues(q); !ok {
		return textProblem(field)
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Method == http.MethodPost && mt == "application/x-www-form-urlencoded" {
		if err := r.ParseForm(); err != nil {
			return formError(err)
		}
		form := r.PostForm
		if strings.HasSuffix(r.URL.Path, "/protocol") {
			// A clinic's protocol and its test cases are files edited in a
			// text box: longer than other text, checked the same way.
			form = url.Values{}
			for k, vs := range r.PostForm {
				if k != "protocol" && k != "cases" {
					form[k] = vs
				}
			}
			for _, k := range []string{"protocol", "cases"} {
				for _, x := range r.PostForm[k] {
					if len(x) > maxFileTextBytes || !utf8.ValidString(x) || strings.IndexByte(x, 0) >= 0 {
						return textProblem(k)
					}
				}
			}
		}
		if field, ok := goodValues(form); !ok {
			return textProblem(field)
		}
	}
	return nil
}

// maxFileTextBytes bounds a file edited in a text box (a clinic's protocol).
const maxFileTextBytes = 512 << 10

func formError(err error) error {
	if strings.Contains(err.Error(), "too large") {
		return domain.Errorf(domain.ETooLarge, "The form is too large.")
	}
	return domain.Errorf(domain.EMalformed, "The form cannot be read.")
}

func goodValues(v url.Values) (string, bool) {
	for k, vs := range v {
		if !goodText(k) {
			return "", false
		}
		for _, x := range vs {
			if !goodText(x) {
				return k, false
			}
		}
	}
	return "", true
}

// goodText reports whether s is text every engine stores as given: valid
// UTF-8, no NUL (PostgreSQL refuses both, SQLite would keep them) and not
// longer than maxTextBytes.
func goodText(s string) bool {
	return len(s) <= maxTextBytes && utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

func textProblem(field string) error {
	return &domain.Error{Code: domain.EInvalid, Message: "Some text could not be accepted.",
		Problems: []domain.Problem{{Field: field, Problem: textRule}}}
}

const textRule = "must be text of at most 4096 bytes, without NUL characters"

// checkJSONText is decodeJSON's check of a body: valid UTF-8 (the decoder
// would silently replace bad bytes), and no key given twice, at any depth.
func checkJSONText(body []byte) error {
	if !utf8.Valid(body) {
		return domain.Errorf(domain.EMalformed, "The request body is not valid UTF-8.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if field, dup := duplicateKey(dec, ""); dup {
		return &domain.Error{Code: domain.EInvalid, Message: "Some fields could not be accepted.",
			Problems: []domain.Problem{{Field: field, Problem: "is given more than once"}}}
	}
	return nil
}

// duplicateKey walks one JSON value and reports the first key given twice
// in one object. The body is known to be valid JSON.
func duplicateKey(dec *json.Decoder, path string) (string, bool) {
	tok, err := dec.Token()
	if err != nil {
		return "", false
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return "", false
			}
			k, _ := kt.(string)
			name := k
			if path != "" {
				name = path + "." + k
			}
			if seen[k] {
				return name, true
			}
			seen[k] = true
			if f, dup := duplicateKey(dec, name); dup {
				return f, true
			}
		}
		_, _ = dec.Token()
	case json.Delim('['):
		for dec.More() {
			if f, dup := duplicateKey(dec, path); dup {
				return f, true
			}
		}
		_, _ = dec.Token()
	}
	return "", false
}

// goodStrings checks every string a JSON body decoded into (see goodText),
// naming the first field that fails by its JSON name.
func goodStrings(v reflect.Value, field string) (string, bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return goodStrings(v.Elem(), field)
		}
	case reflect.String:
		return field, goodText(v.String())
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == "" {
				name = t.Field(i).Name
			}
			if field != "" {
				name = field + "." + name
			}
			if f, ok := goodStrings(v.Field(i), name); !ok {
				return f, false
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if f, ok := goodStrings(v.Index(i), field); !ok {
				return f, false
			}
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if f, ok := goodStrings(k, field); !ok {
				return f, false
			}
			if f, ok := goodStrings(v.MapIndex(k), field); !ok {
				return f, false
			}
		}
	}
	return "", true
}

// jsonType reports whether a body of media type mt may go to path: JSON
// everywhere, and FHIR's own JSON and NDJSON types on the FHIR import.
func jsonType(path, mt string) bool {
	switch mt {
	case "application/json":
		return true
	case "application/fhir+json", "application/fhir+ndjson", "application/x-ndjson", "application/ndjson":
		return strings.HasSuffix(path, "/fhir/import")
	}
	return false
}
