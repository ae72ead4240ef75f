package io.dmzstream.schemas.registry;

import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the registry is and how to authenticate: the base URL with any credentials stripped off
 * (so it can be logged), plus the {@code Authorization} header value, if any.
 */
public record RegistryEndpoint(String baseUrl, Optional<String> authorization) {

    public static RegistryEndpoint of(String url) {
        return from(url, SchemaRegistryConfig.CREDENTIALS_SOURCE_URL, null);
    }

    public static RegistryEndpoint from(SchemaRegistryConfig config) {
        String url = config.registryUrl();
        if (url == null) {
            throw new ConfigException(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG + " is not set");
        }
        return from(url, config.credentialsSource(), config.userInfo());
    }

    static RegistryEndpoint from(String url, String credentialsSource, String userInfo) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, url, e.getMessage());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
            throw new ConfigException(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, url,
                "expected an http:// or https:// URL with a host");
        }
        String credentials = SchemaRegistryConfig.CREDENTIALS_SOURCE_USER_INFO.equals(credentialsSource)
            ? userInfo : uri.getRawUserInfo();
        if (SchemaRegistryConfig.CREDENTIALS_SOURCE_USER_INFO.equals(credentialsSource)
            && (userInfo == null || !userInfo.contains(":"))) {
            throw new ConfigException(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG
                + " must be user:password when " + SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG
                + " is USER_INFO");
        }
        String base = scheme.toLowerCase() + "://" + uri.getRawAuthority().substring(
            uri.getRawUserInfo() == null ? 0 : uri.getRawUserInfo().length() + 1)
            + (uri.getRawPath() == null ? "" : uri.getRawPath());
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        Optional<String> header = Optional.ofNullable(credentials)
            .map(c -> "Basic " + Base64.getEncoder().encodeToString(
                java.net.URLDecoder.decode(c, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
        return new RegistryEndpoint(base, header);
    }

    @Override
    public String toString() {
        // never print the credentials
        return baseUrl + (authorization.isPresent() ? " (basic auth)" : "");
    }
}
