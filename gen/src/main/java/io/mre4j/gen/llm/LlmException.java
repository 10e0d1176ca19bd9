package io.mre4j.gen.llm;

/** A call to an LLM server failed for good: after its retries, or with an answer that cannot be read. */
public final class LlmException extends RuntimeException {
    private final int status;

    public LlmException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The last HTTP status, or 0 when no answer came (timeout, refused connection). */
    public int status() {
        return status;
    }
}
