//go:build !unix

package browser

import (
	"os"
	"os/exec"
)

func startInOwnProcessGroup(cmd *exec.Cmd) {}

func killProcessGroup(p *os.Process) { p.Kill() }
