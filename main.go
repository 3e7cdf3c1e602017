// Command townpress builds a static statistics portal about specialty towns
// from spreadsheets and a TOML config. See the README, or run
// `townpress -h`, for the commands.
package main

import (
	"os"

	"github.com/townpress/townpress/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
