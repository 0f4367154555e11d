package repository

import (
	"reflect"
	"unique"

	"cooptrack/domain"
)

// deepCopy returns a copy of v that shares nothing a caller could change
// with it: structs are copied, and the slices, maps and pointers in their
// exported fields copied in turn. Strings are shared (they cannot change),
// and so is what unexported fields hold (time.Time's location).
func deepCopy[T any](v T) T {
	src := reflect.ValueOf(&v).Elem()
	dst := reflect.New(src.Type()).Elem()
	copyInto(dst, src)
	return dst.Interface().(T)
}

func copyInto(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyInto(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Struct:
		dst.Set(src) // every field, unexported ones too, as they are
		t := src.Type()
		for i := range src.NumField() {
			if t.Field(i).IsExported() && needsCopy(t.Field(i).Type) {
				copyInto(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		if needsCopy(src.Type().Elem()) {
			for i := range src.Len() {
				copyInto(s.Index(i), src.Index(i))
			}
		} else {
			reflect.Copy(s, src)
		}
		dst.Set(s)
	case reflect.Array:
		dst.Set(src)
		if needsCopy(src.Type().Elem()) {
			for i := range src.Len() {
				copyInto(dst.Index(i), src.Index(i))
			}
		}
	case reflect.Map:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			val := reflect.New(src.Type().Elem()).Elem()
			copyInto(val, it.Value())
			m.SetMapIndex(it.Key(), val)
		}
		dst.Set(m)
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		val := reflect.New(src.Elem().Type()).Elem()
		copyInto(val, src.Elem())
		dst.Set(val)
	default:
		dst.Set(src)
	}
}

// needsCopy reports whether a value of the type holds something that a
// plain assignment would share.
func needsCopy(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() && needsCopy(t.Field(i).Type) {
				return true
			}
		}
	case reflect.Array:
		return needsCopy(t.Elem())
	}
	return false
}

// intern replaces the short strings that rec holds by their canonical
// copies (unique.Make): ids, names, codes and dates recur across records
// (every citation names its source, every link its record), and sharing
// them took a third off the model's memory at scale M. Long strings (a
// quote, a description) are seldom equal and are left as they are.
func intern(rec any) {
	internValue(reflect.ValueOf(rec))
}

var citationType = reflect.TypeFor[domain.Citation]()

// internMax is the longest string interned.
const internMax = 64

func internValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			internValue(v.Elem())
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			// A citation's id is its own: interning it would only cost.
			if t.Field(i).IsExported() && (t != citationType || t.Field(i).Name != "ID") {
				internValue(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			internValue(v.Index(i))
		}
	case reflect.String:
		if s := v.String(); s != "" && len(s) <= internMax && v.CanSet() {
			v.SetString(unique.Make(s).Value())
		}
	}
}
