package io.mre4j.core.format;

import java.nio.file.Path;

/**
 * One on-disk format of documents (DESIGN §3). Each format is one class behind this interface, registered in
 * {@code META-INF/services/io.mre4j.core.format.DocumentFormat}: adding a format means adding a file, not editing a
 * switch. Readers stream, and fail on a bad record with {@code file:line: what is wrong}.
 */
public interface DocumentFormat {
    /** The name users give with {@code --format}, such as {@code atis}. */
    String name();

    /** One line saying what the format is and what path it takes. */
    String description();

    /** True when {@code path} looks like this format, for detection when the user gives no {@code --format}. */
    boolean detects(Path path);

    /** Opens a streaming reader. A missing or unreadable path is a {@code DataException} naming it. */
    DocumentReader open(Path path, ReadOptions options);
}
