package io.dmzstream.tools.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a read_committed consumer sees on each topic, read from the beginning up to the committed
 * end offsets (the last stable offsets) taken when the count starts: records per key per output
 * topic, and every dead letter. Aborted transactions are not counted; duplicates are.
 *
 * @param outputs     topic -> key -> records
 * @param deadLetters every committed dead letter
 */
record CommittedCount(Map<String, Map<String, Integer>> outputs, List<DeadLetter> deadLetters) {

    static CommittedCount read(String bootstrapServers, Collection<String> outputTopics, String deadLetterTopic) {
        Map<String, Map<String, Integer>> outputs = new HashMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(bootstrapServers, null),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<String> topics = new ArrayList<>(outputTopics);
            topics.add(deadLetterTopic);
            for (String topic : topics) {
                outputs.put(topic, new HashMap<>());
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                // with read_committed, endOffsets are the last stable offsets
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
                long deadline = System.currentTimeMillis() + 120_000;
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("could not read " + topic + " to its committed end in 120 s");
                    }
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                            continue;
                        }
                        if (topic.equals(deadLetterTopic)) {
                            deadLetters.add(DeadLetter.of(r, now));
                        } else {
                            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                            outputs.get(topic).merge(key, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        outputs.remove(deadLetterTopic);
        return new CommittedCount(outputs, deadLetters);
    }

    static Map<String, Object> consumerProps(String bootstrapServers, String groupId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        return props;
    }

    int count(String topic, String key) {
        return outputs.getOrDefault(topic, Map.of()).getOrDefault(key, 0);
    }
}
