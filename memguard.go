package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// errMemory reports a hunt stopped by the memory guard.
var errMemory = errors.New("memory limit")

// defaultMemoryLimit is half of the machine's memory (4 GiB when that is
// unknown): a hunt that builds tables without end is stopped before the
// machine starts to swap or the kernel kills zhunt.
func defaultMemoryLimit() uint64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 4 << 30
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb * 1024 / 2
			}
		}
	}
	return 4 << 30
}

// parseBytes reads "512MiB", "4GiB", "2G" or a plain number of bytes.
func parseBytes(s string) (uint64, error) {
	units := []struct {
		suffix string
		mult   uint64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}}
	for _, u := range units {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(n, 64)
			if err != nil || v <= 0 {
				return 0, fmt.Errorf("invalid size %q", s)
			}
			return uint64(v * float64(u.mult)), nil
		}
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil || v == 0 {
		return 0, fmt.Errorf("invalid size %q (want e.g. 512MiB or 4GiB)", s)
	}
	return v, nil
}

// guardMemory cancels the returned context (cause errMemory) when the Go
// heap grows past limit; stop ends the watch.
func guardMemory(ctx context.Context, limit uint64) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	go func() {
		// Heap objects and goroutine stacks: gopher-lua's tail calls grow the
		// Go stack, not the heap.
		sample := []metrics.Sample{
			{Name: "/memory/classes/heap/objects:bytes"},
			{Name: "/memory/classes/heap/stacks:bytes"},
		}
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				metrics.Read(sample)
				var used uint64
				for _, m := range sample {
					if m.Value.Kind() == metrics.KindUint64 {
						used += m.Value.Uint64()
					}
				}
				if used > limit {
					cancel(errMemory)
					return
				}
			}
		}
	}()
	return ctx, func() { close(done); cancel(nil) }
}
