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

	mu    sync.Mutex
	keys  map[Key][]File  // files kept, by key, with their SHA-256
	names map[string]bool // the names of the files in keys
}

// NewKeyedMemory is an empty KeyedMemory that takes files from prev (nil:
// from none).
func NewKeyedMemory(prev *KeyedMemory) *KeyedMemory {
	return &KeyedMemory{Memory: NewMemory(), prev: prev, keys: map[Key][]File{}, names: map[string]bool{}}
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
	m.keep(key, files)
	return files, true
}

// MayReuse implements KeySink.
func (m *KeyedMemory) MayReuse(name string) bool {
	if m.prev == nil {
		return false
	}
	m.prev.mu.Lock()
	defer m.prev.mu.Unlock()
	return m.prev.names[name]
}

// keep records files under key.
func (m *KeyedMemory) keep(key Key, files []File) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys[key] = files
	for _, f := range files {
		m.names[f.Name] = true
	}
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
	m.keep(key, files)
}

// Forget drops the build before this one, once this one is done: a
// chain of builds keeps only the last.
func (m *KeyedMemory) Forget() { m.prev = nil }
