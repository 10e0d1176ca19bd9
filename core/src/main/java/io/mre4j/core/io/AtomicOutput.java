package io.mre4j.core.io;

import io.mre4j.core.MreException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of output files that appear all at once or not at all. Each file is written to a temporary sibling and moved
 * into place on {@link #commit()}; {@link #close()} without a commit deletes the temporaries, so a failed run never
 * leaves a half-written file behind or overwrites what the user had.
 */
public final class AtomicOutput implements AutoCloseable {
    private final List<Path> targets = new ArrayList<>();
    private final List<Path> temporaries = new ArrayList<>();
    private final List<Writer> writers = new ArrayList<>();
    private boolean committed;

    /** Opens a UTF-8 writer whose content reaches {@code target} only on commit. Parent folders are created. */
    public Writer open(Path target) {
        Path absolute = target.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
            targets.add(absolute);
            temporaries.add(temporary);
            Writer writer = new BufferedWriter(
                    new OutputStreamWriter(Files.newOutputStream(temporary), StandardCharsets.UTF_8), 1 << 16);
            writers.add(writer);
            return writer;
        } catch (IOException e) {
            throw new MreException(target + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Flushes every file and moves each into place. */
    public void commit() {
        try {
            for (Writer writer : writers) {
                writer.close();
            }
            for (int i = 0; i < targets.size(); i++) {
                move(temporaries.get(i), targets.get(i));
            }
            committed = true;
        } catch (IOException e) {
            throw new MreException("cannot write output: " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        for (Writer writer : writers) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // The file is deleted next; a failed close changes nothing.
            }
        }
        for (Path temporary : temporaries) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // Best effort: a leftover hidden .tmp file is harmless and never mistaken for output.
            }
        }
    }
}
