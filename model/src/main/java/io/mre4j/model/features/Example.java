package io.mre4j.model.features;

import io.mre4j.core.doc.Document;
import io.mre4j.core.token.Token;
import io.mre4j.model.pretrained.SubwordTokenizer;

import java.util.List;

/**
 * One document as the network sees it: token and character ids and, for training, the gold tags and text target.
 * A text with no token is one {@link Vocabulary#EMPTY} token and has an empty token list.
 *
 * @param textClass the gold class for softmax and powerset heads, -1 when unknown or absent
 * @param textLabels the gold label ids for the sigmoid head
 * @param subwords   the tokens' subwords for a pretrained encoder, null for the from-scratch one
 * @param vectors    each token's static word vector ({@link io.mre4j.model.pretrained.WordVectors}; zeros for the
 *                   reserved "empty" word of a text without tokens), or null when the model reads none
 */
public record Example(Document document, List<Token> tokens, int[] words, int[][] chars, int[] tags,
                      int textClass, int[] textLabels, SubwordTokenizer.Subwords subwords, float[][] vectors) {
    /** An example for the from-scratch encoder (no subwords). */
    public Example(Document document, List<Token> tokens, int[] words, int[][] chars, int[] tags, int textClass,
                   int[] textLabels) {
        this(document, tokens, words, chars, tags, textClass, textLabels, null, null);
    }

    public int length() {
        return words.length;
    }
}
