package content

import "embed"

// Protocols holds the triage protocols: protocols/default.yaml is unknot's
// default, read by internal/protocol.
//
//go:embed protocols
var Protocols embed.FS
