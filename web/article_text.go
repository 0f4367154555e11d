package web

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"cooptrack/domain/extract"
)

// An article comes pasted, or uploaded as a file of plain text or an HTML
// page, of which the readable text is kept. However it comes, its text is
// at most extract.MaxText bytes, as the API and the command take: drafting
// and the review page grow with the text (a 1 MB article took 9.5 s and
// made a 5.4 MB page).

// articleTooLong tells the officer of a text over the limit.
var articleTooLong = fmt.Sprintf("The article's text is longer than %d KB: keep the article alone, without the rest of its page.", extract.MaxText>>10)

// readArticleUpload reads an uploaded article: plain text as it is, an HTML page
// as its readable text. It returns the text, the page's title when it is
// HTML, and a message for the officer when the file cannot be used. The
// file itself is bounded by the form's limit (MaxBodyBytes): a page holds
// more markup than text.
func readArticleUpload(fh *multipart.FileHeader) (text, title, problem string) {
	f, err := fh.Open()
	if err != nil {
		return "", "", "The file could not be read."
	}
	defer func() { _ = f.Close() }()
	b, err := io.ReadAll(io.LimitReader(f, MaxBodyBytes))
	if err != nil {
		return "", "", "The file could not be read."
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // a byte order mark
	if bytes.IndexByte(b, 0) >= 0 || !utf8.Valid(b) {
		return "", "", "The file is not text: upload a plain text (UTF-8) or HTML file, or paste the article's text."
	}
	s := string(b)
	if looksLikeHTML(fh.Filename, fh.Header.Get("Content-Type"), s) {
		text, title = readableText(s)
		if strings.TrimSpace(text) == "" {
			// Nothing but scripts and markup, or nested past what the parser
			// takes (512 levels): there is no article to read.
			return "", "", "The page holds no readable text: paste the article's text instead."
		}
		if len(text) > extract.MaxText {
			return "", "", articleTooLong
		}
		return text, title, ""
	}
	if len(s) > extract.MaxText {
		return "", "", articleTooLong
	}
	return s, "", ""
}

// looksLikeHTML tells an HTML page from plain text by its name, its type or
// its first tag.
func looksLikeHTML(name, contentType, s string) bool {
	name = strings.ToLower(name)
	if strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".htm") || strings.HasPrefix(contentType, "text/html") {
		return true
	}
	head := strings.ToLower(strings.TrimSpace(s[:min(len(s), 512)]))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
}

// skipped are the elements whose text is not the article's: scripts,
// styles, navigation, page headers and footers, forms.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Nav: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Button: true,
	atom.Select: true, atom.Svg: true, atom.Iframe: true, atom.Head: true,
}

// blocks are the elements that end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Tr: true, atom.Blockquote: true, atom.Section: true,
	atom.Article: true, atom.Main: true, atom.Pre: true, atom.Table: true, atom.Ul: true, atom.Ol: true,
	atom.Dd: true, atom.Dt: true, atom.Figcaption: true, atom.Hr: true,
}

// readableText returns the text of an HTML page as paragraphs, without its
// scripts, styles and navigation, and the page's title. Within an <article>
// or <main>, only that is kept.
func readableText(page string) (text, title string) {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return "", ""
	}
	var find func(n *html.Node, a atom.Atom) *html.Node
	find = func(n *html.Node, a atom.Atom) *html.Node {
		if n.Type == html.ElementNode && n.DataAtom == a {
			return n
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if f := find(c, a); f != nil {
				return f
			}
		}
		return nil
	}
	if t := find(doc, atom.Title); t != nil {
		title = strings.Join(strings.Fields(nodeText(t)), " ")
	}
	root := doc
	for _, a := range []atom.Atom{atom.Article, atom.Main} {
		if n := find(doc, a); n != nil {
			root = n
			break
		}
	}
	var paras []string
	var cur strings.Builder
	flush := func() {
		if p := strings.Join(strings.Fields(cur.String()), " "); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if skipped[n.DataAtom] {
				return
			}
			if blocks[n.DataAtom] {
				flush()
				defer flush()
			}
		case html.CommentNode:
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	flush()
	return strings.Join(paras, "\n\n"), title
}

// nodeText is the text inside a node.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
