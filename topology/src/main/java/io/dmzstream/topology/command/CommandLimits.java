package io.dmzstream.topology.command;

import io.dmzstream.topology.validation.EventBounds;

/**
 * What a command may ask for.
 *
 * @param maxCount     most images per command (commands.max.count)
 * @param stepsDefault K when the command sets none
 * @param stepsMax     largest K a command may ask for
 * @param bounds       string limits, checked before anything repeats the command's strings
 */
public record CommandLimits(int maxCount, int stepsDefault, int stepsMax, EventBounds bounds) {
    public CommandLimits {
        if (maxCount < 2 || stepsDefault < 1 || stepsDefault > stepsMax) {
            throw new IllegalArgumentException("need maxCount >= 2 and 1 <= stepsDefault <= stepsMax");
        }
    }
}
