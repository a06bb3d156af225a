package app

// Reminders: what a person is nudged about and how (internal/reminder),
// the jobs that deliver each occurrence exactly once, the in-app list and
// the settings a person or their clinic chooses.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"unknot/internal/authz"
	"unknot/internal/domain"
	"unknot/internal/outcome"
	"unknot/internal/plan"
	"unknot/internal/program"
	"unknot/internal/reminder"
)

// ReminderStore is what reminders need of the store.
type ReminderStore interface {
	Auditor
	FindUserByID(ctx context.Context, id string) (*domain.User, error)
	MembershipsOfUser(ctx context.Context, userID string) ([]domain.Membership, error)
	ListAssessments(ctx context.Context, f domain.AssessmentFilter) ([]domain.Assessment, error)
	ListQuestionnaireAssignments(ctx context.Context, clinicID, userID string) ([]domain.QuestionnaireAssignment, error)
	LatestProgramOf(ctx context.Context, userID string) (*program.Version, error)
	AcceptedVisits(ctx context.Context, userID string) ([]domain.Visit, error)
	ReminderSettings(ctx context.Context, userID string) (string, error)
	PutReminderSettings(ctx context.Context, userID, settings string) error
	ClinicReminderDefaults(ctx context.Context, clinicID string) (string, error)
	PutClinicReminderDefaults(ctx context.Context, clinicID, settings string) error
	ReminderPeople(ctx context.Context) ([]string, error)
	AddNotification(ctx context.Context, n *domain.Notification) (bool, error)
	FindNotification(ctx context.Context, userID, id string) (*domain.Notification, error)
	ListNotifications(ctx context.Context, userID string, limit int) ([]domain.Notification, error)
	UnreadNotifications(ctx context.Context, userID string) (int, error)
	MarkNotificationsRead(ctx context.Context, userID, id string) (int64, error)
	CalendarFeed(ctx context.Context, userID string) (string, error)
	PutCalendarFeed(ctx context.Context, userID, token string) error
	DeleteCalendarFeed(ctx context.Context, userID string) error
	CalendarFeedUser(ctx context.Context, token string) (string, error)
	UnsubscribeToken(ctx context.Context, userID, fresh string) (string, error)
	UnsubscribeUser(ctx context.Context, token string) (string, error)
}

// Reminders are the use cases of reminders.
type Reminders struct {
	unit[ReminderStore]
	queue
	days        days
	instruments *outcome.Set
	mailer      Mailer
	baseURL     string
	defaultTZ   string
}

// ReminderJob delivers one occurrence of a reminder.
type ReminderJob struct {
	UserID string    `json:"user_id" river:"unique"`
	Key    string    `json:"key" river:"unique"`
	Type   string    `json:"type"`
	Title  string    `json:"title"`
	Body   string    `json:"body"`
	Path   string    `json:"path"`
	DueAt  time.Time `json:"due_at"`
	Email  bool      `json:"email"`
}

// Kind names the job.
func (ReminderJob) Kind() string { return "reminder" }

// ReminderMailJob mails one delivered reminder.
type ReminderMailJob struct {
	UserID         string `json:"user_id"`
	NotificationID string `json:"notification_id"`
}

// Kind names the job.
func (ReminderMailJob) Kind() string { return "reminder_mail" }

// JobFor is the job that delivers occurrence o to userID.
func JobFor(userID string, o reminder.Occurrence) ReminderJob {
	return ReminderJob{UserID: userID, Key: o.Key, Type: string(o.Kind), Title: o.Title, Body: o.Body, Path: o.Path, DueAt: o.At, Email: o.Email}
}

// settingsOf resolves a person's settings: their own, else their clinic's
// defaults in their zone, else the built-in ones.
func (s *Reminders) settingsOf(ctx context.Context, st ReminderStore, userID string) (reminder.Settings, bool, error) {
	return s.resolve(ctx, st, userID, true)
}

// resolve is settingsOf; without zone, a person with no settings of their
// own gets the deployment's zone (enough to know which kinds they want:
// a delivery needs no more, and skips the lookup).
func (s *Reminders) resolve(ctx context.Context, st ReminderStore, userID string, zone bool) (reminder.Settings, bool, error) {
	var out reminder.Settings
	raw, err := st.ReminderSettings(ctx, userID)
	if err == nil {
		err = json.Unmarshal([]byte(raw), &out)
		return out, true, err
	}
	if domain.ErrorCode(err) != domain.ENotFound {
		return out, false, err
	}
	tz := s.defaultTZ
	if zone {
		if list, err := st.ListAssessments(ctx, domain.AssessmentFilter{OwnerID: userID, Limit: 1}); err == nil && len(list) > 0 {
			tz = list[0].TZ
		}
	}
	out = reminder.Default(tz)
	ms, err := st.MembershipsOfUser(ctx, userID)
	if err != nil {
		return out, false, err
	}
	for _, m := range ms {
		if m.Role != domain.RolePatient {
			continue
		}
		if raw, err := st.ClinicReminderDefaults(ctx, m.ClinicID); err == nil {
			var d reminder.Settings
			if json.Unmarshal([]byte(raw), &d) == nil {
				d.TZ = tz
				out = d
			}
			break
		}
	}
	return out, false, nil
}

// facts gathers what a person's reminders are about.
func (s *Reminders) facts(ctx context.Context, st ReminderStore, userID string, now time.Time) (reminder.Facts, error) {
	var f reminder.Facts
	list, err := st.ListAssessments(ctx, domain.AssessmentFilter{OwnerID: userID, Limit: 1})
	if err != nil {
		return f, err
	}
	if len(list) > 0 {
		d, err := s.days.load(&list[0], now)
		if err != nil {
			return f, err
		}
		if p := d.plan; p != nil {
			f.Plan, f.Program = true, true
			factsOfPlan(&f, *p, d)
			start, _ := time.ParseInLocation(time.DateOnly, d.start, d.loc)
			for _, in := range s.instruments.All() {
				for _, t := range in.Due(start, f.PlanEnds) {
					f.Questionnaires = append(f.Questionnaires, t.Format(time.DateOnly))
				}
			}
		}
	}
	if v, err := st.LatestProgramOf(ctx, userID); err == nil && v != nil {
		f.Program, f.PlanEnds = true, time.Time{} // a program goes on until it changes
	} else if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return f, err
	}
	// Questionnaires a therapist assigned from the chart, beside the
	// plan's own schedule.
	ms, err := st.MembershipsOfUser(ctx, userID)
	if err != nil {
		return f, err
	}
	for _, m := range ms {
		if m.Role != domain.RolePatient {
			continue
		}
		as, err := st.ListQuestionnaireAssignments(ctx, m.ClinicID, userID)
		if err != nil {
			return f, err
		}
		for _, a := range as {
			f.Questionnaires = append(f.Questionnaires, assignedDue(a, now)...)
		}
	}
	slices.Sort(f.Questionnaires)
	f.Questionnaires = slices.Compact(f.Questionnaires)
	visits, err := st.AcceptedVisits(ctx, userID)
	if err != nil {
		return f, err
	}
	for _, v := range visits {
		if v.Status == domain.VisitAccepted && v.At != nil {
			f.Visits = append(f.Visits, reminder.VisitAt{ID: v.ID, At: *v.At, Minutes: v.Minutes})
		}
	}
	return f, nil
}

func factsOfPlan(f *reminder.Facts, p plan.Plan, d *diaryContext) {
	if t := p.ColdHeat.Switch; t != nil {
		f.SwitchAt = *t
	}
	for _, day := range p.Days {
		for _, it := range day.Items {
			if it.Kind == plan.Checkin {
				f.Rechecks = append(f.Rechecks, it.Times...)
			}
		}
	}
	if n := len(p.Days); n > 0 {
		last, _ := time.ParseInLocation(time.DateOnly, p.Days[n-1].Date, d.loc)
		f.PlanEnds = last.AddDate(0, 0, 1)
	}
}

// Schedule enqueues the reminders of every person due in [from, to),
// each as a job due at its time; a reminder enqueued before is not
// enqueued again (the job is unique by person and key, and its delivery
// is unique besides). It returns how many it enqueued.
func (s *Reminders) Schedule(ctx context.Context, from, to time.Time) (n int, err error) {
	people, err := s.store.ReminderPeople(ctx)
	if err != nil {
		return 0, err
	}
	for _, id := range people {
		occ, err := s.due(ctx, s.store, id, from, to)
		if err != nil {
			return n, err
		}
		for _, o := range occ {
			if err := s.enqueue(ctx, nil, JobFor(id, o), o.At); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

func (s *Reminders) due(ctx context.Context, st ReminderStore, userID string, from, to time.Time) ([]reminder.Occurrence, error) {
	set, _, err := s.settingsOf(ctx, st, userID)
	if err != nil {
		return nil, err
	}
	f, err := s.facts(ctx, st, userID, from)
	if err != nil {
		return nil, err
	}
	return reminder.Due(set, f, from, to)
}

// Remind is ReminderJob's work: the occurrence goes in the in-app list
// once, and, if it is e-mailed, its mail is enqueued in the same
// transaction. A job run again (after a crash, on another process) finds
// the occurrence delivered and does nothing.
func (s *Reminders) Remind(ctx context.Context, j ReminderJob) error {
	return s.inTx(ctx, func(tx ReminderStore) error {
		set, _, err := s.resolve(ctx, tx, j.UserID, false)
		if err != nil {
			return err
		}
		k := reminder.Kind(j.Type)
		if !set.On(k) {
			return nil // turned off since it was scheduled
		}
		n := &domain.Notification{ID: NewID(), UserID: j.UserID, Occurrence: j.Key, Kind: j.Type,
			Title: j.Title, Body: j.Body, Path: j.Path, DueAt: j.DueAt}
		added, err := tx.AddNotification(ctx, n)
		if err != nil || !added || !set.Emailed(k) {
			return err
		}
		return s.enqueue(ctx, tx, ReminderMailJob{UserID: j.UserID, NotificationID: n.ID}, time.Time{})
	})
}

// RemindByMail is ReminderMailJob's work: plain text and HTML, with a
// one-click way to stop that kind (List-Unsubscribe, RFC 8058).
func (s *Reminders) RemindByMail(ctx context.Context, j ReminderMailJob) error {
	if s.mailer == nil {
		return fmt.Errorf("app: no mailer for reminders")
	}
	n, err := s.store.FindNotification(ctx, j.UserID, j.NotificationID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil // the account is gone
	}
	if err != nil {
		return err
	}
	u, err := s.store.FindUserByID(ctx, j.UserID)
	if err != nil {
		return err
	}
	tok, err := s.store.UnsubscribeToken(ctx, u.ID, NewID())
	if err != nil {
		return err
	}
	return s.mailer.Send(ctx, reminderMail(u.Email, s.baseURL, tok, *n))
}

// Unsubscribe stops e-mail of one kind for the person a link's secret
// names (their in-app reminders go on). The link works without signing in.
func (s *Reminders) Unsubscribe(ctx context.Context, token, kind string) error {
	k := reminder.Kind(kind)
	if !k.Valid() || !validID(token) {
		return domain.Errorf(domain.ENotFound, "This link does not work.")
	}
	return s.inTx(ctx, func(tx ReminderStore) error {
		uid, err := tx.UnsubscribeUser(ctx, token)
		if err != nil {
			return domain.Errorf(domain.ENotFound, "This link does not work.")
		}
		set, _, err := s.settingsOf(ctx, tx, uid)
		if err != nil {
			return err
		}
		set.Email = slices.DeleteFunc(set.Email, func(e reminder.Kind) bool { return e == k })
		if err := s.put(ctx, tx, uid, set); err != nil {
			return err
		}
		return audit(ctx, tx, domain.Actor{ID: uid, UserID: uid}, "unsubscribe", "reminders:"+uid, "", uid)
	})
}

func (s *Reminders) put(ctx context.Context, tx ReminderStore, userID string, set reminder.Settings) error {
	if set.Email == nil {
		set.Email = []reminder.Kind{}
	}
	if set.Off == nil {
		set.Off = []reminder.Kind{}
	}
	b, _ := json.Marshal(set)
	return tx.PutReminderSettings(ctx, userID, string(b))
}

// checkSettings turns reminder.Check's problems into an invalid error.
func checkSettings(set reminder.Settings) error {
	ps := set.Check()
	if len(ps) == 0 {
		return nil
	}
	e := &domain.Error{Code: domain.EInvalid, Message: "Please check the reminder settings."}
	for _, p := range ps {
		e.Problems = append(e.Problems, domain.Problem{Field: p.Field, Problem: p.Problem})
	}
	return e
}

// self checks that the actor is a signed-in person acting on their own.
func self(actor domain.Actor) error {
	return authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindAccount, OwnerID: actor.UserID})
}

func jsonUnmarshal(raw string, v any) error { return json.Unmarshal([]byte(raw), v) }

func jsonMarshal(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// assignedAhead is how far ahead an assigned questionnaire's due days are
// listed: beyond the scheduler's window and the calendar feed's reach.
const assignedAhead = 60 * 24 * time.Hour

// assignedDue lists the days ("YYYY-MM-DD") an assigned questionnaire
// falls due from yesterday to assignedAhead on: StartsOn, then every
// EveryDays (once, when EveryDays is not positive).
func assignedDue(a domain.QuestionnaireAssignment, now time.Time) []string {
	start, err := time.Parse(time.DateOnly, a.StartsOn)
	if err != nil {
		return nil
	}
	from := now.AddDate(0, 0, -1).Format(time.DateOnly)
	until := now.Add(assignedAhead).Format(time.DateOnly)
	var out []string
	for d := start; d.Format(time.DateOnly) <= until; d = d.AddDate(0, 0, a.EveryDays) {
		if day := d.Format(time.DateOnly); day >= from {
			out = append(out, day)
		}
		if a.EveryDays <= 0 {
			break
		}
	}
	return out
}
