package io.dmzstream.schemas.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Small thread-safe LRU map: every cache of the registry client and of the serdes is one, so none
 * grows without bound whatever the input names. Cached values are immutable, so a miss computed
 * twice by two threads is harmless; the lock is not held across the loader (an HTTP call).
 */
public final class BoundedCache<K, V> {

    private final Map<K, V> entries;

    public BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached value, or {@code loader}'s (cached unless it throws). */
    public V get(K key, Function<K, V> loader) {
        V cached = getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        V loaded = loader.apply(key);
        put(key, loaded);
        return loaded;
    }

    public V getIfPresent(K key) {
        synchronized (entries) {
            return entries.get(key);
        }
    }

    public void put(K key, V value) {
        synchronized (entries) {
            entries.put(key, value);
        }
    }

    /** Removes the entry if it still maps to {@code value}. */
    public void remove(K key, V value) {
        synchronized (entries) {
            entries.remove(key, value);
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
