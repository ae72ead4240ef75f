package io.dmzstream.topology.validation;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.LatentCommand;
import java.util.Map;

/**
 * Length limits on an event's strings, checked before anything repeats them (rejection messages,
 * outputs, dead-letter headers, logs): a 120 KB domain must not become a 360 KB dead letter.
 * Messages name the field and its length, never its content.
 *
 * @param maxFieldChars     id, domain, targetDomain and attribute keys
 * @param maxAttributeChars attribute values
 * @param maxAttributes     attribute entries
 */
public record EventBounds(int maxFieldChars, int maxAttributeChars, int maxAttributes) {
    public static final EventBounds DEFAULT = new EventBounds(256, 1024, 64);

    public EventBounds {
        if (maxFieldChars < 1 || maxAttributeChars < 1 || maxAttributes < 0) {
            throw new IllegalArgumentException("event bounds must be positive");
        }
    }

    /** @throws Rejection naming the first field over its limit */
    public void check(ImageEvent event) {
        field("id", event.getId(), maxFieldChars);
        field("domain", event.getDomain(), maxFieldChars);
        field("targetDomain", event.getTargetDomain(), maxFieldChars);
        attributes(event.getAttributes());
    }

    /** @throws Rejection naming the first field of the command over its limit */
    public void check(LatentCommand command) {
        field("id", command.getId(), maxFieldChars);
        field("domain", command.getDomain(), maxFieldChars);
        attributes(command.getAttributes());
    }

    private void attributes(Map<? extends CharSequence, ? extends CharSequence> attributes) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > maxAttributes) {
            throw new Rejection(Rejection.TOO_MANY_ATTRIBUTES,
                    "the event has " + attributes.size() + " attributes; at most " + maxAttributes + " are accepted");
        }
        for (Map.Entry<? extends CharSequence, ? extends CharSequence> e : attributes.entrySet()) {
            field("an attribute key", e.getKey(), maxFieldChars);
            field("attribute value", e.getValue(), maxAttributeChars);
        }
    }

    private static void field(String name, CharSequence value, int max) {
        if (value != null && value.length() > max) {
            throw new Rejection(Rejection.FIELD_TOO_LONG,
                    name + " has " + value.length() + " characters; at most " + max + " are accepted");
        }
    }
}
