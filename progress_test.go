package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/zhunt/zhunt/engine"
)

func TestProgressLine(t *testing.T) {
	p := &engine.Progress{}
	p.FilesTotal.Store(23)
	p.FilesDone.Store(5)
	p.BytesTotal.Store(100 << 20)
	p.BytesRead.Store(25 << 20)
	got := progressLine(p, 2*time.Second)
	// 25 MiB in 2 s is 13.1 MB/s; 75 MiB left at that rate is 6 s.
	want := "zhunt: loading [======                  ] 5/23 files, 25.0 MiB of 100.0 MiB, 13.1 MB/s, 6s left"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
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
