// Package app holds unknot's use cases: it joins the pure clinical core to
// the stores, and is the one place where authorisation (through authz) and
// auditing are applied. It knows nothing of HTTP.
package app

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"log/slog"
	"strings"
	"sync"
	"time"

	"unknot/internal/domain"
	"unknot/internal/library"
	umail "unknot/internal/mail"
	"unknot/internal/outcome"
	"unknot/internal/protocol"
	"unknot/internal/sqlstore"
)

// Store is what the use cases need of a database.
type Store interface {
	CreateAssessment(ctx context.Context, a *domain.Assessment) error
	FindAssessmentByID(ctx context.Context, id string) (*domain.Assessment, error)
	ListAssessments(ctx context.Context, f sqlstore.AssessmentFilter) ([]domain.Assessment, error)
	SetAssessmentOwner(ctx context.Context, id, ownerID string) error
	SetAssessmentClinic(ctx context.Context, id, clinicID string) error

	AppendAudit(ctx context.Context, e *domain.AuditEntry) error
	ListAudit(ctx context.Context, f sqlstore.AuditFilter) ([]domain.AuditEntry, error)

	CreateUser(ctx context.Context, u *domain.User) error
	CreateFirstUser(ctx context.Context, u *domain.User) error
	FindUserByID(ctx context.Context, id string) (*domain.User, error)
	FindUserByEmail(ctx context.Context, email string) (*domain.User, error)
	CountUsers(ctx context.Context) (int, error)
	UpdatePassword(ctx context.Context, userID, hash string) error
	DeleteUser(ctx context.Context, userID, pseudonym string) error

	CreateClinic(ctx context.Context, c *domain.Clinic) error
	FindClinicByID(ctx context.Context, id string) (*domain.Clinic, error)
	FindClinicByInviteCode(ctx context.Context, code string) (*domain.Clinic, error)
	PutMembership(ctx context.Context, m *domain.Membership) error
	MembershipsOfUser(ctx context.Context, userID string) ([]domain.Membership, error)
	MembershipsOfClinic(ctx context.Context, clinicID string) ([]domain.Membership, error)
	MembersOfClinic(ctx context.Context, clinicID string) ([]sqlstore.Member, error)
	ClinicNames(ctx context.Context, userID string) (map[string]string, error)

	CreateSession(ctx context.Context, s *domain.Session) error
	FindSession(ctx context.Context, idHash string) (*domain.Session, error)
	DeleteSession(ctx context.Context, idHash string) error
	DeleteUserSessions(ctx context.Context, userID string) error
	CreateOneTimeToken(ctx context.Context, t *domain.OneTimeToken) error
	UseOneTimeToken(ctx context.Context, hash, purpose string) (string, error)
	PeekOneTimeToken(ctx context.Context, hash, purpose string) (string, error)
	SignInLock(ctx context.Context, key string) (time.Time, int, error)
	RecordSignInFailure(ctx context.Context, key string, lockFor func(int) time.Duration) error
	ClearSignInFailures(ctx context.Context, key string) error

	CreateAPIToken(ctx context.Context, t *domain.APIToken) error
	FindAPIToken(ctx context.Context, id string) (*domain.APIToken, error)
	ListAPITokens(ctx context.Context, clinicID string) ([]domain.APIToken, error)
	TouchAPIToken(ctx context.Context, id string) error
	RevokeAPIToken(ctx context.Context, clinicID, id string) error

	PutCheckin(ctx context.Context, c *sqlstore.Checkin, base sqlstore.DiaryBaseline) error
	ListCheckins(ctx context.Context, f sqlstore.CheckinFilter) ([]sqlstore.Checkin, error)
	RecordClinicFlag(ctx context.Context, f *sqlstore.ClinicFlag) (bool, error)
	ListClinicFlags(ctx context.Context, clinicID string) ([]sqlstore.ClinicFlag, error)
	ResolveClinicFlag(ctx context.Context, clinicID, id string) error
	Worsening(ctx context.Context, clinicID string, now time.Time) ([]sqlstore.WorseningRow, error)

	PutOutcome(ctx context.Context, o *sqlstore.OutcomeResponse) error
	ListOutcomes(ctx context.Context, f sqlstore.OutcomeFilter) ([]sqlstore.OutcomeResponse, error)
}

// Mailer sends email: sign-in and reset links.
type Mailer interface {
	Send(ctx context.Context, m umail.Message) error
}

// App is the set of use cases.
type App struct {
	store       Store
	protocol    *protocol.Protocol
	library     *library.Library
	instruments *outcome.Set
	mailer      Mailer
	now         func() time.Time
	defaultTZ   string
	baseURL     string
	sessionTTL  time.Duration
	hasher      *hasher
	onAssessed  func(string)
	// dummyHash is a hash to check against when an email has no account,
	// made on first need: the CLI and start-up need not pay for it.
	dummyHash func() string
	logger    *slog.Logger
}

// Config is what New needs.
type Config struct {
	Store    Store
	Protocol *protocol.Protocol
	// Library is the exercise and article library plans draw on.
	Library *library.Library
	// Instruments are the outcome instruments, with any clinic wording
	// merged; outcome.Default() when nil.
	Instruments *outcome.Set
	Mailer      Mailer
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// DefaultTZ is the deployment's zone for inputs that name none.
	DefaultTZ string
	// BaseURL prefixes links sent by email, e.g. https://unknot.example.org.
	BaseURL string
	// SessionTTL is how long a sign-in lasts; 30 days when zero.
	SessionTTL time.Duration
	// OnAssessment, when set, is told the disposition of every stored
	// assessment (for metrics).
	OnAssessment func(disposition string)
	// Passwords sets argon2id's costs; DefaultPasswordParams when zero.
	Passwords PasswordParams
	Logger    *slog.Logger
}

// New returns the use cases over cfg's store and protocol.
func New(cfg Config) *App {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.DefaultTZ == "" {
		cfg.DefaultTZ = "UTC"
	}
	if cfg.Library == nil {
		cfg.Library = library.Default()
	}
	if cfg.Instruments == nil {
		cfg.Instruments = outcome.Default()
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 30 * 24 * time.Hour
	}
	if cfg.Passwords.MemoryKiB == 0 {
		cfg.Passwords = DefaultPasswordParams
	}
	a := &App{store: cfg.Store, protocol: cfg.Protocol, library: cfg.Library, instruments: cfg.Instruments, mailer: cfg.Mailer, now: cfg.Now,
		defaultTZ: cfg.DefaultTZ, baseURL: strings.TrimRight(cfg.BaseURL, "/"), sessionTTL: cfg.SessionTTL,
		hasher: newHasher(cfg.Passwords), logger: cfg.Logger, onAssessed: cfg.OnAssessment}
	a.dummyHash = sync.OnceValue(func() string {
		h, _ := a.hasher.Hash(context.Background(), newSecret())
		return h
	})
	return a
}

// Protocol returns the protocol in force.
func (a *App) Protocol() *protocol.Protocol { return a.protocol }

// audit records one access to a record. A failure to audit fails the
// request: health data is not served without a trace.
func (a *App) audit(ctx context.Context, actor domain.Actor, action, record, clinicID, subject string) error {
	return a.store.AppendAudit(ctx, &domain.AuditEntry{
		At: a.now(), Actor: actor.ID, Action: action, Record: record, Address: actor.Address,
		ClinicID: clinicID, Subject: subject,
	})
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewID returns an unguessable identifier (128 random bits) fit for a
// private link.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return strings.ToLower(idEncoding.EncodeToString(b[:]))
}
