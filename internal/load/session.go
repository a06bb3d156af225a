package load

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"strings"
	"sync"
	"time"
)

// prepare signs the patients and the therapist in and finds each patient
// a plan to check in against: the plan it checked in on today, else its
// newest that takes a check-in today, else a new assessment it makes and
// claims.
func prepare(ctx context.Context, cfg Config, weights map[string]int) (*session, error) {
	s := &session{}
	needPatients := weights[CheckIn]+weights[Read]+weights[Program] > 0
	if !needPatients && weights[Caseload] == 0 {
		return s, nil
	}
	if cfg.Therapist == "" {
		return nil, fmt.Errorf("the %q mix needs a therapist to sign in as (--therapist)", cfg.Mix)
	}
	tc, cookie, _, err := signIn(ctx, cfg.URL, cfg.Therapist, cfg.Password)
	if err != nil {
		return nil, err
	}
	var me struct {
		Clinics []struct {
			ClinicID string `json:"clinic_id"`
		} `json:"clinics"`
	}
	if err := getJSON(ctx, tc, cfg.URL+"/api/v1/me", &me); err != nil {
		return nil, err
	}
	if len(me.Clinics) == 0 {
		return nil, fmt.Errorf("%s belongs to no clinic", cfg.Therapist)
	}
	home := me.Clinics[0].ClinicID
	s.therapist, s.clinic = cookie, cmp.Or(cfg.CaseloadClinic, home)
	if !needPatients {
		return s, nil
	}
	if len(cfg.Patients) == 0 {
		return nil, fmt.Errorf("the %q mix needs patients to sign in as (--patients)", cfg.Mix)
	}
	s.patients = make([]patient, len(cfg.Patients))
	var wg sync.WaitGroup
	errs := make([]error, len(cfg.Patients))
	for i, email := range cfg.Patients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, cookie, _, err := signIn(ctx, cfg.URL, email, cfg.Password)
			if err != nil {
				errs[i] = err
				return
			}
			p := patient{cookie: cookie}
			for _, a := range plansOf(ctx, c, cfg) {
				if checkIn(ctx, c, cfg, a) == nil {
					p.assessment = a
					break
				}
			}
			if p.assessment == "" {
				if p.assessment, err = claimedAssessment(ctx, c, cfg.URL); err == nil {
					err = checkIn(ctx, c, cfg, p.assessment)
				}
			}
			p.program = getJSON(ctx, c, cfg.URL+"/api/v1/me/program", &struct{}{}) == nil
			s.patients[i], errs[i] = p, err
		}()
	}
	wg.Wait()
	return s, errors.Join(errs...)
}

// plansOf lists a patient's plans from its export: the one checked in on
// today first, then the newest first.
func plansOf(ctx context.Context, c *http.Client, cfg Config) []string {
	var export struct {
		Assessments []struct {
			ID        string `json:"id"`
			CreatedAt string `json:"created_at"`
		} `json:"assessments"`
		Checkins []struct {
			AssessmentID string `json:"assessment_id"`
			Date         string `json:"date"`
		} `json:"checkins"`
	}
	if getJSON(ctx, c, cfg.URL+"/api/v1/me/export", &export) != nil {
		return nil
	}
	var out []string
	for _, ci := range export.Checkins {
		if ci.Date == cfg.Today {
			out = append(out, ci.AssessmentID)
		}
	}
	slices.SortFunc(export.Assessments, func(a, b struct {
		ID        string `json:"id"`
		CreatedAt string `json:"created_at"`
	}) int {
		return strings.Compare(b.CreatedAt, a.CreatedAt)
	})
	for _, a := range export.Assessments {
		out = append(out, a.ID)
	}
	return out
}

func checkIn(ctx context.Context, c *http.Client, cfg Config, assessment string) error {
	req, _ := http.NewRequestWithContext(ctx, "POST", cfg.URL+"/api/v1/checkins", bytes.NewReader(checkinBody(assessment, cfg.Today, 3)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("checking in: %d %.200s", resp.StatusCode, b)
	}
	return nil
}

func checkinBody(assessment, date string, pain int) []byte {
	return fmt.Appendf(nil, `{"assessment_id": %q, "date": %q, "pain_now": %d, "pain_worst": 6, "stiffness": 3, "activity": 2, "done": ["exercise"]}`,
		assessment, date, pain)
}

func signIn(ctx context.Context, base, email, password string) (*http.Client, string, string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, "", "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return nil, "", "", fmt.Errorf("signing in as %s: %d %.200s", email, resp.StatusCode, b)
	}
	var me struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(b, &me)
	var parts []string
	for _, ck := range resp.Cookies() {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	return c, strings.Join(parts, "; "), me.ID, nil
}

func claimedAssessment(ctx context.Context, c *http.Client, base string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/assessments", strings.NewReader(AssessmentBody))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	var a struct {
		ID string `json:"id"`
	}
	err = json.NewDecoder(resp.Body).Decode(&a)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 201 {
		return "", fmt.Errorf("making a plan to check in against: %d %v", resp.StatusCode, err)
	}
	req, _ = http.NewRequestWithContext(ctx, "POST", base+"/api/v1/assessments/"+a.ID+"/claim", nil)
	resp, err = c.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return "", fmt.Errorf("claiming the plan: %d", resp.StatusCode)
	}
	return a.ID, nil
}

func getJSON(ctx context.Context, c *http.Client, url string, v any) error {
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %d", url, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
