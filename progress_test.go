package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/zhunt/zhunt/engine"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		name              string
		done, read, total int64
		elapsed           time.Duration
		want              string
	}{
		// 25 MiB in 2 s is 13.1 MB/s; 75 MiB left at that rate is 6 s.
		{"Reading", 5, 25 << 20, 100 << 20, 2 * time.Second,
			"zhunt: loading [======                  ] 5/23 files, 25.0 MiB of 100.0 MiB, 13.1 MB/s, 6s left"},
		{"NothingYet", 0, 0, 100 << 20, time.Second,
			"zhunt: loading [                        ] 0/23 files, 0.0 MiB of 100.0 MiB, 0.0 MB/s, ? left"},
		// Every byte read, files still open: the rest is parsing and indexing.
		{"Indexing", 21, 100 << 20, 100 << 20, 8 * time.Second,
			"zhunt: loading [========================] 21/23 files, 100.0 MiB of 100.0 MiB, 13.1 MB/s, indexing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &engine.Progress{}
			p.FilesTotal.Store(23)
			p.FilesDone.Store(tc.done)
			p.BytesTotal.Store(tc.total)
			p.BytesRead.Store(tc.read)
			if got := progressLine(p, tc.elapsed); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestProgressSilentWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	stop := showProgress(&buf, &engine.Progress{})
	stop()
	if buf.Len() != 0 {
		t.Errorf("wrote %q to a non-terminal", buf.String())
	}
	if isTerminal(&buf) || strings.Contains(buf.String(), "loading") {
		t.Error("a buffer is not a terminal")
	}
}
