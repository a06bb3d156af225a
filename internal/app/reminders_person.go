package app

// The person's side of reminders: their settings, their in-app list, and
// their private calendar feed; and a clinic's defaults.

import (
	"context"
	"fmt"
	"time"

	"unknot/internal/authz"
	"unknot/internal/domain"
	"unknot/internal/ical"
	"unknot/internal/reminder"
)

// ReminderSettingsView is a person's settings and whether they chose them.
type ReminderSettingsView struct {
	Settings reminder.Settings
	// Own is false while the clinic's defaults or the built-in ones apply.
	Own bool
}

// Settings returns the signed-in person's reminder settings.
func (s *Reminders) Settings(ctx context.Context, actor domain.Actor) (v ReminderSettingsView, err error) {
	if err := self(actor); err != nil {
		return v, err
	}
	v.Settings, v.Own, err = s.settingsOf(ctx, s.store, actor.UserID)
	return v, err
}

// SaveSettings stores the signed-in person's reminder settings.
func (s *Reminders) SaveSettings(ctx context.Context, actor domain.Actor, set reminder.Settings) error {
	if err := self(actor); err != nil {
		return err
	}
	if err := checkSettings(set); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx ReminderStore) error {
		if err := s.put(ctx, tx, actor.UserID, set); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "update", "reminders:"+actor.UserID, "", actor.UserID)
	})
}

// ClinicDefaults returns a clinic's defaults for its patients; an admin's.
func (s *Reminders) ClinicDefaults(ctx context.Context, actor domain.Actor, clinicID string) (reminder.Settings, error) {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return reminder.Settings{}, err
	}
	raw, err := s.store.ClinicReminderDefaults(ctx, clinicID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return reminder.Default(s.defaultTZ), nil
	}
	var set reminder.Settings
	if err == nil {
		err = jsonUnmarshal(raw, &set)
	}
	return set, err
}

// SaveClinicDefaults stores a clinic's defaults for its patients' programs:
// a patient who has not chosen gets them, in their own zone.
func (s *Reminders) SaveClinicDefaults(ctx context.Context, actor domain.Actor, clinicID string, set reminder.Settings) error {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return err
	}
	if set.TZ == "" {
		set.TZ = s.defaultTZ
	}
	if err := checkSettings(set); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx ReminderStore) error {
		b, _ := jsonMarshal(set)
		if err := tx.PutClinicReminderDefaults(ctx, clinicID, b); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "update", "reminder-defaults:"+clinicID, clinicID, "")
	})
}

// NotificationList is a person's in-app list.
type NotificationList struct {
	Items  []domain.Notification
	Unread int
}

// Notifications returns the signed-in person's newest reminders.
func (s *Reminders) Notifications(ctx context.Context, actor domain.Actor) (l NotificationList, err error) {
	if err := self(actor); err != nil {
		return l, err
	}
	if l.Items, err = s.store.ListNotifications(ctx, actor.UserID, 50); err != nil {
		return l, err
	}
	l.Unread, err = s.store.UnreadNotifications(ctx, actor.UserID)
	return l, err
}

// Unread counts the signed-in person's unread reminders (for the header);
// zero for anyone else.
func (s *Reminders) Unread(ctx context.Context, actor domain.Actor) int {
	if actor.UserID == "" {
		return 0
	}
	n, _ := s.store.UnreadNotifications(ctx, actor.UserID)
	return n
}

// MarkRead marks one of the person's reminders read, or all with id "".
func (s *Reminders) MarkRead(ctx context.Context, actor domain.Actor, id string) error {
	if err := self(actor); err != nil {
		return err
	}
	if id != "" && !validID(id) {
		return domain.Errorf(domain.ENotFound, "No notification with that id.")
	}
	return s.inTx(ctx, func(tx ReminderStore) error {
		if id != "" {
			if _, err := tx.FindNotification(ctx, actor.UserID, id); err != nil {
				return err
			}
		}
		_, err := tx.MarkNotificationsRead(ctx, actor.UserID, id)
		return err
	})
}

// FeedURL is the address of a feed with its token.
func (s *Reminders) FeedURL(token string) string { return s.baseURL + "/calendar/" + token + ".ics" }

// Feed returns the signed-in person's private calendar feed's token,
// making one on first need.
func (s *Reminders) Feed(ctx context.Context, actor domain.Actor) (string, error) {
	if err := self(actor); err != nil {
		return "", err
	}
	tok, err := s.store.CalendarFeed(ctx, actor.UserID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return s.RotateFeed(ctx, actor)
	}
	return tok, err
}

// RotateFeed gives the person a new feed token: the old address stops.
func (s *Reminders) RotateFeed(ctx context.Context, actor domain.Actor) (tok string, err error) {
	if err := self(actor); err != nil {
		return "", err
	}
	tok = NewID() + NewID()
	err = s.inTx(ctx, func(tx ReminderStore) error {
		if err := tx.PutCalendarFeed(ctx, actor.UserID, tok); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "create", "calendar-feed:"+actor.UserID, "", actor.UserID)
	})
	return tok, err
}

// RevokeFeed ends the person's feed: its address stops working.
func (s *Reminders) RevokeFeed(ctx context.Context, actor domain.Actor) error {
	if err := self(actor); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx ReminderStore) error {
		if err := tx.DeleteCalendarFeed(ctx, actor.UserID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "delete", "calendar-feed:"+actor.UserID, "", actor.UserID)
	})
}

// Feed window: what a subscribed calendar shows.
const (
	feedBack  = 7 * 24 * time.Hour
	feedAhead = 28 * 24 * time.Hour
)

// FeedCalendar renders the feed a token opens: the program's sessions,
// the daily check-in, re-checks and accepted visits, each with an alarm.
// Every fetch is audited, as the feed's owner (the token is theirs).
func (s *Reminders) FeedCalendar(ctx context.Context, token, address string) ([]byte, error) {
	if len(token) != 2*26 || !validID(token) {
		return nil, domain.Errorf(domain.ENotFound, "No such calendar.")
	}
	var out []byte
	err := s.inTx(ctx, func(tx ReminderStore) error {
		uid, err := tx.CalendarFeedUser(ctx, token)
		if err != nil {
			return domain.Errorf(domain.ENotFound, "No such calendar.")
		}
		now := tx.Now()
		set, _, err := s.settingsOf(ctx, tx, uid)
		if err != nil {
			return err
		}
		// The feed has its own kinds, whatever the in-app settings; the
		// phone's alarms keep quiet hours themselves.
		set.Off, set.QuietStart, set.QuietEnd = nil, "", ""
		f, err := s.facts(ctx, tx, uid, now)
		if err != nil {
			return err
		}
		occ, err := reminder.Due(set, f, now.Add(-feedBack), now.Add(feedAhead))
		if err != nil {
			return err
		}
		out = feedBytes(occ, f.Visits, now)
		return audit(ctx, tx, domain.Actor{ID: uid, UserID: uid, Address: address}, "read", "calendar-feed:"+uid, "", uid)
	})
	return out, err
}

func feedBytes(occ []reminder.Occurrence, visits []reminder.VisitAt, now time.Time) []byte {
	stamp := now.Truncate(24 * time.Hour)
	cal := ical.Calendar{ProdID: "-//unknot//reminders//EN", Name: "unknot"}
	for _, o := range occ {
		d := 0 * time.Minute
		switch o.Kind {
		case reminder.Session:
			d = 20 * time.Minute
		case reminder.Checkin, reminder.Recheck:
			d = 5 * time.Minute
		default:
			continue // breaks, water, the switch and questionnaires stay in the app
		}
		cal.Events = append(cal.Events, ical.Event{UID: o.Key + "@unknot", Stamp: stamp, Start: o.At, Duration: d,
			Summary: o.Title, Description: o.Body, Alarm: &ical.Alarm{Description: o.Title}})
	}
	for _, v := range visits {
		cal.Events = append(cal.Events, ical.Event{UID: fmt.Sprintf("visit-%s@unknot", v.ID), Stamp: stamp, Start: v.At,
			Duration: time.Duration(max(v.Minutes, 15)) * time.Minute, Summary: "Visit with your clinic",
			Description: "Your visit with your clinic.", Alarm: &ical.Alarm{Before: time.Hour, Description: "Visit with your clinic in one hour"}})
	}
	return cal.Bytes()
}
