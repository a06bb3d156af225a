package app

import (
	"context"
	"testing"
	"time"

	"unknot/internal/domain"
	umail "unknot/internal/mail"
)

type oneJob struct {
	job Job
	tx  any
}

func (o *oneJob) Enqueue(_ context.Context, tx any, j Job, _ time.Time) error {
	o.job, o.tx = j, tx
	return nil
}

// sendLater is how every mail after an answer goes: a MailJob in the
// caller's transaction; without a queue it says background work is not
// running rather than dropping the mail.
func TestSendLater(t *testing.T) {
	rec := &oneJob{}
	tx := struct{}{}
	m := umail.Message{To: "ann@example.org", Subject: "Hi", Text: "Hello."}
	if err := (queue{rec}).sendLater(context.Background(), tx, m); err != nil {
		t.Fatal(err)
	}
	if j, ok := rec.job.(MailJob); !ok || j.Message.To != m.To || rec.tx != tx || j.Kind() != "mail" {
		t.Fatalf("enqueued %#v in %v", rec.job, rec.tx)
	}
	if err := (queue{}).sendLater(context.Background(), nil, m); domain.ErrorCode(err) != domain.EUnavailable {
		t.Fatalf("without a queue: %v", err)
	}
}
