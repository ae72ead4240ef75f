package io.dmzstream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.util.Optional;

/**
 * {@link SchemaRegistryClient} over the JDK {@link HttpClient}, for any registry serving the
 * Confluent REST API (Confluent, Apicurio {@code /apis/ccompat/v7}, Karapace, Redpanda).
 *
 * <p>Caches, all bounded ({@link SchemaRegistryConfig#CACHE_CAPACITY_CONFIG},
 * {@link SchemaRegistryConfig#MISSING_CACHE_SIZE_CONFIG}): schemas by id and ids by (subject,
 * schema), which never change; and ids the registry does not have, for
 * {@link SchemaRegistryConfig#MISSING_ID_CACHE_TTL_SEC_CONFIG}. Lookups of ids in neither cache are
 * rate-limited ({@link SchemaRegistryConfig#ID_LOOKUPS_PER_SEC_CONFIG}), so records naming random
 * ids cannot flood the registry. "Latest" and compatibility answers are not cached, because they
 * change when someone registers a new version.
 *
 * <p>Faults: I/O errors, timeouts and 5xx/408/429 answers are retried with bounded exponential
 * backoff, then end as {@link RegistryUnavailableException}; so do 401/403 (not retried: the same
 * credentials get the same answer), redirects (not followed, so credentials never travel to another
 * host) and answers that are not the Confluent API. Final answers about the request (404 with a
 * Confluent 404xx code, 409, 422, a schema that is not Avro) are plain {@link SchemaRegistryException}s.
 * One call blocks at most about {@code (max.retries + 1) * request.timeout.ms} plus the backoffs.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json";
    private static final int MAX_MESSAGE_CHARS = 500;

    private final RegistryEndpoint endpoint;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;
    private final long missingIdTtlSeconds;
    private final Ticker ticker;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final BoundedCache<Integer, Schema> schemasById;
    private final BoundedCache<SubjectSchema, Integer> idsBySubjectSchema;
    private final MissingIds missingIds;
    private final LookupThrottle idLookups;

    public HttpSchemaRegistryClient(Map<String, ?> configs) {
        this(new SchemaRegistryConfig(configs));
    }

    public HttpSchemaRegistryClient(SchemaRegistryConfig config) {
        this(config, Ticker.SYSTEM);
    }

    HttpSchemaRegistryClient(SchemaRegistryConfig config, Ticker ticker) {
        this.endpoint = config.endpoint();
        this.retryPolicy = config.retryPolicy();
        this.requestTimeout = Duration.ofMillis(config.getInt(SchemaRegistryConfig.REQUEST_TIMEOUT_MS_CONFIG));
        this.missingIdTtlSeconds = config.getLong(SchemaRegistryConfig.MISSING_ID_CACHE_TTL_SEC_CONFIG);
        this.ticker = ticker;
        // HTTP/1.1: plain-http h2c upgrades confuse some registries and buy nothing for tiny JSON calls
        HttpClient.Builder builder = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(config.getInt(SchemaRegistryConfig.CONNECT_TIMEOUT_MS_CONFIG)))
            .followRedirects(HttpClient.Redirect.NEVER);
        config.sslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
        int capacity = config.getInt(SchemaRegistryConfig.CACHE_CAPACITY_CONFIG);
        this.schemasById = new BoundedCache<>(capacity);
        this.idsBySubjectSchema = new BoundedCache<>(capacity);
        this.missingIds = new MissingIds(config.getInt(SchemaRegistryConfig.MISSING_CACHE_SIZE_CONFIG),
            missingIdTtlSeconds, ticker);
        this.idLookups = new LookupThrottle(config.getInt(SchemaRegistryConfig.ID_LOOKUPS_PER_SEC_CONFIG), ticker);
    }

    @Override
    public String baseUrl() {
        return endpoint.baseUrl();
    }

    @Override
    public void checkAccess() {
        JsonNode answer = call("GET", "/config", null);
        if (!answer.isObject()) {
            throw notTheConfluentApi("GET /config", 200, "answered " + abbreviate(answer.toString()));
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        return idsBySubjectSchema.get(new SubjectSchema(subject, schema.toString()), key -> {
            JsonNode answer = call("POST", "/subjects/" + segment(subject) + "/versions", schemaBody(key.schema()));
            int id = requiredInt(answer, "id");
            schemasById.put(id, schema);
            return id;
        });
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.getIfPresent(id);
        if (cached != null) {
            return cached;
        }
        Optional<MissingIds.Answer> missing = missingIds.recall(id);
        if (missing.isPresent()) {
            throw new SchemaRegistryException(missing.get().message() + " (answer remembered for up to "
                + missingIdTtlSeconds + " s)", endpoint.baseUrl(), 404, missing.get().errorCode(), null);
        }
        try {
            idLookups.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted("GET /schemas/ids/" + id, e);
        }
        try {
            Schema schema = parseSchema(call("GET", "/schemas/ids/" + id, null), "schema id " + id);
            schemasById.put(id, schema);
            return schema;
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                missingIds.remember(id, e);
            }
            throw e;
        }
    }

    @Override
    public int lookup(String subject, Schema schema) {
        return idsBySubjectSchema.get(new SubjectSchema(subject, schema.toString()), key -> {
            JsonNode answer = call("POST", "/subjects/" + segment(subject), schemaBody(key.schema()));
            return requiredInt(answer, "id");
        });
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode answer = call("GET", "/subjects/" + segment(subject) + "/versions/latest", null);
        Schema schema = parseSchema(answer, "latest version of " + subject);
        int id = requiredInt(answer, "id");
        schemasById.put(id, schema);
        return new RegisteredSchema(subject, id, requiredInt(answer, "version"), schema);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        JsonNode answer;
        try {
            answer = call("POST", "/compatibility/subjects/" + segment(subject) + "/versions/latest?verbose=true",
                schemaBody(schema.toString()));
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                // nothing registered yet: any schema can become version 1
                return new CompatibilityResult(true, List.of("subject " + subject + " has no versions yet"));
            }
            throw e;
        }
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        if (answer.hasNonNull("reason")) { // Apicurio's spelling
            messages.add(answer.get("reason").asText());
        }
        JsonNode verdict = answer.get("is_compatible");
        if (verdict == null || !verdict.isBoolean()) {
            throw malformedAnswer("is_compatible", answer);
        }
        return new CompatibilityResult(verdict.asBoolean(), messages);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = json.createObjectNode().put("compatibility", level.name());
        call("PUT", "/config/" + segment(subject), body.toString());
    }

    @Override
    public void close() {
        // JDK 17's HttpClient holds no resources that need closing; drop the caches
        schemasById.clear();
        idsBySubjectSchema.clear();
        missingIds.clear();
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient[" + endpoint + "]";
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest request = request(method, path, body);
        String what = method + " " + path;
        Throwable lastFailure = null;
        String lastProblem = null;
        int lastStatus = SchemaRegistryException.NO_RESPONSE;
        for (int attempt = 0; attempt < retryPolicy.maxAttempts(); attempt++) {
            if (attempt > 0) {
                sleep(retryPolicy.backoffBefore(attempt), what);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e;
                lastStatus = SchemaRegistryException.NO_RESPONSE;
                lastProblem = what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage());
                LOG.debug("{} at {} failed (attempt {}): {}", what, endpoint, attempt + 1, e.toString());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(what, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(response.body(), what);
            }
            if (!retriable(status)) {
                throw errorOf(response, what);
            }
            lastFailure = null;
            lastStatus = status;
            lastProblem = what + ": HTTP " + status;
            LOG.debug("{} at {} answered {} (attempt {})", what, endpoint, status, attempt + 1);
        }
        int attempts = retryPolicy.maxAttempts();
        throw new RegistryUnavailableException("Schema registry at " + endpoint.baseUrl() + " is unreachable ("
            + lastProblem + ", gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + ")",
            endpoint.baseUrl(), lastStatus, lastFailure);
    }

    /** Statuses worth asking again at once: the server is overloaded, restarting or slow. */
    private static boolean retriable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    private HttpRequest request(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
            .timeout(requestTimeout)
            .header("Accept", ACCEPT);
        endpoint.auth().ifPresent(auth -> builder.header("Authorization", auth.header()));
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** A final (non-retried) error answer, classified: the request's fault or the registry's. */
    private SchemaRegistryException errorOf(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        String at = "Schema registry at " + endpoint.baseUrl();
        if (status == 401 || status == 403) {
            // the body is left out: some servers echo request details
            return new RegistryUnavailableException(at + " refused the credentials: HTTP " + status + " to " + what
                + " (" + endpoint.describeCredentials() + ")", endpoint.baseUrl(), status, null);
        }
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").map(SchemaRegistryConfig::redactUrl).orElse("?");
            return new RegistryUnavailableException(at + " answered HTTP " + status + " to " + what + ", a redirect to "
                + abbreviate(location) + "; redirects are not followed, so that credentials cannot travel to another"
                + " host: set " + SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG + " to the final URL",
                endpoint.baseUrl(), status, null);
        }
        int errorCode = 0;
        String body = response.body() == null ? "" : response.body().strip();
        String message = body;
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) {
                errorCode = node.path("error_code").asInt(0);
                message = node.path("message").asText(message);
            }
        } catch (IOException notJson) {
            // keep the raw body (a proxy's HTML error page, say) as the message
        }
        String text = at + " answered HTTP " + status + (errorCode != 0 ? " (error_code " + errorCode + ")" : "")
            + " to " + what + ": " + abbreviate(message);
        boolean confluentNotFound = status == 404 && errorCode >= 40400 && errorCode < 40500;
        if (confluentNotFound || status == 409 || status == 422) {
            return new SchemaRegistryException(text, endpoint.baseUrl(), status, errorCode, null);
        }
        if (status == 404) {
            return notTheConfluentApi(what, status, "answered HTTP 404 without a Confluent error code: " + abbreviate(message));
        }
        // 400, 405, 415...: our requests are well-formed, so the server is not the registry we expect
        return new RegistryUnavailableException(text, endpoint.baseUrl(), status, null);
    }

    private RegistryUnavailableException notTheConfluentApi(String what, int status, String problem) {
        return new RegistryUnavailableException("Schema registry at " + endpoint.baseUrl() + " " + problem + " (to "
            + what + "): " + SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG + " does not seem to point at the"
            + " Confluent REST API (for Apicurio it ends in /apis/ccompat/v7)", endpoint.baseUrl(), status, null);
    }

    private JsonNode parse(String body, String what) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new IOException("empty body");
            }
            return node;
        } catch (IOException e) {
            throw notTheConfluentApi(what, 200, "sent a non-JSON answer");
        }
    }

    private Schema parseSchema(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(what + " at " + endpoint.baseUrl() + " is a " + abbreviate(type)
                + " schema, not Avro", endpoint.baseUrl(), 200, 0, null);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw malformedAnswer("schema", answer);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(what + " at " + endpoint.baseUrl() + " is not a valid Avro schema: "
                + abbreviate(String.valueOf(e.getMessage())), endpoint.baseUrl(), 200, 0, e);
        }
    }

    private int requiredInt(JsonNode answer, String field) {
        JsonNode node = answer.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw malformedAnswer(field, answer);
        }
        return node.asInt();
    }

    private RegistryUnavailableException malformedAnswer(String field, JsonNode answer) {
        return new RegistryUnavailableException("Schema registry at " + endpoint.baseUrl() + " sent an answer without '"
            + field + "': " + abbreviate(answer.toString()), endpoint.baseUrl(), 200, null);
    }

    private RegistryUnavailableException interrupted(String what, InterruptedException e) {
        return new RegistryUnavailableException("Interrupted while calling schema registry at " + endpoint.baseUrl()
            + " (" + what + ")", endpoint.baseUrl(), SchemaRegistryException.NO_RESPONSE, e);
    }

    private String schemaBody(String schema) {
        // schemaType omitted: AVRO is the default, and old registries reject the field
        return json.createObjectNode().put("schema", schema).toString();
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "..." : text;
    }

    private void sleep(Duration delay, String what) {
        try {
            ticker.sleepNanos(delay.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(what, e);
        }
    }

    private record SubjectSchema(String subject, String schema) {
    }
}
