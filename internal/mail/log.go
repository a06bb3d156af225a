package mail

import (
	"context"
	"fmt"
	"log/slog"
)

// LogSender sends nothing: it writes each message, link and all, to the log
// at WARN. It is what New returns when no SMTP server is configured, so that
// a first run can still sign in; New says so in the log when it is made.
type LogSender struct {
	logger *slog.Logger
}

// Send checks m as an SMTPSender would, then logs it in full.
func (s *LogSender) Send(ctx context.Context, m Message) error {
	to, err := m.check()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("mail: not logged: %w", err)
	}
	// The link is the point (a first run signs in with it); the address
	// is shown only in part, as the SMTP sender logs it.
	attrs := []any{"to", Redact(to.Address), "subject", m.Subject, "text", m.Text}
	s.logger.WarnContext(ctx, "mail: not sent, no SMTP server configured; here is what it said", attrs...)
	return nil
}
