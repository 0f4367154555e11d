package repository

import (
	"context"
	"errors"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"cooptrack/domain"
)

// A calendar feed's secret is found as tokens are: its SHA-256 is the _id
// of a document in calendar_feeds, which names the user, and the user's
// document holds the same hash as the one feed that is current, and the
// secret itself, for its owner to read again (see domain.CalendarFeed). The feed is
// found by _id, and a replaced secret stops working as soon as the user's
// document names another, even if its feed document was not yet removed.
const (
	calendarFeedsCollection = "calendar_feeds"
	// calendarPrefix starts every feed secret, so that one is told from an
	// API token.
	calendarPrefix = "ctc_"
)

type calendarFeedDoc struct {
	Hash      string    `bson:"_id"`
	UserID    string    `bson:"user_id"`
	Email     string    `bson:"email"`
	CreatedAt time.Time `bson:"created_at"`
	// Disables is the user's when the feed was made (see userDoc).
	Disables int64 `bson:"disables,omitempty"`
}

// feedFields are the fields of a user's document about their feed.
var feedFields = []string{"calendar_feed", "calendar_feed_secret", "calendar_feed_at"}

// withoutFeed removes the feed from a user's document. The secret is kept
// as it is (its owner reads the address again), so a backup leaves the
// feed out, as it leaves out sessions: a file gives no one a feed, and a
// restored user makes a new address, the old one being unknown there.
func withoutFeed(doc bson.D) bson.D {
	return slices.DeleteFunc(doc, func(e bson.E) bool { return slices.Contains(feedFields, e.Key) })
}

// unsetFeed is the $unset that ends a user's feed.
func unsetFeed() bson.D {
	d := bson.D{}
	for _, f := range feedFields {
		d = append(d, bson.E{Key: f, Value: ""})
	}
	return d
}

// withoutFeedRaw is withoutFeed of a document as read.
func withoutFeedRaw(raw bson.Raw) (bson.Raw, error) {
	var doc bson.D
	if err := bson.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	return bson.Marshal(withoutFeed(doc))
}

// userFeed is the part of a user's document about their feed.
type userFeed struct {
	Hash      string    `bson:"calendar_feed"`
	Secret    string    `bson:"calendar_feed_secret"`
	CreatedAt time.Time `bson:"calendar_feed_at"`
}

var _ domain.CalendarFeedStore = (*Accounts)(nil)

func (a *Accounts) feeds() collection { return a.db.collection(calendarFeedsCollection) }

// feedOf reads the feed fields of the user's document.
func (a *Accounts) feedOf(ctx context.Context, email string) (userFeed, error) {
	var f userFeed
	err := a.users.FindOne(ctx, bson.D{{Key: "_id", Value: email}}).Decode(&f)
	return f, storeError(err, "user")
}

// CalendarFeed returns the user's feed; ok is false when they have none.
// Errors: EFORBIDDEN (another user's), ENOTFOUND.
func (a *Accounts) CalendarFeed(ctx context.Context, email string) (domain.CalendarFeed, bool, error) {
	if err := requireSelfOr(ctx, email, domain.PermManageTokens); err != nil {
		return domain.CalendarFeed{}, false, err
	}
	u, err := a.mustFindUser(ctx, email)
	if err != nil {
		return domain.CalendarFeed{}, false, err
	}
	f, err := a.feedOf(ctx, u.Email)
	if err != nil || f.Hash == "" {
		return domain.CalendarFeed{}, false, err
	}
	return domain.CalendarFeed{Secret: f.Secret, CreatedAt: f.CreatedAt.UTC()}, true, nil
}

// NewCalendarFeed makes a new feed secret for the user and returns it. The
// previous secret stops working.
// Errors: EFORBIDDEN (another user's), ENOTFOUND, EINVALID (the user is
// disabled).
func (a *Accounts) NewCalendarFeed(ctx context.Context, email string) (domain.CalendarFeed, string, error) {
	if err := requireSelfOr(ctx, email, domain.PermManageTokens); err != nil {
		return domain.CalendarFeed{}, "", err
	}
	u, err := a.mustFindUser(ctx, email)
	if err != nil {
		return domain.CalendarFeed{}, "", err
	}
	if u.Disabled {
		return domain.CalendarFeed{}, "", domain.FieldErrors(map[string]string{"email": "the user is disabled"})
	}
	old, err := a.feedOf(ctx, u.Email)
	if err != nil {
		return domain.CalendarFeed{}, "", err
	}
	secret := domain.NewSecret(calendarPrefix)
	d := calendarFeedDoc{Hash: secretHash(secret), UserID: u.ID, Email: u.Email, CreatedAt: a.db.now(), Disables: u.Disables}
	// The feed document first, then the user's pointer to it: a crash
	// between the two leaves an unused document, never a user pointing at
	// nothing.
	if _, err := a.feeds().InsertOne(ctx, d); err != nil {
		return domain.CalendarFeed{}, "", storeError(err, "calendar feed")
	}
	if _, err := a.users.UpdateOne(ctx, bson.D{{Key: "_id", Value: u.Email}}, bson.D{{Key: "$set", Value: bson.D{
		{Key: "calendar_feed", Value: d.Hash}, {Key: "calendar_feed_secret", Value: secret}, {Key: "calendar_feed_at", Value: d.CreatedAt},
	}}}); err != nil {
		return domain.CalendarFeed{}, "", storeError(err, "user")
	}
	if old.Hash != "" {
		if _, err := a.feeds().DeleteOne(ctx, bson.D{{Key: "_id", Value: old.Hash}}); err != nil {
			return domain.CalendarFeed{}, "", storeError(err, "calendar feed")
		}
	}
	_, err = a.db.Audit.Record(ctx, domain.AuditEntry{
		Action: domain.ActionTokenCreate, Record: domain.RecordRef{Type: domain.TypeToken, ID: u.ID, Name: "calendar feed"}, Note: "for " + u.Email,
	})
	return domain.CalendarFeed{Secret: secret, CreatedAt: d.CreatedAt.UTC()}, secret, err
}

var errNoFeed = domain.Errorf(domain.EUNAUTHORIZED, "unknown or replaced calendar feed address")

// CalendarUser returns the user whose current feed secret is given.
// Errors: EUNAUTHORIZED (unknown or replaced secret, user disabled).
func (a *Accounts) CalendarUser(ctx context.Context, secret string) (domain.User, error) {
	if !wellFormed(secret, calendarPrefix) {
		return domain.User{}, errNoFeed
	}
	hash := secretHash(secret)
	var d calendarFeedDoc
	err := a.feeds().FindOne(ctx, bson.D{{Key: "_id", Value: hash}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return domain.User{}, errNoFeed
	}
	if err != nil {
		return domain.User{}, storeError(err, "calendar feed")
	}
	u, found, err := a.findUser(ctx, d.Email)
	if err != nil {
		return domain.User{}, err
	}
	if !found || u.ID != d.UserID || u.Disabled || u.Disables != d.Disables {
		return domain.User{}, errNoFeed
	}
	f, err := a.feedOf(ctx, u.Email)
	if err != nil {
		return domain.User{}, err
	}
	if f.Hash != hash {
		return domain.User{}, errNoFeed
	}
	return u.user(), nil
}
