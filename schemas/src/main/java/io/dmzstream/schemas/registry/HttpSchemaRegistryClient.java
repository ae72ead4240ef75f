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

/**
 * {@link SchemaRegistryClient} over the JDK {@link HttpClient}, for any registry serving the
 * Confluent REST API (Confluent, Apicurio {@code /apis/ccompat/v7}, Karapace, Redpanda).
 *
 * <p>Schemas by id and ids by (subject, schema) are cached; "latest" and compatibility answers are
 * not, because they change when someone registers a new version. I/O errors, timeouts and
 * 5xx/408/429 answers are retried with bounded exponential backoff; other 4xx answers are final.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json";

    private final RegistryEndpoint endpoint;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final BoundedCache<Integer, Schema> schemasById;
    private final BoundedCache<SubjectSchema, Integer> idsBySubjectSchema;

    public HttpSchemaRegistryClient(Map<String, ?> configs) {
        this(new SchemaRegistryConfig(configs));
    }

    public HttpSchemaRegistryClient(SchemaRegistryConfig config) {
        this(RegistryEndpoint.from(config), config.retryPolicy(),
            Duration.ofMillis(config.getInt(SchemaRegistryConfig.CONNECT_TIMEOUT_MS_CONFIG)),
            Duration.ofMillis(config.getInt(SchemaRegistryConfig.REQUEST_TIMEOUT_MS_CONFIG)),
            config.getInt(SchemaRegistryConfig.CACHE_CAPACITY_CONFIG));
    }

    public HttpSchemaRegistryClient(RegistryEndpoint endpoint, RetryPolicy retryPolicy, Duration connectTimeout,
                                    Duration requestTimeout, int cacheCapacity) {
        this.endpoint = endpoint;
        this.retryPolicy = retryPolicy;
        this.requestTimeout = requestTimeout;
        // HTTP/1.1: plain-http h2c upgrades confuse some registries and buy nothing for tiny JSON calls
        this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
        this.schemasById = new BoundedCache<>(cacheCapacity);
        this.idsBySubjectSchema = new BoundedCache<>(cacheCapacity);
    }

    @Override
    public String baseUrl() {
        return endpoint.baseUrl();
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
        return schemasById.get(id, key -> {
            JsonNode answer = call("GET", "/schemas/ids/" + key, null);
            return parseSchema(answer, "schema id " + key);
        });
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
        for (int attempt = 0; attempt < retryPolicy.maxAttempts(); attempt++) {
            if (attempt > 0) {
                sleep(retryPolicy.backoffBefore(attempt), what);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e;
                lastProblem = what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage());
                LOG.debug("{} at {} failed (attempt {}): {}", what, endpoint, attempt + 1, e.toString());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted while calling schema registry at "
                    + endpoint.baseUrl() + " (" + what + ")", endpoint.baseUrl(), SchemaRegistryException.NO_RESPONSE, 0, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(response.body(), what);
            }
            SchemaRegistryException error = errorOf(status, response.body(), what);
            if (!error.isUnavailable()) {
                throw error;
            }
            lastFailure = error;
            lastProblem = what + ": HTTP " + status;
            LOG.debug("{} at {} answered {} (attempt {})", what, endpoint, status, attempt + 1);
        }
        throw SchemaRegistryException.unreachable(endpoint.baseUrl(), retryPolicy.maxAttempts(), lastProblem, lastFailure);
    }

    private HttpRequest request(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
            .timeout(requestTimeout)
            .header("Accept", ACCEPT);
        endpoint.authorization().ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private SchemaRegistryException errorOf(int status, String body, String what) {
        int errorCode = 0;
        String message = body == null ? "" : body.strip();
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) {
                errorCode = node.path("error_code").asInt(0);
                message = node.path("message").asText(message);
            }
        } catch (IOException notJson) {
            // keep the raw body (a proxy's HTML error page, say) as the message
        }
        if (message.length() > 500) {
            message = message.substring(0, 500) + "...";
        }
        return new SchemaRegistryException("Schema registry at " + endpoint.baseUrl() + " answered HTTP " + status
            + (errorCode != 0 ? " (error_code " + errorCode + ")" : "") + " to " + what + ": " + message,
            endpoint.baseUrl(), status, errorCode, null);
    }

    private JsonNode parse(String body, String what) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry at " + endpoint.baseUrl()
                + " sent a non-JSON answer to " + what, endpoint.baseUrl(), 200, 0, e);
        }
    }

    private Schema parseSchema(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(what + " at " + endpoint.baseUrl() + " is a " + type
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
                + e.getMessage(), endpoint.baseUrl(), 200, 0, e);
        }
    }

    private int requiredInt(JsonNode answer, String field) {
        JsonNode node = answer.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw malformedAnswer(field, answer);
        }
        return node.asInt();
    }

    private SchemaRegistryException malformedAnswer(String field, JsonNode answer) {
        return new SchemaRegistryException("Schema registry at " + endpoint.baseUrl() + " sent an answer without '"
            + field + "': " + answer, endpoint.baseUrl(), 200, 0, null);
    }

    private String schemaBody(String schema) {
        // schemaType omitted: AVRO is the default, and old registries reject the field
        return json.createObjectNode().put("schema", schema).toString();
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void sleep(Duration delay, String what) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while retrying " + what + " at " + endpoint.baseUrl(),
                endpoint.baseUrl(), SchemaRegistryException.NO_RESPONSE, 0, e);
        }
    }

    private record SubjectSchema(String subject, String schema) {
    }
}
