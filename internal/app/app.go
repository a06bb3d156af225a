// Package app holds unknot's use cases: it joins the pure clinical core to
// the stores, and is the one place where authorisation and auditing are
// applied. It knows nothing of HTTP.
package app

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"log/slog"
	"strings"
	"time"

	"unknot/internal/domain"
	"unknot/internal/library"
	"unknot/internal/protocol"
)

// Store is what the use cases need of a database.
type Store interface {
	CreateAssessment(ctx context.Context, a *domain.Assessment) error
	FindAssessmentByID(ctx context.Context, id string) (*domain.Assessment, error)
	AppendAudit(ctx context.Context, e *domain.AuditEntry) error
}

// App is the set of use cases.
type App struct {
	store     Store
	protocol  *protocol.Protocol
	library   *library.Library
	now       func() time.Time
	defaultTZ string
	logger    *slog.Logger
}

// Config is what New needs.
type Config struct {
	Store    Store
	Protocol *protocol.Protocol
	// Library is the exercise and article library plans draw on.
	Library *library.Library
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// DefaultTZ is the deployment's zone for inputs that name none.
	DefaultTZ string
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
	return &App{store: cfg.Store, protocol: cfg.Protocol, library: cfg.Library, now: cfg.Now, defaultTZ: cfg.DefaultTZ, logger: cfg.Logger}
}

// Protocol returns the protocol in force.
func (a *App) Protocol() *protocol.Protocol { return a.protocol }

// audit records one access to a record. A failure to audit fails the
// request: health data is not served without a trace.
func (a *App) audit(ctx context.Context, actor domain.Actor, action, record string) error {
	return a.store.AppendAudit(ctx, &domain.AuditEntry{
		At: a.now(), Actor: actor.ID, Action: action, Record: record, Address: actor.Address,
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
