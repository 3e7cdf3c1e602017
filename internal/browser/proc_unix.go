//go:build unix

package browser

import (
	"os"
	"os/exec"
	"syscall"
)

// Chromium starts helper processes (zygote, renderers, GPU); a process group
// of their own lets Close kill them all at once.
func startInOwnProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

func killProcessGroup(p *os.Process) {
	if syscall.Kill(-p.Pid, syscall.SIGKILL) != nil {
		p.Kill()
	}
}
