package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/embedded"
)

func main() {
	ctx := context.Background()
	srv, err := embedded.Start(ctx, embedded.Options{DataDir: os.Args[1]})
	if err != nil {
		panic(err)
	}
	defer srv.Stop()
	db, err := repository.Open(ctx, repository.Options{URI: srv.URI(), OneWriter: true})
	if err != nil {
		panic(err)
	}
	t := time.Now()
	if err := db.Load(ctx); err != nil {
		panic(err)
	}
	fmt.Println("load", time.Since(t))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("heap in use %.1f MB\n", float64(ms.HeapInuse)/(1<<20))
	f, _ := os.Create("/tmp/heap.out")
	pprof.Lookup("heap").WriteTo(f, 0)
	f.Close()
	cf, _ := os.Create("/tmp/cpu2.out")
	pprof.StartCPUProfile(cf)
	today := domain.DateOf(time.Now())
	for i := 0; i < 5; i++ {
		t = time.Now()
		ds, _ := db.Dossier(ctx, "PE")
		t1 := time.Since(t)
		t = time.Now()
		domain.Summarize(ds, today)
		t2 := time.Since(t)
		t = time.Now()
		domain.BuildTimeline(ds, domain.TimelineFilter{Today: today})
		t3 := time.Since(t)
		fmt.Println("dossier", t1, "summarize", t2, "timeline", t3, "agreements", len(ds.Agreements), "events", len(ds.Events), "orgs", len(ds.Organizations), "people", len(ds.People))
		// a change to the country
		a, _ := db.Agreements.List(ctx, domain.ListFilter{Country: "PE", Limit: 1})
		x := a.Items[0]
		x.Title += "."
		if err := db.Agreements.Update(ctx, x); err != nil {
			panic(err)
		}
	}
	t = time.Now()
	for i := 0; i < 20; i++ {
		db.Agreements.List(ctx, domain.ListFilter{Country: "PE", Status: "in_force"})
	}
	fmt.Println("list x20", time.Since(t))
	t = time.Now()
	for i := 0; i < 20; i++ {
		c, _ := db.Catalog(ctx)
		domain.BuildOverview(c.Entries, today, "KR")
	}
	fmt.Println("overview x20 (one catalog)", time.Since(t))
	pprof.StopCPUProfile()
	cf.Close()
}
