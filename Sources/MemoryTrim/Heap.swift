import CMalloc

/// glibc's heap: the one place that calls its malloc extensions.
public enum Heap {
    /// Gives the free memory of every arena back to the system (`malloc_trim(0)`). glibc keeps
    /// freed memory in per-thread arenas; memory made on one thread and freed on another leaves
    /// them fragmented, so a long-running process's resident size creeps up unless trimmed.
    public static func trim() {
        malloc_trim(0)
    }
}
