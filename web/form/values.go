package form

import (
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"cooptrack/domain"
)

// The HTML forms name every input by the JSON path the domain reports errors
// on ("title", "parties[0].id", "place.country", "renewal.notice_days"), so
// that an error from Validate or the store lands beside its input with no
// table to map one to the other. Decode fills a record from such names
// by walking the struct's json tags; Encode is its inverse, for the edit
// form. Names the record does not have are ignored.

// formMaxRows bounds the rows of one repeated part a form may send.
const formMaxRows = 200

// formSkip are the JSON names no form sets: what the store derives or keeps.
var formSkip = map[string]bool{
	"countries": true, "status_history": true, "cited_by": true,
	"retrieved_at": true, "content_hash": true,
}

var (
	formMoneyType = reflect.TypeFor[domain.Money]()
	formTimeType  = reflect.TypeFor[time.Time]()
)

// Decode fills rec, a pointer to a record, from the form values. A list
// of strings takes every value given under its name; a list of structs takes
// rows "name[0].field", "name[1].field"… in the order of their numbers. It
// returns what could not be read (a number that is not one), by path.
func Decode(vals url.Values, rec any) map[string]string {
	errs := map[string]string{}
	formDecodeStruct(vals, reflect.ValueOf(rec).Elem(), "", errs)
	return errs
}

func formDecodeStruct(vals url.Values, sv reflect.Value, prefix string, errs map[string]string) {
	st := sv.Type()
	for i := range st.NumField() {
		f := st.Field(i)
		if f.Anonymous || !f.IsExported() {
			continue // Meta: the id, version and evidence are not the form's to set
		}
		name := formJSONName(f)
		if name == "" || formSkip[name] {
			continue
		}
		formDecodeValue(vals, sv.Field(i), prefix+name, errs)
	}
}

func formJSONName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

func formDecodeValue(vals url.Values, v reflect.Value, path string, errs map[string]string) {
	switch {
	case v.Type() == formMoneyType:
		formDecodeMoney(vals, v, path, errs)
		return
	case v.Type() == formTimeType:
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(strings.TrimSpace(vals.Get(path)))
	case reflect.Int, reflect.Int64, reflect.Int32:
		s := strings.TrimSpace(vals.Get(path))
		if s == "" {
			v.SetInt(0)
			return
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v.OverflowInt(n) {
			errs[path] = fmt.Sprintf("%q is not a whole number", s)
			return
		}
		v.SetInt(n)
	case reflect.Bool:
		switch strings.ToLower(strings.TrimSpace(vals.Get(path))) {
		case "1", "on", "true", "yes":
			v.SetBool(true)
		default:
			v.SetBool(false)
		}
	case reflect.Struct:
		formDecodeStruct(vals, v, path+".", errs)
	case reflect.Pointer:
		if !formHasValues(vals, path+".") {
			v.SetZero()
			return
		}
		p := reflect.New(v.Type().Elem())
		formDecodeValue(vals, p.Elem(), path, errs)
		v.Set(p)
	case reflect.Slice:
		switch v.Type().Elem().Kind() {
		case reflect.String:
			var items []string
			for _, s := range vals[path] {
				if s = strings.TrimSpace(s); s != "" {
					items = append(items, s)
				}
			}
			s := reflect.MakeSlice(v.Type(), len(items), len(items))
			for i, item := range items {
				s.Index(i).SetString(item)
			}
			if len(items) == 0 {
				s = reflect.Zero(v.Type())
			}
			v.Set(s)
		case reflect.Struct:
			rows := formRowNumbers(vals, path)
			if len(rows) > formMaxRows {
				errs[path] = fmt.Sprintf("has more than %d rows", formMaxRows)
				rows = rows[:formMaxRows]
			}
			if len(rows) == 0 {
				v.SetZero()
				return
			}
			s := reflect.MakeSlice(v.Type(), len(rows), len(rows))
			for i, n := range rows {
				// Rows keep the numbers the form gave them, so that errors
				// point at the inputs; renumberRows has made them 0, 1, 2….
				formDecodeValue(vals, s.Index(i), formIndexed(path, n), errs)
			}
			v.Set(s)
		}
	}
}

// formHasValues reports whether any value under the prefix is not blank.
func formHasValues(vals url.Values, prefix string) bool {
	for k, vs := range vals {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		for _, s := range vs {
			if strings.TrimSpace(s) != "" {
				return true
			}
		}
	}
	return false
}

func formIndexed(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// formRowNumbers returns the row numbers the values hold for the list at
// path ("parties" has rows 0 and 2 when "parties[0].id" and "parties[2].name"
// are given), in order. Numbers past a bound are ignored.
func formRowNumbers(vals url.Values, path string) []int {
	seen := map[int]bool{}
	for k := range vals {
		if n, ok := formRowOf(k, path); ok {
			seen[n] = true
		}
	}
	rows := make([]int, 0, len(seen))
	for n := range seen {
		rows = append(rows, n)
	}
	slices.Sort(rows)
	return rows
}

// formRowOf returns the row number of key in the list at path: "parties[2]"
// and "parties[2].name" are row 2 of "parties".
func formRowOf(key, path string) (int, bool) {
	rest, ok := strings.CutPrefix(key, path+"[")
	if !ok {
		return 0, false
	}
	num, rest, ok := strings.Cut(rest, "]")
	if !ok || num == "" || len(num) > 4 || (rest != "" && rest[0] != '.') {
		return 0, false
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || strconv.Itoa(n) != num {
		return 0, false
	}
	return n, true
}

// Encode returns the form values of a record: the inverse of Decode.
// A list of strings is one value, a line per item.
func Encode(rec any) url.Values {
	out := url.Values{}
	formEncodeStruct(out, reflect.ValueOf(rec).Elem(), "")
	return out
}

func formEncodeStruct(out url.Values, sv reflect.Value, prefix string) {
	st := sv.Type()
	for i := range st.NumField() {
		f := st.Field(i)
		if f.Anonymous || !f.IsExported() {
			continue
		}
		name := formJSONName(f)
		if name == "" || formSkip[name] {
			continue
		}
		formEncodeValue(out, sv.Field(i), prefix+name)
	}
}

func formEncodeValue(out url.Values, v reflect.Value, path string) {
	switch {
	case v.Type() == formMoneyType:
		m := v.Interface().(domain.Money)
		out.Set(path+".amount", formMoneyText(m))
		if m.Currency != "" {
			out.Set(path+".currency", m.Currency)
		}
		return
	case v.Type() == formTimeType:
		return
	}
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); s != "" {
			out.Set(path, s)
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n := v.Int(); n != 0 {
			out.Set(path, strconv.FormatInt(n, 10))
		}
	case reflect.Bool:
		if v.Bool() {
			out.Set(path, "1")
		}
	case reflect.Struct:
		formEncodeStruct(out, v, path+".")
	case reflect.Pointer:
		if !v.IsNil() {
			formEncodeValue(out, v.Elem(), path)
		}
	case reflect.Slice:
		switch v.Type().Elem().Kind() {
		case reflect.String:
			items := make([]string, v.Len())
			for i := range items {
				items[i] = v.Index(i).String()
			}
			if len(items) > 0 {
				out.Set(path, strings.Join(items, "\n"))
			}
		case reflect.Struct:
			// Rows are numbered as the form shows them: a blank row shows
			// nothing, and the rows after it close up, as the decoder
			// numbers them (found by FuzzFormDecode).
			n := 0
			for i := range v.Len() {
				row := url.Values{}
				formEncodeValue(row, v.Index(i), formIndexed(path, n))
				if len(row) == 0 {
					continue
				}
				maps.Copy(out, row)
				n++
			}
		}
	}
}

// Money is entered in the currency's units ("1,500.50 USD"), and kept in
// its minor units (150050 cents).

// formZeroDecimal and formThreeDecimal are the ISO 4217 currencies whose
// minor unit is not the hundredth.
var (
	formZeroDecimal  = map[string]bool{"BIF": true, "CLP": true, "DJF": true, "GNF": true, "ISK": true, "JPY": true, "KMF": true, "KRW": true, "PYG": true, "RWF": true, "UGX": true, "UYI": true, "VND": true, "VUV": true, "XAF": true, "XOF": true, "XPF": true}
	formThreeDecimal = map[string]bool{"BHD": true, "IQD": true, "JOD": true, "KWD": true, "LYD": true, "OMR": true, "TND": true}
)

// formMinorDigits returns how many decimals the currency has.
func formMinorDigits(currency string) int {
	switch {
	case formZeroDecimal[currency]:
		return 0
	case formThreeDecimal[currency]:
		return 3
	}
	return 2
}

// formMoneyText writes an amount in the currency's units: 150050 USD cents
// is "1500.50".
func formMoneyText(m domain.Money) string {
	digits := formMinorDigits(m.Currency)
	s := strconv.FormatInt(m.Amount, 10)
	if digits == 0 {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for len(s) <= digits {
		s = "0" + s
	}
	s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	if neg {
		s = "-" + s
	}
	return s
}

// formDecodeMoney reads "amount" (in the currency's units; spaces and
// thousands commas allowed) and "currency" under path.
func formDecodeMoney(vals url.Values, v reflect.Value, path string, errs map[string]string) {
	currency := strings.ToUpper(strings.TrimSpace(vals.Get(path + ".currency")))
	text := strings.TrimSpace(vals.Get(path + ".amount"))
	m := domain.Money{Currency: currency}
	if text != "" {
		amount, err := formParseAmount(text, formMinorDigits(currency))
		if err != nil {
			errs[path+".amount"] = err.Error()
		}
		m.Amount = amount
	}
	v.Set(reflect.ValueOf(m))
}

// formParseAmount parses "1,500.50" into minor units with the given decimals.
func formParseAmount(text string, digits int) (int64, error) {
	clean := strings.NewReplacer(",", "", " ", "", "\u00a0", "", "_", "").Replace(text)
	whole, frac, hasFrac := strings.Cut(clean, ".")
	bad := fmt.Errorf("%q is not an amount such as 1500000 or 1,500.50", text)
	if whole == "" && !hasFrac {
		return 0, bad
	}
	if len(frac) > digits {
		if digits == 0 {
			return 0, fmt.Errorf("%q has decimals, which this currency does not", text)
		}
		return 0, fmt.Errorf("%q has more than %d decimals", text, digits)
	}
	frac += strings.Repeat("0", digits-len(frac))
	if whole == "" {
		whole = "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || strings.ContainsAny(frac, "+-") {
		return 0, bad
	}
	return n, nil
}
