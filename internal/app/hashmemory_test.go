package app

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"
)

// After a burst of hashes the memory they took goes back to the operating
// system within about a second, not minutes.
func TestHashMemoryGivenBack(t *testing.T) {
	h := newHasher(PasswordParams{Time: 1, MemoryKiB: 32 * 1024, Threads: 1, Concurrent: 4})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := h.Hash(context.Background(), "correct horse battery"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	time.Sleep(giveBackAfter + 500*time.Millisecond)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	kept := int64(m.HeapIdle) - int64(m.HeapReleased)
	t.Logf("after 8 hashes of 32 MiB: %.1f MiB idle and kept, %.1f MiB given back", float64(kept)/(1<<20), float64(m.HeapReleased)/(1<<20))
	if kept > 24<<20 {
		t.Errorf("%.1f MiB of freed memory still kept %v after the last hash", float64(kept)/(1<<20), giveBackAfter+500*time.Millisecond)
	}
}
