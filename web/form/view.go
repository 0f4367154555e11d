package form

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

// State is a form as it is shown: the values of its inputs by name,
// exactly as typed, and what the server has to say about them.
type State struct {
	Mode   string // "new" or "edit"
	Values url.Values
	// Rows is how many rows each group shows, blank ones included.
	Rows map[string]int
	// Errors are the messages by path ("title", "parties[0].id").
	Errors map[string]string
	// Choices are the records a picker's text could mean, by picker path.
	Choices map[string][]Choice
	// Missing marks the pickers whose text names no record: the form offers
	// to create one.
	Missing map[string]bool
	// Focus is the path of the row just added, whose first input gets the
	// focus.
	Focus string
}

// Choice is a record a picker's text could mean.
type Choice struct {
	ID, Label, Detail string
	Checked           bool
}

// Action is what the submit button pressed asks for: save, or add or
// remove a row without saving.
type Action struct {
	Verb  string // "save", "add", "remove"
	Group string
	Row   int
}

// ParseAction reads the action a form was posted with.
func ParseAction(s string) Action {
	verb, rest, _ := strings.Cut(s, ":")
	switch verb {
	case "add":
		return Action{Verb: "add", Group: rest}
	case "remove":
		i := strings.LastIndex(rest, ":")
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		return Action{Verb: "remove", Group: rest[:i], Row: n}
	}
	return Action{Verb: "save"}
}

// formGroups returns the paths of the groups of the form.
func formGroups(fields []Field, mode string) []string {
	var groups []string
	formWalk(fields, "", mode, func(f *Field, path string) {
		if f.Input == Group {
			groups = append(groups, path)
		}
	})
	return groups
}

// Arrange returns the values with the rows of every group numbered 0,
// 1, 2… in their order, without the row a remove drops, and without blank
// rows when dropBlank; and the rows each group shows: those, then one blank
// row, and one more after an add.
func Arrange(fields []Field, mode string, vals url.Values, act Action, dropBlank bool) (url.Values, map[string]int, string) {
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

// ClearUnnamed drops the link of every picker whose text was emptied:
// the text is what the person sees, so clearing it removes the link.
func ClearUnnamed(vals url.Values) {
	for k, vs := range vals {
		base, ok := strings.CutSuffix(k, ".name")
		if !ok || len(vs) == 0 || strings.TrimSpace(vs[0]) != "" {
			continue
		}
		delete(vals, base+".id")
	}
}

// PickerAt is a picker of a form, at its path.
type PickerAt struct {
	Path string
	Type domain.RecordType
}

// Pickers lists the pickers the form shows, in rows included.
func Pickers(fields []Field, mode string, rows map[string]int) []PickerAt {
	var out []PickerAt
	formWalk(fields, "", mode, func(f *Field, path string) {
		switch f.Input {
		case Picker:
			out = append(out, PickerAt{path, f.Pick})
		case Group:
			for i := range rows[path] {
				row := formIndexed(path, i)
				if f.Pick != "" {
					out = append(out, PickerAt{row, f.Pick})
					continue
				}
				formWalk(f.Fields, row+".", mode, func(sf *Field, sp string) {
					if sf.Input == Picker {
						out = append(out, PickerAt{sp, sf.Pick})
					}
				})
			}
		}
	})
	return out
}

// DecodeValues returns the values as Decode reads them: a list
// typed one item per line (or between commas) becomes one value per item,
// and country names become codes.
func DecodeValues(fields []Field, mode string, vals url.Values) url.Values {
	out := maps.Clone(vals)
	formWalk(fields, "", mode, func(f *Field, path string) {
		if f.Input != Lines {
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

// Control is one input of a form, or a part holding others, ready for
// the templates: every name, id, value and message worked out.
type Control struct {
	Kind        string // the Input
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
	Options   []Option
	Rows      int // a textarea's height

	// Pickers: the kind of record, the hidden input holding the id, the
	// record linked, the records the text could mean, and where to create
	// one when it names none.
	Pick      domain.RecordType
	IDName    string
	IDValue   string
	Linked    *domain.RecordRef
	Choices   []Choice
	CreateURL string

	// Sets and sections hold controls; groups hold rows.
	Controls []*Control
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
	Controls []*Control
	Remove   string
}

// SummaryItem is one line of the summary of errors above a form.
type SummaryItem struct {
	Href, Label, Message string
}

// formBuilder turns fields and a state into controls.
type formBuilder struct {
	st      *State
	cat     *Catalog
	action  string
	labels  map[string]string
	claimed map[string]bool
	summary []SummaryItem
}

// NewBuilder builds the controls of the fields from the form's state.
func NewBuilder(fields []Field, st *State, cat *Catalog, action string) *formBuilder {
	return &formBuilder{st: st, cat: cat, action: action, labels: formLabels(fields), claimed: map[string]bool{}}
}

// formLabels maps the JSON names in fields to their labels, so that a
// message naming one ("must not be before signed_on") can use the label.
func formLabels(fields []Field) map[string]string {
	out := map[string]string{}
	var walk func([]Field)
	walk = func(fs []Field) {
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

// Claim takes the errors at the keys (and under the prefixes) for the
// control with the id, and adds them to the summary.
func (b *formBuilder) Claim(id, label string, keys []string, prefixes ...string) string {
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
		b.summary = append(b.summary, SummaryItem{Href: "#" + id, Label: label, Message: msg})
	}
	return msg
}

// Summary returns the lines of the summary of errors above the form: those
// the controls built so far took, then the rest.
func (b *formBuilder) Summary() []SummaryItem { return slices.Concat(b.summary, b.rest()) }

// rest returns the summary lines of the errors no control took.
func (b *formBuilder) rest() []SummaryItem {
	var out []SummaryItem
	for _, k := range slices.Sorted(maps.Keys(b.st.Errors)) {
		if b.claimed[k] {
			continue
		}
		label := k
		if k == "" {
			label = "The record"
		}
		out = append(out, SummaryItem{Label: label, Message: b.message(b.st.Errors[k])})
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

// Build returns the controls of the fields under the prefix; context names
// the row they belong to, for the summary ("Signatory 2").
func (b *formBuilder) Build(fields []Field, prefix, context string) []*Control {
	var out []*Control
	for i := range fields {
		f := &fields[i]
		if f.Only != "" && f.Only != b.st.Mode {
			continue
		}
		path := prefix + f.Name
		switch f.Input {
		case Section:
			c := &Control{Kind: string(Section), Label: f.Label, Hint: f.Hint, ID: formID("section " + f.Label + prefix)}
			c.Controls = b.Build(f.Fields, prefix, context)
			out = append(out, c)
		case Set:
			c := &Control{Kind: string(Set), Label: f.Label, Hint: f.Hint, ID: formID(path)}
			c.Controls = b.Build(f.Fields, path+".", context)
			out = append(out, c)
		case Group:
			out = append(out, b.group(f, path))
		case Picker:
			out = append(out, b.Picker(f, path, f.Label, context))
		default:
			out = append(out, b.Leaf(f, path, context))
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

func (b *formBuilder) described(c *Control) {
	var ids []string
	if c.Hint != "" {
		ids = append(ids, c.ID+"-hint")
	}
	if c.Error != "" {
		ids = append(ids, c.ID+"-error")
	}
	c.Described = strings.Join(ids, " ")
}

func (b *formBuilder) Leaf(f *Field, path, context string) *Control {
	c := &Control{Kind: string(f.Input), Name: path, ID: formID(path), Label: f.Label, Hint: f.Hint,
		Placeholder: f.Placeholder, Value: b.st.Values.Get(path), Required: f.Required, Wide: f.Wide}
	var prefixes []string
	switch f.Input {
	case Lines:
		c.Rows = 3
		prefixes = append(prefixes, path+"[")
	case Textarea:
		c.Rows = 4
		if path == "text" {
			c.Rows = 14
		}
	case Date:
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
	case Number:
		c.Type, c.InputMode = "text", "numeric"
	case Decimal:
		c.Type, c.InputMode = "text", "decimal"
	case URL:
		c.Type = "url"
	case Checkbox:
		switch strings.ToLower(strings.TrimSpace(c.Value)) {
		case "1", "on", "true", "yes":
			c.Checked = true
		}
	case Select:
		c.Options = SelectOptions(f.Options, c.Value, !f.Required || c.Value == "")
	case Country:
		c.Kind = string(Select)
		c.Options = SelectOptions(CountryOptions(), c.Value, true)
	default:
		c.Type = "text"
	}
	c.Error = b.Claim(c.ID, formSummaryLabel(context, f.Label), []string{path}, prefixes...)
	b.described(c)
	return c
}

// SelectOptions returns the options with the value selected. A value
// that is not among them is kept as an option of its own, so that nothing
// sent is lost.
func SelectOptions(opts []Option, value string, blank bool) []Option {
	out := make([]Option, 0, len(opts)+2)
	if blank {
		out = append(out, Option{Value: "", Label: "—"})
	}
	found := value == ""
	for _, o := range opts {
		o.Selected = o.Value == value
		found = found || o.Selected
		out = append(out, o)
	}
	if !found {
		out = append(out, Option{Value: value, Label: value + " (not a choice)", Selected: true})
	}
	if value == "" && blank {
		out[0].Selected = true
	}
	return out
}

// CountryOptions are the countries by name.
var CountryOptions = sync.OnceValue(func() []Option {
	cs := domain.Countries()
	slices.SortFunc(cs, func(a, b domain.Country) int { return strings.Compare(domain.Fold(a.Name), domain.Fold(b.Name)) })
	out := make([]Option, len(cs))
	for i, c := range cs {
		out[i] = Option{Value: c.Code, Label: c.Name}
	}
	return out
})

func (b *formBuilder) Picker(f *Field, path, label, context string) *Control {
	c := &Control{Kind: string(Picker), Name: path + ".name", ID: formID(path), Label: label, Hint: f.Hint,
		Value: b.st.Values.Get(path + ".name"), Required: f.Required, Pick: f.Pick,
		IDName: path + ".id", IDValue: strings.TrimSpace(b.st.Values.Get(path + ".id"))}
	if e, ok := b.cat.Find(c.IDValue, f.Pick); ok {
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
		c.CreateURL = CreateURL(f.Pick, c.Value)
	}
	c.Error = b.Claim(c.ID, formSummaryLabel(context, label), []string{path + ".id", path + ".name", path})
	b.described(c)
	return c
}

// CreateURL is the form creating a record of the kind, with its name
// filled in.
func CreateURL(t domain.RecordType, name string) string {
	u := "/" + t.Collection() + "/new"
	if name = strings.TrimSpace(name); name != "" {
		u += "?" + url.Values{LabelField[t]: {name}}.Encode()
	}
	return u
}

func (b *formBuilder) group(f *Field, path string) *Control {
	item := f.Item
	c := &Control{Kind: string(Group), ID: formID(path), Label: f.Label, Hint: f.Hint, Action: b.action,
		AddValue: "add:" + path, AddLabel: "Add " + formArticle(item) + " " + item}
	c.Error = b.Claim(c.ID, f.Label, []string{path})
	b.described(c)
	for i := range b.st.Rows[path] {
		rowPath := formIndexed(path, i)
		label := domain.Capitalize(item) + " " + strconv.Itoa(i+1)
		r := &formRow{Label: label, ID: formID(rowPath) + "-row", Single: f.Pick != "", Blank: formRowBlank(b.st.Values, path, i),
			Remove: "remove:" + path + ":" + strconv.Itoa(i)}
		if r.Single {
			r.Controls = []*Control{b.Picker(&Field{Pick: f.Pick}, rowPath, label, "")}
		} else {
			r.Error = b.Claim(r.ID, label, []string{rowPath})
			r.Controls = b.Build(f.Fields, rowPath+".", label)
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

// Base encodes the values of a record as opened.
func Base(vals url.Values) string {
	m := make(map[string]string, len(vals))
	for k := range vals {
		m[k] = formBaseValue(vals.Get(k))
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// ParseBase reads "_base"; false when it is missing or not ours.
func ParseBase(s string) (url.Values, bool) {
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

// Change is a field that differs between two versions of a record.
type Change struct {
	Label, Base, Now, Yours string
}

// Changes returns the fields someone else changed: those that differ
// between the version opened (base) and the one saved now, each with the
// value typed in the form. Without a base, those where what was typed
// differs from what is saved now.
func Changes(fields []Field, mode string, base, now, yours url.Values, hasBase bool) []Change {
	var out []Change
	before := base
	if !hasBase {
		before = yours
	}
	leaf := func(f *Field, path, label string) {
		key, show := path, func(v url.Values) string { return formShow(f, v.Get(path)) }
		if f.Input == Picker {
			key = path + ".id"
			show = func(v url.Values) string {
				if n := strings.TrimSpace(v.Get(path + ".name")); n != "" {
					return n
				}
				return v.Get(path + ".id")
			}
		}
		b, n := before.Get(key), now.Get(key)
		if f.Input == Lines {
			b, n = formShow(f, b), formShow(f, n)
		}
		if strings.HasPrefix(b, "sha256:") && hasBase {
			if b == formBaseValue(n) {
				return
			}
		} else if strings.TrimSpace(b) == strings.TrimSpace(n) {
			return
		}
		c := Change{Label: label, Base: show(base), Now: show(now), Yours: show(yours)}
		if !hasBase {
			c.Base = ""
		}
		if strings.HasPrefix(c.Base, "sha256:") {
			c.Base = "(a longer text)"
		}
		out = append(out, c)
	}
	formWalk(fields, "", mode, func(f *Field, path string) {
		if f.Input != Group {
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
			rowLabel := domain.Capitalize(f.Item) + " " + strconv.Itoa(i+1)
			if f.Pick != "" {
				leaf(&Field{Input: Picker, Pick: f.Pick}, row, rowLabel)
				continue
			}
			formWalk(f.Fields, row+".", mode, func(sf *Field, sp string) {
				leaf(sf, sp, rowLabel+" · "+sf.Label)
			})
		}
	})
	return out
}

// formLabelOf names a field for people, with the part it belongs to.
func formLabelOf(f *Field, path string) string {
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
func formShow(f *Field, v string) string {
	v = strings.TrimSpace(v)
	switch f.Input {
	case Checkbox:
		switch strings.ToLower(v) {
		case "1", "on", "true", "yes":
			return "yes"
		}
		return "no"
	case Country:
		return domain.CountryName(v)
	case Select:
		if v == "" {
			return ""
		}
		return domain.Capitalize(domain.Words(v))
	case Lines:
		var items []string
		for _, line := range strings.Split(v, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				items = append(items, line)
			}
		}
		return strings.Join(items, ", ")
	case Date:
		if d := domain.Date(v); d != "" && d.Valid() {
			return d.Format()
		}
	}
	if r := []rune(v); len(r) > 160 {
		return string(r[:160]) + "…"
	}
	return v
}
