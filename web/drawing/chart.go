package drawing

import (
	"fmt"
	"html/template"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-analyze/charts"

	"cooptrack/domain"
)

// yearCount is one year of a country's engagements and agreements.
type yearCount = domain.YearCount

// YearChart is the chart of engagements and agreements per year: the SVG
// for the eye and the rows for a table, so that screen readers (and anyone
// who wants the numbers) get them too.
type YearChart struct {
	Rows []yearCount
	// SVG is empty when there is nothing to draw or the drawing failed; the
	// table still stands.
	SVG template.HTML
}

// Span words the years the chart covers: "2015", "2015–2017".
func (yc YearChart) Span() string {
	if len(yc.Rows) == 0 {
		return ""
	}
	first, last := yc.Rows[0].Year, yc.Rows[len(yc.Rows)-1].Year
	if first == last {
		return strconv.Itoa(first)
	}
	return strconv.Itoa(first) + "–" + strconv.Itoa(last)
}

// Chart size, in SVG units; the page scales it to its column.
const (
	chartWidth  = 600
	chartHeight = 300
)

// yearCounts counts the dossier's events by the year they started and its
// agreements by the year they were signed, from the first year to the last
// with every year between, zeros included.
func yearCounts(d *domain.Dossier) []yearCount {
	if d == nil {
		return nil
	}
	return domain.CountPerYear(d, "", "")
}

// PerYear draws the dossier's engagements and agreements per year as a
// bar chart with go-analyze/charts, in SVG with its default font.
func PerYear(d *domain.Dossier) (YearChart, error) {
	yc := YearChart{Rows: yearCounts(d)}
	if len(yc.Rows) == 0 {
		return yc, nil
	}
	labels := make([]string, len(yc.Rows))
	events := make([]float64, len(yc.Rows))
	agreements := make([]float64, len(yc.Rows))
	top := 0
	for i, r := range yc.Rows {
		labels[i] = strconv.Itoa(r.Year)
		events[i] = float64(r.Events)
		agreements[i] = float64(r.Agreements)
		top = max(top, r.Events, r.Agreements)
	}

	opt := charts.NewBarChartOptionWithData([][]float64{events, agreements})
	opt.Theme = charts.GetDefaultTheme().
		WithSeriesColors([]charts.Color{charts.ColorFromHex(tlEventColour), charts.ColorFromHex(tlAgreementColour)}).
		WithTextColor(charts.ColorFromHex("#1c2430")).
		WithAxisSplitLineColor(charts.ColorFromHex("#d8dde4"))
	opt.CategoryAxis.Labels = labels
	if len(labels) > 12 {
		opt.CategoryAxis.LabelRotation = charts.DegreesToRadians(45)
	}
	opt.Legend = charts.LegendOption{SeriesNames: []string{"Engagements", "Agreements signed"}}
	// Counts are whole numbers: a whole-number axis from zero, one label per
	// step.
	step := 1
	for top/step > 8 {
		step = nextStep(step)
	}
	axisMax := ((top + step) / step) * step
	opt.ValueAxis = []charts.ValueAxisOption{{
		Min:            charts.Ptr(0.0),
		Max:            charts.Ptr(float64(axisMax)),
		LabelCount:     axisMax/step + 1,
		ValueFormatter: func(v float64) string { return strconv.Itoa(int(math.Round(v))) },
	}}
	for i := range opt.SeriesList {
		opt.SeriesList[i].Label = charts.SeriesLabel{
			Show:           charts.Ptr(true),
			ValueFormatter: func(v float64) string { return strconv.Itoa(int(math.Round(v))) },
		}
	}

	p := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputSVG, Width: chartWidth, Height: chartHeight})
	if err := p.BarChart(opt); err != nil {
		return yc, fmt.Errorf("per-year chart: %w", err)
	}
	out, err := p.Bytes()
	if err != nil {
		return yc, fmt.Errorf("per-year chart: %w", err)
	}
	svg := string(out)
	if !strings.HasPrefix(svg, "<svg ") {
		return yc, fmt.Errorf("per-year chart: the drawing does not start with <svg")
	}
	// The figure's caption names the chart and the table under it holds the
	// numbers; the drawing itself is one image to assistive technology.
	svg = fmt.Sprintf(`<svg width="%d" height="%d" role="img" aria-labelledby="chart-caption" `, chartWidth, chartHeight) + strings.TrimPrefix(svg, "<svg ")
	svg = styleAsAttributes(svg)
	yc.SVG = template.HTML(svg) // #nosec G203 -- drawn by the library from numbers and our own labels
	return yc, nil
}

// svgStyle is a style attribute of the library's SVG, which holds only
// properties that SVG also takes as attributes (fill, stroke, stroke-width,
// font-size, font-family).
var svgStyle = regexp.MustCompile(` style="([^"]*)"`)

// styleAsAttributes turns each style attribute into presentation
// attributes ("fill:white" into fill="white"): the page's
// Content-Security-Policy allows no inline style, and a browser would drop
// the style attributes, colours and all.
func styleAsAttributes(svg string) string {
	return svgStyle.ReplaceAllStringFunc(svg, func(m string) string {
		var b strings.Builder
		for decl := range strings.SplitSeq(svgStyle.FindStringSubmatch(m)[1], ";") {
			prop, value, ok := strings.Cut(decl, ":")
			if !ok {
				continue
			}
			fmt.Fprintf(&b, ` %s="%s"`, strings.TrimSpace(prop), strings.TrimSpace(value))
		}
		return b.String()
	})
}

// nextStep gives the axis steps 1, 2, 5, 10, 20, 50, ...
func nextStep(s int) int {
	mag := 1
	for s >= 10*mag {
		mag *= 10
	}
	switch s / mag {
	case 1:
		return 2 * mag
	case 2:
		return 5 * mag
	}
	return 10 * mag
}
