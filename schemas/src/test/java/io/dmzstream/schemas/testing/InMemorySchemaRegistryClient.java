package io.dmzstream.schemas.testing;

import io.dmzstream.schemas.registry.CompatibilityLevel;
import io.dmzstream.schemas.registry.CompatibilityResult;
import io.dmzstream.schemas.registry.RegisteredSchema;
import io.dmzstream.schemas.registry.SchemaRegistryClient;
import io.dmzstream.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registry fake for unit tests: global ids per distinct schema text, versions per subject,
 * BACKWARD checks on register. Behaves like Confluent's 404/409 answers.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> versions = new HashMap<>();
    private final Map<String, CompatibilityLevel> levels = new HashMap<>();
    public final AtomicInteger registerCalls = new AtomicInteger();
    public final AtomicInteger getByIdCalls = new AtomicInteger();
    private volatile SchemaRegistryException failure;

    /** Every later call throws {@code e} (null: work again). */
    public void failWith(SchemaRegistryException e) {
        this.failure = e;
    }

    @Override
    public String baseUrl() {
        return "mem://registry";
    }

    @Override
    public void checkAccess() {
        failIfAsked();
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        failIfAsked();
        registerCalls.incrementAndGet();
        List<Integer> subjectVersions = versions.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer existing = idsBySchema.get(schema.toString());
        if (existing != null && subjectVersions.contains(existing)) {
            return existing;
        }
        if (!subjectVersions.isEmpty() && levels.getOrDefault(subject, CompatibilityLevel.BACKWARD) != CompatibilityLevel.NONE) {
            Schema latest = schemasById.get(subjectVersions.get(subjectVersions.size() - 1));
            if (SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType()
                != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new SchemaRegistryException("incompatible with latest of " + subject, baseUrl(), 409, 409, null);
            }
        }
        int id = idsBySchema.computeIfAbsent(schema.toString(), s -> idsBySchema.size() + 1);
        schemasById.put(id, schema);
        subjectVersions.add(id);
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        failIfAsked();
        getByIdCalls.incrementAndGet();
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("schema " + id + " not found", baseUrl(), 404, 40403, null);
        }
        return schema;
    }

    @Override
    public synchronized int lookup(String subject, Schema schema) {
        failIfAsked();
        Integer id = idsBySchema.get(schema.toString());
        if (id == null || !versions.getOrDefault(subject, List.of()).contains(id)) {
            throw new SchemaRegistryException("schema not found under " + subject, baseUrl(), 404, 40403, null);
        }
        return id;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        failIfAsked();
        List<Integer> subjectVersions = versions.get(subject);
        if (subjectVersions == null || subjectVersions.isEmpty()) {
            throw new SchemaRegistryException("subject not found", baseUrl(), 404, 40401, null);
        }
        int id = subjectVersions.get(subjectVersions.size() - 1);
        return new RegisteredSchema(subject, id, subjectVersions.size(), schemasById.get(id));
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        failIfAsked();
        List<Integer> subjectVersions = versions.get(subject);
        if (subjectVersions == null || subjectVersions.isEmpty()) {
            return new CompatibilityResult(true, List.of());
        }
        Schema latest = schemasById.get(subjectVersions.get(subjectVersions.size() - 1));
        boolean ok = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType()
            == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
        return new CompatibilityResult(ok, List.of());
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        levels.put(subject, level);
    }

    @Override
    public void close() {
    }

    private void failIfAsked() {
        SchemaRegistryException e = failure;
        if (e != null) {
            throw e;
        }
    }
}
