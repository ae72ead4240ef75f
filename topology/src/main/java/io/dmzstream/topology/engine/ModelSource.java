package io.dmzstream.topology.engine;

/**
 * Opens the models a device worker serves. The engine calls it once per configured device;
 * implementations may return one shared catalog for every CPU device.
 */
@FunctionalInterface
public interface ModelSource {
    ModelCatalog open(Device device);
}
