package sqlstore

import (
	"context"
	"fmt"
)

// WithMigrationLock runs fn holding the migration lock (PostgreSQL's
// advisory lock), so that other migrators (River's, internal/jobs) do not
// race between processes starting together. On SQLite it just runs fn:
// its single writer serialises them, and holding its one connection here
// would block fn.
func (db *DB) WithMigrationLock(ctx context.Context, fn func(ctx context.Context) error) error {
	if db.cfg.Lock == nil {
		return fn(ctx)
	}
	conn, err := db.cfg.Write.Conn(ctx)
	if err != nil {
		return db.cfg.Translate(err)
	}
	defer conn.Close()
	unlock, err := db.cfg.Lock(ctx, conn)
	if err != nil {
		return fmt.Errorf("taking the migration lock: %w", err)
	}
	defer unlock()
	return fn(ctx)
}
