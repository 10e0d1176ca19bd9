package io.mre4j.core.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads blocks of consecutive non-blank lines separated by blank lines, as CoNLL-style files hold one sentence per
 * block. The lines of a block are consecutive, so line {@code i} of a block is at {@code start() + i} in the file.
 */
public final class LineBlocks {
    private final LineSource lines;
    private int start;

    public LineBlocks(LineSource lines) {
        this.lines = lines;
    }

    /** The next block's lines, or null at the end of the file. */
    public List<String> next() {
        List<String> block = new ArrayList<>();
        start = 0;
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) {
                if (block.isEmpty()) {
                    continue;
                }
                break;
            }
            if (block.isEmpty()) {
                start = lines.line();
            }
            block.add(line);
        }
        return block.isEmpty() ? null : block;
    }

    /** The file line of the first line of the last block, or 0 before the first. */
    public int start() {
        return start;
    }

    public String name() {
        return lines.name();
    }

    public void close() {
        lines.close();
    }
}
