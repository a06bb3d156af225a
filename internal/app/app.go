// Package app holds unknot's use cases, one service per area: Assessments,
// Accounts, Clinics, Diary, Outcomes, Patients (caseload and chart),
// Programs, Notes and Interop (FHIR and research exports). Each declares the small store it
// needs and runs every use case that writes as one unit of work (one
// transaction, one clock reading), so that a record and its audit entry
// commit together or not at all. It is the one place where authorisation
// (through authz) and auditing are applied, and it knows nothing of HTTP or
// SQL: it takes typed values the edges decoded.
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
)

// Store is everything the services ask of a database, inside a
// transaction or outside one: the union of each service's own store.
type Store interface {
	AssessmentStore
	AccountStore
	ClinicStore
	DiaryStore
	OutcomeStore
	PatientStore
	ProgramStore
	NoteStore
	InteropStore
	MessageStore
	VisitStore
	JoinStore
	ProtocolStore
	ReminderStore
}

// Database is the one store the services share: a Store whose InTx runs
// fn as one unit of work over a transaction-bound store T.
type Database[T Store] interface {
	Store
	InTx(ctx context.Context, fn func(tx T) error) error
}

// Clocked is a store that tells the time: in a transaction, one reading
// for the whole of it.
type Clocked interface {
	Now() time.Time
}

// Auditor appends to the audit log.
type Auditor interface {
	Clocked
	AppendAudit(ctx context.Context, e *domain.AuditEntry) error
}

// Mailer sends email: sign-in and reset links.
type Mailer interface {
	Send(ctx context.Context, m umail.Message) error
}

// Config is what New needs.
type Config struct {
	Protocol *protocol.Protocol
	// Library is the exercise and article library plans draw on.
	Library *library.Library
	// Instruments are the outcome instruments, with any clinic wording
	// merged; outcome.Default() when nil.
	Instruments *outcome.Set
	Mailer      Mailer
	// Now is the clock: the one Main injects. Required.
	Now func() time.Time
	// DefaultTZ is the deployment's zone for inputs that name none.
	DefaultTZ string
	// BaseURL prefixes links sent by email, e.g. https://unknot.example.org.
	BaseURL string
	// SessionTTL is how long a sign-in lasts; 30 days when zero.
	SessionTTL time.Duration
	// OnAssessment, when set, is told the disposition of every stored
	// assessment (for metrics), after it is committed.
	OnAssessment func(disposition string)
	// Passwords sets argon2id's costs; DefaultPasswordParams when zero.
	Passwords PasswordParams
	Logger    *slog.Logger
	// Jobs is the queue of work after the answer (internal/jobs, on
	// River); without it, use cases that enqueue answer unavailable.
	Jobs Enqueuer
}

// Services are the use cases, one service per area.
type Services struct {
	Assessments *Assessments
	Accounts    *Accounts
	Clinics     *Clinics
	Diary       *Diary
	Outcomes    *Outcomes
	Patients    *Patients
	Programs    *Programs
	Notes       *Notes
	Interop     *Interop
	Messages    *Messages
	Visits      *Visits
	Joins       *Joins
	Protocols   *Protocols
	Reminders   *Reminders
}

// unit is a service's store and its units of work over it.
type unit[S any] struct {
	store S
	inTx  func(ctx context.Context, fn func(tx S) error) error
}

// audited runs fn over the store itself, not in a write transaction: an
// audited read. Its audit entry goes through the store's batcher, which
// commits it with the writes of the same moment before it returns, so that
// reads do not queue one by one behind the single writer and none is
// served without its trace (sqlstore/auditbatch.go).
func (u unit[S]) audited(_ context.Context, fn func(store S) error) error { return fn(u.store) }

// New returns the services over db. T is db's transaction-bound store.
func New[T Store](db Database[T], cfg Config) *Services {
	cfg = withDefaults(cfg)
	tr := NewTriage(cfg)
	sessions := &sessionMaker{ttl: cfg.SessionTTL}
	h := newHasher(cfg.Passwords)
	as := &Assessments{Triage: tr, library: cfg.Library, onAssessed: cfg.OnAssessment,
		unit: unit[AssessmentStore]{store: db, inTx: func(ctx context.Context, fn func(AssessmentStore) error) error {
			return db.InTx(ctx, func(tx T) error { return fn(tx) })
		}}}
	acc := &Accounts{now: cfg.Now, baseURL: strings.TrimRight(cfg.BaseURL, "/"), mailer: cfg.Mailer, hasher: h, sessions: sessions,
		queue: queue{cfg.Jobs}, mailCap: &recipientCap{now: cfg.Now}, logger: cfg.Logger,
		unit: unit[AccountStore]{store: db, inTx: func(ctx context.Context, fn func(AccountStore) error) error {
			return db.InTx(ctx, func(tx T) error { return fn(tx) })
		}}}
	acc.dummyHash = sync.OnceValue(func() string {
		// A hash to check against when an email has no account, made on
		// first need: the CLI and start-up need not pay for it.
		s, _ := h.Hash(context.Background(), newSecret())
		return s
	})
	cl := &Clinics{now: cfg.Now, hasher: h, sessions: sessions, queue: queue{cfg.Jobs},
		unit: unit[ClinicStore]{store: db, inTx: func(ctx context.Context, fn func(ClinicStore) error) error {
			return db.InTx(ctx, func(tx T) error { return fn(tx) })
		}}}
	di := &Diary{assessments: as, days: days{library: cfg.Library, now: cfg.Now},
		unit: unit[DiaryStore]{store: db, inTx: func(ctx context.Context, fn func(DiaryStore) error) error {
			return db.InTx(ctx, func(tx T) error { return fn(tx) })
		}}}
	oc := &Outcomes{instruments: cfg.Instruments, days: days{library: cfg.Library, now: cfg.Now},
		unit: unit[OutcomeStore]{store: db, inTx: func(ctx context.Context, fn func(OutcomeStore) error) error {
			return db.InTx(ctx, func(tx T) error { return fn(tx) })
		}}}
	pa := &Patients{diary: di, instruments: cfg.Instruments, library: cfg.Library,
		unit: unit[PatientStore]{store: db, inTx: func(ctx context.Context, fn func(PatientStore) error) error {
			return db.InTx(ctx, func(tx T) error { return fn(tx) })
		}}}
	pr := &Programs{library: cfg.Library,
		unit: unit[ProgramStore]{store: db, inTx: func(ctx context.Context, fn func(ProgramStore) error) error {
			return db.InTx(ctx, func(tx T) error { return fn(tx) })
		}}}
	no := &Notes{unit: unit[NoteStore]{store: db, inTx: func(ctx context.Context, fn func(NoteStore) error) error {
		return db.InTx(ctx, func(tx T) error { return fn(tx) })
	}}}
	io := &Interop{instruments: cfg.Instruments, base: strings.TrimRight(cfg.BaseURL, "/"),
		unit: unit[InteropStore]{store: db, inTx: func(ctx context.Context, fn func(InteropStore) error) error {
			return db.InTx(ctx, func(tx T) error { return fn(tx) })
		}}}
	me := &Messages{library: cfg.Library, unit: unit[MessageStore]{store: db, inTx: func(ctx context.Context, fn func(MessageStore) error) error {
		return db.InTx(ctx, func(tx T) error { return fn(tx) })
	}}}
	vi := &Visits{unit: unit[VisitStore]{store: db, inTx: func(ctx context.Context, fn func(VisitStore) error) error {
		return db.InTx(ctx, func(tx T) error { return fn(tx) })
	}}}
	jo := &Joins{accounts: acc, unit: unit[JoinStore]{store: db, inTx: func(ctx context.Context, fn func(JoinStore) error) error {
		return db.InTx(ctx, func(tx T) error { return fn(tx) })
	}}}
	cl.joins = jo
	pc := &Protocols{fallback: cfg.Protocol, cache: &protocolCache{},
		unit: unit[ProtocolStore]{store: db, inTx: func(ctx context.Context, fn func(ProtocolStore) error) error {
			return db.InTx(ctx, func(tx T) error { return fn(tx) })
		}}}
	as.protocols = pc
	re := &Reminders{queue: queue{cfg.Jobs}, days: days{library: cfg.Library, now: cfg.Now}, instruments: cfg.Instruments,
		mailer: cfg.Mailer, baseURL: strings.TrimRight(cfg.BaseURL, "/"), defaultTZ: cfg.DefaultTZ,
		unit: unit[ReminderStore]{store: db, inTx: func(ctx context.Context, fn func(ReminderStore) error) error {
			return db.InTx(ctx, func(tx T) error { return fn(tx) })
		}}}
	return &Services{Assessments: as, Accounts: acc, Clinics: cl, Diary: di, Outcomes: oc, Patients: pa, Programs: pr, Notes: no, Interop: io,
		Messages: me, Visits: vi, Joins: jo, Protocols: pc, Reminders: re}
}

// Close is kept for callers from before the queue was River's: the work
// after answers is in the database now, and the queue (internal/jobs)
// stops on its own.
func (s *Services) Close() {}

func withDefaults(cfg Config) Config {
	if cfg.Now == nil {
		panic("app: Config.Now is required: the clock Main injects")
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
	if cfg.Protocol == nil {
		cfg.Protocol = protocol.Default()
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 30 * 24 * time.Hour
	}
	if cfg.Passwords.MemoryKiB == 0 {
		cfg.Passwords = DefaultPasswordParams
	}
	return cfg
}

// audit records one access to a record, in the transaction of the access
// itself: health data is not served, nor changed, without a trace.
func audit(ctx context.Context, s Auditor, actor domain.Actor, action, record, clinicID, subject string) error {
	return s.AppendAudit(ctx, &domain.AuditEntry{
		At: s.Now(), Actor: actor.ID, Action: action, Record: record, Address: actor.Address,
		ClinicID: clinicID, Subject: subject,
	})
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// sortedEncoding is base32 with its digits before its letters, as in
// ASCII, so that encoded strings sort as the bytes they encode.
var sortedEncoding = base32.NewEncoding("234567abcdefghijklmnopqrstuvwxyz").WithPadding(base32.NoPadding)

// NewID returns an unguessable identifier (128 random bits) fit for a
// private link.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return strings.ToLower(idEncoding.EncodeToString(b[:]))
}

// NewRecordID returns an identifier for a record made at now: 48 bits of
// its millisecond, then 80 random bits, 26 characters like NewID's. Still
// unguessable for a private link (2^80 to try within each millisecond),
// and it sorts by time, so that records written one after the other land
// on the same index page instead of a random one each: a stored
// assessment and its audit entry touch one page of each index, not a
// page each (docs/PERFORMANCE.md). Not for secrets: their time is not
// random.
func NewRecordID(now time.Time) string {
	var b [16]byte
	ms := uint64(now.UnixMilli())
	for i := range 6 {
		b[i] = byte(ms >> (8 * (5 - i)))
	}
	_, _ = rand.Read(b[6:])
	return sortedEncoding.EncodeToString(b[:])
}

func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func invalid(field, problem string) error {
	return &domain.Error{Code: domain.EInvalid, Message: "Please check the form.",
		Problems: []domain.Problem{{Field: field, Problem: problem}}}
}
