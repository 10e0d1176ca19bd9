package io.mre4j.core;

/** Base of every exception that mre4j throws on purpose; its message is meant for the user, not for a developer. */
public class MreException extends RuntimeException {
    public MreException(String message) {
        super(message);
    }

    public MreException(String message, Throwable cause) {
        super(message, cause);
    }
}
