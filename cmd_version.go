package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// version is set by -ldflags "-X main.version=..." in release builds.
var version = "dev"

func cmdVersion(_ context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: version takes no arguments", errUsage)
	}
	v := version
	if info, ok := debug.ReadBuildInfo(); ok && v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	fmt.Fprintf(e.stdout, "zhunt %s\n", v)
	return nil
}
