package output

import (
	"crypto/sha256"
	"sync"
)

// KeyedMemory is a Memory that takes files by their key from the build
// before it (serve builds the site in memory after every save): a file
// whose key the previous build kept is the previous build's bytes, shared,
// not made again.
type KeyedMemory struct {
	*Memory
	prev *KeyedMemory

	mu   sync.Mutex
	keys map[Key][]File // files kept, by key, with their SHA-256
}

// NewKeyedMemory is an empty KeyedMemory that takes files from prev (nil:
// from none).
func NewKeyedMemory(prev *KeyedMemory) *KeyedMemory {
	return &KeyedMemory{Memory: NewMemory(), prev: prev, keys: map[Key][]File{}}
}

// Reuse implements KeySink.
func (m *KeyedMemory) Reuse(key Key) ([]File, bool) {
	if m.prev == nil || key.IsZero() {
		return nil, false
	}
	m.prev.mu.Lock()
	files := m.prev.keys[key]
	m.prev.mu.Unlock()
	if len(files) == 0 {
		return nil, false
	}
	m.Memory.mu.Lock()
	for _, f := range files {
		if _, dup := m.Files[f.Name]; dup {
			m.Memory.mu.Unlock()
			return nil, false // let the caller's Put say so
		}
	}
	for _, f := range files {
		m.Files[f.Name] = m.prev.Files[f.Name]
	}
	m.Memory.mu.Unlock()
	m.mu.Lock()
	m.keys[key] = files
	m.mu.Unlock()
	return files, true
}

// Keep implements KeySink. The files' SHA-256 is taken now, for the
// next build's Reuse.
func (m *KeyedMemory) Keep(key Key, names ...string) {
	if key.IsZero() {
		return
	}
	files := make([]File, len(names))
	m.Memory.mu.Lock()
	for i, name := range names {
		b, ok := m.Files[name]
		if !ok {
			// Not all the key's files are here: keep none, and they
			// are made again.
			m.Memory.mu.Unlock()
			return
		}
		files[i] = File{Name: name, Size: int64(len(b)), Sum: sha256.Sum256(b)}
	}
	m.Memory.mu.Unlock()
	m.mu.Lock()
	m.keys[key] = files
	m.mu.Unlock()
}

// Forget drops the build before this one, once this one is done: a
// chain of builds keeps only the last.
func (m *KeyedMemory) Forget() { m.prev = nil }
