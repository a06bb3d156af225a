package app

// The clinic's own protocol: its admin uploads a version (or edits one in
// the browser); it is checked on upload (protocol check's rules and the
// clinical floor: a protocol that lowers a red flag is refused, the rule
// named), kept as a version, shown as a readable difference from the
// active one, and run against the default vignettes and the clinic's own
// test cases, which must all pass before it can be activated. Activation
// is recorded with who and when; an older version can be restored the
// same way. Assessments made for the clinic's patients, or with its
// tokens, use the active version and record it.

import (
	"context"
	"strings"
	"sync"

	"unknot/internal/authz"
	"unknot/internal/domain"
	"unknot/internal/protocol"
	"unknot/internal/triage"
)

// ProtocolStore is what a clinic's protocol needs of a database.
type ProtocolStore interface {
	Auditor
	PutClinicProtocol(ctx context.Context, p *domain.ClinicProtocol) error
	ClinicProtocols(ctx context.Context, clinicID string) ([]domain.ClinicProtocol, error)
	ActiveClinicProtocol(ctx context.Context, clinicID string) (*domain.ClinicProtocol, error)
	ActivateClinicProtocol(ctx context.Context, clinicID, version, by string) error
}

// Protocols are the use cases of a clinic's own protocol.
type Protocols struct {
	unit[ProtocolStore]
	fallback *protocol.Protocol // the deployment's protocol, for clinics with none
	cache    *protocolCache
}

// MaxProtocolBytes bounds an uploaded protocol file.
const MaxProtocolBytes = 512 << 10

// ProtocolVersion is one of the clinic's versions as its admin reviews it.
type ProtocolVersion struct {
	domain.ClinicProtocol
	ID, Title string
	// Changes are its rules against the active version (or the default).
	Changes []protocol.RuleChange
	// Results are the default vignettes and the clinic's cases run on it.
	Results []triage.CaseResult
	Passed  bool
}

// ProtocolsView is the clinic's protocol page.
type ProtocolsView struct {
	// Active is the version in force: the clinic's, or the default.
	ActiveVersion string
	ActiveBody    []byte
	Default       bool
	Versions      []domain.ClinicProtocol
}

// protocolCache keeps compiled protocols by digest: one compile per file.
type protocolCache struct {
	mu sync.Mutex
	m  map[string]*protocol.Protocol
}

func (c *protocolCache) load(body []byte) (*protocol.Protocol, error) {
	p, err := protocol.Load(body)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*protocol.Protocol{}
	}
	if q, ok := c.m[p.Digest]; ok {
		return q, nil
	}
	c.m[p.Digest] = p
	return p, nil
}

func refused(findings []protocol.Finding) error {
	e := &domain.Error{Code: domain.EInvalid, Message: "This protocol was not accepted. Nothing changed."}
	for _, f := range findings {
		field := "protocol"
		if f.Rule != "" {
			field = "protocol: rule " + f.Rule
		}
		e.Problems = append(e.Problems, domain.Problem{Field: field, Problem: f.String()})
	}
	return e
}

func (s *Protocols) active(ctx context.Context, tx ProtocolStore, clinicID string) (*protocol.Protocol, *domain.ClinicProtocol, error) {
	cp, err := tx.ActiveClinicProtocol(ctx, clinicID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return s.fallback, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	p, err := s.cache.load(cp.Body)
	return p, cp, err
}

func (s *Protocols) run(p *protocol.Protocol, cases []byte) ([]triage.CaseResult, bool, error) {
	all, err := triage.DefaultCases()
	if err != nil {
		return nil, false, err
	}
	if len(strings.TrimSpace(string(cases))) > 0 {
		own, err := triage.ParseCases(cases)
		if err != nil {
			return nil, false, invalid("cases", err.Error())
		}
		all = append(all, own...)
	}
	res := triage.RunCases(p, all)
	for _, r := range res {
		if !r.Passed {
			return res, false, nil
		}
	}
	return res, true, nil
}

// Upload checks and keeps a new version of the clinic's protocol, by its
// admin: refused (422, each finding named, lowered rules by their ids)
// when it does not pass protocol check and the clinical floor, or its
// test cases do not read. It is not active until activated.
func (s *Protocols) Upload(ctx context.Context, actor domain.Actor, clinicID string, body, cases []byte) (v *ProtocolVersion, err error) {
	defer domain.Wrap(&err, "UploadProtocol")
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	if len(body) == 0 {
		return nil, invalid("protocol", "is empty: paste or upload the protocol file")
	}
	if len(body) > MaxProtocolBytes || len(cases) > MaxProtocolBytes {
		return nil, invalid("protocol", "is larger than 512 KiB")
	}
	if findings := protocol.Check(body); len(findings) > 0 {
		// A floor finding names the red flag; the rules of the default
		// protocol this file lowers or drops name the rule at fault.
		return nil, refused(append(protocol.Lowered(s.fallback, body), findings...))
	}
	p, err := s.cache.load(body)
	if err != nil {
		return nil, err
	}
	results, passed, err := s.run(p, cases)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx ProtocolStore) error {
		cur, _, err := s.active(ctx, tx, clinicID)
		if err != nil {
			return err
		}
		cp := &domain.ClinicProtocol{ClinicID: clinicID, Version: p.Version, Body: body, Cases: cases, UploadedBy: actor.UserID}
		if err := tx.PutClinicProtocol(ctx, cp); err != nil {
			return err
		}
		v = &ProtocolVersion{ClinicProtocol: *cp, ID: p.ID, Title: p.Title, Changes: protocol.Diff(cur, p), Results: results, Passed: passed}
		return audit(ctx, tx, actor, "upload", "protocol:"+p.Version, clinicID, "")
	})
	return v, err
}

// Version shows one of the clinic's versions: its difference from the
// active one and its test results, for its admin.
func (s *Protocols) Version(ctx context.Context, actor domain.Actor, clinicID, version string) (v *ProtocolVersion, err error) {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	list, err := s.store.ClinicProtocols(ctx, clinicID)
	if err != nil {
		return nil, err
	}
	for _, cp := range list {
		if cp.Version != version {
			continue
		}
		p, err := s.cache.load(cp.Body)
		if err != nil {
			return nil, err
		}
		cur, _, err := s.active(ctx, s.store, clinicID)
		if err != nil {
			return nil, err
		}
		results, passed, err := s.run(p, cp.Cases)
		if err != nil {
			return nil, err
		}
		return &ProtocolVersion{ClinicProtocol: cp, ID: p.ID, Title: p.Title, Changes: protocol.Diff(cur, p), Results: results, Passed: passed}, nil
	}
	return nil, domain.Errorf(domain.ENotFound, "The clinic has no protocol version %q.", version)
}

// List is the clinic's protocol page: the version in force and every
// version kept.
func (s *Protocols) List(ctx context.Context, actor domain.Actor, clinicID string) (v *ProtocolsView, err error) {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	list, err := s.store.ClinicProtocols(ctx, clinicID)
	if err != nil {
		return nil, err
	}
	v = &ProtocolsView{Versions: list, Default: true, ActiveVersion: s.fallback.Version}
	for _, cp := range list {
		if cp.Active {
			v.Default, v.ActiveVersion, v.ActiveBody = false, cp.Version, cp.Body
		}
	}
	return v, nil
}

// Activate puts a version in force for the clinic (restoring an older one
// is activating it again), by its admin, once its test cases all pass.
func (s *Protocols) Activate(ctx context.Context, actor domain.Actor, clinicID, version string) error {
	v, err := s.Version(ctx, actor, clinicID, version)
	if err != nil {
		return err
	}
	if !v.Passed {
		return &domain.Error{Code: domain.EConflict, Message: "This version does not pass its test cases, so it cannot be put in force."}
	}
	return s.inTx(ctx, func(tx ProtocolStore) error {
		if err := tx.ActivateClinicProtocol(ctx, clinicID, version, actor.UserID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "activate", "protocol:"+version, clinicID, "")
	})
}

// For returns the protocol in force for a clinic: its active version, or
// the deployment's when it has none (or when clinicID is "").
func (s *Protocols) For(ctx context.Context, clinicID string) (*protocol.Protocol, error) {
	if clinicID == "" {
		return s.fallback, nil
	}
	p, _, err := s.active(ctx, s.store, clinicID)
	return p, err
}
