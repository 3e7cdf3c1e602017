//go:build !unix && !windows

package output

import "os"

// Where the system has no file locks (Plan 9, WebAssembly), builds into one
// folder are not kept apart.
func tryLockFile(*os.File) (bool, error) { return true, nil }
func lockFile(*os.File) error            { return nil }
func unlockFile(*os.File) error          { return nil }
