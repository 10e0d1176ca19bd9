package io.mre4j.core.format;

import io.mre4j.core.io.AtomicOutput;

import java.nio.file.Path;

/** A format that can also be written. Output goes through {@link AtomicOutput}, so it appears whole or not at all. */
public interface WritableFormat extends DocumentFormat {
    /** A writer whose files are opened on {@code output}; the caller commits once every document is written. */
    DocumentWriter create(Path target, AtomicOutput output);
}
