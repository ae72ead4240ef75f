package io.dmzstream.topology.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;

/**
 * Readiness: down when an input partition this instance owns has records waiting and its
 * committed offset has not moved for the stall timeout. Kafka Streams stays RUNNING when one
 * partition is stuck (a stream thread blocked, a task failing over and over, a device that never
 * answers), so the state alone does not show it.
 *
 * <p>Offsets come from the instance's own tasks ({@link KafkaStreams#metadataForLocalThreads()}):
 * the offset committed for each input partition and the last one fetched from it. A partition has
 * records waiting when it fetched past what it committed; it progresses when its committed offset
 * grows. Reading the task metadata costs no broker round trip, and it follows the partitions as
 * they move between instances. {@link #sample()} is called periodically and on each probe.
 */
public final class PartitionProgressCheck implements HealthCheck {
    /**
     * One input partition as its task sees it.
     *
     * @param committed   next offset to read as last committed by the task, -1 before its first commit
     * @param lastFetched offset of the last record fetched, -1 before the first fetch
     */
    public record Offsets(TopicPartition partition, long committed, long lastFetched) {
    }

    /** A partition with records waiting and no progress for {@code stalledFor}. */
    public record Stalled(TopicPartition partition, long committed, Duration stalledFor) {
    }

    /** What was seen of a partition: the best committed offset, and since when it waits without progress. */
    private record Seen(long committed, boolean waiting, long sinceNanos) {
    }

    private final Supplier<Collection<Offsets>> offsets;
    private final long stallNanos;
    private final LongSupplier nanoTime;
    private final Map<TopicPartition, Seen> seen = new HashMap<>();
    private List<Stalled> stalled = List.of();

    public PartitionProgressCheck(Supplier<Collection<Offsets>> offsets, Duration stallTimeout) {
        this(offsets, stallTimeout, System::nanoTime);
    }

    PartitionProgressCheck(Supplier<Collection<Offsets>> offsets, Duration stallTimeout, LongSupplier nanoTime) {
        this.offsets = offsets;
        this.stallNanos = stallTimeout.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The input partitions of the instance's active tasks, from its local task metadata. */
    public static Supplier<Collection<Offsets>> of(KafkaStreams streams, Set<String> inputTopics) {
        return () -> streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> offsets(task, inputTopics).stream())
                .toList();
    }

    private static List<Offsets> offsets(TaskMetadata task, Set<String> inputTopics) {
        List<Offsets> out = new ArrayList<>();
        for (TopicPartition tp : task.topicPartitions()) {
            if (inputTopics.contains(tp.topic())) {
                out.add(new Offsets(tp, task.committedOffsets().getOrDefault(tp, -1L),
                        task.endOffsets().getOrDefault(tp, -1L)));
            }
        }
        return out;
    }

    /** Looks at the partitions now; returns those stalled. Partitions no longer owned are forgotten. */
    public synchronized List<Stalled> sample() {
        long now = nanoTime.getAsLong();
        Map<TopicPartition, Seen> next = new HashMap<>();
        List<Stalled> found = new ArrayList<>();
        for (Offsets o : offsets.get()) {
            Seen before = seen.get(o.partition());
            // a task that has not committed yet (a new owner) reports -1: keep the best offset seen
            long committed = Math.max(o.committed(), before == null ? -1 : before.committed());
            boolean waiting = o.lastFetched() >= 0 && o.lastFetched() + 1 > committed;
            boolean progressed = before == null || committed > before.committed() || waiting != before.waiting();
            Seen now_ = progressed ? new Seen(committed, waiting, now) : before;
            next.put(o.partition(), now_);
            if (waiting && now - now_.sinceNanos() >= stallNanos) {
                found.add(new Stalled(o.partition(), committed, Duration.ofNanos(now - now_.sinceNanos())));
            }
        }
        seen.clear();
        seen.putAll(next);
        stalled = List.copyOf(found);
        return stalled;
    }

    /** Stalled partitions at the last sample (metrics read this). */
    public synchronized int stalledCount() {
        return stalled.size();
    }

    @Override
    public HealthStatus check() {
        List<Stalled> now = sample();
        if (now.isEmpty()) {
            return HealthStatus.up("input partitions progressing");
        }
        return HealthStatus.down(now.stream()
                .map(s -> "partition " + s.partition() + " has records waiting and no progress for "
                        + s.stalledFor().toSeconds() + " s (committed offset " + s.committed() + ")")
                .collect(Collectors.joining("; ")));
    }
}
