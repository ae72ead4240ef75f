package io.dmzstream.schemas.registry;

import org.apache.kafka.common.config.ConfigException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP basic-auth credentials, split at the first colon (user names cannot contain one, passwords
 * can). Never printed: {@link #toString()} and every error name only where the credentials came from.
 */
final class BasicAuth {

    private final String header;
    private final String source;

    private BasicAuth(String user, String password, String source) {
        this.header = "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.source = source;
    }

    /** {@code user:password} exactly as configured: no decoding, so {@code +}, {@code %} and {@code :} are literal. */
    static BasicAuth fromUserInfo(String userInfo) {
        String source = SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG;
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        if (colon < 0) {
            throw new ConfigException(source + " must be user:password when "
                + SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + " is "
                + SchemaRegistryConfig.CREDENTIALS_SOURCE_USER_INFO + " (value not shown)");
        }
        return new BasicAuth(userInfo.substring(0, colon), userInfo.substring(colon + 1), source);
    }

    /** The raw user-info part of a URL: split at its first colon, then each half percent-decoded (a {@code +} stays a {@code +}). */
    static BasicAuth fromUrlUserInfo(String rawUserInfo) {
        String source = "the user info of " + SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG;
        int colon = rawUserInfo.indexOf(':');
        if (colon < 0) {
            throw new ConfigException(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG
                + " carries a user name without a password (user:password@ expected; value not shown)");
        }
        return new BasicAuth(percentDecode(rawUserInfo.substring(0, colon)),
            percentDecode(rawUserInfo.substring(colon + 1)), source);
    }

    /** The {@code Authorization} header value. */
    String header() {
        return header;
    }

    /** Where the credentials came from, for error messages. */
    String source() {
        return source;
    }

    @Override
    public String toString() {
        return "basic auth from " + source;
    }

    private static String percentDecode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) != '%') {
                int codePoint = raw.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
                continue;
            }
            int high = i + 1 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
            int low = i + 2 < raw.length() ? hex(raw.charAt(i + 2)) : -1;
            if (high < 0 || low < 0) {
                throw new ConfigException(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG
                    + ": malformed %-escape in the user info (write a literal % as %25; value not shown)");
            }
            bytes.write(high * 16 + low);
            i += 3;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
