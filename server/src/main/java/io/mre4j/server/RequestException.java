package io.mre4j.server;

/**
 * A request the server will not serve, with the HTTP status to answer and, where one field is at fault, its name. The
 * server turns it into a JSON error body; nothing else of the request's handling reaches the client.
 */
final class RequestException extends RuntimeException {
    private final int status;
    private final String field;

    RequestException(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    RequestException(int status, String message) {
        this(status, null, message);
    }

    int status() {
        return status;
    }

    /** The request field at fault, such as {@code texts[2]}, or null. */
    String field() {
        return field;
    }
}
