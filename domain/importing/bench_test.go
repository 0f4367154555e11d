package importing_test

import (
	"fmt"
	"testing"

	"cooptrack/domain"
	"cooptrack/domain/importing"
)

// BenchmarkBuild previews a file of 1,000 agreements against a catalog of
// 2,000 organizations and 10,000 agreements (an office of ten years): the
// names resolved and every title compared with every agreement's for
// possible duplicates.
func BenchmarkBuild(b *testing.B) {
	var entries []domain.CatalogEntry
	for i := range 2000 {
		entries = append(entries, domain.CatalogEntryOf(&domain.Organization{Meta: domain.Meta{ID: fmt.Sprintf("org-%d", i)},
			Name: fmt.Sprintf("Ministry of Affairs number %d", i), Acronym: fmt.Sprintf("MA%d", i), Country: "PE", Kind: domain.OrgMinistry}))
	}
	for i := range 10000 {
		entries = append(entries, domain.CatalogEntryOf(&domain.Agreement{Meta: domain.Meta{ID: fmt.Sprintf("agr-%d", i)},
			Title: fmt.Sprintf("Memorandum of understanding on cooperation in area %d", i), Kind: domain.AgreementMOU, Status: domain.StatusDraft}))
	}
	names := importing.NewNames(entries)
	tab := &importing.Table{Header: []string{"Title", "Parties", "Signed"}}
	for i := range 1000 {
		tab.Rows = append(tab.Rows, []string{fmt.Sprintf("MOU on trade and investment, round %d", i), fmt.Sprintf("MA%d; Ministry of Affairs number %d", i, i+1), "2015-04-17"})
	}
	m := importing.Guess(domain.TypeAgreement, tab.Header)
	b.ResetTimer()
	for b.Loop() {
		p := importing.Build(domain.TypeAgreement, tab, m, names, nil)
		if p.Counts.New != 1000 {
			b.Fatalf("got %+v", p.Counts)
		}
	}
}
