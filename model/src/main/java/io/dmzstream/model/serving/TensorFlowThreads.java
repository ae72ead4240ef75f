package io.dmzstream.model.serving;

import java.util.Base64;
import java.util.Optional;
import org.tensorflow.proto.ConfigProto;

/**
 * TensorFlow's thread pools for one loaded model's sessions: intra-op threads split one kernel
 * (a convolution) across cores, inter-op threads run independent kernels side by side. A device
 * worker makes one call at a time, so a small inter-op pool rarely helps; on a small machine,
 * fewer intra-op threads than cores leave room for Kafka. 0 keeps TensorFlow's default for that pool
 * (every core).
 */
public record TensorFlowThreads(int intraOp, int interOp) {
    /** TensorFlow's defaults for both pools. */
    public static final TensorFlowThreads DEFAULT = new TensorFlowThreads(0, 0);

    public TensorFlowThreads {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("TensorFlow thread counts must be >= 0 (0 = default), got intra "
                    + intraOp + ", inter " + interOp);
        }
    }

    /** The session options DJL's TensorFlow engine takes (a base64 ConfigProto), unless both pools are left at their defaults. */
    Optional<String> configProto() {
        if (this.equals(DEFAULT)) {
            return Optional.empty();
        }
        return Optional.of(Base64.getEncoder().encodeToString(ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOp).setInterOpParallelismThreads(interOp)
                .setAllowSoftPlacement(true).build().toByteArray()));
    }
}
