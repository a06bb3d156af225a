package app

import (
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"
)

// Every argon2id hash takes MemoryKiB (64 MiB by default) that is garbage
// the moment it ends. Go keeps freed memory for reuse and hands it back to
// the operating system only slowly: after a burst of sign-ins (four at a
// time) the server stayed at 540–630 MB resident for minutes while its
// live heap was under 20 MB (docs/PERFORMANCE.md). So once no hash has run
// for giveBackAfter, the memory is handed back at once.
const giveBackAfter = 500 * time.Millisecond

type giveBack struct {
	running atomic.Int64
	mu      sync.Mutex
	timer   *time.Timer
}

// idKey is argon2.IDKey, counted.
func (h *hasher) idKey(pw, salt []byte, t, mem uint32, threads uint8, n uint32) []byte {
	h.memory.running.Add(1)
	defer h.memory.done()
	return argon2.IDKey(pw, salt, t, mem, threads, n)
}

// done ends one hash; the last of a burst arms the hand-back, which a
// hash begun before it fires puts off again.
func (g *giveBack) done() {
	if g.running.Add(-1) != 0 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.timer != nil {
		g.timer.Reset(giveBackAfter)
		return
	}
	g.timer = time.AfterFunc(giveBackAfter, func() {
		if g.running.Load() == 0 {
			debug.FreeOSMemory()
		}
	})
}
