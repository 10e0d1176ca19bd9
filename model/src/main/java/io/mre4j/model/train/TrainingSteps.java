package io.mre4j.model.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every mre4j trainer does around DJL's step: clip the gradients' global norm, and keep and restore the best
 * epoch's weights. Shared by the joint trainer and the generator's trainer.
 */
public final class TrainingSteps {
    private TrainingSteps() {
    }

    /**
     * Scales all gradients down together when their global L2 norm exceeds {@code maxNorm} (DJL's own clipping works
     * on each element, which let single batches throw training off course); {@code maxNorm <= 0} does nothing.
     * {@code getGradient()} hands out a new handle to a gradient at every call; a scratch manager closes them, or
     * every step would keep its gradients alive (hundreds of MB an epoch).
     *
     * @return false when the norm is not finite (a gradient overflowed or is NaN): the gradients are then zeroed and
     *         the caller must skip the optimiser step
     */
    public static boolean clipGlobalNorm(Trainer trainer, float maxNorm) {
        if (maxNorm <= 0) {
            return true;
        }
        List<NDArray> gradients = new ArrayList<>();
        for (var parameter : trainer.getModel().getBlock().getParameters()) {
            NDArray array = parameter.getValue().getArray();
            if (array.hasGradient()) {
                gradients.add(array.getGradient());
            }
        }
        if (gradients.isEmpty()) {
            return true;
        }
        try (NDManager scratch = trainer.getManager().newSubManager()) {
            gradients.forEach(g -> g.attach(scratch));
            NDArray squares = null;
            for (NDArray g : gradients) {
                NDArray s = g.square().sum();
                s.attach(scratch);
                squares = squares == null ? s : squares.add(s);
                squares.attach(scratch);
            }
            double norm = Math.sqrt(squares.getFloat());
            if (!Double.isFinite(norm)) {
                // Scaling would leave infinities as NaN (inf * 0): zero the finite entries, then the NaN ones, in
                // place. (NDArray.set(Buffer) would make the gradient point at a Java buffer that dies with g.)
                for (NDArray g : gradients) {
                    g.muli(0f);
                    g.set(g.isNaN(), 0f);
                }
                return false;
            }
            if (norm > maxNorm) {
                float scale = (float) (maxNorm / norm);
                for (NDArray g : gradients) {
                    g.muli(scale);
                }
            }
        }
        return true;
    }

    /** A block's weights as bytes (DJL's parameter format). */
    public static byte[] snapshot(Block network) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            network.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Loads weights taken by {@link #snapshot} back into the block; null does nothing. */
    public static void restore(Block network, NDManager manager, byte[] parameters) {
        if (parameters == null) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            network.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot restore the best epoch's weights", e);
        }
    }
}
