package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"unknot/internal/app"
	"unknot/internal/domain"
)

// Accounts is what the HTTP layer needs of the account use cases.
type Accounts interface {
	ActorForSession(ctx context.Context, secret, address string) (domain.Actor, error)
	ActorForToken(ctx context.Context, bearer, address string) (domain.Actor, error)
	SignUp(ctx context.Context, actor domain.Actor, req app.SignUpRequest) error
	SignIn(ctx context.Context, address, email, password, device string) (u *domain.User, session, newDevice string, err error)
	SignOut(ctx context.Context, secret string) error
	SignOutEverywhere(ctx context.Context, actor domain.Actor) error
	SendResetLink(ctx context.Context, email string) error
	SendMagicLink(ctx context.Context, email string) error
	ResetPassword(ctx context.Context, address, secret, password string) error
	SignInWithLink(ctx context.Context, address, secret, device string) (session, newDevice string, err error)
	Me(ctx context.Context, actor domain.Actor) (*domain.User, error)
	Account(ctx context.Context, actor domain.Actor) (*app.AccountView, error)
	ExportMyData(ctx context.Context, actor domain.Actor) (*app.Export, error)
	DeleteMyAccount(ctx context.Context, actor domain.Actor) error
}

// Clinics is what the HTTP layer needs of app.Clinics.
type Clinics interface {
	NeedsSetup(ctx context.Context) (bool, error)
	Setup(ctx context.Context, address string, req app.SetupRequest) (*domain.User, *domain.Clinic, string, error)
	CreateClinic(ctx context.Context, actor domain.Actor, req app.SetupRequest) (*domain.User, *domain.Clinic, error)
	Clinic(ctx context.Context, actor domain.Actor, clinicID string) (*app.ClinicView, error)
	AddMember(ctx context.Context, actor domain.Actor, clinicID, email string, role domain.Role) error
	Caseload(ctx context.Context, actor domain.Actor, clinicID string) ([]domain.Assessment, error)
	ClinicAudit(ctx context.Context, actor domain.Actor, clinicID string, f app.AuditQuery) ([]domain.AuditEntry, error)
	CreateAPIToken(ctx context.Context, actor domain.Actor, clinicID, name string, scope domain.TokenScope) (*domain.APIToken, string, error)
	ListAPITokens(ctx context.Context, actor domain.Actor, clinicID string) ([]domain.APIToken, error)
	RevokeAPIToken(ctx context.Context, actor domain.Actor, clinicID, tokenID string) error
	ClinicFlags(ctx context.Context, actor domain.Actor, clinicID string) ([]domain.ClinicFlag, error)
	Worsening(ctx context.Context, actor domain.Actor, clinicID string) ([]app.WorseningItem, error)
	ResolveFlag(ctx context.Context, actor domain.Actor, clinicID, flagID string) error
}

// SessionCookie is the name of the sign-in cookie.
const SessionCookie = "unknot_session"

// DeviceCookie names the browser that has signed in to an account before
// (OWASP's device cookie): a correct password from it is never refused
// because someone elsewhere is guessing.
const DeviceCookie = "unknot_device"

const actorKey ctxKey = 100

// authenticate resolves who is asking, from an API token or the session
// cookie, and puts the actor in the request's context. A bad token is
// refused outright; a stale cookie is cleared and the request goes on
// anonymously.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddress(r)
		actor := domain.Actor{ID: "anonymous", Address: addr}
		if h := r.Header.Get("Authorization"); h != "" {
			bearer, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.writeError(w, r, domain.Errorf(domain.EUnauthorized, "Use an Authorization header of the form: Bearer <token>."))
				return
			}
			a, err := s.Accounts.ActorForToken(r.Context(), strings.TrimSpace(bearer), addr)
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			actor = a
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			a, err := s.Accounts.ActorForSession(r.Context(), c.Value, addr)
			switch {
			case err == nil:
				actor = a
			case domain.ErrorCode(err) == domain.EUnauthorized:
				s.clearSessionCookie(w)
			default:
				s.writeError(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), actorKey, actor)))
	})
}

// actorOf says who is making the request.
func actorOf(r *http.Request) domain.Actor {
	if a, ok := r.Context().Value(actorKey).(domain.Actor); ok {
		return a
	}
	return domain.Actor{ID: "anonymous", Address: clientAddress(r)}
}

// sessionSecret returns the request's session cookie value, or "".
func sessionSecret(r *http.Request) string {
	if c, err := r.Cookie(SessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// setSessionCookie starts a browser session. The cookie is HttpOnly,
// SameSite=Lax, and Secure whenever unknot serves TLS.
func (s *Server) setSessionCookie(w http.ResponseWriter, secret string) {
	dropSessionCookie(w)
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true,
		Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int((30 * 24 * time.Hour).Seconds())})
}

// deviceSecret returns the request's device cookie value, or "".
func deviceSecret(r *http.Request) string {
	if c, err := r.Cookie(DeviceCookie); err == nil {
		return c.Value
	}
	return ""
}

// setDeviceCookie marks this browser as one that has signed in (see
// DeviceCookie): for a year, never readable by scripts.
func (s *Server) setDeviceCookie(w http.ResponseWriter, secret string) {
	if secret == "" {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: DeviceCookie, Value: secret, Path: "/", HttpOnly: true,
		Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int((365 * 24 * time.Hour).Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	dropSessionCookie(w)
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// securityHeaders are sent on every answer; HTML pages add their own
// Content-Security-Policy.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		if s.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// dropSessionCookie removes a session cookie already set on this answer, so
// that an answer never carries two.
func dropSessionCookie(w http.ResponseWriter) {
	h := w.Header()
	kept := h["Set-Cookie"][:0]
	for _, c := range h["Set-Cookie"] {
		if !strings.HasPrefix(c, SessionCookie+"=") {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		h.Del("Set-Cookie")
		return
	}
	h["Set-Cookie"] = kept
}
