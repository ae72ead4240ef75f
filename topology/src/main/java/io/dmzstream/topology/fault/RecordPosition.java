package io.dmzstream.topology.fault;

/** Where an input record sits in Kafka: what a failure or a dead letter is about. */
public record RecordPosition(String topic, int partition, long offset) {
    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
