package app

import (
	"fmt"
	"html"

	"unknot/internal/domain"
	umail "unknot/internal/mail"
	"unknot/internal/reminder"
)

// reminderMail is one reminder by e-mail: plain text and HTML, each with
// a link that stops mail of its kind at once (GET shows a page with the
// button; a POST, as mail clients send for List-Unsubscribe-Post, stops
// it without one).
func reminderMail(to, base, token string, n domain.Notification) umail.Message {
	stop := fmt.Sprintf("%s/unsubscribe/%s/%s", base, token, n.Kind)
	open := base + n.Path
	kind := reminder.Kind(n.Kind).Label()
	text := fmt.Sprintf("%s\n\n%s\n\nOpen unknot: %s\n\nTo stop these e-mails (%s), open this link: %s\n",
		n.Body, "You asked unknot to remind you.", open, kind, stop)
	htm := fmt.Sprintf(`<!doctype html><html><body style="font-family:sans-serif">`+
		`<h1 style="font-size:1.2em">%s</h1><p>%s</p><p><a href="%s">Open unknot</a></p>`+
		`<p style="color:#555;font-size:.9em">You asked unknot to remind you. <a href="%s">Stop these e-mails (%s)</a>.</p></body></html>`,
		html.EscapeString(n.Title), html.EscapeString(n.Body), html.EscapeString(open), html.EscapeString(stop), html.EscapeString(kind))
	return umail.Message{To: to, Subject: n.Title, Text: text, HTML: htm, Headers: map[string]string{
		"List-Unsubscribe":      "<" + stop + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
	}}
}
