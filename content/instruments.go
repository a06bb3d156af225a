package content

import "embed"

// Instruments holds the outcome instruments as data, one JSON file each
// under instruments/, read by internal/outcome. Licensed instruments
// (STarT Back, Oswestry) hold only their structure and scoring: their
// wording comes from a file the clinic supplies under its own licence.
//
//go:embed instruments
var Instruments embed.FS
