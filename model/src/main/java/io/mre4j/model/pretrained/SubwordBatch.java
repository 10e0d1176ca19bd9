package io.mre4j.model.pretrained;

import java.util.Arrays;
import java.util.List;

/**
 * A batch of texts' subwords as one encoder reads them, row-major {@code [batch, length]}: the ids, token type ids
 * and attention mask, each text padded with id 0 and mask 0 to the longest text. ONNX Runtime and the DJL encoder
 * take the same arrays.
 */
public record SubwordBatch(int batch, int length, long[] ids, long[] typeIds, long[] mask) {
    /** Pads {@code texts} to the longest of them. */
    public static SubwordBatch of(List<SubwordTokenizer.Subwords> texts) {
        int batch = texts.size();
        int length = texts.stream().mapToInt(SubwordTokenizer.Subwords::length).max().orElse(0);
        long[] ids = new long[batch * length];
        long[] types = new long[batch * length];
        long[] mask = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            SubwordTokenizer.Subwords text = texts.get(b);
            System.arraycopy(text.ids(), 0, ids, b * length, text.length());
            System.arraycopy(text.typeIds(), 0, types, b * length, text.length());
            Arrays.fill(mask, b * length, b * length + text.length(), 1L);
        }
        return new SubwordBatch(batch, length, ids, types, mask);
    }
}
