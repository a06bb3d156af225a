package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps the write pool's statements prepared. Without it every
// query of a unit of work is parsed and planned again on the one writer's
// serial path: under the assessment load, preparing was 12–14% of the
// server's CPU, all of it inside the committer (docs/PERFORMANCE.md).
//
// A unit's query that is not prepared yet runs as before, and is handed
// to a goroutine of the cache's own that prepares it on the pool: never
// from inside a committer, which holds the pool's connection (SQLite has
// one) and would wait for itself. Once prepared, a unit's transaction
// runs it with Tx.StmtContext, which reuses the statement database/sql
// keeps prepared on that connection.
//
// Two open result sets of one prepared statement would share its cursor,
// so a unit takes a multi-row query (Query) from the cache only the first
// time it runs it (cachedRows): a second run of the same query, perhaps
// while the first's rows are still open, is prepared on its own. Exec and
// QueryRow read their result at once. At most maxCached distinct queries
// are kept.
type stmtCache struct {
	pool   *sql.DB
	mu     sync.RWMutex
	stmts  map[string]*sql.Stmt
	asked  map[string]bool
	wanted chan string
	quit   chan struct{}
	done   chan struct{}
	once   sync.Once
}

const maxCached = 512

func newStmtCache(pool *sql.DB) *stmtCache {
	c := &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}, asked: map[string]bool{},
		wanted: make(chan string, 64), quit: make(chan struct{}), done: make(chan struct{})}
	go c.prepareLoop()
	return c
}

// get returns query's prepared statement, or nil (and asks for it).
func (c *stmtCache) get(query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	s, asked := c.stmts[query], c.asked[query]
	c.mu.RUnlock()
	if s != nil || asked {
		return s
	}
	c.mu.Lock()
	if !c.asked[query] && len(c.asked) < maxCached {
		select {
		case c.wanted <- query:
			c.asked[query] = true
		default: // asked again on a later use
		}
	}
	c.mu.Unlock()
	return nil
}

func (c *stmtCache) prepareLoop() {
	defer close(c.done)
	for {
		select {
		case <-c.quit:
			return
		case q := <-c.wanted:
			s, err := c.pool.PrepareContext(context.Background(), q)
			if err != nil {
				continue // stays asked: it runs unprepared, as it did
			}
			c.mu.Lock()
			c.stmts[q] = s
			c.mu.Unlock()
		}
	}
}

// close stops preparing and closes the statements; call it after the
// committers have stopped and before the pool closes.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.once.Do(func() {
		close(c.quit)
		<-c.done
		c.mu.Lock()
		for _, s := range c.stmts {
			_ = s.Close()
		}
		c.stmts = map[string]*sql.Stmt{}
		c.mu.Unlock()
	})
}

// CachedStatements says how many statements the write pool keeps
// prepared (0 on PostgreSQL, whose driver keeps its own).
func (db *DB) CachedStatements() int {
	if db.stmts == nil {
		return 0
	}
	db.stmts.mu.RLock()
	defer db.stmts.mu.RUnlock()
	return len(db.stmts.stmts)
}

// readCache runs the read pool's queries as statements prepared once (and
// once per connection, which database/sql does as each first runs one):
// a *sql.Stmt of the pool is safe for concurrent use, each open result
// set holding a connection of its own. Like stmtCache, at most maxCached
// distinct queries; the others run unprepared.
type readCache struct {
	pool  *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

func (c *readCache) stmt(ctx context.Context, query string) *sql.Stmt {
	c.mu.RLock()
	s, ok := c.stmts[query]
	c.mu.RUnlock()
	if ok {
		return s
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stmts[query]; ok || len(c.stmts) >= maxCached {
		return s
	}
	s, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		s = nil // remembered as not preparable: it runs as it is
	}
	c.stmts[query] = s
	return s
}

func (c *readCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.pool.ExecContext(ctx, query, args...)
}

func (c *readCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := c.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return c.pool.QueryContext(ctx, query, args...)
}

func (c *readCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := c.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return c.pool.QueryRowContext(ctx, query, args...)
}

func (c *readCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stmts {
		if s != nil {
			_ = s.Close()
		}
	}
	c.stmts = map[string]*sql.Stmt{}
}

// cachedRows returns query's prepared statement for a result set, the
// first time this unit runs query; nil after (or when not prepared yet).
func (b boundTx) cachedRows(query string) *sql.Stmt {
	if b.stmts == nil || b.queried == nil {
		return nil
	}
	for _, q := range *b.queried {
		if q == query {
			return nil
		}
	}
	*b.queried = append(*b.queried, query)
	return b.stmts.get(query)
}
