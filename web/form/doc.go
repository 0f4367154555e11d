// Package form is the engine of the record forms, which work without
// JavaScript: each kind's form described as Fields (spec.go), values read
// into a record by the JSON paths the domain reports its errors on and a
// record written back as values (values.go), the rows of repeated parts
// added and removed by a post, the controls with their errors built for the
// templates, and the fields two editors both changed (view.go), and the
// catalog the pickers of linked records search (pick.go).
//
// It imports domain only; the handlers that serve the forms are web's.
package form
