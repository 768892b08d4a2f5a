package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// A figure of the table: where its samples come from, its floor, and the
// speed target kehu promises for it.
type figure struct {
	label string
	src   string  // "bench:Name" (ns/op of go test -bench) or "proc:name"
	floor string  // same form, or ""
	max   float64 // target: the median must be under max (ns, or MB); 0: none
	ratio float64 // target: median/floor median at most ratio; 0: none
	note  string  // the target in words, or why there is none
}

func figures(n, importRows int) []figure {
	ms := 1e6
	s := 1e9
	imp := 5 * s
	impNote := "< 5 s for 100,000"
	if n >= 1_000_000 {
		imp, impNote = 30*s, "< 30 s for 1,000,000 (SPEC: < 20 s)"
	}
	return []figure{
		{"TUI: first frame, process start → \"row 1/\" on the pty", "proc:first_frame_ms", "", 150 * ms, 0, "< 150 ms"},
		{"TUI: first frame, in process (open + newModel + View)", "bench:tui.FirstFrame", "", 150 * ms, 0, "< 150 ms"},
		{"TUI: cursor move, Update + View", "bench:tui.CursorMove", "", 2 * ms, 0, "< 2 ms"},
		{"TUI: cursor move, key → screen on the pty", "proc:key_down_ms", "", 0, 0, "record (includes bubbletea's ≤16.7 ms frame tick)"},
		{"TUI: page move, key → screen on the pty", "proc:key_pgdn_ms", "", 0, 0, "record (includes the frame tick)"},
		{"TUI: sort by total_spend (money)", "bench:tui.Sort/total_spend", "", 500 * ms, 0, "< 500 ms"},
		{"TUI: sort by name", "bench:tui.Sort/name", "", 500 * ms, 0, "< 500 ms"},
		{"TUI: sort by company (text)", "bench:tui.Sort/company", "", 500 * ms, 0, "< 500 ms"},
		{"TUI: filter keystroke, the key (Update + View)", "bench:tui.FilterKeystroke/keystroke", "", 100 * ms, 0, "< 100 ms"},
		{"TUI: filter keystroke, key → filtered rows", "bench:tui.FilterKeystroke/result", "", 100 * ms, 0, "< 100 ms"},
		{"TUI: filter keystroke, key → filtered rows, CPU time", "benchcpu:tui.FilterKeystroke/result", "", 100 * ms, 0, "< 100 ms"},
		{"TUI: filter keystroke, key → rows and the row and grade counts", "bench:tui.FilterKeystroke/counts", "", 300 * ms, 0, "< 300 ms"},
		{"TUI: filter keystroke, key → rows and counts, CPU time", "benchcpu:tui.FilterKeystroke/counts", "", 300 * ms, 0, "< 300 ms"},
		{"TUI: RSS after the first screen (MB)", "proc:rss_first_mb", "", 300, 0, "< 300 MB"},
		{"TUI: RSS with the filter copy built, peak (MB)", "proc:rss_copy_peak_mb", "", 300, 0, "< 300 MB"},
		{"TUI: RSS after moves (MB)", "proc:rss_moves_mb", "", 300, 0, "< 300 MB"},
		{"TUI: opened on a new day, the background regrade, start → \"regraded\"", "proc:newday_regrade_s", "", 0, 0, "record"},
		{"TUI: opened on a new day, RSS peak once regraded (MB)", "proc:rss_newday_peak_mb", "", 300, 0, "< 300 MB"},
		{"store: first 50 by total spend", "bench:store.First50BySpend", "", 5 * ms, 0, "3–5 ms"},
		{"store: count of the view", "bench:store.Count", "", 0, 0, "record"},
		{"store: filter copy, built at open (in the background)", "bench:store.FastCopyBuild", "", 0, 0, "record"},
		{"store: filter copy, built at open, CPU time", "benchcpu:store.FastCopyBuild", "", 0, 0, "record"},
		{"store: first 192 rows of `王`, from the copy", "bench:store.FilterWindow/text", "", 100 * ms, 0, "< 100 ms"},
		{"store: first 192 rows of `grade` (matches none), from the copy", "bench:store.FilterWindow/nomatch", "", 100 * ms, 0, "< 100 ms"},
		{"store: first 192 rows of `grade=A 王`, from the copy", "bench:store.FilterWindow/grade_text", "", 100 * ms, 0, "< 100 ms"},
		{"store: first 192 rows of `王`, SQL only (before the copy)", "bench:store.FilterWindowSQL/text", "", 0, 0, "record"},
		{"store: first 192 rows of `grade`, SQL only (before the copy)", "bench:store.FilterWindowSQL/nomatch", "", 0, 0, "record"},
		{"store: row and grade counts of `王`, from the copy", "bench:store.CountByGrade/copy", "", 300 * ms, 0, "< 300 ms"},
		{"store: row and grade counts of `王`, SQL only", "bench:store.CountByGrade/sql", "", 0, 0, "record"},
		{"store: sort by industry (no index), first time", "bench:store.SortUnindexed/industry/first", "", 500 * ms, 0, "< 500 ms"},
		{"store: sort by address (no index), first time", "bench:store.SortUnindexed/address/first", "", 500 * ms, 0, "< 500 ms"},
		{"store: sort by address (no index), first time, CPU time", "benchcpu:store.SortUnindexed/address/first", "", 500 * ms, 0, "< 500 ms"},
		{"store: sort by address (no index), again", "bench:store.SortUnindexed/address/again", "", 500 * ms, 0, "< 500 ms"},
		{"store: sort by a custom column, first time", "bench:store.SortUnindexed/custom/first", "", 500 * ms, 0, "< 500 ms (ledgers with a custom column)"},
		{"store: agenda (own ledger, see below)", "bench:store.AgendaAndSummary/Agenda", "", 300 * ms, 0, "< 300 ms"},
		{"store: tier summary (own ledger)", "bench:store.AgendaAndSummary/TierSummary", "", 300 * ms, 0, "< 300 ms"},
		{"store: preview rules (own ledger)", "bench:store.AgendaAndSummary/PreviewRules", "", 1 * s, 0, "< 1 s"},
		{"store: preview rules", "bench:store.PreviewRules", "", 1 * s, 0, "< 1 s"},
		{"store: tier profile", "bench:store.TierProfile", "", 2 * s, 0, "< 2 s"},
		{"store: tier history, twelve months", "bench:store.TierHistory", "", 2 * s, 0, "< 2 s"},
		{"`kehu agenda` with its model fit, whole process", "proc:agenda_s", "", 300 * ms, 0, "< 300 ms"},
		{"`kehu agenda`, CPU time", "proc:agenda_cpu_s", "", 300 * ms, 0, "< 300 ms"},
		{"`kehu agenda` peak RSS (MB)", "proc:agenda_rss_mb", "", 0, 0, "record"},
		{"`kehu tiers` (tier summary), whole process", "proc:tiers_s", "", 300 * ms, 0, "< 300 ms"},
		{"`kehu tiers --history`, whole process", "proc:tiers_history_s", "", 2 * s, 0, "< 2 s"},
		{"`kehu tiers --history`, CPU time", "proc:tiers_history_cpu_s", "", 2 * s, 0, "< 2 s"},
		{"`kehu tiers --history` peak RSS (MB)", "proc:tiers_history_rss_mb", "", 0, 0, "record"},
		{"store: read all rows → CSV (io.Discard)", "bench:store.ReadAllRows", "bench:store.FloorReadAllRows", 0, 1.5, "≤ 1.5× floor"},
		{"store: full regrade, end to end", "bench:store.RegradeAll", "", 3 * s, 0, "< 3 s (SPEC: < 5 s)"},
		{"`kehu regrade` on the day already graded (every customer graded), whole process", "proc:regrade_full_s", "", 3 * s, 0, "< 3 s"},
		{"`kehu regrade` on the day already graded, CPU time", "proc:regrade_full_cpu_s", "", 0, 0, "record"},
		{"`kehu regrade` on the day already graded, peak RSS (MB)", "proc:regrade_full_rss_mb", "", 0, 0, "record"},
		{"store: the day's regrade (a reader on a new day), end to end", "bench:store.RegradeNextDay", "", 5 * s, 0, "< 5 s"},
		{"`kehu regrade` on the next day, whole process", "proc:regrade_day_s", "", 5 * s, 0, "< 5 s"},
		{"`kehu regrade` on the next day, CPU time", "proc:regrade_day_cpu_s", "", 0, 0, "record"},
		{"`kehu regrade` on the next day, peak RSS (MB)", "proc:regrade_day_rss_mb", "", 0, 0, "record"},
		{"store: log a purchase + its live regrade", "bench:store.AddPurchase", "", 0, 0, "record (one regrade: µs)"},
		{"tiering: grade one customer", "bench:tiering.Grade", "", 0.1 * ms, 0, "µs"},
		{"tiering: cuts of 1M (in memory)", "bench:tiering.ComputeCuts", "", 0, 0, "record"},
		{"tiering: cuts + grade 1M (in memory)", "bench:tiering.GradeAll", "", 1 * s, 0, "< 1 s"},
		{"tiering: cuts of 1M, wide money", "bench:tiering.ComputeCutsWideMoney", "", 0, 0, "record"},
		{"tiering: explain one customer", "bench:tiering.Explain", "", 0, 0, "record"},
		{"export: CSV, in process (io.Discard)", "bench:export.ExportCSV", "bench:export.FloorCSV", 0, 1.5, "≤ 1.5× floor"},
		{"export: XLSX, in process", "bench:export.ExportXLSX", "", 25 * s, 0, "< 25 s"},
		{"export: `kehu export` CSV, whole process", "proc:export_csv_s", "proc:floor_csv_s", 0, 1.5, "≤ 1.5× floor"},
		{"export: `kehu export` CSV peak RSS (MB)", "proc:export_csv_rss_mb", "proc:floor_csv_rss_mb", 0, 0, "record"},
		{"floor: `sqlite3 -csv`, same rows, whole process", "proc:sqlite3_csv_s", "", 0, 0, "reference"},
		{"export: `kehu export` XLSX, whole process", "proc:export_xlsx_s", "", 25 * s, 0, "< 25 s"},
		{"export: `kehu export` XLSX peak RSS (MB)", "proc:export_xlsx_rss_mb", "", 400, 0, "< 400 MB"},
		{fmt.Sprintf("import: sheet of %s rows, in process (floor: the raw cells inserted, indexes rebuilt)", thousands(n)), "bench:importer.Import100k", "bench:importer.FloorImport", imp, 0, impNote},
		{fmt.Sprintf("import: `kehu import` %s rows, whole process", thousands(importRows)), "proc:import_100k_s", "", 5 * s, 0, "< 5 s for 100,000"},
		{fmt.Sprintf("import: `kehu import` %s rows peak RSS (MB)", thousands(importRows)), "proc:import_100k_rss_mb", "", 0, 0, "record"},
		{"import: `kehu import` 1,000,000 rows, whole process", "proc:import_1m_s", "", 30 * s, 0, "< 30 s (SPEC: < 20 s)"},
		{"import: `kehu import` 1,000,000 rows, CPU time", "proc:import_1m_cpu_s", "", 0, 0, "record"},
		{"peer: VisiData load + save CSV", "proc:visidata_csv_s", "", 0, 0, "peer (SPEC: ~28 s at 1M)"},
		{"peer: VisiData peak RSS (MB)", "proc:visidata_csv_rss_mb", "", 0, 0, "peer (SPEC: ~900 MB at 1M)"},
		{"`kehu demo --customers N`, whole process", "proc:demo_s", "", 0, 0, "record"},
	}
}

// runReport prints the markdown table of one size.
func runReport(args []string) error {
	fs := flag.NewFlagSet("report", flag.ExitOnError)
	n := fs.Int("n", 0, "ledger size (customers)")
	benchFile := fs.String("bench", "", "go test -bench output")
	importRows := fs.Int("import-rows", 100000, "rows of the whole-process import sheet")
	procFile := fs.String("proc", "", "whole-process samples: name value per line")
	_ = fs.Parse(args) // ExitOnError: Parse exits on a bad flag
	samples := map[string][]float64{}
	failed := map[string]bool{}
	if *benchFile != "" {
		if err := readBench(*benchFile, samples, failed); err != nil {
			return err
		}
	}
	if *procFile != "" {
		if err := readProc(*procFile, samples, failed); err != nil {
			return err
		}
	}
	fmt.Printf("| figure | n | median | spread (min–max) | floor median | ratio | target | |\n")
	fmt.Printf("|---|--:|--:|--:|--:|--:|---|---|\n")
	for _, f := range figures(*n, *importRows) {
		v := samples[f.src]
		if len(v) == 0 {
			if failed[f.src] {
				fmt.Printf("| %s | 0 | | | | | %s | **FAIL** |\n", f.label, f.note)
			}
			continue
		}
		mem := strings.HasSuffix(f.src, "_mb")
		med := median(v)
		lo, hi := minmax(v)
		floorCell, ratioCell := "", ""
		ratio := math.NaN()
		if fv := samples[f.floor]; len(fv) > 0 {
			fm := median(fv)
			floorCell = format(fm, mem)
			ratio = med / fm
			ratioCell = fmt.Sprintf("%.2f×", ratio)
		}
		verdict := ""
		switch {
		case f.ratio > 0 && !math.IsNaN(ratio):
			verdict = pass(ratio <= f.ratio)
		case f.max > 0:
			verdict = pass(med < f.max)
		}
		fmt.Printf("| %s | %d | %s | %s – %s | %s | %s | %s | %s |\n", f.label, len(v), format(med, mem),
			format(lo, mem), format(hi, mem), floorCell, ratioCell, f.note, verdict)
	}
	return nil
}

func pass(ok bool) string {
	if ok {
		return "pass"
	}
	return "**MISS**"
}

// cpuMetric is the process CPU time per operation some benchmarks add
// (benchledger.ReportCPU): on a loaded machine it is the figure to trust.
var cpuMetric = regexp.MustCompile(`\s([0-9.e+]+) cpu-ns/op`)

var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(-\d+)?\s+\d+\s+([0-9.e+]+) ns/op`)

// readBench reads go test -bench output: "pkg: …/store" lines name the
// package of the benchmark lines that follow; keys are "bench:store.Name".
func readBench(path string, samples map[string][]float64, failed map[string]bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	pkg := ""
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = p[strings.LastIndex(p, "/")+1:]
			continue
		}
		if name, ok := strings.CutPrefix(line, "--- FAIL: Benchmark"); ok {
			failed["bench:"+pkg+"."+strings.Fields(name)[0]] = true
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			continue
		}
		key := "bench:" + pkg + "." + m[1]
		samples[key] = append(samples[key], v)
		if c := cpuMetric.FindStringSubmatch(line); c != nil {
			if v, err := strconv.ParseFloat(c[1], 64); err == nil {
				key := "benchcpu:" + pkg + "." + m[1]
				samples[key] = append(samples[key], v)
			}
		}
	}
	return sc.Err()
}

// readProc reads "name value" lines; a name ending in _ms or _s is a time
// (kept in ns), one ending in _mb a memory size in MB.
func readProc(path string, samples map[string][]float64, failed map[string]bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		if f[0] == "FAIL" {
			failed["proc:"+f[1]] = true
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			continue
		}
		switch {
		case strings.HasSuffix(f[0], "_ms"):
			v *= 1e6
		case strings.HasSuffix(f[0], "_s"):
			v *= 1e9
		}
		samples["proc:"+f[0]] = append(samples["proc:"+f[0]], v)
	}
	return nil
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func minmax(v []float64) (float64, float64) {
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}

// format writes ns as a duration in a readable unit, or MB.
func format(v float64, mem bool) string {
	if mem {
		return fmt.Sprintf("%.0f MB", v)
	}
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.2f s", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.2f ms", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.2f µs", v/1e3)
	default:
		return fmt.Sprintf("%.0f ns", v)
	}
}

// thousands writes n with thousands separators.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
