package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"cooptrack/domain"
)

// formState is a form as it is shown: the values of its inputs by name,
// exactly as typed, and what the server has to say about them.
type formState struct {
	Mode   string // "new" or "edit"
	Values url.Values
	// Rows is how many rows each group shows, blank ones included.
	Rows map[string]int
	// Errors are the messages by path ("title", "parties[0].id").
	Errors map[string]string
	// Choices are the records a picker's text could mean, by picker path.
	Choices map[string][]formChoice
	// Missing marks the pickers whose text names no record: the form offers
	// to create one.
	Missing map[string]bool
	// Focus is the path of the row just added, whose first input gets the
	// focus.
	Focus string
}

// formChoice is a record a picker's text could mean.
type formChoice struct {
	ID, Label, Detail string
	Checked           bool
}

// formAction is what the submit button pressed asks for: save, or add or
// remove a row without saving.
type formAction struct {
	Verb  string // "save", "add", "remove"
	Group string
	Row   int
}

func parseFormAction(s string) formAction {
	verb, rest, _ := strings.Cut(s, ":")
	switch verb {
	case "add":
		return formAction{Verb: "add", Group: rest}
	case "remove":
		i := strings.LastIndex(rest, ":")
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		return formAction{Verb: "remove", Group: rest[:i], Row: n}
	}
	return formAction{Verb: "save"}
}

// formGroups returns the paths of the groups of the form.
func formGroups(fields []formField, mode string) []string {
	var groups []string
	formWalk(fields, "", mode, func(f *formField, path string) {
		if f.Input == formGroup {
			groups = append(groups, path)
		}
	})
	return groups
}

// formArrange returns the values with the rows of every group numbered 0,
// 1, 2… in their order, without the row a remove drops, and without blank
// rows when dropBlank; and the rows each group shows: those, then one blank
// row, and one more after an add.
func formArrange(fields []formField, mode string, vals url.Values, act formAction, dropBlank bool) (url.Values, map[string]int, string) {
	groups := formGroups(fields, mode)
	out := url.Values{}
	for k, v := range vals {
		if !slices.ContainsFunc(groups, func(g string) bool { return strings.HasPrefix(k, g+"[") }) {
			out[k] = v
		}
	}
	rows := map[string]int{}
	focus := ""
	for _, g := range groups {
		var keep []int
		for _, n := range formRowNumbers(vals, g) {
			if act.Verb == "remove" && act.Group == g && act.Row == n {
				continue
			}
			if dropBlank && formRowBlank(vals, g, n) {
				continue
			}
			keep = append(keep, n)
		}
		if len(keep) > formMaxRows {
			keep = keep[:formMaxRows]
		}
		for i, n := range keep {
			from, to := formIndexed(g, n), formIndexed(g, i)
			for k, v := range vals {
				if k == from || strings.HasPrefix(k, from+".") {
					out[to+k[len(from):]] = v
				}
			}
		}
		count := len(keep)
		if count == 0 || !formRowBlank(out, g, count-1) {
			count++
		}
		if act.Verb == "add" && act.Group == g {
			count++
			focus = formIndexed(g, count-1)
		}
		rows[g] = count
	}
	return out, rows, focus
}

// formRowBlank reports whether row n of group g has nothing typed in it.
func formRowBlank(vals url.Values, g string, n int) bool {
	row := formIndexed(g, n)
	for k, vs := range vals {
		if k != row && !strings.HasPrefix(k, row+".") {
			continue
		}
		for _, v := range vs {
			if strings.TrimSpace(v) != "" {
				return false
			}
		}
	}
	return true
}

// formClearUnnamed drops the link of every picker whose text was emptied:
// the text is what the person sees, so clearing it removes the link.
func formClearUnnamed(vals url.Values) {
	for k, vs := range vals {
		base, ok := strings.CutSuffix(k, ".name")
		if !ok || len(vs) == 0 || strings.TrimSpace(vs[0]) != "" {
			continue
		}
		delete(vals, base+".id")
	}
}

// formPickerAt is a picker of a form, at its path.
type formPickerAt struct {
	Path string
	Type domain.RecordType
}

// formPickers lists the pickers the form shows, in rows included.
func formPickers(fields []formField, mode string, rows map[string]int) []formPickerAt {
	var out []formPickerAt
	formWalk(fields, "", mode, func(f *formField, path string) {
		switch f.Input {
		case formPicker:
			out = append(out, formPickerAt{path, f.Pick})
		case formGroup:
			for i := range rows[path] {
				row := formIndexed(path, i)
				if f.Pick != "" {
					out = append(out, formPickerAt{row, f.Pick})
					continue
				}
				formWalk(f.Fields, row+".", mode, func(sf *formField, sp string) {
					if sf.Input == formPicker {
						out = append(out, formPickerAt{sp, sf.Pick})
					}
				})
			}
		}
	})
	return out
}

// formDecodeValues returns the values as decodeForm reads them: a list
// typed one item per line (or between commas) becomes one value per item,
// and country names become codes.
func formDecodeValues(fields []formField, mode string, vals url.Values) url.Values {
	out := maps.Clone(vals)
	formWalk(fields, "", mode, func(f *formField, path string) {
		if f.Input != formLines {
			return
		}
		text := strings.Join(vals[path], "\n")
		if f.Comma {
			text = strings.ReplaceAll(text, ",", "\n")
		}
		var items []string
		for _, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			if f.Countries {
				line = formCountryCode(line)
			}
			items = append(items, line)
		}
		out[path] = items
	})
	return out
}

// formCountryCode reads a country's name or code: "Perú" and "pe" are "PE".
// What it cannot read it leaves for Validate to report.
func formCountryCode(s string) string {
	if c, ok := domain.CountryByName(s); ok {
		return c.Code
	}
	if up := strings.ToUpper(s); domain.IsCountryCode(up) {
		return up
	}
	return s
}

// formControl is one input of a form, or a part holding others, ready for
// the templates: every name, id, value and message worked out.
type formControl struct {
	Kind        string // the formInput
	Type        string // the input element's type attribute
	InputMode   string
	Name        string
	ID          string
	Label       string
	Hint        string
	Placeholder string
	Value       string
	Checked     bool
	Required    bool
	Wide        bool
	Autofocus   bool
	Error       string
	// Reads is a date as people read it: "20 Apr 2015".
	Reads string
	// Described lists the ids of the hint and error, for aria-describedby.
	Described string
	Options   []formOption
	Rows      int // a textarea's height

	// Pickers: the kind of record, the hidden input holding the id, the
	// record linked, the records the text could mean, and where to create
	// one when it names none.
	Pick      domain.RecordType
	IDName    string
	IDValue   string
	Linked    *domain.RecordRef
	Choices   []formChoice
	CreateURL string

	// Sets and sections hold controls; groups hold rows.
	Controls []*formControl
	Items    []*formRow
	AddValue string
	AddLabel string
	Action   string // the form's action, for the add and remove buttons
}

// formRow is one row of a group.
type formRow struct {
	Label    string
	ID       string
	Single   bool // a row of one picker
	Blank    bool
	Error    string
	Controls []*formControl
	Remove   string
}

// formSummaryItem is one line of the summary of errors above a form.
type formSummaryItem struct {
	Href, Label, Message string
}

// formBuilder turns fields and a state into controls.
type formBuilder struct {
	st      *formState
	cat     *formCatalog
	action  string
	labels  map[string]string
	claimed map[string]bool
	summary []formSummaryItem
}

func newFormBuilder(fields []formField, st *formState, cat *formCatalog, action string) *formBuilder {
	return &formBuilder{st: st, cat: cat, action: action, labels: formLabels(fields), claimed: map[string]bool{}}
}

// formLabels maps the JSON names in fields to their labels, so that a
// message naming one ("must not be before signed_on") can use the label.
func formLabels(fields []formField) map[string]string {
	out := map[string]string{}
	var walk func([]formField)
	walk = func(fs []formField) {
		for _, f := range fs {
			if f.Name != "" && f.Label != "" && strings.Contains(f.Name, "_") {
				out[f.Name] = f.Label
			}
			walk(f.Fields)
		}
	}
	walk(fields)
	return out
}

var formJSONNames = regexp.MustCompile(`\b[a-z]+(?:_[a-z]+)+\b`)

// message puts labels in place of the JSON names a message mentions.
func (b *formBuilder) message(m string) string {
	return formJSONNames.ReplaceAllStringFunc(m, func(name string) string {
		if l, ok := b.labels[name]; ok {
			return "“" + l + "”"
		}
		return name
	})
}

// claim takes the errors at the keys (and under the prefixes) for the
// control with the id, and adds them to the summary.
func (b *formBuilder) claim(id, label string, keys []string, prefixes ...string) string {
	var msgs []string
	add := func(k string) {
		m, ok := b.st.Errors[k]
		if !ok || b.claimed[k] {
			return
		}
		b.claimed[k] = true
		m = b.message(m)
		if !slices.Contains(msgs, m) {
			msgs = append(msgs, m)
		}
	}
	for _, k := range keys {
		add(k)
	}
	if len(prefixes) > 0 {
		for _, k := range slices.Sorted(maps.Keys(b.st.Errors)) {
			for _, p := range prefixes {
				if strings.HasPrefix(k, p) {
					add(k)
				}
			}
		}
	}
	msg := strings.Join(msgs, "; ")
	if msg != "" {
		b.summary = append(b.summary, formSummaryItem{Href: "#" + id, Label: label, Message: msg})
	}
	return msg
}

// rest returns the summary lines of the errors no control took.
func (b *formBuilder) rest() []formSummaryItem {
	var out []formSummaryItem
	for _, k := range slices.Sorted(maps.Keys(b.st.Errors)) {
		if b.claimed[k] {
			continue
		}
		label := k
		if k == "" {
			label = "The record"
		}
		out = append(out, formSummaryItem{Label: label, Message: b.message(b.st.Errors[k])})
	}
	return out
}

// formID turns a path into an element id: "parties[0].name" is
// "f-parties-0-name".
func formID(path string) string {
	var sb strings.Builder
	sb.WriteString("f")
	dash := true
	for _, r := range path {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || ('A' <= r && r <= 'Z') {
			if dash {
				sb.WriteByte('-')
				dash = false
			}
			sb.WriteRune(r)
			continue
		}
		dash = true
	}
	return sb.String()
}

// build returns the controls of the fields under the prefix; context names
// the row they belong to, for the summary ("Signatory 2").
func (b *formBuilder) build(fields []formField, prefix, context string) []*formControl {
	var out []*formControl
	for i := range fields {
		f := &fields[i]
		if f.Only != "" && f.Only != b.st.Mode {
			continue
		}
		path := prefix + f.Name
		switch f.Input {
		case formSection:
			c := &formControl{Kind: string(formSection), Label: f.Label, Hint: f.Hint, ID: formID("section " + f.Label + prefix)}
			c.Controls = b.build(f.Fields, prefix, context)
			out = append(out, c)
		case formSet:
			c := &formControl{Kind: string(formSet), Label: f.Label, Hint: f.Hint, ID: formID(path)}
			c.Controls = b.build(f.Fields, path+".", context)
			out = append(out, c)
		case formGroup:
			out = append(out, b.group(f, path))
		case formPicker:
			out = append(out, b.picker(f, path, f.Label, context))
		default:
			out = append(out, b.leaf(f, path, context))
		}
	}
	return out
}

func formSummaryLabel(context, label string) string {
	if context == "" {
		return label
	}
	return context + " · " + label
}

func (b *formBuilder) described(c *formControl) {
	var ids []string
	if c.Hint != "" {
		ids = append(ids, c.ID+"-hint")
	}
	if c.Error != "" {
		ids = append(ids, c.ID+"-error")
	}
	c.Described = strings.Join(ids, " ")
}

func (b *formBuilder) leaf(f *formField, path, context string) *formControl {
	c := &formControl{Kind: string(f.Input), Name: path, ID: formID(path), Label: f.Label, Hint: f.Hint,
		Placeholder: f.Placeholder, Value: b.st.Values.Get(path), Required: f.Required, Wide: f.Wide}
	var prefixes []string
	switch f.Input {
	case formLines:
		c.Rows = 3
		prefixes = append(prefixes, path+"[")
	case formTextarea:
		c.Rows = 4
		if path == "text" {
			c.Rows = 14
		}
	case formDate:
		c.Type = "date"
		if d := domain.Date(strings.TrimSpace(c.Value)); d != "" && d.Valid() {
			// A browser shows a date input in its own format (04/20/2015):
			// the date is also written out, unambiguous.
			c.Reads = d.Format()
		}
		if !domain.Date(strings.TrimSpace(c.Value)).Valid() {
			// A browser empties a date input holding no date: show what
			// was typed as text, to be corrected.
			c.Type = "text"
		}
	case formNumber:
		c.Type, c.InputMode = "text", "numeric"
	case formDecimal:
		c.Type, c.InputMode = "text", "decimal"
	case formURL:
		c.Type = "url"
	case formCheckbox:
		switch strings.ToLower(strings.TrimSpace(c.Value)) {
		case "1", "on", "true", "yes":
			c.Checked = true
		}
	case formSelect:
		c.Options = formSelectOptions(f.Options, c.Value, !f.Required || c.Value == "")
	case formCountry:
		c.Kind = string(formSelect)
		c.Options = formSelectOptions(formCountryOptions(), c.Value, true)
	default:
		c.Type = "text"
	}
	c.Error = b.claim(c.ID, formSummaryLabel(context, f.Label), []string{path}, prefixes...)
	b.described(c)
	return c
}

// formSelectOptions returns the options with the value selected. A value
// that is not among them is kept as an option of its own, so that nothing
// sent is lost.
func formSelectOptions(opts []formOption, value string, blank bool) []formOption {
	out := make([]formOption, 0, len(opts)+2)
	if blank {
		out = append(out, formOption{Value: "", Label: "—"})
	}
	found := value == ""
	for _, o := range opts {
		o.Selected = o.Value == value
		found = found || o.Selected
		out = append(out, o)
	}
	if !found {
		out = append(out, formOption{Value: value, Label: value + " (not a choice)", Selected: true})
	}
	if value == "" && blank {
		out[0].Selected = true
	}
	return out
}

// formCountryOptions are the countries by name.
var formCountryOptions = sync.OnceValue(func() []formOption {
	cs := domain.Countries()
	slices.SortFunc(cs, func(a, b domain.Country) int { return strings.Compare(domain.Fold(a.Name), domain.Fold(b.Name)) })
	out := make([]formOption, len(cs))
	for i, c := range cs {
		out[i] = formOption{Value: c.Code, Label: c.Name}
	}
	return out
})

func (b *formBuilder) picker(f *formField, path, label, context string) *formControl {
	c := &formControl{Kind: string(formPicker), Name: path + ".name", ID: formID(path), Label: label, Hint: f.Hint,
		Value: b.st.Values.Get(path + ".name"), Required: f.Required, Pick: f.Pick,
		IDName: path + ".id", IDValue: strings.TrimSpace(b.st.Values.Get(path + ".id"))}
	if e, ok := b.cat.find(c.IDValue, f.Pick); ok {
		ref := e.Ref()
		c.Linked = &ref
		if strings.TrimSpace(c.Value) == "" {
			c.Value = e.Label
		}
	}
	for _, ch := range b.st.Choices[path] {
		ch.Checked = ch.ID == c.IDValue
		c.Choices = append(c.Choices, ch)
	}
	if len(c.Choices) > 0 {
		c.Linked = nil
	}
	if b.st.Missing[path] {
		c.CreateURL = formCreateURL(f.Pick, c.Value)
	}
	c.Error = b.claim(c.ID, formSummaryLabel(context, label), []string{path + ".id", path + ".name", path})
	b.described(c)
	return c
}

// formCreateURL is the form creating a record of the kind, with its name
// filled in.
func formCreateURL(t domain.RecordType, name string) string {
	u := "/" + t.Collection() + "/new"
	if name = strings.TrimSpace(name); name != "" {
		u += "?" + url.Values{formLabelField[t]: {name}}.Encode()
	}
	return u
}

func (b *formBuilder) group(f *formField, path string) *formControl {
	item := f.Item
	c := &formControl{Kind: string(formGroup), ID: formID(path), Label: f.Label, Hint: f.Hint, Action: b.action,
		AddValue: "add:" + path, AddLabel: "Add " + formArticle(item) + " " + item}
	c.Error = b.claim(c.ID, f.Label, []string{path})
	b.described(c)
	for i := range b.st.Rows[path] {
		rowPath := formIndexed(path, i)
		label := formCapitalize(item) + " " + strconv.Itoa(i+1)
		r := &formRow{Label: label, ID: formID(rowPath) + "-row", Single: f.Pick != "", Blank: formRowBlank(b.st.Values, path, i),
			Remove: "remove:" + path + ":" + strconv.Itoa(i)}
		if r.Single {
			r.Controls = []*formControl{b.picker(&formField{Pick: f.Pick}, rowPath, label, "")}
		} else {
			r.Error = b.claim(r.ID, label, []string{rowPath})
			r.Controls = b.build(f.Fields, rowPath+".", label)
		}
		if b.st.Focus == rowPath && len(r.Controls) > 0 {
			r.Controls[0].Autofocus = true
		}
		c.Items = append(c.Items, r)
	}
	return c
}

// formArticle returns "a" or "an" for the word.
func formArticle(w string) string {
	if w != "" && strings.ContainsRune("aeiou", rune(w[0])) {
		return "an"
	}
	return "a"
}

// The version a stale edit started from travels with the form as "_base":
// the values of the record as opened, in JSON, a long value (an article's
// text) replaced by its hash. A conflict compares it with the record as
// saved now to show what someone else changed.

const formLongValue = 300

func formBaseValue(s string) string {
	if len(s) <= formLongValue {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:12])
}

// formBase encodes the values of a record as opened.
func formBase(vals url.Values) string {
	m := make(map[string]string, len(vals))
	for k := range vals {
		m[k] = formBaseValue(vals.Get(k))
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// parseFormBase reads "_base"; false when it is missing or not ours.
func parseFormBase(s string) (url.Values, bool) {
	if s == "" {
		return nil, false
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, false
	}
	out := url.Values{}
	for k, v := range m {
		out.Set(k, v)
	}
	return out, true
}

// formChange is a field that differs between two versions of a record.
type formChange struct {
	Label, Base, Now, Yours string
}

// formChanges returns the fields someone else changed: those that differ
// between the version opened (base) and the one saved now, each with the
// value typed in the form. Without a base, those where what was typed
// differs from what is saved now.
func formChanges(fields []formField, mode string, base, now, yours url.Values, hasBase bool) []formChange {
	var out []formChange
	before := base
	if !hasBase {
		before = yours
	}
	leaf := func(f *formField, path, label string) {
		key, show := path, func(v url.Values) string { return formShow(f, v.Get(path)) }
		if f.Input == formPicker {
			key = path + ".id"
			show = func(v url.Values) string {
				if n := strings.TrimSpace(v.Get(path + ".name")); n != "" {
					return n
				}
				return v.Get(path + ".id")
			}
		}
		b, n := before.Get(key), now.Get(key)
		if f.Input == formLines {
			b, n = formShow(f, b), formShow(f, n)
		}
		if strings.HasPrefix(b, "sha256:") && hasBase {
			if b == formBaseValue(n) {
				return
			}
		} else if strings.TrimSpace(b) == strings.TrimSpace(n) {
			return
		}
		c := formChange{Label: label, Base: show(base), Now: show(now), Yours: show(yours)}
		if !hasBase {
			c.Base = ""
		}
		if strings.HasPrefix(c.Base, "sha256:") {
			c.Base = "(a longer text)"
		}
		out = append(out, c)
	}
	formWalk(fields, "", mode, func(f *formField, path string) {
		if f.Input != formGroup {
			leaf(f, path, formLabelOf(f, path))
			return
		}
		rows := 0
		for _, v := range []url.Values{base, now, yours} {
			if ns := formRowNumbers(v, path); len(ns) > 0 {
				rows = max(rows, ns[len(ns)-1]+1)
			}
		}
		for i := range min(rows, formMaxRows) {
			row := formIndexed(path, i)
			rowLabel := formCapitalize(f.Item) + " " + strconv.Itoa(i+1)
			if f.Pick != "" {
				leaf(&formField{Input: formPicker, Pick: f.Pick}, row, rowLabel)
				continue
			}
			formWalk(f.Fields, row+".", mode, func(sf *formField, sp string) {
				leaf(sf, sp, rowLabel+" · "+sf.Label)
			})
		}
	})
	return out
}

// formLabelOf names a field for people, with the part it belongs to.
func formLabelOf(f *formField, path string) string {
	if f.Label != "" {
		switch {
		case strings.HasPrefix(path, "place."):
			return "Place · " + f.Label
		case strings.HasPrefix(path, "budget."):
			return "Budget · " + f.Label
		}
		return f.Label
	}
	return path
}

// formShow renders a value as the changes table shows it.
func formShow(f *formField, v string) string {
	v = strings.TrimSpace(v)
	switch f.Input {
	case formCheckbox:
		switch strings.ToLower(v) {
		case "1", "on", "true", "yes":
			return "yes"
		}
		return "no"
	case formCountry:
		return countryName(v)
	case formSelect:
		if v == "" {
			return ""
		}
		return formCapitalize(domain.Words(v))
	case formLines:
		var items []string
		for _, line := range strings.Split(v, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				items = append(items, line)
			}
		}
		return strings.Join(items, ", ")
	case formDate:
		if d := domain.Date(v); d != "" && d.Valid() {
			return d.Format()
		}
	}
	if r := []rune(v); len(r) > 160 {
		return string(r[:160]) + "…"
	}
	return v
}
