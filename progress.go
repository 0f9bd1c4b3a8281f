package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/zhunt/zhunt/engine"
)

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// showProgress draws a load progress line on w once the load has taken
// more than a second, and every 200 ms after: files and bytes done, the
// rate and the time left. stop erases the line. It draws nothing when w is
// not a terminal.
func showProgress(w io.Writer, p *engine.Progress) (stop func()) {
	if !isTerminal(w) {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		start := time.Now()
		drawn := false
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				if drawn {
					fmt.Fprint(w, "\r\033[K")
				}
				return
			case <-t.C:
				el := time.Since(start)
				if el < time.Second {
					continue
				}
				fmt.Fprint(w, "\r\033[K"+progressLine(p, el))
				drawn = true
			}
		}
	}()
	return func() { close(done); <-finished }
}

// progressLine renders one progress line.
func progressLine(p *engine.Progress, el time.Duration) string {
	read, total := p.BytesRead.Load(), p.BytesTotal.Load()
	frac := 0.0
	if total > 0 {
		frac = min(1, float64(read)/float64(total))
	}
	const width = 24
	bar := strings.Repeat("=", int(frac*width)) + strings.Repeat(" ", width-int(frac*width))
	rate := float64(read) / el.Seconds()
	left := "? left"
	switch {
	case total > 0 && read >= total:
		left = "indexing" // every byte read: the last blocks are parsed, then indexed
	case rate > 0 && total > read:
		left = time.Duration(float64(total-read)/rate*float64(time.Second)).Round(time.Second).String() + " left"
	}
	return fmt.Sprintf("zhunt: loading [%s] %d/%d files, %s of %s, %.1f MB/s, %s",
		bar, p.FilesDone.Load(), p.FilesTotal.Load(), mib(read), mib(total), rate/1e6, left)
}
