package io.dmzstream.schemas.serde;

import org.apache.avro.Schema;

/**
 * Chooses the registry subject a topic's keys or values are registered under. Implementations
 * need a public no-argument constructor; they are named by class in
 * {@link AvroSerdeConfig#VALUE_SUBJECT_NAME_STRATEGY_CONFIG} / {@link AvroSerdeConfig#KEY_SUBJECT_NAME_STRATEGY_CONFIG}.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

    String subjectName(String topic, boolean isKey, Schema schema);
}
