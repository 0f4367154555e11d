package repository

import (
	"context"
	"time"
)

// LeaveUsersLock leaves the users' lock as a process that died holding it,
// taken at at.
func LeaveUsersLock(ctx context.Context, db *DB, at time.Time) error {
	_, err := db.Accounts.locks.InsertOne(ctx, lockDoc{ID: usersLock, Owner: "dead", At: at})
	return err
}

// UsersLockTTL is how old a lock left behind must be to be taken over.
const UsersLockTTL = usersLockTTL
