package domain

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// The validator checks the tags on the record types; the same rules serve the
// JSON API and the HTML forms, since both fill the same structs.
var (
	validateOnce sync.Once
	validate     *validator.Validate
)

func validatorInstance() *validator.Validate {
	validateOnce.Do(func() {
		v := validator.New(validator.WithRequiredStructEnabled())
		// Report fields by their JSON names, as callers wrote them.
		v.RegisterTagNameFunc(func(f reflect.StructField) string {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				return ""
			}
			if name == "" {
				return f.Name
			}
			return name
		})
		must(v.RegisterValidation("country", func(fl validator.FieldLevel) bool {
			return IsCountryCode(fl.Field().String())
		}))
		must(v.RegisterValidation("date", func(fl validator.FieldLevel) bool {
			return Date(fl.Field().String()).InRange()
		}))
		// "multiline" marks a text field that may hold tabs and line
		// feeds; checkTexts reads it.
		must(v.RegisterValidation("multiline", func(validator.FieldLevel) bool { return true }))
		validate = v
	})
	return validate
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// validateStruct checks the tags of v and the text of its fields (see
// checkTexts), and returns a message for each field at fault, keyed by its
// JSON path ("parties[0].id").
func validateStruct(v any) map[string]string {
	fields := map[string]string{}
	err := validatorInstance().Struct(v)
	var verrs validator.ValidationErrors
	switch {
	case err == nil:
	case !asValidationErrors(err, &verrs):
		fields[""] = err.Error()
	default:
		for _, fe := range verrs {
			path := fe.Namespace()
			if _, rest, ok := strings.Cut(path, "."); ok {
				path = rest // drop the struct's own name
			}
			if _, seen := fields[path]; !seen {
				fields[path] = message(fe)
			}
		}
	}
	checkTexts(fields, reflect.ValueOf(v), "")
	return fields
}

func asValidationErrors(err error, out *validator.ValidationErrors) bool {
	verrs, ok := err.(validator.ValidationErrors) //nolint:errorlint // validator returns this type unwrapped
	if ok {
		*out = verrs
	}
	return ok
}

// message says in words what a failed tag means.
func message(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "max":
		if fe.Kind() == reflect.Slice {
			return "must have at most " + fe.Param() + " entries"
		}
		if fe.Kind() == reflect.String {
			return "must be at most " + fe.Param() + " characters"
		}
		return "must be at most " + fe.Param()
	case "min":
		if fe.Kind() == reflect.String {
			return "must be at least " + fe.Param() + " characters"
		}
		return "must be at least " + fe.Param()
	case "oneof":
		return "must be one of: " + strings.ReplaceAll(fe.Param(), " ", ", ")
	case "country":
		return countryCodeRule
	case "date":
		if d := Date(fmt.Sprint(fe.Value())); d.Valid() {
			first, last := YearRange()
			return fmt.Sprintf("%s is not between the years %d and %d", d, first, last)
		}
		return fmt.Sprintf("%q is not a date of the form YYYY-MM-DD", fe.Value())
	case "url", "http_url":
		return "must be an absolute http or https URL"
	case "iso4217":
		return fmt.Sprintf("%q is not an ISO 4217 currency code", fe.Value())
	case "bcp47_language_tag":
		return fmt.Sprintf("%q is not a language tag such as en or es", fe.Value())
	case "gte":
		return "must be at least " + fe.Param()
	case "lte":
		return "must be at most " + fe.Param()
	}
	return "is not valid (" + fe.Tag() + ")"
}

// checkTexts adds an error for each text field of the struct v that holds
// a control character (see TextProblem), unless its field already has one.
// A field is checked when it has validation rules: those are what a caller
// gives, where names filled in by the store (a reference's name) and fields
// derived from others have none. "multiline" among the rules allows tab and
// line feed. Embedded structs are walked as JSON inlines them.
func checkTexts(fields map[string]string, v reflect.Value, prefix string) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		switch {
		case name == "-":
			continue
		case name == "" && sf.Anonymous:
			checkTexts(fields, v.Field(i), prefix)
			continue
		case name == "":
			name = sf.Name
		}
		checkText(fields, v.Field(i), prefix+name, sf.Tag.Get("validate"))
	}
}

// checkText checks one value of a field with the rules given: a string, a
// list (whose items follow the rules after "dive"), or a struct.
func checkText(fields map[string]string, v reflect.Value, path, rules string) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		if rules == "" {
			return
		}
		if _, taken := fields[path]; taken {
			return
		}
		multiline := slices.Contains(strings.Split(rules, ","), "multiline")
		if msg := TextProblem(v.String(), multiline); msg != "" {
			fields[path] = msg
		}
	case reflect.Slice, reflect.Array:
		_, item, _ := strings.Cut(rules, "dive")
		item = strings.TrimPrefix(item, ",")
		for j := range v.Len() {
			checkText(fields, v.Index(j), indexed(path, j), item)
		}
	case reflect.Struct:
		checkTexts(fields, v, path+".")
	}
}

// indexed returns the JSON path of element i of a list field.
func indexed(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}

// checkOrder adds an error on the later field when it lies before the earlier one.
func checkOrder(fields map[string]string, earlierName string, earlier Date, laterName string, later Date) {
	if earlier.Before(later) || earlier == later || earlier == "" || later == "" {
		return
	}
	if _, taken := fields[laterName]; !taken {
		fields[laterName] = "must not be before " + earlierName
	}
}

// checkOneOf adds an error when v is not one of the allowed values.
func checkOneOf[T ~string](fields map[string]string, name string, v T, allowed []T) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	if _, taken := fields[name]; taken {
		return
	}
	words := make([]string, len(allowed))
	for i, a := range allowed {
		words[i] = string(a)
	}
	fields[name] = "must be one of: " + strings.Join(words, ", ")
}
