package content

import "embed"

// Exercises holds the exercise library: one YAML file per exercise under
// exercises/.
//
//go:embed exercises
var Exercises embed.FS

// Articles holds the education articles: Markdown with YAML front matter
// under articles/.
//
//go:embed articles
var Articles embed.FS
