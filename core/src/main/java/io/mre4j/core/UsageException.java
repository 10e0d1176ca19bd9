package io.mre4j.core;

/** The caller asked for something that cannot be done as asked: an unknown format name, a format with no writer. */
public class UsageException extends MreException {
    public UsageException(String message) {
        super(message);
    }
}
