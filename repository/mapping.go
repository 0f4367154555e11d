package repository

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"

	"cooptrack/domain"
)

// How a record is stored is the repository's to say, not its type's: a
// record's document holds the fields of its JSON form, by the API's names
// (the same word in every layer), with its id as _id, less what is not
// stored with it: a source's text (in source_texts), the records citing a
// source (the model knows them), the reason given for a change of status
// (the log entry keeps it).
var unstored = map[string]bool{"text": true, "cited_by": true, "status_reason": true}

// A record embeds its Meta, which the encoder writes as a sub-document
// named metaKey: the document holds its fields beside the record's own.
const metaKey = "meta"

// encodeRecord appends the record's stored fields, _id first, to the
// document being built in doc.
func encodeRecord(doc []byte, rec domain.Record) ([]byte, error) {
	var buf bytes.Buffer
	enc := bson.NewEncoder(bson.NewDocumentWriter(&buf))
	enc.UseJSONStructTags()
	if err := enc.Encode(rec); err != nil {
		return nil, fmt.Errorf("encode %s %q: %w", rec.Type(), rec.RecordMeta().ID, err)
	}
	elems, err := bson.Raw(buf.Bytes()).Elements()
	if err != nil {
		return nil, err
	}
	doc = bsoncore.AppendStringElement(doc, "_id", rec.RecordMeta().ID)
	for _, e := range elems {
		k := e.Key()
		if k != metaKey {
			if !unstored[k] {
				doc = append(doc, e...)
			}
			continue
		}
		meta, err := e.Value().Document().Elements()
		if err != nil {
			return nil, err
		}
		for _, m := range meta {
			if m.Key() != "id" {
				doc = append(doc, m...)
			}
		}
	}
	return doc, nil
}

// metaFields are the stored names of Meta's fields beside _id.
var metaFields = func() map[string]bool {
	out := map[string]bool{}
	t := reflect.TypeFor[domain.Meta]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" && name != "id" {
			out[name] = true
		}
	}
	return out
}()

// countryDoc is how a country is stored.
type countryDoc struct {
	Code      string `bson:"_id"`
	Name      string `bson:"name"`
	Region    string `bson:"region"`
	SubRegion string `bson:"sub_region"`
}

func countryDocOf(c domain.Country) countryDoc {
	return countryDoc{Code: c.Code, Name: c.Name, Region: c.Region, SubRegion: c.SubRegion}
}

func (c countryDoc) country() domain.Country {
	return domain.Country{Code: c.Code, Name: c.Name, Region: c.Region, SubRegion: c.SubRegion}
}

// decodeRecord reads a record's document into rec. Fields it does not know
// (those of older versions' documents) are left aside.
func decodeRecord(raw bson.Raw, rec domain.Record) error {
	elems, err := raw.Elements()
	if err != nil {
		return err
	}
	idx, doc := bsoncore.AppendDocumentStart(nil)
	midx, meta := bsoncore.AppendDocumentStart(nil)
	for _, e := range elems {
		switch k := e.Key(); {
		case k == "_id":
			meta = bsoncore.AppendStringElement(meta, "id", e.Value().StringValue())
		case metaFields[k]:
			meta = append(meta, e...)
		case !unstored[k]:
			doc = append(doc, e...)
		}
	}
	if meta, err = bsoncore.AppendDocumentEnd(meta, midx); err != nil {
		return err
	}
	doc = bsoncore.AppendDocumentElement(doc, metaKey, meta)
	if doc, err = bsoncore.AppendDocumentEnd(doc, idx); err != nil {
		return err
	}
	dec := bson.NewDecoder(bson.NewDocumentReader(bytes.NewReader(doc)))
	dec.UseJSONStructTags()
	return dec.Decode(rec)
}
