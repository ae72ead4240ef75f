package io.dmzstream.schemas.serde;

import org.apache.avro.Schema;

/** {@code <topic>-value} / {@code <topic>-key}: one schema lineage per topic. The default. */
public final class TopicNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return topic + (isKey ? "-key" : "-value");
    }
}
