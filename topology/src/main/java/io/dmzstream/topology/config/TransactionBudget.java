package io.dmzstream.topology.config;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * How long a stream thread may hold a transaction open, and so how long its backpressure waits may
 * last. Under exactly-once a transaction that outlives {@code transaction.timeout.ms} is aborted
 * by the broker (and the producer fenced); under either guarantee a thread that does not poll
 * within {@code max.poll.interval.ms} leaves the group. Between two commits a thread waits for
 * in-flight capacity at most {@link #waitMaxMs()} ({@code inflight.wait.max.ms}, by default a
 * quarter of the tighter limit), then commits within a commit interval and a poll; a full
 * in-flight window must fit that: {@code 2 x (wait + commit.interval.ms + poll.ms)} within the
 * transaction timeout. When it does not and the timeout is Kafka Streams' default, the timeout is
 * raised ({@link #raised()}); when the timeout was set explicitly, start-up fails naming the keys.
 */
public record TransactionBudget(boolean exactlyOnce, long transactionTimeoutMs, boolean raised,
                                long maxPollIntervalMs, long waitMaxMs) {
    /** Kafka Streams' transaction.timeout.ms under exactly-once. */
    public static final long STREAMS_TRANSACTION_TIMEOUT_MS = 10_000;
    /** Kafka Streams' max.poll.interval.ms. */
    public static final long STREAMS_MAX_POLL_INTERVAL_MS = 300_000;
    public static final String TRANSACTION_TIMEOUT = "producer.transaction.timeout.ms";

    public static TransactionBudget of(DmzStreamConfig config) {
        Map<String, Object> streams = config.streamsOverrides();
        boolean eos = config.getString(DmzStreamConfig.PROCESSING_GUARANTEE).startsWith("exactly_once");
        Long txnSet = first(streams, TRANSACTION_TIMEOUT, "transaction.timeout.ms");
        Long pollSet = first(streams, "main.consumer.max.poll.interval.ms", "consumer.max.poll.interval.ms",
                "max.poll.interval.ms");
        long maxPoll = pollSet != null ? pollSet : STREAMS_MAX_POLL_INTERVAL_MS;
        long txn = txnSet != null ? txnSet : STREAMS_TRANSACTION_TIMEOUT_MS;
        long horizon = eos ? Math.min(txn, maxPoll) : maxPoll;
        long configured = config.getLong(DmzStreamConfig.INFLIGHT_WAIT_MAX_MS);
        long wait = configured > 0 ? configured : Math.max(1, horizon / 4);
        long cycle = wait + config.getLong(DmzStreamConfig.COMMIT_INTERVAL_MS) + config.getLong(DmzStreamConfig.POLL_MS);
        if (2 * cycle > maxPoll) {
            throw new ConfigException(DmzStreamConfig.INFLIGHT_WAIT_MAX_MS, wait, "with commit.interval.ms and poll.ms "
                    + "it needs max.poll.interval.ms of at least " + 2 * cycle + " (streams.consumer.max.poll.interval.ms), "
                    + "has " + maxPoll);
        }
        boolean raised = false;
        if (eos && 2 * cycle > txn) {
            if (txnSet != null) {
                throw new ConfigException(DmzStreamConfig.STREAMS_PREFIX + TRANSACTION_TIMEOUT, txn,
                        "a full in-flight window (" + DmzStreamConfig.INFLIGHT_WAIT_MAX_MS + " " + wait
                                + " ms, then a commit interval and a poll) needs at least " + 2 * cycle + " ms");
            }
            txn = 2 * cycle;
            raised = true;
        }
        return new TransactionBudget(eos, txn, raised, maxPoll, wait);
    }

    private static Long first(Map<String, Object> values, String... keys) {
        for (String k : keys) {
            Object v = values.get(k);
            if (v != null) {
                try {
                    return Long.parseLong(v.toString().trim());
                } catch (NumberFormatException e) {
                    throw new ConfigException(DmzStreamConfig.STREAMS_PREFIX + k, v, "not a number");
                }
            }
        }
        return null;
    }
}
