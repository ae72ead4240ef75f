package io.dmzstream.tools.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches the output and dead-letter topics while a scenario runs (read_committed, from the
 * beginning) and notes when each key's first output on each topic became visible, so recovery
 * times can be measured and the scenario can stop waiting as soon as every input is served. The
 * final figures do not come from here but from {@link CommittedCount}.
 */
final class OutputLedger implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String deadLetterTopic;
    private final Map<String, Map<String, Long>> firstArrival = new HashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    OutputLedger(String bootstrapServers, Collection<String> outputTopics, String deadLetterTopic) {
        this.consumer = new KafkaConsumer<>(CommittedCount.consumerProps(bootstrapServers, "chaos-ledger-" + UUID.randomUUID()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadLetterTopic = deadLetterTopic;
        List<String> topics = new ArrayList<>(outputTopics);
        topics.add(deadLetterTopic);
        consumer.subscribe(topics);
        thread = new Thread(this::loop, "chaos-ledger");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.currentTimeMillis();
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (r.topic().equals(deadLetterTopic)) {
                            deadLetters.add(DeadLetter.of(r, now));
                        } else {
                            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                            firstArrival.computeIfAbsent(r.topic(), t -> new HashMap<>()).putIfAbsent(key, now);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** When the last of the input's outputs first became visible; empty while one is missing. */
    synchronized OptionalLong servedAt(Input input) {
        long last = 0;
        for (String topic : input.outputs()) {
            Long at = firstArrival.getOrDefault(topic, Map.of()).get(input.key());
            if (at == null) {
                return OptionalLong.empty();
            }
            last = Math.max(last, at);
        }
        return OptionalLong.of(last);
    }

    /** When the input's first dead letter became visible; empty if it has none yet. */
    synchronized OptionalLong deadLetteredAt(Input input) {
        return deadLetters.stream().filter(d -> d.of(input)).mapToLong(DeadLetter::arrivedAt).min();
    }

    /** Done with an input: a valid one has all its outputs, a poison one its dead letter. */
    OptionalLong doneAt(Input input) {
        return input.poison() ? deadLetteredAt(input) : servedAt(input);
    }

    /**
     * Waits until every input is done (or the timeout passes); returns whether all are. Polls the
     * ledger, which follows the committed ends of the topics: no fixed sleep decides the outcome.
     */
    boolean awaitDone(Collection<Input> inputs, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (inputs.stream().allMatch(i -> doneAt(i).isPresent())) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    /**
     * Recovery after a fault that ended at {@code endedAt}: ms from then until every valid input
     * sent before it was served (0 when they already were); empty when some never were.
     */
    OptionalLong recoveryMs(Collection<Input> inputs, long endedAt) {
        long last = endedAt;
        for (Input input : inputs) {
            if (input.sentAt() <= endedAt && !input.poison()) {
                OptionalLong at = servedAt(input);
                if (at.isEmpty()) {
                    return OptionalLong.empty();
                }
                last = Math.max(last, at.getAsLong());
            }
        }
        return OptionalLong.of(last - endedAt);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
