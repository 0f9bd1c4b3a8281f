package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/zhunt/zhunt/engine"
)

// reportStats prints what --stats promises: records, bytes read, load time,
// throughput and the memory in use after the load.
func reportStats(m messages, eng *engine.Engine, sum engine.Summary, took time.Duration) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	secs := took.Seconds()
	m.info("stats: %d records, %s on disk, loaded in %.2fs (%.1f MB/s of files, %.0f records/s)",
		sum.Records, mib(sum.Bytes), secs, float64(sum.Bytes)/1e6/secs, float64(sum.Records)/secs)
	m.info("stats: memory in use after load %s (Go heap %s; index estimate %s)",
		mib(int64(ms.Sys-ms.HeapReleased)), mib(int64(ms.HeapInuse)), mib(int64(eng.MemoryBytes())))
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// startCPUProfile writes a CPU profile until stop is called.
func startCPUProfile(name string) (stop func(), err error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, fmt.Errorf("cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
