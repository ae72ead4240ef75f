package io.dmzstream.topology.deadletter;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * What a dead letter says about its cause: the exception's class, its message and its cause chain.
 * By default the chain is one {@code Class: message} line per cause, no stack frames: frames
 * describe our internals, not the input, and they are large.
 */
public record ErrorDescription(String exception, String message, String trace) {

    public static ErrorDescription of(Throwable error, boolean stackTraces) {
        String trace;
        if (stackTraces) {
            StringWriter w = new StringWriter();
            error.printStackTrace(new PrintWriter(w));
            trace = w.toString();
        } else {
            StringBuilder sb = new StringBuilder(error.toString());
            int depth = 0;
            for (Throwable c = error.getCause(); c != null && c != error && depth < 8; c = c.getCause(), depth++) {
                sb.append("\nCaused by: ").append(c);
            }
            trace = sb.toString();
        }
        return new ErrorDescription(error.getClass().getName(), String.valueOf(error.getMessage()), trace);
    }
}
