package main

import (
	"io/fs"
	"os"
	"testing"

	"unknot/content"
	"unknot/internal/app"
)

// cheapPasswords keep argon2id fast in tests; production uses the defaults.
var cheapPasswords = app.PasswordParams{MemoryKiB: 1024, Time: 1, Threads: 1, Concurrent: 4}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func defaultProtocolYAML(t *testing.T) string {
	t.Helper()
	b, err := fs.ReadFile(content.Protocols, "protocols/default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
