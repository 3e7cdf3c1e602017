//go:build !linux && !darwin

package output

import "errors"

// exchangeDirs cannot swap two folders in one step here; the swap falls
// back to two renames, and Recover repairs a build killed between them.
func exchangeDirs(a, b string) error { return errors.ErrUnsupported }
