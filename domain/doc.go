// Package domain holds cooptrack's records (organizations, people,
// agreements, events, programs, sources, and the countries they concern),
// their rules, and what is computed from them: dossiers, dashboards,
// timelines, the catalog, briefs, calendars. Each kind of record is
// described once (Kind, in the kind's file); validation lives with the
// record and serves the forms, the API and the import alike; errors carry a
// code and the fields they concern (Error).
//
// It imports only the standard library, the validator, and x/text and
// x/crypto; never a store, a driver or HTTP. Its sub-packages (demo,
// extract, importing, intake) import it, and each other only as their
// documents say.
package domain
