package repository

import "context"

// loadSnapshot fills the model from a snapshot file, if there is one that
// fits the store; it returns the first position the snapshot has not
// applied.
func (d *DB) loadSnapshot(_ context.Context) (int64, bool) {
	return 0, false
}
