package io.dmzstream.ops.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.inject.Produces;

import java.util.List;

/**
 * Apicurio normally gets this bean from apicurio-common-app-components-config-index, whose
 * build-time index only works inside Apicurio's own build; we excluded it. An empty list means
 * "no properties are editable at run time", which is all a test registry needs.
 */
@ApplicationScoped
public class DynamicConfigPropertiesProducer {

    @Produces
    @ApplicationScoped
    DynamicConfigPropertyList dynamicConfigProperties() {
        return new DynamicConfigPropertyList(List.of());
    }
}
