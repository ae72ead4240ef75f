package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.registry.SchemaRegistryException;
import io.dmzstream.schemas.serde.AvroSerdeException.Reason;

/** Maps the registry's final answers (never a transient fault) onto serde reasons, keeping the registry's own message. */
final class RegistryFailures {

    private RegistryFailures() {
    }

    static AvroSerdeException toSerdeException(SchemaRegistryException e, String context) {
        if (e.isTransient()) {
            throw new IllegalArgumentException("a transient registry fault is not bad input", e);
        }
        // not found: unknown id, subject or version; anything else final: refused or unusable schema
        Reason reason = e.isNotFound() ? Reason.UNKNOWN_SCHEMA_ID : Reason.INCOMPATIBLE_SCHEMA;
        return new AvroSerdeException(reason, context + ": " + e.getMessage(), e);
    }
}
