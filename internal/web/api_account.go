package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"

	"unknot/internal/app"
	"unknot/internal/domain"
)

// decodeJSON reads a small JSON object into v, refusing unknown fields:
// 400 when it is not JSON, 422 naming the field otherwise.
func decodeJSON(r *http.Request, v any) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	if !json.Valid(body) {
		// Not JSON at all (or two values): 400, whatever the fields.
		return domain.Errorf(domain.EMalformed, "The request body is not valid JSON.")
	}
	if err := checkJSONText(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field == "" {
			return &domain.Error{Code: domain.EMalformed, Message: "The request body must be a JSON object.", Err: err}
		}
		if errors.As(err, &typeErr) {
			return &domain.Error{Code: domain.EInvalid, Message: "Some fields could not be accepted.",
				Problems: []domain.Problem{{Field: typeErr.Field, Problem: "must be a " + typeErr.Type.String()}}}
		}
		if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			name := strings.Trim(field, `"`)
			if name == "" {
				name = `""` // a key with no name is still named in the answer
			}
			return &domain.Error{Code: domain.EInvalid, Message: "Some fields could not be accepted.",
				Problems: []domain.Problem{{Field: name, Problem: "is not a known field"}}}
		}
		return &domain.Error{Code: domain.EMalformed, Message: "The request body is not valid JSON.", Err: err}
	}
	if _, err := dec.Token(); err != io.EOF {
		return domain.Errorf(domain.EMalformed, "The request body has more than one JSON value.")
	}
	if field, ok := goodStrings(reflect.ValueOf(v), ""); !ok {
		return textProblem(field)
	}
	return nil
}

type accountJSON struct {
	ID          string           `json:"id"`
	Email       string           `json:"email"`
	Name        string           `json:"name"`
	Operator    bool             `json:"operator,omitempty"`
	Memberships []membershipJSON `json:"clinics,omitempty"`
}

type membershipJSON struct {
	ClinicID string      `json:"clinic_id"`
	Role     domain.Role `json:"role"`
}

func toAccountJSON(u *domain.User) accountJSON {
	return accountJSON{ID: u.ID, Email: u.Email, Name: u.Name, Operator: u.Operator}
}

// apiSignUp is POST /api/v1/signup.
func (s *Server) apiSignUp(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Email      string `json:"email"`
		Name       string `json:"name"`
		Password   string `json:"password"`
		InviteCode string `json:"invite_code"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	err := s.Accounts.SignUp(r.Context(), actorOf(r), app.SignUpRequest{Email: req.Email, Name: req.Name,
		Password: req.Password, InviteCode: req.InviteCode})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusAccepted, map[string]string{"status": SignUpSent})
}

// SignUpSent is the answer to every sign-up that is well formed, whether
// or not the address has an account: the mail says which.
const SignUpSent = "Check your email. We have sent a link to that address: open it to go on."

// LinkSent is the answer to every request for a reset or sign-in link.
const LinkSent = "If that address has an account, we have sent a link."

// apiLogin is POST /api/v1/login.
func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, secret, device, err := s.Accounts.SignIn(r.Context(), clientAddress(r), req.Email, req.Password, deviceSecret(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.setSessionCookie(w, secret)
	s.setDeviceCookie(w, device)
	s.writeJSON(w, r, http.StatusOK, toAccountJSON(u))
}

// apiLogout is POST /api/v1/logout: this browser only.
func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.Accounts.SignOut(r.Context(), sessionSecret(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.clearSessionCookie(w)
	w.WriteHeader(http.StatusNoContent)
}

// apiLogoutEverywhere is POST /api/v1/logout/everywhere.
func (s *Server) apiLogoutEverywhere(w http.ResponseWriter, r *http.Request) {
	if err := s.Accounts.SignOutEverywhere(r.Context(), actorOf(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.clearSessionCookie(w)
	w.WriteHeader(http.StatusNoContent)
}

// apiSendLink is POST /api/v1/password-reset and /api/v1/login-link: it
// always answers 202, whether or not the email has an account.
func (s *Server) apiSendLink(send func(r *http.Request, email string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Email string `json:"email"`
		}
		if err := decodeJSON(r, &req); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := send(r, req.Email); err != nil {
			s.writeError(w, r, err)
			return
		}
		s.writeJSON(w, r, http.StatusAccepted, map[string]string{"status": LinkSent})
	}
}

// apiResetPassword is POST /api/v1/password-reset/{token}.
func (s *Server) apiResetPassword(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Password string `json:"password"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Accounts.ResetPassword(r.Context(), clientAddress(r), r.PathValue("token"), req.Password); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiLoginWithLink is POST /api/v1/login-link/{token}.
func (s *Server) apiLoginWithLink(w http.ResponseWriter, r *http.Request) {
	secret, device, err := s.Accounts.SignInWithLink(r.Context(), clientAddress(r), r.PathValue("token"), deviceSecret(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.setSessionCookie(w, secret)
	s.setDeviceCookie(w, device)
	w.WriteHeader(http.StatusNoContent)
}

// apiMe is GET /api/v1/me.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	u, err := s.Accounts.Me(r.Context(), a)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := toAccountJSON(u)
	for _, m := range a.Memberships {
		out.Memberships = append(out.Memberships, membershipJSON{ClinicID: m.ClinicID, Role: m.Role})
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// apiExport is GET /api/v1/me/export: everything held about the person.
func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) {
	exp, err := s.Accounts.ExportMyData(r.Context(), actorOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="unknot-export-%s.json"`, s.now().UTC().Format("2006-01-02")))
	w.Header().Set("Cache-Control", "private, no-store")
	s.writeJSON(w, r, http.StatusOK, exp)
}

// apiDeleteMe is DELETE /api/v1/me: the account and its health data, for good.
func (s *Server) apiDeleteMe(w http.ResponseWriter, r *http.Request) {
	if err := s.Accounts.DeleteMyAccount(r.Context(), actorOf(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.clearSessionCookie(w)
	w.WriteHeader(http.StatusNoContent)
}
