//go:build !unix

package sitefs

// oNonblock is 0 where there are no named pipes in the file system.
const oNonblock = 0
