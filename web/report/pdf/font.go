// Package pdf lays out a country brief (domain.Brief) as an A4 PDF with
// codeberg.org/go-pdf/fpdf.
//
// It imports domain and the PDF writer; nothing of HTTP.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// DebianFont is Debian's NanumGothic (package fonts-nanum), which covers
// Latin with accents and Hangul; LoadFont finds it without being told.
const DebianFont = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"

// Font is the typeface a brief is set in: a Unicode TrueType font read once,
// or, when there is none, the PDF core font Helvetica, whose text goes
// through the cp1252 code page so that "Perú" and "Núñez" still print
// (Hangul does not).
type Font struct {
	// Path is the TTF file, "" for the core font.
	Path          string
	regular, bold []byte
}

// Unicode reports whether the font is a TrueType font that prints any
// script it covers; false for the core font.
func (f *Font) Unicode() bool { return f != nil && f.regular != nil }

// String names the font for logs.
func (f *Font) String() string {
	if !f.Unicode() {
		return "Helvetica (core font, cp1252)"
	}
	return f.Path
}

// CoreFont is the fallback: Helvetica with cp1252.
func CoreFont() *Font { return &Font{} }

// LoadFont reads the TrueType font at path. With path empty it takes
// DebianFont when that is installed and the core font otherwise. A bold face
// is taken from the file beside it with "Bold" before the extension
// (NanumGothicBold.ttf), when there is one; otherwise the regular face
// serves for bold too. The font is tried once here, so that a file fpdf
// cannot use is refused at start rather than on the first brief.
func LoadFont(path string) (*Font, error) {
	if path == "" {
		if _, err := os.Stat(DebianFont); err != nil {
			return CoreFont(), nil
		}
		path = DebianFont
	}
	regular, err := readTTF(path)
	if err != nil {
		return nil, err
	}
	f := &Font{Path: path, regular: regular, bold: regular}
	ext := filepath.Ext(path)
	if b, err := readTTF(strings.TrimSuffix(path, ext) + "Bold" + ext); err == nil {
		f.bold = b
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := f.try(); err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	return f, nil
}

// try registers the font in a scratch document. fpdf panics on a damaged
// font file rather than failing: the panic becomes the error.
func (f *Font) try() (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("cannot be read as a TrueType font: %v", v)
		}
	}()
	doc := fpdf.New("P", "mm", "A4", "")
	f.register(doc)
	return doc.Error()
}

// readTTF reads a TrueType file, refusing what fpdf cannot embed.
func readTTF(path string) ([]byte, error) {
	b, err := os.ReadFile(path) // #nosec G304 -- the path is the operator's configuration
	if err != nil {
		return nil, fmt.Errorf("font: %w", err)
	}
	switch {
	case bytes.HasPrefix(b, []byte("ttcf")):
		return nil, fmt.Errorf("font %s is a TrueType collection (.ttc), which cannot be embedded: name a .ttf file", path)
	case bytes.HasPrefix(b, []byte{0, 1, 0, 0}), bytes.HasPrefix(b, []byte("true")):
		return b, nil
	}
	return nil, fmt.Errorf("font %s is not a TrueType (.ttf) font", path)
}

// family is the name fonts are registered under in a document.
const family = "brief"

// register adds the font to a document and returns the family to set and
// the function that encodes text for it (cp1252 for the core font).
func (f *Font) register(doc *fpdf.Fpdf) (string, func(string) string) {
	if !f.Unicode() {
		return "Helvetica", doc.UnicodeTranslatorFromDescriptor("cp1252")
	}
	doc.AddUTF8FontFromBytes(family, "", f.regular)
	doc.AddUTF8FontFromBytes(family, "B", f.bold)
	return family, func(s string) string { return s }
}
