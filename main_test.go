package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run the zhunt binary built from this package.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"zhunt": func() {
			os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// sharedDir returns the ../shared folder given by ZHUNT_SHARED. Without it,
// tests that need it skip on a developer machine and fail in CI.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("ZHUNT_SHARED")
	if dir == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("ZHUNT_SHARED is not set; .ci/run sets it to ../shared")
		}
		t.Skip("ZHUNT_SHARED not set (path to the shared corpus); .ci/run sets it")
	}
	if _, err := os.Stat(filepath.Join(dir, "zeek-corpus")); err != nil {
		t.Fatalf("ZHUNT_SHARED=%s: %v", dir, err)
	}
	return dir
}

// TestScripts runs the command-line scripts in testdata/script. Each script
// starts with a comment saying what it guards and where its expected values
// come from. $REPO is the repository root; $SHARED the shared corpus (only
// in scripts under testdata/script/shared, which need it).
func TestScripts(t *testing.T) {
	repo, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("ZHUNT_UPDATE") == "1",
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo)
			env.Setenv("HOME", env.WorkDir)
			return nil
		},
	})
}

// TestSharedScripts runs the scripts that need ../shared (corpus folders
// that are too large, or not licensed, to bundle).
func TestSharedScripts(t *testing.T) {
	shared := sharedDir(t)
	repo, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script/shared",
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("ZHUNT_UPDATE") == "1",
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo)
			env.Setenv("SHARED", shared)
			env.Setenv("HOME", env.WorkDir)
			return nil
		},
	})
}
