package sqlite

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// SQLite in WAL mode appends each commit to the -wal file; a checkpoint
// copies those pages back into the database file. By default the
// connection whose commit takes the WAL past 1,000 pages copies them all
// itself, inside that commit: here that is the one writer, so every unit
// of work queued behind it waited. On this machine a page copied is two
// system calls of ~20 µs; a checkpoint was a 20–40 ms stall of every
// write, and it was the assessment load's p99 (41 ms with it, 19 ms with
// checkpoints off for a run: docs/PERFORMANCE.md).
//
// So a connection of its own checkpoints PASSIVE (never blocking the
// writer or a reader; it copies what no reader still needs) every
// checkpointEvery while commits are being made. The writer's own
// checkpoint at 1,000 pages is kept: it is what lets the WAL start again
// from its beginning (SQLite restarts the WAL only when a writer finds it
// wholly copied), and it now copies only the pages of the last few
// milliseconds. Durability is unchanged: a commit is in the WAL before it
// is acknowledged, and a page is in the file before the WAL is reused.
const checkpointEvery = 30 * time.Millisecond

type checkpointer struct {
	db       *sql.DB
	commits  func() (groups, units int64) // a tick with none since the last checkpoint does nothing
	quit     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

func startCheckpointer(path string, commits func() (groups, units int64)) (*checkpointer, error) {
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	c := &checkpointer{db: db, commits: commits, quit: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c, nil
}

func (c *checkpointer) run() {
	defer close(c.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	last := int64(-1)
	for {
		select {
		case <-c.quit:
			return
		case <-t.C:
		}
		groups, _ := c.commits()
		if groups == last {
			continue
		}
		last = groups
		// A busy answer (the writer's own checkpoint running) or any
		// other failure leaves the pages in the WAL, where they are safe:
		// the next tick, or the writer, copies them.
		_, _ = c.db.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)")
	}
}

// stop ends the checkpoints and closes their connection, before the
// store's own connections close (the last of which checkpoints the rest).
func (c *checkpointer) stop() {
	if c == nil { // the store closed before its checkpointer started
		return
	}
	c.stopOnce.Do(func() {
		close(c.quit)
		<-c.done
		c.db.Close()
	})
}
