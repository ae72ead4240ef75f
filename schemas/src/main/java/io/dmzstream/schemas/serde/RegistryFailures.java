package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.registry.SchemaRegistryException;
import io.dmzstream.schemas.serde.AvroSerdeException.Reason;

/** Maps registry failures onto serde reasons, keeping the registry's own message. */
final class RegistryFailures {

    private RegistryFailures() {
    }

    static AvroSerdeException toSerdeException(SchemaRegistryException e, String context) {
        Reason reason;
        if (e.isNotFound()) {
            reason = Reason.UNKNOWN_SCHEMA_ID;
        } else if (e.isIncompatible() || e.isInvalid()) {
            reason = Reason.INCOMPATIBLE_SCHEMA;
        } else {
            // unreachable, 5xx after retries, or 401/403: either way the registry cannot be used now
            reason = Reason.REGISTRY_UNAVAILABLE;
        }
        return new AvroSerdeException(reason, context + ": " + e.getMessage(), e);
    }
}
