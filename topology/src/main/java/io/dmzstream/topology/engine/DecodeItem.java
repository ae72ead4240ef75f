package io.dmzstream.topology.engine;

/**
 * A decode waiting for a slot in the decode lane.
 *
 * @param job     the request it belongs to
 * @param domain  the model that decodes (the source domain, or the target domain for a transfer)
 * @param code    the hard bits z the trajectory is conditioned on
 * @param bridge  the bridge's name for a transfer, null for a reconstruction
 */
record DecodeItem(Job job, String domain, float[] code, String bridge) {
    boolean isTransfer() {
        return bridge != null;
    }
}
