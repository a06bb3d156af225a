package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/library"
	"unknot/internal/metrics"
	"unknot/internal/protocol"
)

// memStore is the use cases' store in memory: the web tests run the real
// triage and plans without a database.
type memStore struct {
	mu   sync.Mutex
	recs map[string]domain.Assessment
}

func (m *memStore) CreateAssessment(_ context.Context, a *domain.Assessment) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.recs[a.ID] = *a
	return nil
}

func (m *memStore) FindAssessmentByID(_ context.Context, id string) (*domain.Assessment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.recs[id]
	if !ok {
		return nil, domain.Errorf(domain.ENotFound, "No assessment with that id.")
	}
	return &a, nil
}

func (m *memStore) AppendAudit(context.Context, *domain.AuditEntry) error { return nil }

// withInputs adds the optional FindAssessmentInput to the use cases, so the
// result page can mark the places chosen.
type withInputs struct {
	*app.App
	store *memStore
}

func (w withInputs) FindAssessmentInput(ctx context.Context, _ domain.Actor, id string) (clinical.Input, error) {
	rec, err := w.store.FindAssessmentByID(ctx, id)
	if err != nil {
		return clinical.Input{}, err
	}
	var in clinical.Input
	err = json.Unmarshal(rec.Input, &in)
	return in, err
}

// newTestServer is a Server over the real use cases and an in-memory store.
func newTestServer(t *testing.T) http.Handler {
	t.Helper()
	store := &memStore{recs: map[string]domain.Assessment{}}
	uc := app.New(app.Config{
		Store: store, Protocol: protocol.Default(), Library: library.Default(), DefaultTZ: "Europe/London",
	})
	s := &Server{
		Assessments: withInputs{uc, store}, Plans: uc, Library: library.Default(), Metrics: metrics.New(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), EmergencyNumber: "112",
	}
	return s.Handler()
}

// do sends one request to h and returns the recorded response.
func do(h http.Handler, method, target string, body url.Values, header ...string) *httptest.ResponseRecorder {
	var r *http.Request
	if body != nil {
		r = httptest.NewRequest(method, target, strings.NewReader(body.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// answers is a complete, unremarkable self-check: every warning sign
// answered No. Tests change what they need.
func answers() url.Values {
	v := url.Values{
		"age": {"38"}, "sex": {"female"}, "tz": {"Europe/London"},
		"onset_mode": {"ago"}, "onset_ago": {"5"}, "onset_unit": {"days"},
		"regions": {"lumbar_right", "iliac_crest_right"}, "radiation": {"buttock"},
		"pain.now": {"4"}, "pain.worst_24h": {"6"},
		"symptoms":     {"tight_band", "tender_spot", "stiffness"},
		"lump.present": {"no"}, "history": {"previous_episodes"},
		"interference.sleep": {"no"}, "interference.activity": {"3"},
		"self_care.tried": {"stretching", "heat"}, "self_care.weeks": {"0"}, "self_care.trend": {"same"},
		"triggers":                {"prolonged_sitting", "stress"},
		"lifestyle.sitting_hours": {"9"}, "lifestyle.active_days_per_week": {"2"}, "lifestyle.stress": {"6"},
		"lifestyle.water_litres": {"1.5"}, "lifestyle.sleep_hours": {"7"},
	}
	for _, w := range warningSymptoms {
		v.Set("symptom."+w, "no")
	}
	for _, w := range seriousHistory {
		v.Set("history."+w, "no")
	}
	return v
}
