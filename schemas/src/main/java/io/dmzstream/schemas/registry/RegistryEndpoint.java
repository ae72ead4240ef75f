package io.dmzstream.schemas.registry;

import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where the registry is and how to authenticate: the base URL with any credentials stripped off
 * (so it can be logged and put into error messages), plus the basic-auth credentials, if any.
 */
final class RegistryEndpoint {

    private static final String URL_KEY = SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG;

    private final String baseUrl;
    private final BasicAuth auth;

    private RegistryEndpoint(String baseUrl, BasicAuth auth) {
        this.baseUrl = baseUrl;
        this.auth = auth;
    }

    /**
     * @param credentialsSource {@code USER_INFO}: credentials from {@code userInfo}; {@code URL}: from the URL's
     *                          {@code user:password@}, if it has one
     */
    static RegistryEndpoint parse(String url, String credentialsSource, String userInfo) {
        String trimmed = url.trim();
        if (trimmed.contains(",")) {
            throw new ConfigException(URL_KEY + " names several registries (" + redact(trimmed)
                + "); give exactly one URL (a load balancer in front of several instances is fine)");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            // e.getMessage() quotes the input, which may carry a password: only the reason and position
            throw new ConfigException(URL_KEY + " is not a valid URL: " + e.getReason()
                + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "") + " (value not shown, it may carry credentials)");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
            throw new ConfigException(URL_KEY + " must be an http:// or https:// URL with a host, was " + redact(trimmed));
        }
        String rawUserInfo = uri.getRawUserInfo();
        BasicAuth auth;
        if (SchemaRegistryConfig.CREDENTIALS_SOURCE_USER_INFO.equals(credentialsSource)) {
            auth = BasicAuth.fromUserInfo(userInfo);
        } else if (userInfo != null && !userInfo.isEmpty()) {
            // Confluent ignores it silently here; that ends in a puzzling 401
            throw new ConfigException(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG + " is set but "
                + SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + " is " + credentialsSource
                + ", which ignores it: set " + SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + "="
                + SchemaRegistryConfig.CREDENTIALS_SOURCE_USER_INFO);
        } else {
            auth = rawUserInfo == null ? null : BasicAuth.fromUrlUserInfo(rawUserInfo);
        }
        String authority = uri.getRawAuthority();
        String hostAndPort = rawUserInfo == null ? authority : authority.substring(rawUserInfo.length() + 1);
        String base = scheme.toLowerCase() + "://" + hostAndPort + (uri.getRawPath() == null ? "" : uri.getRawPath());
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new RegistryEndpoint(base, auth);
    }

    /**
     * {@code url} with any {@code user:password@} replaced by {@code ***@}; works on malformed URLs
     * too (everything between {@code ://} and the last {@code @} goes), so it is safe for logging any value.
     */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        int schemeEnd = url.indexOf("://");
        int start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
        return url.substring(0, start) + "***" + url.substring(at);
    }

    /** Base URL without credentials, no trailing slash. */
    String baseUrl() {
        return baseUrl;
    }

    Optional<BasicAuth> auth() {
        return Optional.ofNullable(auth);
    }

    /** For error messages: where the credentials came from, or that there are none. */
    String describeCredentials() {
        return auth == null
            ? "no credentials were sent: set " + SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + "="
                + SchemaRegistryConfig.CREDENTIALS_SOURCE_USER_INFO + " and " + SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG
                + ", or put user:password@ into " + URL_KEY
            : "credentials from " + auth.source();
    }

    @Override
    public String toString() {
        // never the credentials
        return baseUrl + (auth != null ? " (basic auth)" : "");
    }
}
