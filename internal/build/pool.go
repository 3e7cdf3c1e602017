package build

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
)

// each runs do(0) … do(n-1) on as many goroutines as there are cores,
// each taking the next index as it finishes one, and returns their errors
// joined in index order. The pages and the downloads are made with it.
func each(n int, do func(i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				errs[i] = do(i)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// eachIn is each in order, a permutation of 0 … len(order)-1: do(order[0])
// is started first, then do(order[1]) and so on. The errors are joined in
// index order, whatever the order they were made in.
func eachIn(order []int, do func(i int) error) error {
	errs := make([]error, len(order))
	each(len(order), func(k int) error {
		errs[order[k]] = do(order[k])
		return nil
	})
	return errors.Join(errs...)
}
