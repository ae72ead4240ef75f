package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.registry.BoundedCache;
import io.dmzstream.schemas.registry.RegisteredSchema;
import io.dmzstream.schemas.registry.RegistryUnavailableException;
import io.dmzstream.schemas.registry.SchemaRegistryClient;
import io.dmzstream.schemas.registry.SchemaRegistryException;
import io.dmzstream.schemas.serde.AvroSerdeException.Reason;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

import java.time.Clock;
import java.time.Instant;

/**
 * Confluent wire format writer. The schema id comes, per subject, from registering the record's
 * schema, looking it up (auto-register off), or the subject's latest version (use.latest.version).
 * A registry outage passes through as {@link RegistryUnavailableException}.
 */
final class ConfluentRecordWriter<T> implements RecordWriter<T> {

    private final SchemaRegistryClient client;
    private final boolean ownsClient;
    private final SubjectNameStrategy subjects;
    private final boolean isKey;
    private final boolean autoRegister;
    private final boolean useLatest;
    private final long latestTtlSeconds;
    private final Clock clock;
    private final Schema schema;
    private final String parsingForm;
    private final DatumWriter<T> writer;
    private final BoundedCache<String, Integer> idsBySubject;
    private final BoundedCache<String, Latest> latestBySubject;

    ConfluentRecordWriter(Class<T> type, SchemaRegistryClient client, boolean ownsClient, AvroSerdeConfig config,
                          boolean isKey, Clock clock) {
        SpecificData data = SpecificData.getForClass(type);
        this.schema = data.getSchema(type);
        this.parsingForm = SchemaNormalization.toParsingForm(schema);
        this.writer = new SpecificDatumWriter<>(schema, data);
        this.client = client;
        this.ownsClient = ownsClient;
        this.subjects = config.subjectNameStrategy(isKey);
        this.isKey = isKey;
        this.autoRegister = config.autoRegisterSchemas();
        this.useLatest = config.useLatestVersion();
        this.latestTtlSeconds = config.latestCacheTtlSeconds();
        this.clock = clock;
        int capacity = config.getInt(AvroSerdeConfig.CACHE_CAPACITY_CONFIG);
        this.idsBySubject = new BoundedCache<>(capacity);
        this.latestBySubject = new BoundedCache<>(capacity);
    }

    @Override
    public byte[] write(String topic, T record) {
        String subject = subjects.subjectName(topic, isKey, schema);
        int id = useLatest ? latestId(subject) : idsBySubject.get(subject, this::registeredId);
        return AvroBody.write(new ConfluentHeader(id).toBytes(), record, writer);
    }

    private int registeredId(String subject) {
        try {
            return autoRegister ? client.register(subject, schema) : client.lookup(subject, schema);
        } catch (RegistryUnavailableException e) {
            throw e; // not the record's fault
        } catch (SchemaRegistryException e) {
            throw RegistryFailures.toSerdeException(e, (autoRegister ? "registering " : "looking up ")
                + schema.getFullName() + " under subject " + subject
                + (autoRegister || !e.isNotFound() ? "" : " (auto.register.schemas is off and it is not registered)"));
        }
    }

    private int latestId(String subject) {
        Instant now = clock.instant();
        Latest cached = latestBySubject.getIfPresent(subject);
        if (cached != null && (latestTtlSeconds < 0 || cached.fetchedAt().plusSeconds(latestTtlSeconds).isAfter(now))) {
            return cached.id();
        }
        RegisteredSchema latest;
        try {
            latest = client.latest(subject);
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (SchemaRegistryException e) {
            throw RegistryFailures.toSerdeException(e, "fetching the latest version of subject " + subject);
        }
        if (!SchemaNormalization.toParsingForm(latest.schema()).equals(parsingForm)) {
            throw new AvroSerdeException(Reason.INCOMPATIBLE_SCHEMA, "latest version " + latest.version() + " (id "
                + latest.id() + ") of subject " + subject + " differs in structure from " + schema.getFullName()
                + " as compiled into this application; records written with it would be misread");
        }
        latestBySubject.put(subject, new Latest(latest.id(), now));
        return latest.id();
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    private record Latest(int id, Instant fetchedAt) {
    }
}
