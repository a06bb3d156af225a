package mailtest

import (
	"io"
	"mime/quotedprintable"
	"strings"
)

func decodeQP(body, encoding string) string {
	if !strings.EqualFold(encoding, "quoted-printable") {
		return body
	}
	b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
	if err != nil {
		return body
	}
	return string(b)
}
