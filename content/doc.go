// Package content embeds unknot's default clinical content: the triage
// protocol, the exercise library and the education articles. A clinic can
// replace any of it with its own files.
package content
